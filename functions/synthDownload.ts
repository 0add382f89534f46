import { routeNamed } from '../core/api/routes.js';
import { originalDownloadUrl, readTable } from '../core/files/service.js';
import { toRecords } from '../core/table/csv.js';
import { httpHandler, ok, redirect } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthDownload'), async ({ params, query }, svc) => {
  if (query.format === 'csv') {
    await readTable(svc, params.id); // 404 / 409 unless the file is ready
    return redirect(await originalDownloadUrl(svc, params.id));
  }
  const { table } = await readTable(svc, params.id);
  return ok(toRecords(table, 0, table.rowCount));
});
