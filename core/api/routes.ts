import { z } from 'zod';
import { defineRoute, type RouteDef } from './route.js';
import { problemResponses, queryInt } from './schemas.js';
import { FileId, FileMeta } from '../files/model.js';
import { UploadRequest, UploadTicket } from '../files/upload.js';

const fileParams = z.object({ id: FileId });
const json = (description: string, schema: z.ZodType) => ({ description, schema });

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  stores: z.object({ blobs: z.boolean(), metadata: z.boolean() }),
});

export const FileList = z.object({ items: z.array(FileMeta), next: z.string().optional() });

export const DataPage = z.object({
  file_id: FileId,
  offset: z.number().int(),
  limit: z.number().int(),
  total_rows: z.number().int(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
});

export const DataQuery = z.object({
  offset: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  limit: queryInt(1, 10_000, 100),
  columns: z.string().optional().describe('Comma-separated column names; default all'),
  format: z.enum(['json', 'csv']).default('json'),
  all: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true` redirects (302) to a presigned download of the whole original file'),
});

export const routes = [
  defineRoute({
    name: 'health',
    method: 'GET',
    path: '/health',
    tag: 'meta',
    summary: 'Service health, version and store reachability',
    responses: { 200: json('Health', Health) },
  }),
  defineRoute({
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    tag: 'meta',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'OpenAPI document', contentType: 'application/json' } },
  }),
  defineRoute({
    name: 'docs',
    method: 'GET',
    path: '/docs',
    tag: 'meta',
    summary: 'Swagger UI',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  }),
  defineRoute({
    name: 'redoc',
    method: 'GET',
    path: '/redoc',
    tag: 'meta',
    summary: 'ReDoc',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  }),
  defineRoute({
    name: 'docsAsset',
    method: 'GET',
    path: '/docs/assets/{asset}',
    tag: 'meta',
    summary: 'Static assets of the documentation pages (served from npm packages, no CDN)',
    params: z.object({ asset: z.string() }),
    responses: { 200: { description: 'Asset', contentType: 'application/octet-stream' }, 404: problemResponses[404] },
  }),
  defineRoute({
    name: 'filesUpload',
    method: 'POST',
    path: '/files/upload',
    tag: 'files',
    summary: 'Start an upload (JSON → presigned S3 URL) or upload a small file directly (multipart/form-data)',
    description:
      'JSON mode: send `{filename, size, contentType}`; PUT the bytes to `upload.url` (or each part URL for files above 64 MB), ' +
      'then call `POST /files/{id}/complete`. Multipart mode: send the file as form field `file`; it is ingested before the reply.',
    body: UploadRequest,
    rawBody: ['multipart/form-data'],
    responses: {
      201: json('Upload ticket (JSON mode) or ingested file metadata (multipart mode)', z.union([UploadTicket, FileMeta])),
      ...problemResponses,
      413: { description: 'Too large', schema: problemResponses[400].schema, contentType: 'application/problem+json' },
      415: { description: 'Unsupported content type', schema: problemResponses[400].schema, contentType: 'application/problem+json' },
    },
    lambda: { memoryMb: 1024, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'filesComplete',
    method: 'POST',
    path: '/files/{id}/complete',
    tag: 'files',
    summary: 'Finish a presigned upload and start ingest (poll `GET /files/{id}` for status)',
    params: fileParams,
    responses: { 202: json('Ingest started', FileMeta), ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'filesList',
    method: 'GET',
    path: '/files',
    tag: 'files',
    summary: 'List files, newest first, paged',
    query: z.object({ limit: queryInt(1, 1000, 50), cursor: z.string().optional() }),
    responses: { 200: json('A page of files', FileList), 400: problemResponses[400] },
  }),
  defineRoute({
    name: 'filesGet',
    method: 'GET',
    path: '/files/{id}',
    tag: 'files',
    summary: 'File metadata: name, size, rows, typed columns, status, lineage',
    params: fileParams,
    responses: { 200: json('Metadata', FileMeta), ...problemResponses },
  }),
  defineRoute({
    name: 'filesData',
    method: 'GET',
    path: '/files/{id}/data',
    tag: 'files',
    summary: 'A page of rows as JSON or CSV, or (all=true) a redirect to the whole file',
    params: fileParams,
    query: DataQuery,
    responses: {
      200: json('A page of rows (JSON); with format=csv, text/csv', DataPage),
      302: { description: 'Redirect to a presigned download of the original file' },
      ...problemResponses,
      409: problemResponses[400],
    },
    lambda: { memoryMb: 1024 },
  }),
  defineRoute({
    name: 'filesDelete',
    method: 'DELETE',
    path: '/files/{id}',
    tag: 'files',
    summary: 'Delete a file, its objects, metadata and everything derived (idempotent)',
    params: fileParams,
    responses: { 204: { description: 'Deleted (or already gone)' }, 400: problemResponses[400] },
  }),
] as const satisfies readonly RouteDef[];

export type RouteName = (typeof routes)[number]['name'];
export type RouteOf<N extends RouteName> = Extract<(typeof routes)[number], { name: N }>;

export function routeNamed<N extends RouteName>(name: N): RouteOf<N> {
  const found = routes.find((r) => r.name === name);
  if (!found) throw new Error(`No route ${name}`);
  return found as RouteOf<N>;
}
