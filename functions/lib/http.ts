/**
 * The one wrapper every API handler goes through: parse the API Gateway v2 event against the
 * route's zod schemas, call the handler, serialise the result, and turn every error into an
 * RFC 7807 problem document. No stack trace ever leaves; internal faults are logged, not shown.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { MAX_REPLY_BYTES, type RouteDef } from '../../core/api/route.js';
import { specificIssues } from '../../core/zod-issues.js';
import { ProblemError, badRequest, problemTitle, notFound, unprocessable, unsupportedMediaType } from '../../core/errors.js';
import { normaliseContentType } from '../../core/files/upload.js';
import { services, type Services } from './services.js';
import { droppedProtoKeys } from './dropped-keys.js';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RawBody {
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface ParsedRequest<R extends RouteDef> {
  readonly params: Infer<R['params']>;
  readonly query: Infer<R['query']>;
  /** Routes that also take a raw body get `undefined` here when the raw form was sent. */
  readonly body: R extends { rawBody: readonly string[] } ? Infer<R['body']> | undefined : Infer<R['body']>;
  readonly raw: RawBody | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
}

export type HttpResult =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string | Uint8Array; readonly contentType: string; readonly headers?: Record<string, string> }
  | { readonly status: 302; readonly location: string }
  | { readonly status: 204 };

export const ok = (json: unknown): HttpResult => ({ status: 200, json });
export const created = (json: unknown): HttpResult => ({ status: 201, json });
export const accepted = (json: unknown): HttpResult => ({ status: 202, json });
export const noContent = (): HttpResult => ({ status: 204 });
export const redirect = (location: string): HttpResult => ({ status: 302, location });
export const body = (text: string | Uint8Array, contentType: string, headers?: Record<string, string>): HttpResult => ({
  status: 200,
  text,
  contentType,
  ...(headers ? { headers } : {}),
});

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export function httpHandler<R extends RouteDef>(
  route: R,
  impl: (req: ParsedRequest<R>, svc: Services) => Promise<HttpResult>,
): Handler {
  const base = async (event: APIGatewayProxyEventV2, context: Context) => {
    const req = parseRequest(route, event, context);
    const result = await impl(req, services());
    return serialise(route, result);
  };
  return middy(base).onError(async (request) => {
    request.response = problemResponse(request.error, request.event, request.context);
  }) as unknown as Handler;
}

function parseRequest<R extends RouteDef>(route: R, event: APIGatewayProxyEventV2, context: Context): ParsedRequest<R> {
  const params = route.params ? parseOr(route.params, event.pathParameters ?? {}, (d) => notFound(d)) : undefined;
  const query = parseQuery(route, event.queryStringParameters ?? {}, event.rawQueryString);
  const { body, raw } = parseBody(route, event);
  return {
    params,
    query,
    body,
    raw,
    headers: event.headers ?? {},
    requestId: context.awsRequestId,
  } as ParsedRequest<R>;
}

/**
 * Query parameters are checked as body fields are (422), by one rule for every route: one the route
 * does not declare is refused by name (a route declaring none takes none), as a misspelt
 * `?stauts=ready` or `?ofset=10` would otherwise return a page the caller did not ask for; so is an
 * empty value (`?offset=`), a value out of bounds, and a parameter that does not apply beside
 * another (route.queryConflicts).
 */
function parseQuery(route: RouteDef, query: Record<string, string | undefined>, rawQuery = ''): unknown {
  const schema = route.query;
  const given = Object.keys(query);
  const unknown = schema ? unknownKeys(schema, query) : given;
  if (unknown.length) {
    const known = schema ? Object.keys(schema.shape) : [];
    const takes = known.length ? `this route takes ${known.join(', ')}` : 'this route takes none';
    throw unprocessable(`Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; ${takes}.`, { unknown, valid: known });
  }
  const repeated = repeatedKeys(rawQuery);
  if (repeated.length) {
    const errors = repeated.map(({ key, count }) => ({ path: key, message: `given ${count === 2 ? 'twice' : `${count} times`}; give it once` }));
    throw unprocessable(errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  const empty = given.filter((k) => query[k] === '');
  if (empty.length) {
    const errors = empty.map((k) => ({ path: k, message: `empty; give a value or leave ${k} out` }));
    throw unprocessable(errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  for (const c of route.queryConflicts ?? []) {
    if (!isGiven(query, c.when)) continue;
    const clash = c.without.filter((w) => isGiven(query, w));
    if (clash.length) {
      throw unprocessable(`${clash.join(', ')} ${clash.length > 1 ? 'do' : 'does'} not apply with ${c.when}: ${c.why}; leave ${clash.length > 1 ? 'them' : 'it'} out.`, { conflicting: clash, with: c.when });
    }
  }
  return schema ? parseOr(schema, query, (d, issues) => unprocessable(d, { errors: issues })) : undefined;
}

/**
 * Parameters given more than once (`limit=2&limit=3`), from the raw query string: API Gateway (and
 * the local server, as it does) joins their values with commas, which then read as one bad value
 * (`must be a number, got "2,3"`) or, for a text parameter, as a value nobody sent.
 */
function repeatedKeys(rawQuery: string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const key of new URLSearchParams(rawQuery).keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([key, count]) => ({ key, count }));
}

/** Whether `name=value` (or a bare `name`, any value) is among the query parameters. */
function isGiven(query: Record<string, string | undefined>, param: string): boolean {
  const [name = '', value] = param.split('=', 2);
  return query[name] !== undefined && (value === undefined || query[name] === value);
}

function parseBody(route: RouteDef, event: APIGatewayProxyEventV2): { body: unknown; raw: RawBody | undefined } {
  if (!route.body && !route.rawBody) return { body: undefined, raw: undefined };
  const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  const contentType = normaliseContentType(event.headers?.['content-type'] ?? 'application/json');
  if (route.rawBody?.includes(contentType)) {
    return { body: undefined, raw: { contentType: event.headers?.['content-type'] ?? contentType, bytes } };
  }
  if (!route.body || contentType !== 'application/json') {
    const accepted = [...(route.body ? ['application/json'] : []), ...(route.rawBody ?? [])];
    throw unsupportedMediaType(`Content type ${contentType} is not accepted here; send ${accepted.join(' or ')}.`);
  }
  let json: unknown = {};
  if (bytes.length > 0) {
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw badRequest('The request body is not valid JSON.');
    }
  }
  const unknown = unknownKeys(route.body, json);
  if (unknown.length) throw unprocessable(`Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, { unknown });
  const body = parseOr(route.body, json, (d, issues) => unprocessable(d, { errors: issues }));
  const dropped = droppedProtoKeys(json, body);
  if (dropped.length) throw unprocessable(`${dropped.join(', ')}: a "__proto__" key is not accepted here (it would be ignored).`, { errors: dropped.map((path) => ({ path, message: 'not accepted' })) });
  return { body, raw: undefined };
}

/** Top-level keys an object body does not define: a misspelt `seeed` is a 422, not a request run without it. */
function unknownKeys(schema: z.ZodType, json: unknown): string[] {
  if (!(schema instanceof z.ZodObject) || json === null || typeof json !== 'object' || Array.isArray(json)) return [];
  const known = new Set(Object.keys(schema.shape));
  return Object.keys(json).filter((k) => !known.has(k));
}

function parseOr<T extends z.ZodType>(
  schema: T,
  value: unknown,
  fail: (detail: string, issues: { path: string; message: string }[]) => ProblemError,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = specificIssues(result.error.issues, value).map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw fail(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function serialise(route: RouteDef, result: HttpResult): APIGatewayProxyStructuredResultV2 {
  if ('json' in result) {
    const schema = route.responses[result.status]?.schema;
    // The OpenAPI document promises these shapes: a handler that breaks the promise is a bug.
    if (schema) schema.parse(result.json);
    return withinReplyLimit(route, { statusCode: result.status, headers: JSON_HEADERS, body: JSON.stringify(result.json) });
  }
  if ('location' in result) return { statusCode: 302, headers: { location: result.location }, body: '' };
  if ('text' in result) {
    const isText = typeof result.text === 'string';
    return withinReplyLimit(route, {
      statusCode: result.status,
      headers: { 'content-type': result.contentType, ...result.headers },
      body: isText ? result.text : Buffer.from(result.text).toString('base64'),
      isBase64Encoded: !isText,
    });
  }
  return { statusCode: 204, body: '' };
}

/** The reply, or a 422 that says how to ask for less when it would not fit a Lambda's response. */
function withinReplyLimit(route: RouteDef, reply: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  const bytes = Buffer.byteLength(JSON.stringify(reply));
  if (bytes <= MAX_REPLY_BYTES) return reply;
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  throw unprocessable(`The answer is ${mb(bytes)} MB, more than the ${mb(MAX_REPLY_BYTES)} MB a reply can hold; ${route.smallerAnswer ?? 'ask for less'}.`, {
    reply_bytes: bytes,
    max_reply_bytes: MAX_REPLY_BYTES,
  });
}

export function problemResponse(
  error: unknown,
  event: Pick<APIGatewayProxyEventV2, 'rawPath'> | undefined,
  context: Pick<Context, 'awsRequestId'> | undefined,
): APIGatewayProxyStructuredResultV2 {
  const requestId = context?.awsRequestId;
  let problem: { status: number; title: string; detail: string } & Record<string, unknown>;
  if (error instanceof ProblemError) {
    problem = { ...error.safeExtensions(), status: error.status, title: error.title, detail: error.detail };
  } else {
    console.error(JSON.stringify({ level: 'error', requestId, message: String(error), stack: error instanceof Error ? error.stack : undefined }));
    problem = { status: 500, title: problemTitle(500), detail: 'An internal error occurred; it has been logged.' };
  }
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', ...problem, instance: event?.rawPath, request_id: requestId }),
  };
}
