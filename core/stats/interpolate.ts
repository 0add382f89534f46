/**
 * a + t·(b − a) for 0 ≤ t < 1, as numpy interpolates between order statistics. The result lies
 * between a and b, so it is finite whenever they are — but b − a is not for values near ±1.8e308
 * (and t = 0 then gave 0·Infinity = NaN): those are interpolated in halves, which cannot overflow.
 */
export function interpolate(a: number, b: number, t: number): number {
  if (t === 0 || a === b) return a;
  const span = b - a;
  return Number.isFinite(span) ? a + t * span : (a / 2 + t * (b / 2 - a / 2)) * 2;
}
