/**
 * A presigned URL kept usable: the API hands out links that expire (an hour for the report), and a
 * page left open must not offer a dead one. The URL is asked for again once it is stale.
 */

/** Without a stated lifetime, a link is taken to last this long (the API's shortest is an hour). */
const ASSUMED_LIFETIME_MS = 50 * 60_000;
/** Taken as stale this much before it expires (at most a tenth of its life), so a click never just misses it. */
const MARGIN_MS = 60_000;

/** The lifetime a presigned S3 URL states (`X-Amz-Expires`, in seconds) in ms, or undefined. */
export function statedLifetimeMs(url: string): number | undefined {
  let seconds: number;
  try {
    seconds = Number(new URL(url, 'http://localhost').searchParams.get('X-Amz-Expires') ?? NaN);
  } catch {
    return undefined;
  }
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export interface FreshUrl {
  /** The URL held, while it is still good; undefined when none is or it has gone stale. */
  peek(): string | undefined;
  /** A good URL: the one held, or a new one asked for. */
  get(): Promise<string>;
}

/**
 * The lifetime counts from when the URL was asked for, on this clock: the signature's own date is the
 * server's, and a skewed browser clock must not make a fresh link look expired or an old one good.
 */
export function freshUrl(ask: () => Promise<string>, now: () => number = () => Date.now()): FreshUrl {
  let held: { url: string; staleAt: number } | undefined;
  const peek = () => (held && now() < held.staleAt ? held.url : undefined);
  return {
    peek,
    async get() {
      const good = peek();
      if (good) return good;
      const askedAt = now();
      const url = await ask();
      const life = statedLifetimeMs(url) ?? ASSUMED_LIFETIME_MS;
      held = { url, staleAt: askedAt + life - Math.min(MARGIN_MS, life / 10) };
      return url;
    },
  };
}
