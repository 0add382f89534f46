/**
 * Completing a presigned upload checks the bytes against the ticket, as the store reports them:
 * a multipart upload with parts never PUT (or named with a wrong ETag) is a 409 naming the parts,
 * never an assembled, truncated file, and never the local S3 emulator taking the process down; a
 * single PUT of more or fewer bytes than declared is a 409 too, and the upload can be fixed and
 * completed. Also: the whole-file link of a generated file that never got its bytes is a 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { newDerivedFile } from '../../core/files/service.js';
import { ProblemError } from '../../core/errors.js';
import { call, testStack, until, uploadDirect, type Reply, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

type Multipart = { file_id: string; part_size: number; parts: { part_number: number; url: string }[] };

async function multipartTicket(size: number): Promise<Multipart> {
  const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'big.csv', size } });
  expect(t.status).toBe(201);
  if (!('multipart' in t.json.upload)) throw new Error('expected a multipart ticket');
  return { file_id: t.json.file_id, ...t.json.upload.multipart };
}

function expectConflict(r: Reply<{ status: number; detail: string; [k: string]: unknown }>, detail: RegExp) {
  expect(r.status, r.text).toBe(409);
  expect(r.type).toContain('application/problem+json');
  expect(r.json.detail).toMatch(detail);
}

const fileStatus = async (id: string) => (await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json.status;
const healthy = async () => (await call(stack.url, 'GET', '/health')).status;

describe('multipart upload completion', () => {
  it('naming a part never uploaded is a 409 listing the missing parts, and the stack stays up', async () => {
    const t = await multipartTicket(300_000_000);
    expect(t.parts).toHaveLength(18);
    const r = await call(stack.url, 'POST', `/files/${t.file_id}/complete`, { json: { parts: [{ part_number: 1, etag: '"nope"' }] } });
    expectConflict(r, /Parts 1–18 of 18 were never uploaded: upload every part first/);
    expect(r.json.missing_parts).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    await new Promise((ok) => setTimeout(ok, 200));
    expect(await healthy()).toBe(200);
    expect(await fileStatus(t.file_id)).toBe('uploading');
    await call(stack.url, 'DELETE', `/files/${t.file_id}`);
  });

  it('the local S3 answers a completion naming a missing part with InvalidPart (a 409), not a crash', async () => {
    const t = await multipartTicket(300_000_000);
    const meta = (await stack.services.meta.getFile(t.file_id))!;
    const completing = stack.services.blobs.completeMultipart(`files/${t.file_id}/original`, meta.multipart!.upload_id, [{ partNumber: 1, etag: '"nope"' }]);
    await expect(completing).rejects.toBeInstanceOf(ProblemError);
    await expect(completing).rejects.toMatchObject({ status: 409, extensions: { s3_error: 'InvalidPart' } });
    expect(await healthy()).toBe(200);
    await call(stack.url, 'DELETE', `/files/${t.file_id}`);
  });

  it('the local S3 lists no parts for an upload id that is a path (../..), and stays up', async () => {
    const t = await multipartTicket(300_000_000);
    const real = (await stack.services.meta.getFile(t.file_id))!.multipart!.upload_id;
    // The first leads back to this very upload's directory: a path, answered as one until ids were checked.
    for (const id of [`../._S3rver_uploads/${real}`, '../..', 'a/../../b']) {
      await expect(stack.services.blobs.listParts(`files/${t.file_id}/original`, id)).rejects.toMatchObject({ status: 409, extensions: { s3_error: 'NoSuchUpload' } });
    }
    expect(await healthy()).toBe(200);
    await call(stack.url, 'DELETE', `/files/${t.file_id}`);
  });

  it('one part of five with a wrong ETag is a 409 naming the other four; with a wrong ETag or size still a 409; then it completes at the declared size', async () => {
    // 64 MB + 1 byte: five parts of 16 MB, the last a single byte.
    const row = '1,2\n';
    const size = 64 * 1024 * 1024 + 1;
    const bytes = Buffer.from('a,b\n' + row.repeat(Math.ceil(size / row.length)).slice(0, size - 4 - 1) + '\n');
    expect(bytes.length).toBe(size);
    const t = await multipartTicket(size);
    expect(t.parts).toHaveLength(5);
    const put = async (n: number, body: Buffer) => {
      const res = await fetch(t.parts[n - 1]!.url, { method: 'PUT', body: new Uint8Array(body) });
      expect(res.status).toBe(200);
      return res.headers.get('etag')!;
    };
    const slice = (n: number) => bytes.subarray((n - 1) * t.part_size, n * t.part_size);

    const first = await put(1, slice(1));
    const truncated = await call(stack.url, 'POST', `/files/${t.file_id}/complete`, { json: { parts: [{ part_number: 1, etag: '"not-the-etag"' }] } });
    expectConflict(truncated, /Parts 2–5 of 5 were never uploaded/);
    expect(truncated.json.missing_parts).toEqual([2, 3, 4, 5]);
    expect(await fileStatus(t.file_id)).toBe('uploading');

    const etags = [{ part_number: 1, etag: first }];
    for (const n of [2, 3, 4, 5]) etags.push({ part_number: n, etag: await put(n, slice(n)) });
    const wrong = await call(stack.url, 'POST', `/files/${t.file_id}/complete`, { json: { parts: [...etags.slice(0, 4), { part_number: 5, etag: '"0000"' }] } });
    expectConflict(wrong, /The ETag sent for part 5 is not what the store received/);
    expect(wrong.json.mismatched_parts).toEqual([5]);

    // A last part longer than the ticket's: the parts add up to more than declared.
    await put(5, Buffer.from('9\n'));
    const longer = await call(stack.url, 'POST', `/files/${t.file_id}/complete`);
    expectConflict(longer, new RegExp(`declared as ${size} bytes but ${size + 1} arrived`));
    expect(longer.json).toMatchObject({ declared_size: size, received_size: size + 1 });

    await put(5, slice(5));
    const done = await call<FileMeta>(stack.url, 'POST', `/files/${t.file_id}/complete`);
    expect(done.status, done.text).toBe(202);
    expect(done.json).toMatchObject({ status: 'ingesting', size });
    expect((await stack.services.blobs.size(`files/${t.file_id}/original`))).toBe(size);
    await call(stack.url, 'DELETE', `/files/${t.file_id}`);
  }, 120_000);
});

describe('single-PUT upload completion', () => {
  it('more or fewer bytes than declared is a 409; the right bytes then complete', async () => {
    const body = 'a,b\n1,2\n3,4\n';
    const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 's.csv', size: body.length } });
    if (!('url' in t.json.upload)) throw new Error('expected a single presigned PUT');
    const { url, headers } = t.json.upload;
    const putAndComplete = async (sent: string) => {
      expect((await fetch(url, { method: 'PUT', headers, body: sent })).status).toBe(200);
      return call<FileMeta>(stack.url, 'POST', `/files/${t.json.file_id}/complete`);
    };
    const longer = await putAndComplete(body + '5,6\n7,8\n');
    expectConflict(longer as Reply<never>, new RegExp(`declared as ${body.length} bytes but ${body.length + 8} arrived`));
    const shorter = await putAndComplete(body.slice(0, 6));
    expectConflict(shorter as Reply<never>, new RegExp(`declared as ${body.length} bytes but 6 arrived`));
    expect(await fileStatus(t.json.file_id)).toBe('uploading');
    const done = await putAndComplete(body);
    expect(done.status).toBe(202);
    const ready = await until(async () => {
      const m = (await call<FileMeta>(stack.url, 'GET', `/files/${t.json.file_id}`)).json;
      return m.status === 'ready' || m.status === 'failed' ? m : undefined;
    }, 'ingest');
    expect(ready).toMatchObject({ status: 'ready', rows: 2, size: body.length });
  });
});

describe('whole-file link of a file without bytes', () => {
  it('a failed or still generating output is a 409, as its pages are; a failed upload still links its original', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'src.csv', 'a,b\n1,2\n3,4\n')).json;
    for (const status of ['failed', 'generating'] as const) {
      const out = { ...newDerivedFile(source, 'synthetic', { parent: source.file_id, operation: 'synthesize' }), status };
      await stack.services.meta.putFile(status === 'failed' ? { ...out, failure: { detail: 'Cancelled.' } } : out);
      for (const query of ['all=true', 'all=true&format=csv', 'limit=5']) {
        const r = await call(stack.url, 'GET', `/files/${out.file_id}/data?${query}`);
        expectConflict(r, new RegExp(`is ${status}, not ready`));
        expect(r.json.status_of_file).toBe(status);
      }
    }

    const bad = 'a,b\n1,2\n3\n';
    const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'bad.csv', size: bad.length } });
    if (!('url' in t.json.upload)) throw new Error('expected a single presigned PUT');
    await fetch(t.json.upload.url, { method: 'PUT', headers: t.json.upload.headers, body: bad });
    expect((await call(stack.url, 'POST', `/files/${t.json.file_id}/complete`)).status).toBe(202);
    await until(async () => ((await fileStatus(t.json.file_id)) === 'failed' ? true : undefined), 'ingest to fail');
    const original = await call(stack.url, 'GET', `/files/${t.json.file_id}/data?all=true`);
    expect(original.status).toBe(302);
    expect(await (await fetch(original.headers.get('location')!)).text()).toBe(bad);
  });
});
