/** Datasets: upload by drag-and-drop or picker (with byte progress), and the list of files. */
import { api, shownStatus, type FileMeta } from '../api.js';
import { errorText, formatBytes, formatCount, h, plural, showError } from '../dom.js';
import { uploadFile, waitForFile } from '../upload.js';
import { originLabel } from '../lineage.js';

export async function homeView(root: HTMLElement): Promise<void> {
  const input = h('input', { type: 'file', id: 'file-input', multiple: true, accept: '.csv,.tsv,.txt,text/csv,.json,.jsonl,.ndjson,.parquet,application/json', class: 'visually-hidden' });
  const progress = h('progress', { id: 'upload-progress', max: 100, value: 0, 'aria-label': 'Upload progress' });
  const percent = h('span', { id: 'upload-percent' }, '');
  const status = h('p', { id: 'upload-status', 'aria-live': 'polite' }, 'Drop a table here (CSV, JSON, JSON Lines or Parquet), or choose one.');
  const list = h('div', { id: 'file-list' });

  const drop = h(
    'label',
    { class: 'dropzone', for: 'file-input', tabindex: 0 },
    h('strong', {}, 'Upload a table'),
    status,
    h('div', { class: 'progress-row' }, progress, percent),
  );

  const uploads = h('ul', { id: 'uploads', class: 'uploads', 'aria-label': 'Uploads' });
  // Each upload reports into a row of its own, so overlapping uploads never overwrite each other;
  // the line and bar above follow the upload started last.
  let latest = 0;
  // The banner lists every failure of the files chosen together, each under its file's name: several
  // uploads failing at once must not leave only the last reason, with no name to it.
  let failures: string[] = [];
  const failed = (text: string, from: Node) => {
    failures.push(text);
    showError(failures.length > 1 ? `${failures.length} uploads failed. ${failures.join(' ')}` : text, from);
  };
  const uploadAll = (files: Iterable<File>) => {
    failures = [];
    for (const file of files) void upload(file);
  };

  async function upload(file: File) {
    const ticket = ++latest;
    const row = uploadRow(file.name);
    uploads.prepend(row.element);
    const say = (text: string) => {
      row.status.textContent = text;
      if (ticket === latest) status.textContent = text;
    };
    const sent = (p: number | undefined) => {
      row.progress.value = p ?? 0;
      row.percent.textContent = p === undefined ? '' : `${p}%`;
      if (ticket !== latest) return;
      progress.value = p ?? 0;
      percent.textContent = p === undefined ? '' : `${p}%`;
    };
    if (!failures.length) showError(undefined, status);
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
        const detail = done.failure?.detail ?? 'Ingest failed.';
        const reason = done.failure?.line && !/\bline \d/i.test(detail) ? `${detail} (line ${done.failure.line})` : detail;
        row.element.classList.add('failed');
        sent(undefined);
        say(`${file.name} could not be read: ${reason}`);
        failed(`${file.name} could not be read: ${reason}`, status);
      } else say(`${file.name} is ready: ${plural(done.rows ?? 0, 'row')}, ${plural(done.columns?.length ?? 0, 'column')}.`);
    } catch (e) {
      // The API's reason (an unsupported type, a file too large…) belongs next to the file it refused.
      row.element.classList.add('failed');
      sent(undefined);
      say(`${file.name} was not uploaded: ${errorText(e)}`);
      failed(`${file.name} was not uploaded: ${errorText(e)}`, status);
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
  async function refresh() {
    try {
      const { items } = await api.listFiles();
      list.replaceChildren(items.length ? h('div', { class: 'wide' }, fileTable(items, refresh)) : h('p', { class: 'muted' }, 'No datasets yet.'));
      // A file still being made (a generation started from another page, an ingest) changes on its
      // own: look again in a few seconds, as long as this page is shown.
      clearTimeout(poll);
      if (items.some((f) => BUSY.has(f.status))) poll = setTimeout(() => list.isConnected && void refresh(), POLL_MS);
    } catch (e) {
      showError(errorText(e), list);
    }
  }

  root.replaceChildren(h('h1', {}, 'Datasets'), input, drop, uploads, h('h2', { id: 'files-h', tabindex: -1 }, 'Your files'), list);
  await refresh();
}

const BUSY: ReadonlySet<FileMeta['status']> = new Set(['uploading', 'ingesting', 'generating']);
const POLL_MS = 3000;

function uploadRow(name: string) {
  const status = h('span', { class: 'upload-row-status' }, name);
  const progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload progress of ${name}` });
  const percent = h('span', { class: 'upload-row-percent' }, '');
  return { element: h('li', { class: 'upload-row' }, status, progress, percent), status, progress, percent };
}

/** What made the file ("synthetic · ctgan", "features"), and for a derived file its source. */
function originCell(f: FileMeta, items: readonly FileMeta[]): HTMLElement {
  const cell = h('td', { class: 'origin' }, h('span', { class: 'origin-label' }, originLabel(f)));
  const parentId = f.lineage.parent;
  if (parentId) {
    const parent = items.find((p) => p.file_id === parentId);
    cell.append(
      h('br', {}),
      parent
        ? h('span', { class: 'muted origin-source' }, 'from ', h('a', { href: `#/files/${parent.file_id}`, title: parent.filename }, parent.filename))
        : h('span', { class: 'muted origin-source' }, 'from a file no longer listed'),
    );
  }
  return cell;
}

function fileTable(items: FileMeta[], refresh: () => Promise<void>): HTMLElement {
  const rows = items.map((f) =>
    h(
      'tr',
      { 'data-file-id': f.file_id },
      h('td', { class: 'name' }, h('a', { href: `#/files/${f.file_id}`, title: f.filename }, f.filename)),
      h('td', {}, h('span', { class: `badge ${shownStatus(f)}`, title: f.failure?.detail }, shownStatus(f))),
      h('td', { class: 'num' }, formatBytes(f.size)),
      h('td', { class: 'num' }, f.rows === undefined ? '—' : formatCount(f.rows)),
      h('td', { class: 'num' }, f.columns?.length ?? '—'),
      originCell(f, items),
      h('td', {}, new Date(f.created_at).toLocaleString()),
      h(
        'td',
        {},
        h(
          'button',
          {
            class: 'danger',
            'aria-label': `Delete ${f.filename}`,
            onclick: async () => {
              if (!confirm(`Delete ${f.filename}? Its fitted models and any run still making a file from it go too; synthetic files already made from it stay, as files of their own.`)) return;
              const at = items.indexOf(f);
              try {
                await api.deleteFile(f.file_id);
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
