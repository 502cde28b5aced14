/**
 * A database client comes back after its server closes every connection at once (a FerretDB restart,
 * test/faults/ferretdb-outage.test.ts). The driver's monitor used to write its heartbeat on a socket Node
 * had just destroyed and wait for a 'drain' that never came: the server stayed Unknown, and every read
 * failed server selection (503) for the life of the process (db/driver-guard.ts). The race is recreated
 * here, deterministically, on a live connection; it reaches into the driver's internals to do so.
 */
import type { Socket } from 'node:net';
import { mongo } from 'mongoose';
import { connectDatabase, type Database } from '../../db/connection';

interface DriverServer {
  monitor: { connection: { socket: Socket } | null; requestCheck(): void };
  handleError(error: Error): void;
}

let db: Database;
beforeAll(async () => {
  db = await connectDatabase(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 2000 });
});
afterAll(() => db.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('when the monitor heartbeats on a socket the server has just closed, then the client still reads within seconds', async () => {
  const topology = (db.conn.getClient() as unknown as { topology: { s: { servers: Map<string, DriverServer> } } })
    .topology;
  const server = [...topology.s.servers.values()][0]!;
  while (!server.monitor.connection) await sleep(50);
  // Past minHeartbeatFrequencyMS (500 ms): a wake-up checks at once rather than later.
  await sleep(1000);
  // One event-loop turn of a server stop: Node has destroyed the monitor's socket (its 'close' event comes
  // later), and a pool connection's network error marks the server Unknown and wakes the monitor.
  server.monitor.connection.socket.destroy();
  server.handleError(new mongo.MongoNetworkError('connection 1 to the server closed'));
  server.monitor.requestCheck();

  // The server never went away: reads must work again after a heartbeat or two.
  const until = Date.now() + 10_000;
  let last = '';
  while (Date.now() < until) {
    last = await db.conn
      .db!.admin()
      .ping()
      .then(
        () => 'ok',
        (err: Error) => err.name,
      );
    if (last === 'ok') break;
  }
  expect(last).toBe('ok');
}, 30_000);
