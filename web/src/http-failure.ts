/** A failed request said in a sentence, where the browser gives "Failed to fetch" or a bare status line. */

/** fetch rejects only when no answer came: the network, not the request, failed. */
export const UNREACHABLE = 'Could not reach the server. Check your connection and try again.';

/** An error status without a problem document (a proxy's 502 page, say): a 5xx is the server's failure, and may pass. */
export function statusSentence(status: number, statusText: string): string {
  const line = `${status} ${statusText}`.trim();
  return status >= 500 ? `The server could not answer (${line}). Try again in a moment.` : line;
}
