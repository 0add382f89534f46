/**
 * What the generate and sample forms share, as their browser tests check it: a conditions mistake,
 * caught in the browser or refused by the API, is said under the field (penguins' columns), not in
 * the page's banner. `prefix` is the form's id prefix ('' or 'sample-').
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export async function expectConditionErrorsUnderField(page: Page, prefix: '' | 'sample-', submit: string): Promise<void> {
  const field = `#${prefix}conditions`;
  const error = `#${prefix}conditions-error`;
  // Mistyped in the browser: said under the field before any request.
  await page.fill(field, 'year=abc');
  await page.click(submit);
  await expect.poll(() => page.textContent(error), { timeout: 20_000 }).toBe('Condition year: "abc" is not a number, and year is a numeric column.');
  expect(await page.getAttribute(field, 'aria-invalid')).toBe('true');
  expect((await page.getAttribute(field, 'aria-describedby'))?.split(' ')[0]).toBe(`${prefix}conditions-error`);
  expect(await page.isHidden('#error')).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${prefix}conditions`);

  // Refused by the API: said in the same place, with the values to choose from.
  await page.fill(field, 'species=Gentu');
  expect(await page.getAttribute(field, 'aria-invalid')).toBeNull();
  await page.click(submit);
  await expect.poll(() => page.textContent(error), { timeout: 20_000 }).toBe('Invalid conditions: species = "Gentu": the data has no such category; valid values: "Adelie", "Chinstrap", "Gentoo".');
  expect(await page.getAttribute(field, 'aria-invalid')).toBe('true');
  expect(await page.isHidden('#error')).toBe(true);
}
