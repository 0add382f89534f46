/**
 * A job's time left, estimated in the browser from how fast its percentage moves. The server's
 * `eta_seconds` is linear from the job's start (queue and preparation included) unless a step gives
 * its own, so it jumps between steps ("2 min" → "10 s" → "1 min"). Here the first estimate waits for
 * a warm-up (the pace over the first seconds past preparation), then counts down: a faster recent pace
 * brings it down, but it goes up only when the pace has clearly slowed for a while — a countdown that
 * climbs back ("40 s", "30 s", "40 s") reads as no estimate at all.
 */

export interface EtaOptions {
  /** No estimate before this share is done: the first percent (preparation) says little of the rest. */
  minPercent: number;
  /** The pace is watched this long past minPercent before a first estimate (the warm-up). */
  warmupMs: number;
  /** The stretch of recent progress a new pace is taken over. */
  windowMs: number;
  /** Weight of a lower reading of the finish time (exponential smoothing: one fast stretch does not halve the estimate). */
  alpha: number;
  /** A reading this many times the time left shown, for raiseAfterMs on end, means the pace clearly slowed: the estimate goes up. */
  raiseRatio: number;
  raiseAfterMs: number;
}

const DEFAULTS: EtaOptions = { minPercent: 5, warmupMs: 10_000, windowMs: 10_000, alpha: 0.3, raiseRatio: 2, raiseAfterMs: 5_000 };

export interface EtaEstimator {
  /** A progress reading at `nowMs`; the seconds left, or undefined while there is not enough to go on. */
  update(percent: number, nowMs: number): number | undefined;
}

interface Reading {
  t: number;
  p: number;
}

/** When the run should end at the pace from `from` to `to`; undefined when it has not moved. */
const finishAt = (from: Reading, to: Reading): number | undefined => (to.p > from.p ? to.t + ((100 - to.p) * (to.t - from.t)) / (to.p - from.p) : undefined);

export function etaEstimator(options: Partial<EtaOptions> = {}): EtaEstimator {
  const o = { ...DEFAULTS, ...options };
  /** The first reading past minPercent: the pace is measured from it. */
  let base: Reading | undefined;
  /** Recent readings, the first at or before the window's start. */
  let recent: Reading[] = [];
  /** The finish time shown (as a countdown), once the warm-up is over. */
  let finish: number | undefined;
  /** Since when every reading has said the run is clearly slower than shown. */
  let slowerSince: number | undefined;
  return {
    update(percent, now) {
      const last = recent.at(-1);
      // A bar that goes back (a step started again) makes the pace seen so far meaningless.
      if (last && percent < last.p) {
        base = finish = slowerSince = undefined;
        recent = [];
      }
      if (percent >= 100) return undefined;
      if (!base) {
        if (percent < o.minPercent) return undefined;
        base = { t: now, p: percent };
      }
      const reading = { t: now, p: percent };
      recent.push(reading);
      while (recent.length > 2 && now - recent[1]!.t >= o.windowMs) recent.shift();
      if (finish === undefined) {
        if (now - base.t >= o.warmupMs) finish = finishAt(base, reading);
        return finish === undefined ? undefined : Math.max(0, (finish - now) / 1000);
      }
      // The recent pace, or the whole run's while the bar has not moved within the window.
      const seen = finishAt(recent[0]!, reading) ?? finishAt(base, reading);
      if (seen !== undefined && seen < finish) {
        finish += o.alpha * (seen - finish);
        slowerSince = undefined;
      } else if (seen !== undefined && seen - now > o.raiseRatio * Math.max(finish - now, 1000)) {
        slowerSince ??= now;
        if (now - slowerSince >= o.raiseAfterMs) {
          finish = seen;
          slowerSince = undefined;
        }
      } else slowerSince = undefined;
      // A stall keeps the estimate counting down rather than dropping it.
      return Math.max(0, (finish - now) / 1000);
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
