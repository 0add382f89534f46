import { cpus, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';

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

export async function writeResult(name: string, result: unknown): Promise<string> {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const path = new URL(`${name}.json`, dir);
  await writeFile(path, JSON.stringify({ machine: machine(), ...(result as object) }, null, 2) + '\n');
  return path.pathname;
}

/** Samples RSS while `work` runs, so peaks between awaits are caught. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMib: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMib: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}
