/**
 * Installed official calendars (`calendar_versions`): immutable, versioned data. The State Council
 * publishes next year's holiday schedule late in the year; an administrator installs it without a code
 * release (`npm run calendar -- install <file>`). Each install is a new version holding the bundled base
 * and every official year installed so far; a version is never changed or removed, because cases pin
 * them. New cases take the newest; open cases move to it through an event (`npm run calendar -- migrate`).
 */
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import {
  BUNDLED_CALENDAR_VERSION,
  bundledCalendarSpec,
  installYears,
  officialYear,
  resolveCalendar,
  type CalendarSpec,
  type OfficialYear,
} from '../domain/calendar';
import { canonicalJson } from '../domain/hash-chain';
import { VersionError } from '../domain/version-errors';
import { isDuplicateKey } from './models';

export interface CalendarVersionDoc {
  _id: string; // the version
  spec: CalendarSpec;
  /** sha256 of the spec's canonical JSON: a second install under the same version must match it. */
  fingerprint: string;
  installedAt: Date;
  installedBy: string;
  /** Where the data comes from (the State Council notice), as the installer gave it. */
  source: string | null;
}

export interface CalendarVersionSummary {
  version: string;
  base: string;
  /** Official years on top of the base. */
  years: number[];
  installedAt: string | null;
  installedBy: string | null;
  source: string | null;
}

export class CalendarStoreError extends Error {
  constructor(
    readonly code: 'calendar_invalid' | 'calendar_version_conflict',
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'CalendarStoreError';
  }
}

const schema = new Schema<CalendarVersionDoc>(
  { _id: String },
  { strict: false, versionKey: false, _id: false, minimize: false },
);

const fingerprint = (spec: CalendarSpec): string => createHash('sha256').update(canonicalJson(spec)).digest('hex');

/** A version label from the content itself, when the installer gives none: the same data, the same label. */
const contentLabel = (years: OfficialYear[]): string =>
  `official-${years.map((y) => y.year).join('-')}-${createHash('sha256').update(canonicalJson(years)).digest('hex').slice(0, 8)}`;

export class CalendarStore {
  private readonly model: Model<CalendarVersionDoc>;

  constructor(conn: Connection) {
    this.model =
      (conn.models.CalendarVersion as Model<CalendarVersionDoc> | undefined) ??
      conn.model<CalendarVersionDoc>('CalendarVersion', schema, 'calendar_versions');
  }

  /** The calendar new cases take: the newest installed version, else the newest bundled snapshot. */
  async newest(): Promise<CalendarSpec> {
    const doc = await this.model.findOne().sort({ installedAt: -1, _id: -1 }).lean<CalendarVersionDoc>();
    return doc ? doc.spec : bundledCalendarSpec(BUNDLED_CALENDAR_VERSION);
  }

  /** A version by name, installed or bundled. Throws `unknown_calendar_version`. */
  async get(version: string): Promise<CalendarSpec> {
    const doc = await this.model.findById(version).lean<CalendarVersionDoc>();
    if (doc) return doc.spec;
    try {
      return bundledCalendarSpec(version);
    } catch {
      throw new VersionError('unknown_calendar_version', `no calendar version ${version} is installed or bundled`);
    }
  }

  /** Every installed version, newest first, then the bundled snapshot they build on. */
  async list(): Promise<CalendarVersionSummary[]> {
    const docs = await this.model.find().sort({ installedAt: -1, _id: -1 }).lean<CalendarVersionDoc[]>();
    return [
      ...docs.map((d) => ({
        version: d.spec.version,
        base: d.spec.base,
        years: d.spec.years.map((y) => y.year),
        installedAt: new Date(d.installedAt).toISOString(),
        installedBy: d.installedBy,
        source: d.source,
      })),
      {
        version: BUNDLED_CALENDAR_VERSION,
        base: BUNDLED_CALENDAR_VERSION,
        years: [],
        installedAt: null,
        installedBy: null,
        source: 'bundled with the code',
      },
    ];
  }

  /**
   * Installs official years on top of the newest calendar, as a new version `<base>+<label>`. Installing
   * the same data again changes nothing (`created: false`); other data for a year that is already
   * official, or a label already used for other data, is refused.
   */
  async install(
    years: OfficialYear[],
    opts: { label?: string; by: string; source?: string | null },
  ): Promise<{ spec: CalendarSpec; created: boolean }> {
    const previous = await this.newest();
    const current = resolveCalendar(previous);
    const sorted = (y: OfficialYear): OfficialYear => ({
      year: y.year,
      holidays: [...y.holidays].sort(),
      workdays: [...y.workdays].sort(),
    });
    const already = years.every((y) => canonicalJson(officialYear(current, y.year)) === canonicalJson(sorted(y)));
    if (years.length > 0 && already) return { spec: previous, created: false };
    const result = installYears(previous, years, opts.label ?? contentLabel(years.map(sorted)));
    if (!result.ok)
      throw new CalendarStoreError('calendar_invalid', `the calendar cannot be installed`, result.problems);
    const doc: CalendarVersionDoc = {
      _id: result.spec.version,
      spec: result.spec,
      fingerprint: fingerprint(result.spec),
      installedAt: new Date(),
      installedBy: opts.by,
      source: opts.source ?? null,
    };
    try {
      await this.model.collection.insertOne(doc as never);
      return { spec: result.spec, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.model.findById(doc._id).lean<CalendarVersionDoc>();
      if (existing?.fingerprint === doc.fingerprint) return { spec: existing.spec, created: false };
      throw new CalendarStoreError(
        'calendar_version_conflict',
        `calendar version ${doc._id} is already installed with other data; give the new data another version`,
      );
    }
  }
}
