/** The auditor CLI against a listening API (a real HTTP server on a free port). */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { stepsTo } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
let stack: TestStack;
let server: Server;
let url: string;
let auditorToken: string;
const caseNos: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  server = stack.app.listen(0);
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  auditorToken = await stack.token('auditor', 'ND-JC', 'aud-cli');
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'u-1');
  for (const key of ['cli-1', 'cli-2', 'cli-3']) {
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey(key))
      .send(intakeBody());
    for (const step of stepsTo('accepted')) {
      await request(stack.app)
        .post(`/api/v1/cases/${c.body.id}/actions/${step.action}`)
        .set('Authorization', `Bearer ${mediator}`)
        .send(step.body)
        .expect(200);
    }
    caseNos.push(c.body.caseNo as string);
  }
});
afterAll(async () => {
  server.close();
  await stack.close();
});

const cli = (...args: string[]) =>
  run(path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), [
    path.join(__dirname, '..', '..', 'scripts', 'audit.ts'),
    ...args,
    '--url',
    url,
    '--token',
    auditorToken,
  ]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

test('when an auditor verifies one case by its number, then it reports OK and exits 0', async () => {
  const r = await cli('verify', caseNos[0]!);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^OK +${caseNos[0]}`));
});

test('when one case was tampered with, then verify --all shows progress, a summary and the bad case, and exits 1', async () => {
  const doc = await stack.db.models.Case.findOne({ caseNo: caseNos[1] }).lean();
  await stack.db.models.CaseEvent.collection.updateOne(
    { caseId: doc!._id, seq: 2 },
    { $set: { at: '2020-01-01T00:00:00.000Z' } },
  );
  const r = await cli('verify', '--all');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/3\/3 verified, 1 failed/);
  expect(r.stdout).toMatch(/summary: 3 cases verified, 2 ok, 1 failed/);
  expect(r.stdout).toMatch(new RegExp(`FAIL ${caseNos[1]}.*first bad seq 2`));
});

test('when the timeline and a past state are asked for, then they print', async () => {
  const t = await cli('timeline', caseNos[2]!);
  expect(t.code).toBe(0);
  expect(t.stdout).toMatch(/^ +1 +\S+ +case\.registered/m);
  const s = await cli('state', caseNos[2]!, '--as-of', new Date().toISOString());
  expect(s.code).toBe(0);
  expect(JSON.parse(s.stdout)).toMatchObject({ caseNo: caseNos[2], stage: 'accepted' });
});

test('when the usage is wrong, then it says how to use it and exits 2', async () => {
  const r = await cli('frobnicate');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/usage: npm run audit/);
});

test('when no --url is given, then the CLI calls the API on PORT, as npm run dev serves it', async () => {
  const port = (server.address() as { port: number }).port;
  const r = await run(
    path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'),
    [path.join(__dirname, '..', '..', 'scripts', 'audit.ts'), 'verify', caseNos[0]!, '--token', auditorToken],
    { env: { ...process.env, PORT: String(port), API_URL: '' } },
  );
  expect(r.stdout).toMatch(new RegExp(`^OK +${caseNos[0]}`));
});
