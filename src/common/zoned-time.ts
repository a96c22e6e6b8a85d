import { ValidateBy } from 'class-validator';

/** A time with its zone: without one, "12:00" would mean the server's local noon, not the caller's. */
const ZONED_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,6})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Whether `text` is a zoned ISO 8601 time that PostgreSQL's timestamptz can hold as given: a real
 * calendar date, an offset within ±15:59 (PostgreSQL refuses wider ones), and years 1 to 9999 both
 * as written and in UTC (year 0000, negative and five-digit years are refused there or here).
 */
export function isZonedTime(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = ZONED_TIME.exec(text);
  if (!match) return false;
  const [, year, month, day, hour, minute, , , , , offsetHours, offsetMinutes] = match;
  if (Number(year) < 1 || Number(month) < 1 || Number(month) > 12 || Number(hour) > 23 || Number(minute) > 59) return false;
  if (offsetHours !== undefined && (Number(offsetHours) > 15 || Number(offsetMinutes) > 59)) return false;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) return false;
  // A date that rolls over (February 30th) is not the date written.
  const written = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (written.getUTCDate() !== Number(day)) return false;
  const utcYear = time.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999;
}

/** A field holding an ISO 8601 time with its zone, such as 2026-11-28T12:00:00Z, that PostgreSQL can hold. */
export const IsZonedTime = (): PropertyDecorator =>
  ValidateBy(
    { name: 'isZonedTime', validator: { validate: (value) => isZonedTime(value) } },
    {
      message: ({ property }) =>
        `${property} must be an ISO 8601 time with its zone, such as 2026-11-28T12:00:00Z, in years 0001–9999 with an offset within ±15:59`,
    },
  );
