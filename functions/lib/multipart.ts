import busboy from 'busboy';
import { badRequest, payloadTooLarge } from '../../core/errors.js';
import { MAX_DIRECT_UPLOAD_BYTES } from '../../core/files/upload.js';

export interface FormFile {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The `file` field of a multipart/form-data body (as curl -F file=@x.csv sends it). */
export function formFile(contentTypeHeader: string, body: Buffer): Promise<FormFile> {
  return new Promise((resolve, reject) => {
    let found: FormFile | undefined;
    let parser: busboy.Busboy;
    try {
      // Browsers and curl send the filename as raw UTF-8; busboy would read it as latin1 (mojibake).
      parser = busboy({
        headers: { 'content-type': contentTypeHeader },
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: MAX_DIRECT_UPLOAD_BYTES },
      });
    } catch {
      reject(badRequest('Malformed multipart/form-data request (missing boundary?).'));
      return;
    }
    // One file, under `file`: a second one, or one under another name, was silently dropped or taken.
    parser.on('filesLimit', () => reject(badRequest('The form has more than one file; send one file, as the field `file`.')));
    parser.on('file', (field, stream, info) => {
      // A body cut off inside the file part fails the part's stream: unhandled, it would end the process.
      stream.on('error', () => reject(badRequest('Malformed multipart/form-data body.')));
      if (field !== 'file') {
        stream.resume();
        reject(badRequest(`The form sends a file as the field \`${field}\`; send it as \`file\`.`));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => reject(payloadTooLarge(`Direct uploads are limited to ${MAX_DIRECT_UPLOAD_BYTES} bytes.`)));
      stream.on('close', () => {
        found = { filename: info.filename || 'upload.csv', contentType: info.mimeType || 'text/csv', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => reject(badRequest('Malformed multipart/form-data body.')));
    parser.on('close', () => (found ? resolve(found) : reject(badRequest('The form has no file field; send it as `file`.'))));
    parser.end(body);
  });
}
