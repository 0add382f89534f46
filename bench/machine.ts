import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/** The machine a result was measured on, recorded beside every number. */
export function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}

/**
 * Where results go: bench/results, or the directory a compiled benchmark is told (bench/compiled.ts),
 * since its bundle does not sit beside the results.
 */
export const RESULTS_DIR_ENV = 'TABMIMIC_BENCH_RESULTS';

export async function writeResult(name: string, result: unknown): Promise<string> {
  const override = process.env[RESULTS_DIR_ENV];
  const dir = override ? pathToFileURL(`${override}/`) : new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const path = new URL(`${name}.json`, dir);
  await writeFile(path, JSON.stringify({ machine: machine(), ...(result as object) }, null, 2) + '\n');
  return path.pathname;
}

/**
 * Peak RSS while `work` runs, of the whole process (every thread). On Linux it is the kernel's
 * high-water mark (VmHWM, reset first through clear_refs), which catches every peak; sampling on a
 * timer, the fallback, misses those of a thread that never yields to it — a synchronous stream read
 * in one thread ran a whole ingest without one timer firing.
 */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMib: number }> {
  const kernel = resetHighWaterMark();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss(), kernel ? highWaterMark() : 0);
    return { value, peakRssMib: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return highWaterMark() > 0;
  } catch {
    return false;
  }
}

/** VmHWM of /proc/self/status, in bytes (0 if it cannot be read). */
function highWaterMark(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
