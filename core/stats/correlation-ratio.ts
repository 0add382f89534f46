/**
 * The correlation ratio η² of `x` by group: the share of its variance between the groups' means,
 * over the rows where `x` is present (NaN marks missing). Undefined when no row is present; 0
 * when `x` is constant. `means` are the groups' means (0 for a group with no row present), `absent`
 * the number of such groups.
 */
export function correlationRatio(x: Float64Array, groupOf: Int32Array, groups: number): { eta2: number; means: Float64Array; absent: number } | undefined {
  const sums = new Float64Array(groups);
  const counts = new Float64Array(groups);
  let total = 0;
  let totalSq = 0;
  let n = 0;
  for (let r = 0; r < x.length; r++) {
    const v = x[r]!;
    if (Number.isNaN(v)) continue;
    sums[groupOf[r]!]! += v;
    counts[groupOf[r]!]! += 1;
    total += v;
    totalSq += v * v;
    n++;
  }
  if (!n) return undefined;
  const grand = total / n;
  const ssTotal = totalSq - n * grand * grand;
  let ssBetween = 0;
  let absent = 0;
  const means = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    means[g] = counts[g]! ? sums[g]! / counts[g]! : 0;
    ssBetween += counts[g]! * (means[g]! - grand) ** 2;
    if (!counts[g]) absent++;
  }
  return { eta2: ssTotal > 0 ? ssBetween / ssTotal : 0, means, absent };
}
