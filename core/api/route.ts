import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ResponseDef {
  readonly description: string;
  /** JSON body schema; omit for non-JSON bodies (then give contentType) or empty bodies. */
  readonly schema?: z.ZodType;
  readonly contentType?: string;
}

/**
 * One API route. The same table drives the local server, the cloud stack's API routes and
 * the OpenAPI document, so a route exists everywhere or nowhere.
 */
export interface QueryConflict {
  readonly when: string;
  readonly without: readonly string[];
  /** Why they do not apply, e.g. `it downloads the whole file`. */
  readonly why: string;
}

export interface RouteDef {
  /** operationId; also the handler module `functions/<name>.ts`. */
  readonly name: string;
  readonly method: HttpMethod;
  /** API Gateway style template, e.g. `/files/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  /** Query parameters; a route without any takes none, and every route refuses one it does not name (422). */
  readonly query?: z.ZodObject;
  /**
   * Query parameters that mean nothing beside another's value (`offset` beside `all=true`): given
   * together, a 422 says so rather than one being silently ignored. `when` and each of `without` is
   * `name=value`, or a bare `name` for any value.
   */
  readonly queryConflicts?: readonly QueryConflict[];
  /** JSON request body. Routes taking other bodies say so in `rawBody`. */
  readonly body?: z.ZodType;
  /** Non-JSON request bodies this route accepts, e.g. `multipart/form-data`. */
  readonly rawBody?: readonly string[];
  readonly responses: Readonly<Record<number, ResponseDef>>;
  /** Lambda sizing in the cloud. */
  readonly lambda?: { readonly memoryMb?: number; readonly timeoutSeconds?: number };
  /** How to ask for a smaller answer, told when one is too big for a reply (MAX_REPLY_BYTES). */
  readonly smallerAnswer?: string;
}

/**
 * The most a reply may weigh: a Lambda's synchronous response (the body JSON-escaped in its
 * envelope) holds 6 MB. Local serving keeps the same limit, so what fails in the cloud fails here.
 */
export const MAX_REPLY_BYTES = 6 * 1024 * 1024;

export const defineRoute = <const R extends RouteDef>(r: R): R => r;

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>) => `${r.method} ${r.path}`;
