/** "1 row", "2 rows": `noun` is the singular, made plural with an s (as the web app's dom.ts `plural`). */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The verb agreeing with a count: `agrees(1, 'meets', 'meet')` is "meets". */
export const agrees = (n: number, singular: string, pluralForm: string): string => (n === 1 ? singular : pluralForm);
