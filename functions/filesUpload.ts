import { routeNamed } from '../core/api/routes.js';
import { startUpload, uploadDirect } from '../core/files/service.js';
import { created, httpHandler } from './lib/http.js';
import { formFile } from './lib/multipart.js';

export const handler = httpHandler(routeNamed('filesUpload'), async ({ body, raw }, svc) => {
  if (raw) return created(await uploadDirect(svc, await formFile(raw.contentType, raw.bytes)));
  return created(await startUpload(svc, body!));
});
