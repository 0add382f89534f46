/**
 * How long a browser may keep a file of the built web app. Vite names everything under assets/ by
 * its content's hash, so a changed file is a new name: kept a year, never asked again. The page
 * (index.html, also answered for the app's other paths) names the current assets, so it is checked
 * on every load; anything else (a favicon…) is left to the browser's own heuristics.
 */
import { relative, sep } from 'node:path';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The Cache-Control for `file`, a file under the web app's `root`; undefined for none. */
export function cacheControl(root: string, file: string): string | undefined {
  const path = relative(root, file).split(sep).join('/');
  if (path === 'index.html') return REVALIDATE;
  if (path.startsWith('assets/')) return IMMUTABLE;
  return undefined;
}
