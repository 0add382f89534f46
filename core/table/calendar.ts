/**
 * Calendar parts of a datetime (epoch milliseconds, read as UTC like every datetime here): the
 * numbers a feature step splits a date into, and that tables carry beside their dates.
 */
export const CALENDAR_PARTS = [
  'year',
  'quarter',
  'month',
  'day',
  /** Monday 0 … Sunday 6 (pandas' dayofweek, Python's weekday()). */
  'day_of_week',
  /** Sunday 0 … Saturday 6 (JavaScript, PostgreSQL's dow). */
  'day_of_week_sunday_0',
  /** Sunday 1 … Saturday 7 (R's wday, Excel's WEEKDAY, SQL Server). */
  'day_of_week_sunday_1',
  /** Monday 1 … Sunday 7 (ISO 8601). */
  'iso_day_of_week',
  'day_of_year',
  'hour',
  'minute',
] as const;
export type CalendarPart = (typeof CALENDAR_PARTS)[number];

/** Milliseconds in a day: a UTC day, as every datetime here is read. */
export const DAY_MS = 86_400_000;

/** The part of the instant `ms`; NaN for a missing one. */
export function calendarPart(ms: number, part: CalendarPart): number {
  if (Number.isNaN(ms)) return NaN;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'day_of_week':
      return (d.getUTCDay() + 6) % 7;
    case 'day_of_week_sunday_0':
      return d.getUTCDay();
    case 'day_of_week_sunday_1':
      return d.getUTCDay() + 1;
    case 'iso_day_of_week':
      return ((d.getUTCDay() + 6) % 7) + 1;
    case 'day_of_year':
      // setUTCFullYear, not Date.UTC: that reads years 0–99 as 1900–1999.
      return Math.floor((ms - new Date(0).setUTCFullYear(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
  }
}

/** The least and greatest value of each bounded part (a year is any whole number). */
export const PART_RANGES: Partial<Record<CalendarPart, readonly [number, number]>> = {
  quarter: [1, 4],
  month: [1, 12],
  day: [1, 31],
  day_of_week: [0, 6],
  day_of_week_sunday_0: [0, 6],
  day_of_week_sunday_1: [1, 7],
  iso_day_of_week: [1, 7],
  day_of_year: [1, 366],
  hour: [0, 23],
  minute: [0, 59],
};

/** Whether some instant has this value of the part: a whole number within its range. */
export const isPartValue = (part: CalendarPart, value: number): boolean => {
  const range = PART_RANGES[part];
  return Number.isInteger(value) && (!range || (value >= range[0] && value <= range[1]));
};

/** How many values a part takes: what a column of labels for it must all hold (undefined: unbounded). */
export const PART_VALUES: Partial<Record<CalendarPart, number>> = { quarter: 4, month: 12, day: 31, day_of_week: 7, day_of_week_sunday_0: 7, day_of_week_sunday_1: 7, iso_day_of_week: 7, hour: 24 };
