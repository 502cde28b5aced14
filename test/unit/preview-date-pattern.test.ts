/** The deadline preview's first day: the pattern the OpenAPI document carries is exactly the set of days
 * the API accepts, and each of them has calendar data (api/schemas.ts, domain/calendar.ts). */
import { PREVIEW_DATE_PATTERN, deadlinePreviewQuery } from '../../api/schemas';

test('when a day is a calendar day from 2004-01-01 to 2099-12-31, then the pattern and the query accept it, else neither', () => {
  const pattern = new RegExp(PREVIEW_DATE_PATTERN);
  const mismatches: string[] = [];
  // Oracle: the proleptic Gregorian calendar of Date.UTC; the bundled calendar's first year is 2004.
  for (let t = Date.UTC(2003, 10, 1); t <= Date.UTC(2100, 0, 31); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const inRange = day >= '2004-01-01' && day <= '2099-12-31';
    const parsed = deadlinePreviewQuery.safeParse({ kind: 'acceptance', start: day });
    if (pattern.test(day) !== inRange || parsed.success !== inRange) mismatches.push(day);
  }
  expect(mismatches).toEqual([]);
});

test('when the first day is not a day, then the query names start once', () => {
  const parsed = deadlinePreviewQuery.safeParse({ kind: 'acceptance', start: '2026-02-30' });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['start']);
});
