/** Datasets: upload by drag-and-drop or picker (with byte progress), and the list of files. */
import { api, type FileMeta } from '../api.js';
import { errorText, formatBytes, h, showError } from '../dom.js';
import { uploadFile, waitForFile } from '../upload.js';

export async function homeView(root: HTMLElement): Promise<void> {
  const input = h('input', { type: 'file', id: 'file-input', accept: '.csv,.tsv,.txt,text/csv,.json,.jsonl,.ndjson,.parquet,application/json', class: 'visually-hidden' });
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

  async function upload(file: File) {
    showError(undefined, status);
    progress.value = 0;
    try {
      status.textContent = `Uploading ${file.name}…`;
      const meta = await uploadFile(file, (sent, total) => {
        const p = total ? Math.round((sent / total) * 100) : 100;
        progress.value = p;
        percent.textContent = `${p}%`;
      });
      status.textContent = `Ingesting ${file.name}…`;
      await refresh();
      const done = await waitForFile(meta.file_id, (m) => (status.textContent = `${file.name}: ${m.status}`));
      if (done.status === 'failed') {
        status.textContent = `${file.name} could not be read.`;
        showError(`${done.failure?.detail ?? 'Ingest failed.'}${done.failure?.line ? ` (line ${done.failure.line})` : ''}`, status);
      } else status.textContent = `${file.name} is ready: ${done.rows} rows, ${done.columns?.length} columns.`;
    } catch (e) {
      status.textContent = `${file.name} was not uploaded.`;
      showError(errorText(e), status);
    }
    await refresh();
  }

  input.addEventListener('change', () => input.files?.[0] && upload(input.files[0]));
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
    const file = (e as DragEvent).dataTransfer?.files[0];
    if (file) void upload(file);
  });

  async function refresh() {
    try {
      const { items } = await api.listFiles();
      list.replaceChildren(items.length ? fileTable(items, refresh) : h('p', { class: 'muted' }, 'No datasets yet.'));
    } catch (e) {
      showError(errorText(e), list);
    }
  }

  root.replaceChildren(h('h1', {}, 'Datasets'), input, drop, h('h2', {}, 'Your files'), list);
  await refresh();
}

function fileTable(items: FileMeta[], refresh: () => Promise<void>): HTMLElement {
  const rows = items.map((f) =>
    h(
      'tr',
      { 'data-file-id': f.file_id },
      h('td', {}, h('a', { href: `#/files/${f.file_id}` }, f.filename)),
      h('td', {}, h('span', { class: `badge ${f.status}` }, f.status)),
      h('td', { class: 'num' }, formatBytes(f.size)),
      h('td', { class: 'num' }, f.rows ?? '—'),
      h('td', { class: 'num' }, f.columns?.length ?? '—'),
      h('td', {}, f.lineage.operation === 'synthesize' ? 'synthetic' : 'upload'),
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
              if (!confirm(`Delete ${f.filename} and everything derived from it?`)) return;
              try {
                await api.deleteFile(f.file_id);
              } catch (e) {
                showError(errorText(e), table);
              }
              await refresh();
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
