/** A tiny element builder: typed, escaping by construction (text is never parsed as HTML). */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/**
 * Shows (or, with no message, clears) the page's error banner on behalf of `from`, an element of
 * the view reporting it — ignored once that view is no longer shown, so a page left behind (a job
 * it was following, a request it was waiting for) never writes into the page shown now.
 */
export function showError(message: string | undefined, from: Node): void {
  if (!from.isConnected) return;
  const banner = document.getElementById('error')!;
  banner.hidden = !message;
  // The banner is sticky at the top of the viewport (style.css), so it is seen however far down the
  // page the user is; its text goes into a span of its own to keep the close button.
  const text = banner.querySelector('.banner-text') ?? banner.appendChild(h('span', { class: 'banner-text' }));
  text.textContent = message ?? '';
  if (!banner.querySelector('.banner-close')) {
    banner.append(h('button', { type: 'button', class: 'banner-close', 'aria-label': 'Dismiss the error', onclick: () => (banner.hidden = true) }, '×'));
  }
}

/** 1234567 → "1,234,567" in the reader's locale. */
export const formatCount = (n: number) => new Intl.NumberFormat().format(n);

/** "1 row", "2 rows": `noun` is the singular, made plural with an s. */
export const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Significant digits a table cell shows of a float written with no decimals of its own: enough to tell rows apart. */
const CELL_DIGITS = 6;

/**
 * A data cell as shown: a float with many decimals (a scaled or derived column: 0.30000000000000004)
 * cut to CELL_DIGITS significant digits, or to the column's own `decimals` when it has them; the
 * integer part is never cut (1234567.891 shows as 1234568, not 1.23457e+6). Display only:
 * the cell's tooltip keeps the value as stored.
 */
export function cellText(v: string | number | null | undefined, decimals?: number): string {
  if (typeof v !== 'number') return v ?? '';
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  // toFixed takes at most 100 digits; a column read with more shows at CELL_DIGITS like any other.
  if (decimals !== undefined && decimals <= 100) return String(Number(v.toFixed(decimals)));
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  // Very small values keep their digits in exponent form rather than showing as 0.
  if (magnitude < -4) return String(Number(v.toPrecision(CELL_DIGITS)));
  return String(Number(v.toFixed(Math.max(0, CELL_DIGITS - 1 - magnitude))));
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Longest run of a name left without a place to break: past it, a break is offered anyway. */
const UNBROKEN_RUN = 16;

/**
 * A name as text with line-break opportunities (`<wbr>`) after `_`, `-`, `.` and `/`, between a
 * lower-case letter and a capital (camelCase), and inside runs longer than UNBROKEN_RUN: it wraps at
 * its word boundaries ("bill_length_/mm" never happens) yet never widens its table past its box.
 */
export function breakable(name: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const parts = name.split(/(?<=[_\-./])|(?<=[a-z])(?=[A-Z])/);
  parts.forEach((part, i) => {
    for (let at = 0; at < part.length; at += UNBROKEN_RUN) {
      if (i > 0 || at > 0) out.append(document.createElement('wbr'));
      out.append(part.slice(at, at + UNBROKEN_RUN));
    }
  });
  return out;
}

/**
 * A wide table in a box that scrolls sideways (with edge shadows as the cue, style.css) and, with
 * `cards`, stacks its rows as cards on a phone: each cell is labelled with its column's heading
 * (data-label, shown by style.css), since the heading row is hidden once rows stack.
 */
export function wideTable(table: HTMLTableElement, options: { cards?: boolean } = {}): HTMLElement {
  if (options.cards) {
    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => headings[i] && cell.tagName === 'TD' && cell.setAttribute('data-label', headings[i]));
    }
  }
  const box = h('div', { class: options.cards ? 'wide stack' : 'wide' }, table);
  // The edge shadows are easy to miss on a phone: while the table is wider than its box, a line says it scrolls.
  const hint = h('p', { class: 'scroll-hint muted', 'aria-hidden': 'true', hidden: true }, 'Scroll sideways for more →');
  const watch = new ResizeObserver(() => (hint.hidden = box.scrollWidth <= box.clientWidth + 1));
  watch.observe(box);
  watch.observe(table);
  return h('div', { class: 'wide-wrap' }, hint, box);
}

/**
 * Marks `section` as loading while `work` runs: aria-busy and a "Loading…" line, both gone once it
 * settles, either way (a failure says so itself). A big file's statistics take seconds, and blank
 * space there reads as nothing to show. Overlapping loads each add a line; busy until the last ends.
 */
export function whileLoading<T>(section: HTMLElement, work: Promise<T>): Promise<T> {
  const line = h('p', { class: 'muted loading' }, 'Loading…');
  section.setAttribute('aria-busy', 'true');
  section.append(line);
  return work.finally(() => {
    line.remove();
    if (!section.querySelector(':scope > .loading')) section.removeAttribute('aria-busy');
  });
}

/**
 * A section's failure, said in the section itself (each section keeps its own, where the page's one
 * banner would keep only the last); with `retry`, a button that makes the request again.
 */
export function failureLine(e: unknown, retry?: () => void): HTMLElement {
  return h('p', { class: 'failure', role: 'alert' }, errorText(e), retry && ' ', retry && h('button', { type: 'button', class: 'retry', onclick: retry }, 'Try again'));
}

/**
 * A section's request, made again on each choice (a column, a method, a file). `load` fills the
 * section, asking `latest()` after each await: an earlier choice answered late is dropped, never
 * shown under the newer one. If the latest choice fails, what the previous one showed goes
 * (`clear`), and `failure`, an element placed in the section, says why with a "Try again" button.
 */
export function latestLoad(load: (latest: () => boolean) => Promise<void>, clear: () => void): { run: () => Promise<void>; failure: HTMLElement } {
  const failure = h('div', { class: 'section-failure' });
  let asked = 0;
  const run = async () => {
    const ticket = ++asked;
    const latest = () => ticket === asked;
    failure.replaceChildren();
    try {
      await load(latest);
    } catch (e) {
      if (!latest()) return;
      clear();
      failure.replaceChildren(failureLine(e, () => void run()));
    }
  };
  return { run, failure };
}
