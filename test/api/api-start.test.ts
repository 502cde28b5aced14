/**
 * The API process's start (api/main.ts `startApi`, as `npm run dev` runs it): what must exist before the
 * first request (the dev server's demo accounts, README: sign in as mediator / mediator-demo-2026) is
 * made before the port opens, so a sign-in the moment the port answers is never refused.
 */
import { connect } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../../config';
import { startApi, type RunningApi } from '../../api/main';
import { freePort } from '../../scripts/services/local-services';
import { ensureDemoAccounts } from '../../scripts/demo-accounts';
import { startTestStack, TEST_SECRET, type TestStack } from '../support/stack';

let stack: TestStack;
let api: RunningApi | undefined;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await api?.close();
  await stack.close();
});

/** Whether a TCP connection to the port is refused (nothing listening yet). */
const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

test('the demo accounts are made before the port opens: signing in at once succeeds', async () => {
  const port = await freePort();
  const config = { ...loadConfig({ AUTH_JWT_SECRET: TEST_SECRET }), PORT: port, METRICS_PORT: undefined };
  const log = pino({ level: 'silent' });
  const seen: boolean[] = [];
  api = await startApi(config, log, { temporalAddress: stack.temporalAddress, mongoUri: stack.mongoUri }, stack.db, {
    beforeListen: async (models, tree) => {
      seen.push(await refused(port));
      await ensureDemoAccounts(models, tree, log);
    },
  });
  expect(seen).toEqual([true]);
  expect(api.port).toBe(port);
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ login: 'mediator', password: 'mediator-demo-2026' }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ role: 'mediator', org: 'ND-JC-JN-ROOM' });
});
