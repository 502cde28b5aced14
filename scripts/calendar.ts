/**
 * Official calendars, for administrators (README "Official calendars"):
 *   npm run calendar -- install <file> [--by <admin id>]   install next year's State Council schedule
 *   npm run calendar -- migrate [--version <v>] [--by <admin id>] [--concurrency 4]
 *                                                         move every open case to it (default: the newest)
 *   npm run calendar -- list                              the installed versions, newest first
 *   npm run calendar -- snapshot                          (developers) snapshot the chinese-days package
 * Uses MONGODB_URI and TEMPORAL_ADDRESS (with TEMPORAL_NAMESPACE and DATA_ENCRYPTION_KEY), or the
 * embedded services of `npm run dev` on MONGODB_PORT and TEMPORAL_PORT when they are unset.
 * Exit code: 0 when everything went through, 1 when some case failed to move, 2 on bad usage or errors.
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, ConfigError } from '../config';
import { dataConverterFor, deriveKeys } from '../config/encryption';
import { connectDatabase } from '../db/connection';
import { CalendarStore, CalendarStoreError } from '../db/calendar-store';
import { isVersionError } from '../domain/version-errors';
import { calendarAdmin, installCalendarFile, migrateOpenCases } from './calendar-migration';
import { writeCalendarSnapshot } from './calendar-snapshot';

const USAGE = `usage: npm run calendar -- install <file> [--by <admin id>]
       npm run calendar -- migrate [--version <version>] [--by <admin id>] [--concurrency 4]
       npm run calendar -- list
       npm run calendar -- snapshot`;

class UsageError extends Error {}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      by: { type: 'string', default: 'calendar-cli' },
      version: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const [command, file] = positionals;
  if (command === 'snapshot') {
    const { file: written, version } = writeCalendarSnapshot();
    out(`wrote ${written} (${version}); register it in domain/calendar.ts (BUNDLED_CALENDARS) to use it`);
    return 0;
  }
  if (!command || !['install', 'migrate', 'list'].includes(command) || (command === 'install' && !file))
    throw new UsageError(USAGE);

  const config = loadConfig();
  const mongoUri = config.MONGODB_URI ?? `mongodb://127.0.0.1:${config.MONGODB_PORT}/mediation`;
  const db = await connectDatabase(mongoUri);
  const store = new CalendarStore(db.conn);
  try {
    if (command === 'list') {
      for (const v of await store.list())
        out(
          `${v.version}  years=${v.years.join(',') || '-'}  ${v.installedAt ? `installed ${v.installedAt} by ${v.installedBy}` : v.source}`,
        );
      return 0;
    }
    if (command === 'install') {
      const { spec, created } = await installCalendarFile(store, file!, values.by);
      out(
        `${created ? 'installed' : 'already installed'}: ${spec.version} (official years ${spec.years.map((y) => y.year).join(', ')})`,
      );
      out('new cases get it now; move open cases with: npm run calendar -- migrate');
      return 0;
    }
    const calendar = values.version ? await store.get(values.version) : await store.newest();
    const connection = await Connection.connect({
      address: config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`,
    });
    try {
      const client = new Client({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter: dataConverterFor(deriveKeys(config.DATA_ENCRYPTION_KEY)),
      });
      const report = await migrateOpenCases({
        client,
        models: db.models,
        calendar,
        actor: calendarAdmin(values.by),
        concurrency: Math.max(1, Number(values.concurrency) || 4),
      });
      out(
        `calendar ${report.version}: ${report.cases} open cases, ${report.moved} moved (${report.recalculated} deadlines recalculated), ${report.unchanged} unchanged, ${report.closed} closed meanwhile, ${report.failed.length} failed`,
      );
      for (const f of report.failed) out(`  FAIL ${f.caseId}: ${f.error}`);
      return report.failed.length === 0 ? 0 : 1;
    } finally {
      await connection.close();
    }
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CalendarStoreError)
      process.stderr.write(`${err.code}: ${err.message}\n${err.problems.map((p) => `  ${p}\n`).join('')}`);
    else if (err instanceof UsageError || err instanceof ConfigError || isVersionError(err))
      process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
