/** The date pattern the OpenAPI document carries is exactly the set of dates the API accepts (api/schemas.ts). */
import { ISO_DATE_PATTERN, isoDate } from '../../api/schemas';

test('when a day is a calendar day from 1900-01-01 to 2099-12-31, then the pattern and the schema accept it, else neither', () => {
  const pattern = new RegExp(ISO_DATE_PATTERN);
  const mismatches: string[] = [];
  // Oracle: the proleptic Gregorian calendar of Date.UTC, and the range 1900–2099 the calendar data covers.
  for (let t = Date.UTC(1899, 11, 1); t <= Date.UTC(2100, 0, 31); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const inRange = day >= '1900-01-01' && day <= '2099-12-31';
    if (pattern.test(day) !== inRange || isoDate.safeParse(day).success !== inRange) mismatches.push(day);
  }
  for (const notADay of [
    '1900-02-29',
    '2100-02-29',
    '2023-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-1-01',
    '2026-01-01 ',
  ])
    if (pattern.test(notADay) || isoDate.safeParse(notADay).success) mismatches.push(notADay);
  expect(mismatches).toEqual([]);
});
