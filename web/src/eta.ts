/**
 * A job's time left, estimated in the browser from how fast its percentage moves. The server's
 * `eta_seconds` is linear from the job's start (queue and preparation included) unless a step gives
 * its own, so it jumps between steps ("2 min" → "10 s" → "1 min"); a rate over the last stretch of
 * the run, smoothed, and shown only once enough has been seen, reads as a steady countdown.
 */

export interface EtaOptions {
  /** The stretch of recent progress the rate is taken over. */
  windowMs: number;
  /** No estimate before this share is done: the first percent (preparation) says little of the rest. */
  minPercent: number;
  /** Nor before the percentage has been watched moving this long. */
  minWatchedMs: number;
  /** Weight of a new reading of the finish time (exponential smoothing; 1 = no smoothing). */
  alpha: number;
}

const DEFAULTS: EtaOptions = { windowMs: 20_000, minPercent: 5, minWatchedMs: 3_000, alpha: 0.25 };

export interface EtaEstimator {
  /** A progress reading at `nowMs`; the seconds left, or undefined while there is not enough to go on. */
  update(percent: number, nowMs: number): number | undefined;
}

export function etaEstimator(options: Partial<EtaOptions> = {}): EtaEstimator {
  const o = { ...DEFAULTS, ...options };
  let samples: { t: number; p: number }[] = [];
  /** The smoothed finish time: smoothing it (not the seconds left) lets a steady run count down. */
  let finish: number | undefined;
  return {
    update(percent, now) {
      const last = samples.at(-1);
      // A bar that goes back (a step started again) makes the rate seen so far meaningless.
      if (last && percent < last.p) {
        samples = [];
        finish = undefined;
      }
      samples.push({ t: now, p: percent });
      // Keep one reading at or before the window's start, so the window is always covered.
      while (samples.length > 2 && now - samples[1]!.t >= o.windowMs) samples.shift();
      if (percent >= 100) return undefined;
      const first = samples[0]!;
      const watched = now - first.t;
      const moved = percent - first.p;
      if (percent >= o.minPercent && watched >= o.minWatchedMs && moved > 0) {
        const reading = now + ((100 - percent) * watched) / moved;
        finish = finish === undefined ? reading : finish + o.alpha * (reading - finish);
      }
      // A stall (no move within the window) keeps the last estimate counting down rather than dropping it.
      return finish === undefined ? undefined : Math.max(0, (finish - now) / 1000);
    },
  };
}

/**
 * Seconds left in words, rounded so the text changes calmly: "a few seconds", "about 25 s" (to 5 s),
 * "about 3 min" (to the minute), "about 1 h 20 min" (to 5 min).
 */
export function etaText(seconds: number): string {
  if (seconds < 10) return 'a few seconds left';
  const fives = Math.round(seconds / 5) * 5;
  if (fives < 60) return `about ${fives} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const rounded = Math.round(seconds / 300) * 5;
  const rest = rounded % 60;
  return `about ${Math.floor(rounded / 60)} h${rest ? ` ${rest} min` : ''} left`;
}
