/** Datasets: upload by drag-and-drop or picker (with byte progress), and the list of files. */
import { api, shownStatus, type FileMeta } from '../api.js';
import { breakable, errorText, formatBytes, formatCount, h, plural, showError, wideTable } from '../dom.js';
import { uploadFile, waitForFile } from '../upload.js';
import { failureText } from '../failure-text.js';
import { conditionsLabel, copyNumbers, originLabel, unlistedParentText } from '../lineage.js';

/**
 * What deleting a file loses, said before it is done: its models and runs, and for the synthetic
 * files made from it every measurement against it but the quality summary each stored when made.
 */
export function deleteQuestion(f: Pick<FileMeta, 'file_id' | 'filename'>, items: readonly Pick<FileMeta, 'lineage'>[]): string {
  const made = items.filter((x) => x.lineage.parent === f.file_id && x.lineage.operation === 'synthesize').length;
  const synthetic = made
    ? ` ${made === 1 ? 'The synthetic file made from it stays, as a file of its own' : `The ${formatCount(made)} synthetic files made from it stay, as files of their own`}, with the quality summary measured when made; but privacy, utility, fresh quality scores and the full report need the source, so they will no longer be available for ${made === 1 ? 'it' : 'them'}.`
    : '';
  return `Delete ${f.filename}? Its fitted models, and any run still making a file from it, go too.${synthetic}`;
}

export async function homeView(root: HTMLElement): Promise<void> {
  const input = h('input', { type: 'file', id: 'file-input', multiple: true, accept: '.csv,.tsv,.txt,text/csv,.json,.jsonl,.ndjson,.parquet,application/json', class: 'visually-hidden', tabindex: -1 });
  // The whole zone opens the file chooser (a label for the input); "choose one" looks it, so it is seen to.
  const prompt = h('p', { id: 'upload-prompt' }, 'Drop a table here (CSV, JSON, JSON Lines or Parquet), or ', h('span', { class: 'choose-link' }, 'choose one'), '.');
  const list = h('div', { id: 'file-list' });
  // What a Delete did, said where the row was: the row just vanishes, and the focus moves on with no word of it.
  const listStatus = h('p', { id: 'file-list-status', role: 'status' });
  const drop = h('label', { class: 'dropzone', for: 'file-input', tabindex: 0 }, h('strong', {}, 'Upload a table'), prompt);

  const uploads = h('ul', { id: 'uploads', class: 'uploads', 'aria-label': 'Uploads' });
  // Each upload reports into a row of its own, so overlapping uploads never overwrite each other, and
  // only there (the drop zone only invites). A failure is said once, on its file's row (shown even
  // when it is the only one): not again in the page's banner.
  let active = 0;
  // Files whose failure an upload row on this page says: their list row shows the badge, not the reason again.
  const saidAbove = new Set<string>();
  const uploadAll = (files: Iterable<File>) => {
    for (const file of files) void upload(file);
  };

  async function upload(file: File) {
    const row = uploadRow(file.name);
    uploads.prepend(row.element);
    active++;
    // The list learns of a file only once it has arrived: until then an empty list counts what is on its way.
    if (list.querySelector('#file-list-empty')) list.replaceChildren(emptyList(active));
    const say = (text: string) => {
      row.status.textContent = text;
    };
    const sent = (p: number | undefined) => {
      row.progress.value = p ?? 0;
      row.percent.textContent = p === undefined ? '' : `${p}%`;
    };
    const fail = (text: string) => {
      row.element.classList.add('failed');
      row.status.setAttribute('role', 'alert');
      row.status.textContent = text;
      sent(undefined);
    };
    showError(undefined, drop);
    sent(undefined);
    try {
      // Refused here in words: the API's reason for an empty file names a schema path ("size: …").
      if (file.size === 0) throw new Error('the file is empty (0 bytes), so there is nothing to upload.');
      say(`Uploading ${file.name}…`);
      const meta = await uploadFile(file, (bytes, total) => sent(total ? Math.round((bytes / total) * 100) : 100));
      say(`Ingesting ${file.name}…`);
      await refresh();
      const done = await waitForFile(meta.file_id, (m) => say(`${file.name}: ${m.status}`));
      if (done.status === 'failed') {
        // The reason stays on the file's own row, which no later upload replaces; the line is added unless the reason names it.
        saidAbove.add(done.file_id);
        fail(`${file.name} could not be read: ${failureText(done) ?? 'Ingest failed.'}`);
      } else {
        row.element.classList.add('done');
        say(`${file.name} is ready: ${plural(done.rows ?? 0, 'row')}, ${plural(done.columns?.length ?? 0, 'column')}.`);
      }
    } catch (e) {
      // The API's reason (an unsupported type, a file too large…) belongs next to the file it refused.
      fail(`${file.name} was not uploaded: ${errorText(e)}`);
    } finally {
      active--;
    }
    await refresh();
  }

  input.addEventListener('change', () => {
    uploadAll(input.files ?? []);
    // Cleared, so choosing the same file again (after fixing it) uploads it again.
    input.value = '';
  });
  drop.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    uploadAll((e as DragEvent).dataTransfer?.files ?? []);
  });

  let poll: ReturnType<typeof setTimeout> | undefined;
  // Uploads refresh the list as they go, and their answers can come back out of order: only the latest asked is drawn.
  let asked = 0;
  async function refresh() {
    const ticket = ++asked;
    try {
      const { items } = await api.listFiles();
      if (ticket !== asked) return;
      list.replaceChildren(items.length ? wideTable(fileTable(items, refresh, saidAbove, (text) => (listStatus.textContent = text)), { cards: true }) : emptyList(active));
      // A file still being made (a generation started from another page, an ingest) changes on its
      // own: look again in a few seconds, as long as this page is shown.
      clearTimeout(poll);
      if (items.some((f) => BUSY.has(f.status))) poll = setTimeout(() => list.isConnected && void refresh(), POLL_MS);
    } catch (e) {
      showError(errorText(e), list);
    }
  }

  root.replaceChildren(h('h1', {}, 'Datasets'), input, drop, uploads, h('h2', { id: 'files-h', tabindex: -1 }, 'Your files'), listStatus, list);
  await refresh();
}

/** An empty list while files are still on their way says so, rather than "No datasets yet". */
function emptyList(uploading: number): HTMLElement {
  return h('p', { class: 'muted', id: 'file-list-empty' }, uploading ? `Uploading ${plural(uploading, 'file')}… each is listed here once it has arrived.` : 'No datasets yet.');
}

const BUSY: ReadonlySet<FileMeta['status']> = new Set(['uploading', 'ingesting', 'generating']);
const POLL_MS = 3000;

function uploadRow(name: string) {
  // Only the sentence is announced: the percent changes on every progress event.
  const status = h('span', { class: 'upload-row-status', 'aria-live': 'polite' }, name);
  const progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload progress of ${name}` });
  const percent = h('span', { class: 'upload-row-percent', 'aria-hidden': 'true' }, '');
  return { element: h('li', { class: 'upload-row' }, status, progress, percent), status, progress, percent };
}

/** What made the file ("synthetic · ctgan where species = Gentoo", "features"), and for a derived file its source. */
function originCell(f: FileMeta, items: readonly FileMeta[]): HTMLElement {
  const cell = h('td', { class: 'origin' }, h('span', { class: 'origin-label' }, originLabel(f)));
  // Runs of one source, generator and seed differ only by their conditions: said here, as "Generated with" says them.
  const conditions = conditionsLabel(f);
  if (conditions) cell.append(' ', h('span', { class: 'origin-conditions' }, conditions));
  const parentId = f.lineage.parent;
  if (parentId) {
    const parent = items.find((p) => p.file_id === parentId);
    cell.append(
      h('br', {}),
      parent
        ? h('span', { class: 'muted origin-source' }, 'from ', h('a', { href: `#/files/${parent.file_id}`, title: parent.filename }, breakable(parent.filename)))
        : h('span', { class: 'muted origin-source' }, `from ${unlistedParentText(f)}`),
    );
  }
  return cell;
}

/** "#2" after a name another listed file also has (two runs with the same generator and seed, an upload made twice). */
function copyMark(f: FileMeta, copies: ReadonlyMap<string, number>): HTMLElement | null {
  const n = copies.get(f.file_id);
  return n === undefined ? null : h('span', { class: 'muted copy-number', title: `File ${n} of this name, oldest first` }, ` #${n}`);
}

/**
 * The badge, and for a failed file why, in words under it: the upload's own message goes with the
 * page (or never was, for a file failed elsewhere), and a tooltip is unseen on touch screens. While
 * this page's upload row says the reason (named, by the drop zone, announced), it is not said twice.
 */
function statusCell(f: FileMeta, saidAbove: ReadonlySet<string>): HTMLElement {
  const cell = h('td', { class: 'status' }, h('span', { class: `badge ${shownStatus(f)}` }, shownStatus(f)));
  const reason = failureText(f);
  if (reason && !saidAbove.has(f.file_id)) cell.append(h('br', {}), h('span', { class: 'muted failure-reason' }, reason));
  return cell;
}

/** `say`: a line above the list, announced, for what a Delete did. */
function fileTable(items: FileMeta[], refresh: () => Promise<void>, saidAbove: ReadonlySet<string>, say: (text: string) => void): HTMLTableElement {
  const copies = copyNumbers(items);
  const rows = items.map((f) =>
    h(
      'tr',
      { 'data-file-id': f.file_id },
      h('td', { class: 'name' }, h('a', { href: `#/files/${f.file_id}`, title: f.filename }, breakable(f.filename)), copyMark(f, copies)),
      statusCell(f, saidAbove),
      h('td', { class: 'num' }, formatBytes(f.size)),
      h('td', { class: 'num' }, f.rows === undefined ? '—' : formatCount(f.rows)),
      h('td', { class: 'num' }, f.columns?.length ?? '—'),
      originCell(f, items),
      h('td', { class: 'created', title: new Date(f.created_at).toLocaleString() }, new Date(f.created_at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })),
      h(
        'td',
        {},
        h(
          'button',
          {
            class: 'danger',
            'aria-label': `Delete ${f.filename}`,
            onclick: async () => {
              if (!confirm(deleteQuestion(f, items))) return;
              const at = items.indexOf(f);
              try {
                await api.deleteFile(f.file_id);
                say(`${f.filename} was deleted.`);
              } catch (e) {
                showError(errorText(e), table);
              }
              await refresh();
              // The focus goes to the next file's Delete (or the list), not back to the top of the page.
              const buttons = document.querySelectorAll<HTMLButtonElement>('#file-list button.danger');
              (buttons[Math.min(at, buttons.length - 1)] ?? document.getElementById('files-h'))?.focus();
            },
          },
          'Delete',
        ),
      ),
    ),
  );
  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Size', 'Rows', 'Columns', 'Origin', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows),
  );
  return table;
}
