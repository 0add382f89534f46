/**
 * What every synthesizer promises, as reusable checks: the same seed gives the same bytes, a
 * saved model samples what the original does, and a resumed training ends where an uninterrupted
 * one does.
 */
import { expect } from 'vitest';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import type { Table } from '../../core/table/model.js';
import type { Synthesizer } from '../../core/synth/synthesizer.js';

export const bytesOf = (b: Uint8Array) => Buffer.from(b).toString('base64');

export async function expectReproducible<P>(synth: Synthesizer<P>, table: Table, params: P): Promise<void> {
  const [a, b] = await Promise.all([synth.fit(table, params, Rng.seeded(11)), synth.fit(table, params, Rng.seeded(11))]);
  expect(bytesOf(a.save())).toBe(bytesOf(b.save()));
  expect(writeCsv(a.sample(200, Rng.seeded(4)))).toBe(writeCsv(b.sample(200, Rng.seeded(4))));
  const other = await synth.fit(table, params, Rng.seeded(12));
  expect(bytesOf(other.save())).not.toBe(bytesOf(a.save()));
}

/** Returns the saved model's bytes for checks of what ships. */
export async function expectLoadRoundTrip<P>(synth: Synthesizer<P>, table: Table, params: P): Promise<Uint8Array> {
  const model = await synth.fit(table, params, Rng.seeded(5));
  const loaded = await synth.load(model.save());
  expect(bytesOf(loaded.save())).toBe(bytesOf(model.save()));
  expect(writeCsv(loaded.sample(300, Rng.seeded(6)))).toBe(writeCsv(model.sample(300, Rng.seeded(6))));
  return model.save();
}

/** Stops after `stopAfter` epochs, checkpoints, resumes in a fresh run and compares with a whole one. */
export async function expectExactResume<P>(synth: Synthesizer<P>, table: Table, params: P, stopAfter = 2): Promise<void> {
  const trainer = synth.trainer;
  if (!trainer) throw new Error(`${synth.name} does not train epoch by epoch`);
  const whole = await trainer.start(table, params, 21);
  while (!whole.finished) await whole.runEpoch();
  const history = [...whole.history];
  const expected = bytesOf(whole.finish().save());
  whole.dispose();

  const first = await trainer.start(table, params, 21);
  while (first.epochsDone < stopAfter) await first.runEpoch();
  const checkpoint = first.checkpoint();
  first.dispose();
  const second = await trainer.resume(table, checkpoint);
  expect(second.epochsDone).toBe(stopAfter);
  while (!second.finished) await second.runEpoch();
  expect(second.history).toEqual(history);
  expect(bytesOf(second.finish().save())).toBe(expected);
  second.dispose();
}
