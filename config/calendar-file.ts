/**
 * An official calendar file, as an administrator installs it (`npm run calendar -- install <file>`): the
 * State Council schedule of one or more years, rest days and make-up working days (调休). zod checks the
 * shape here; the domain checks the dates (`officialYearProblems`). README "Official calendars".
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '../domain/civil-date';
import type { OfficialYear } from '../domain/calendar';
import { ConfigError } from './index';

const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== null, 'must be a date YYYY-MM-DD')
  .transform((s) => s as IsoDate);

export const calendarFileSchema = z.strictObject({
  /** The version label; the data's own hash when absent. */
  version: z
    .string()
    .regex(/^[\w.@/-]{1,64}$/, 'a version label is 1–64 of [A-Za-z0-9_.@/-]')
    .optional(),
  /** Where the schedule comes from, e.g. the State Council notice. */
  source: z.string().max(500).optional(),
  years: z
    .record(
      z.string().regex(/^\d{4}$/, 'a year is four digits'),
      z.strictObject({ holidays: z.array(isoDate).min(1).max(366), workdays: z.array(isoDate).max(366) }),
    )
    .refine((r) => Object.keys(r).length > 0, 'at least one year'),
});

export interface CalendarFile {
  label?: string;
  source?: string;
  years: OfficialYear[];
}

/** Reads a calendar file. Throws `config_invalid` (ConfigError) listing every problem of shape. */
export function readCalendarFile(file: string): CalendarFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read calendar file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ConfigError(`invalid calendar file ${file}:\n  ${lines.join('\n  ')}`);
  }
  return {
    ...(parsed.data.version ? { label: parsed.data.version } : {}),
    ...(parsed.data.source ? { source: parsed.data.source } : {}),
    years: Object.entries(parsed.data.years).map(([year, y]) => ({
      year: Number(year),
      holidays: y.holidays,
      workdays: y.workdays,
    })),
  };
}
