/**
 * Ingest throughput: a CSV of the requested size (default 1 GiB) generated on the fly — never on
 * disk, never whole in memory — streamed through both passes of the ingest engine.
 * `npm run bench -- ingest [MiB]`
 */
import { Readable } from 'node:stream';
import { ingestCsv } from '../core/table/ingest.js';
import { Rng } from '../core/random.js';
import { withPeakRss, writeResult } from './machine.js';

const mib = Number(process.argv[2] ?? 1024);
const targetBytes = mib * 2 ** 20;
const HEADER = 'id,amount,ratio,category,day,flag,note\n';
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

/** Deterministic rows, produced in 1 MiB blocks on demand. */
function generated(): Readable {
  const rng = Rng.seeded(1);
  let sent = 0;
  let id = 0;
  return new Readable({
    read() {
      if (sent >= targetBytes) return this.push(null);
      const lines: string[] = sent === 0 ? [HEADER] : [];
      let size = 0;
      while (size < 2 ** 20) {
        const line = `${id++},${(rng.uniform() * 10000).toFixed(2)},${rng.normal().toFixed(6)},${CATEGORIES[rng.int(0, 4)]},2024-0${rng.int(1, 9)}-1${rng.int(0, 9)},${rng.uniform() < 0.5 ? 'yes' : 'no'},row ${id}\n`;
        lines.push(line);
        size += line.length;
      }
      sent += size;
      this.push(lines.join(''));
    },
  });
}

let chunkBytes = 0;
const started = performance.now();
const { value: summary, peakRssMib } = await withPeakRss(() =>
  ingestCsv({ open: async () => generated(), writeChunk: async (_i, bytes) => void (chunkBytes += bytes.length) }),
);
const seconds = (performance.now() - started) / 1000;
const mbPerSecond = targetBytes / 1e6 / seconds;
console.log(`${mib} MiB, ${summary.rows} rows in ${seconds.toFixed(1)} s → ${mbPerSecond.toFixed(1)} MB/s, peak RSS ${peakRssMib} MiB`);
console.log(await writeResult('ingest', {
  input_mib: mib,
  rows: summary.rows,
  seconds,
  mb_per_second: mbPerSecond,
  peak_rss_mib: peakRssMib,
  columnar_bytes: chunkBytes,
  targets: { mb_per_second: 100, peak_rss_mib: 300 },
}));
