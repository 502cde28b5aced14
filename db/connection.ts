import mongoose, { type Connection } from 'mongoose';
import { guardDriverWrites } from './driver-guard';
import { createModels, ensureIndexes, type Models } from './models';

export interface Database {
  conn: Connection;
  models: Models;
  close(): Promise<void>;
}

/** Connects (failing fast when the server is unreachable) and makes sure the indexes exist. */
export async function connectDatabase(
  uri: string,
  opts: { serverSelectionTimeoutMS?: number } = {},
): Promise<Database> {
  // Before any connection exists: a client whose monitor wedges never reconnects (db/driver-guard.ts).
  guardDriverWrites();
  const conn = await mongoose
    .createConnection(uri, {
      autoIndex: false,
      autoCreate: true,
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
    })
    .asPromise();
  const models = createModels(conn);
  await ensureIndexes(models);
  return { conn, models, close: () => conn.close() };
}

/** Whether the server is FerretDB (it names itself in `buildInfo`), whose limits some writers work
 * around: concurrent `$inc` on one document livelocks it (activities/case-activities.ts). */
export async function isFerretDb(conn: Connection): Promise<boolean> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
}
