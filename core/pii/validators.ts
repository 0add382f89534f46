/** Validators for PII shapes: each checks structure and checksums, not just a pattern. */

export const isEmail = (v: string) => /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(v);

/** E.164 or national formats: 7–15 digits once separators are removed, phone-like punctuation only. */
export function isPhone(v: string): boolean {
  if (!/^\+?[\d\s().-]{7,22}$/.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  // A bare run of digits is more likely an amount or an id than a phone number.
  return /[\s().+-]/.test(v) || digits.length >= 10;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isCreditCard(v: string): boolean {
  if (!/^[\d\s-]{13,23}$/.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhn(digits);
}

const IBAN_LENGTHS: Record<string, number> = {
  DE: 22, GB: 22, FR: 27, ES: 24, IT: 27, NL: 18, BE: 16, CH: 21, AT: 20, IE: 22, PT: 25, PL: 28, SE: 24, NO: 15, DK: 18, FI: 18, LU: 20, CZ: 24,
};

/** ISO 13616: country length, then mod-97 of the rearranged number equals 1. */
export function isIban(v: string): boolean {
  const s = v.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const expected = IBAN_LENGTHS[s.slice(0, 2)];
  if (expected !== undefined && s.length !== expected) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

export function isIpv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
}

export function isIpv6(v: string): boolean {
  if (!v.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(v)) return false;
  const double = v.split('::');
  if (double.length > 2) return false;
  const groups = v.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4 && !isIpv4(g))) return false;
  return double.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** US SSN: AAA-GG-SSSS, area not 000, 666 or 9xx, group and serial not zero. */
export function isSsn(v: string): boolean {
  const m = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(v);
  if (!m) return false;
  const [area, group, serial] = [m[1]!, m[2]!, m[3]!];
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

export const isUsZip = (v: string) => /^\d{5}(-\d{4})?$/.test(v);
export const isUkPostcode = (v: string) => /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i.test(v);
export const isCanadianPostcode = (v: string) => /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i.test(v);
