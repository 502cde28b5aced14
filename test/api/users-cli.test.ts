/**
 * `npm run users` (issue 10): an operator creates, disables, re-enables and re-keys accounts from the
 * command line, under the API's own rules; what it makes signs in through the API.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', '..', 'scripts', 'users.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const users = (...args: string[]) =>
  run(TSX, [CLI, ...args], { env: { ...process.env, MONGODB_URI: stack.mongoUri, LOG_LEVEL: 'silent' } });
const usersFailing = (...args: string[]) =>
  users(...args).then(
    () => {
      throw new Error('expected the CLI to fail');
    },
    (err: { code: number; stderr: string }) => err,
  );
const login = (l: string, password: string) =>
  request(stack.app).post('/api/v1/session').set('Host', 'localhost').send({ login: l, password });

it('creates an account with a generated password that signs in, then disables and re-enables it', async () => {
  const made = await users(
    'create',
    '--login',
    'cli.mediator',
    '--name',
    '黄调解',
    '--role',
    'mediator',
    '--org',
    'ND-JC-ZW-ROOM',
    '--reason',
    '新入职',
  );
  const [json, pw] = made.stdout.trim().split('\n');
  expect(JSON.parse(json!)).toMatchObject({ login: 'cli.mediator', role: 'mediator', org: 'ND-JC-ZW-ROOM' });
  const password = /password \(shown once\): (\S+)/.exec(pw!)![1]!;
  expect((await login('cli.mediator', password)).status).toBe(200);

  await users('disable', 'cli.mediator', '--reason', '离职');
  expect((await login('cli.mediator', password)).status).toBe(401);
  await users('enable', 'cli.mediator', '--reason', '返岗');
  expect((await login('cli.mediator', password)).status).toBe(200);

  await users('reset-password', 'cli.mediator', '--password', 'Chosen-pass-2027', '--reason', '忘记密码');
  expect((await login('cli.mediator', password)).status).toBe(401);
  expect((await login('cli.mediator', 'Chosen-pass-2027')).status).toBe(200);

  const listed = await users('list', '--org', 'ND-JC-ZW-ROOM');
  expect(listed.stdout).toContain('"login":"cli.mediator"');
  const log = await stack.db.models.AccountChange.find({}).sort({ at: 1 }).lean();
  expect(log.map((l) => l.reason)).toEqual(['新入职', '离职', '返岗', '忘记密码']);
  expect(log.every((l) => l.actor.sub.startsWith('cli:'))).toBe(true);
});

it('refuses what the API refuses, with exit code 2 and the reason', async () => {
  const base = ['create', '--login', 'cli.other', '--name', '王某', '--role', 'mediator', '--reason', 'r'];
  const unknownOrg = await usersFailing(...base, '--org', 'NO-SUCH-UNIT');
  expect([unknownOrg.code, unknownOrg.stderr]).toEqual([2, expect.stringContaining('no org unit NO-SUCH-UNIT')]);
  const weak = await usersFailing(...base, '--org', 'ND-JC-ZW-ROOM', '--password', 'short');
  expect([weak.code, weak.stderr]).toEqual([2, expect.stringContaining('password')]);
  const noReason = await usersFailing('disable', 'cli.mediator');
  expect(noReason.code).toBe(2);
  const nobody = await usersFailing('disable', 'nobody.at.all', '--reason', 'r');
  expect([nobody.code, nobody.stderr]).toEqual([2, expect.stringContaining('no account')]);
});
