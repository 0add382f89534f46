/**
 * EDA replies carry no NaN or ±Infinity: JSON has neither (JSON.stringify writes null without a word)
 * and the reply schemas refuse them. A figure the math leaves undefined — the std of one value, the
 * mean of none — or one past the largest double is null, and documented so.
 */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
