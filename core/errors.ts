/** RFC 7807's own members: an extension of the same name would replace them (a `type` of `datetime`), so none may. */
export const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance'] as const;

/** Extra members of a problem document; typed so that none is one of PROBLEM_MEMBERS. */
export type ProblemExtensions = Record<string, unknown> & { readonly [K in (typeof PROBLEM_MEMBERS)[number]]?: never };

/**
 * The one error type the API layer turns into an RFC 7807 problem document.
 * Core code throws it for anything the caller can fix (bad input, unknown id, limits);
 * every other error is an internal fault and is reported as a 500 without details.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** Extra members of the problem document, e.g. `{ line: 12 }` or `{ valid: [...] }`. */
    readonly extensions: ProblemExtensions = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  /** The extensions safe to spread into a problem document: ProblemExtensions refuses RFC 7807's own members when compiling; this, at run time. */
  safeExtensions(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.extensions).filter(([k]) => !(PROBLEM_MEMBERS as readonly string[]).includes(k)));
  }
}

/**
 * The title of each status tabmimic answers with (422 is RFC 9110's 'Unprocessable Content'); no
 * Node import, as the web app bundles modules that import this one.
 */
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

export const problemTitle = (status: number): string => TITLES[status] ?? 'Error';

export const badRequest = (detail: string, ext?: ProblemExtensions) => new ProblemError(400, problemTitle(400), detail, ext);
export const notFound = (detail: string) => new ProblemError(404, problemTitle(404), detail);
export const conflict = (detail: string, ext?: ProblemExtensions) => new ProblemError(409, problemTitle(409), detail, ext);
export const payloadTooLarge = (detail: string, ext?: ProblemExtensions) => new ProblemError(413, problemTitle(413), detail, ext);
export const unsupportedMediaType = (detail: string) => new ProblemError(415, problemTitle(415), detail);
export const unprocessable = (detail: string, ext?: ProblemExtensions) => new ProblemError(422, problemTitle(422), detail, ext);
