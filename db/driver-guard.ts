/**
 * A MongoDB Node.js driver defect, worked around (mongodb 7.8.0, unchanged in 7.9.0): a command written
 * on a connection whose socket Node has already destroyed (the server closed it; the socket's 'close'
 * event, which marks the connection closed, comes later) waits for a 'drain' that never comes, with no
 * timeout (`Connection.writeCommand`). When that command is the server monitor's heartbeat, the monitor
 * never checks again and the server stays Unknown for the life of the process: every operation fails
 * server selection (MongoServerSelectionError, a 503 at the API) although the database is back. A
 * FerretDB restart closes every connection at once, and a pool connection's error wakes the monitor in
 * that same turn (test/faults/ferretdb-outage.test.ts). Such a write now fails as the network error it
 * is, which the driver already handles (the heartbeat fails, the monitor reconnects; operations retry);
 * so does a write that meets the socket's EPIPE, which the driver would pass on as a plain Error (a 500).
 */
import type { Socket } from 'node:net';
import { mongo } from 'mongoose';

const GUARDED = Symbol.for('mediation-engine.driver-write-guard');

interface DriverConnection {
  socket: Socket;
  id: number | string;
  address: string;
  onError(error: Error): void;
  writeCommand: (this: DriverConnection, ...args: unknown[]) => Promise<void>;
}

/** Makes the driver's writes fail fast on a closed socket; idempotent (once per loaded driver). */
export function guardDriverWrites(): void {
  // The driver mongoose loads (mongodb 7 has no exports map: its lib/ files resolve).
  const path = require.resolve('mongodb/lib/cmap/connection', { paths: [require.resolve('mongoose')] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connection } = require(path) as { Connection?: { prototype: DriverConnection & { [GUARDED]?: true } } };
  const write = Connection?.prototype.writeCommand;
  if (!Connection || typeof write !== 'function')
    throw new Error(`mongodb driver changed: no Connection.prototype.writeCommand in ${path} (db/driver-guard.ts)`);
  if (Connection.prototype[GUARDED]) return;
  Connection.prototype[GUARDED] = true;
  Connection.prototype.writeCommand = async function (this: DriverConnection, ...args: unknown[]): Promise<void> {
    const socket = this.socket;
    const fail = (cause?: Error): Error => {
      const reason = cause ? `: ${cause.message}` : ' closed';
      const err = new mongo.MongoNetworkError(`connection ${this.id} to ${this.address}${reason}`, { cause });
      this.onError(err);
      return err;
    };
    // Ended or destroyed (the server hung up; 'close' has not marked the connection closed yet).
    if (socket.destroyed || !socket.writable) throw fail();
    const written = write.apply(this, args);
    written.catch(() => undefined);
    // A buffered write waits for 'drain'; a socket destroyed meanwhile emits 'close' instead.
    let onClose = (): void => undefined;
    const gone = new Promise<never>((_, reject) => {
      onClose = () => reject(new mongo.MongoNetworkError(`connection ${this.id} to ${this.address} closed`));
      socket.once('close', onClose);
    });
    try {
      return await Promise.race([written, gone]);
    } catch (err) {
      // A socket error met while writing (EPIPE, ECONNRESET) is a network error, as it is when reading.
      const signal = (args[1] as { signal?: AbortSignal } | undefined)?.signal;
      if (!(err instanceof Error) || err instanceof mongo.MongoError || err === signal?.reason) throw err;
      throw fail(err);
    } finally {
      socket.off('close', onClose);
    }
  };
}
