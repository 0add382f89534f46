/**
 * The local HTTP front door: turns each request into an API Gateway v2 event for the route's
 * handler — the same modules the cloud deploys — and serves the web app for everything else.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routes } from '../core/api/routes.js';
import { routeKey, type RouteDef } from '../core/api/route.js';
import { payloadTooLarge, ProblemError } from '../core/errors.js';
import { MAX_DIRECT_UPLOAD_BYTES } from '../core/files/upload.js';
import { apiHandlers } from '../functions/index.js';
import { problemResponse } from '../functions/lib/http.js';
import { runWithServices, type Services } from '../functions/lib/services.js';
import { cacheControl } from './static-cache.js';

/** API Gateway's payload limit, plus room for multipart framing. */
const MAX_BODY_BYTES = MAX_DIRECT_UPLOAD_BYTES + 64 * 1024;

interface CompiledRoute {
  readonly route: RouteDef;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

// Literal paths win over templated ones (`/files/upload` before `/files/{id}`).
const compiled = routes.map(compile).sort((a, b) => a.names.length - b.names.length);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * How long an idle kept-alive connection stays open. Jobs run in this process, and a long
 * synchronous step (a fit on a wide table) stalls every timer: with Node's 5 s default, the
 * server's idle timer and a client's next request on the same socket then fire together and the
 * client reads ECONNRESET. A minute, as load balancers keep, puts that race out of reach.
 */
const KEEP_ALIVE_MS = 65_000;

export function createApiServer(services: Services, webRoot: string): Server {
  const server = createServer((req, res) => {
    handle(services, webRoot, req, res).catch((error: unknown) => {
      send(res, problemResponse(error, { rawPath: req.url ?? '/' }, { awsRequestId: randomUUID() }));
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must outlast the idle time, or a request arriving late on a kept connection is cut off.
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  return server;
}

async function handle(services: Services, webRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const matches = compiled
    .map((c) => ({ c, m: c.pattern.exec(url.pathname) }))
    .filter((x): x is { c: CompiledRoute; m: RegExpExecArray } => x.m !== null);
  // HEAD is GET without the body (Node drops the body of a reply to HEAD), as HTTP defines it.
  const asMethod = method === 'HEAD' ? 'GET' : method;
  const hit = matches.find((x) => x.c.route.method === asMethod);
  if (!hit) {
    if (matches.length) {
      const methods = new Set<string>(matches.map((x) => x.c.route.method));
      if (methods.has('GET')) methods.add('HEAD');
      const allow = [...methods].join(', ');
      res.setHeader('allow', allow);
      throw new ProblemError(405, 'Method Not Allowed', `${method} is not allowed on ${url.pathname}; use ${allow}.`);
    }
    // The app's page for browsers anywhere, and for anyone at `/` (curl http://127.0.0.1:8000/ included).
    if (method === 'GET' || method === 'HEAD') return serveStatic(webRoot, url.pathname, res, url.pathname === '/' || (req.headers.accept ?? '').includes('text/html'));
    throw new ProblemError(404, 'Not Found', `No route ${method} ${url.pathname}.`);
  }
  const body = await readBody(req);
  const pathParameters: Record<string, string> = {};
  hit.c.names.forEach((name, i) => (pathParameters[name] = decodePathPart(hit.m[i + 1]!)));
  const event = toEvent(req, url, asMethod, hit.c.route, pathParameters, body);
  const { handler } = await apiHandlers[hit.c.route.name as keyof typeof apiHandlers]();
  const context = lambdaContext(hit.c.route.name);
  const result = await runWithServices(services, () => handler(event, context));
  send(res, result);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      reject(payloadTooLarge(`Request bodies are limited to ${MAX_DIRECT_UPLOAD_BYTES} bytes; use the presigned upload.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(payloadTooLarge(`Request bodies are limited to ${MAX_DIRECT_UPLOAD_BYTES} bytes.`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  route: RouteDef,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 15 * 60 * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = result.statusCode ?? 200;
  for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, String(v));
  const payload = result.body ?? '';
  res.end(result.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
}

/**
 * A percent-decoded path part; a malformed escape (`%E0%A4%A`) is kept as written, so it names
 * nothing (a 404 or a 4xx from the route's own checks) rather than failing the request.
 */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A file of the web app; browsers (asking for HTML) get the app's page for any other path. */
async function serveStatic(root: string, pathname: string, res: ServerResponse, wantsPage: boolean): Promise<void> {
  const safe = normalize(decodePathPart(pathname)).replace(/^(\.\.[/\\])+/, '');
  for (const candidate of [join(root, safe), ...(wantsPage ? [join(root, 'index.html')] : [])]) {
    if (!candidate.startsWith(root)) continue;
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) {
      res.setHeader('content-type', MIME[extname(candidate)] ?? 'application/octet-stream');
      const cache = cacheControl(root, candidate);
      if (cache) res.setHeader('cache-control', cache);
      res.end(await readFile(candidate));
      return;
    }
  }
  throw new ProblemError(404, 'Not Found', `No route or page ${pathname}. The web app may not be built: run \`npm run build\`.`);
}
