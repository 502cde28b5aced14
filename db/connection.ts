import mongoose, { type Connection } from 'mongoose';
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
