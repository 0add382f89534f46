/**
 * Areas under a curve over values that may span more than the largest double (near ±1.8e308), where
 * `hi − lo` is Infinity and a step of Infinity times a gap of 0 is NaN. Such ranges are measured in
 * halves and the total scaled back, capped at the largest double. Ranges within a double are exact.
 */
export interface AreaMeasure {
  /** The (possibly halved) width of the step from `from` to `to`. */
  width(from: number, to: number): number;
  /** A sum of `gap × width` steps, back in the values' own units. */
  total(area: number): number;
}

export function areaMeasure(lo: number, hi: number): AreaMeasure {
  const scale = Number.isFinite(hi - lo) ? 1 : 2;
  return {
    width: (from, to) => to / scale - from / scale,
    total: (area) => Math.min(Number.MAX_VALUE, area * scale),
  };
}
