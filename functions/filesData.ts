import { columnNames, routeNamed } from '../core/api/routes.js';
import { readRows, wholeFileUrl } from '../core/files/service.js';
import { toRecords, writeCsv } from '../core/table/csv.js';
import { body, httpHandler, ok, redirect } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesData'), async ({ params, query }, svc) => {
  if (query.all === 'true') return redirect(await wholeFileUrl(svc, params.id, query.format));
  const columns = query.columns === undefined ? undefined : columnNames(query.columns);
  const { table, totalRows } = await readRows(svc, params.id, { offset: query.offset, limit: query.limit, columns });
  if (query.format === 'csv') return body(writeCsv(table), 'text/csv; charset=utf-8');
  return ok({
    file_id: params.id,
    offset: query.offset,
    limit: query.limit,
    total_rows: totalRows,
    columns: table.columns.map((c) => c.name),
    rows: toRecords(table, 0, table.rowCount),
  });
});
