import { routeNamed } from '../core/api/routes.js';
import { originalDownloadUrl, readRows } from '../core/files/service.js';
import type { FileMeta } from '../core/files/model.js';
import type { Table } from '../core/table/model.js';
import { toRecords, writeCsv } from '../core/table/csv.js';
import { body, httpHandler, ok, redirect } from './lib/http.js';

/**
 * A page past the last row reads no chunk, so it has no columns: give it the asked (or all) columns
 * with no rows, as an empty page of the same file, and a CSV header.
 */
function withColumns(table: Table, meta: FileMeta, asked: readonly string[] | undefined): Table {
  if (table.columns.length) return table;
  const names = asked ?? (meta.columns ?? []).map((c) => c.name);
  return { rowCount: 0, columns: names.map((name) => ({ type: 'text' as const, name, values: [] })) };
}

export const handler = httpHandler(routeNamed('filesData'), async ({ params, query }, svc) => {
  if (query.all === 'true') return redirect(await originalDownloadUrl(svc, params.id));
  const columns = query.columns?.split(',').map((c) => c.trim()).filter(Boolean);
  const { table: page, totalRows, meta } = await readRows(svc, params.id, { offset: query.offset, limit: query.limit, columns });
  const table = withColumns(page, meta, columns);
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
