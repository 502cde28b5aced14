/**
 * The set-up every browser test shares: the stack on a local port, a watched page per test, signing in,
 * failure reports (the browser itself: scripts/chromium.ts).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../scripts/chromium';
import { randomUUID } from 'node:crypto';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { ROOM } from '../support/case-script';
import { animationsDone } from './axe';

/** Every screen's screenshot, as the issue asks (`.test-data/` is not committed). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', '.test-data', 'screens');

/** What the page complained about: console errors, uncaught exceptions and CSP refusals. */
export interface PageProblems {
  errors: string[];
  cspViolations: string[];
  /** Every API answer that was not 2xx/3xx, for the failure message. */
  failedResponses: string[];
}

/** Collects every console error, page error and CSP violation of `page` from now on. */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { errors: [], cspViolations: [], failedResponses: [] };
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
  // Runs before any page script; CDP-injected, so the page's own CSP does not block it.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      void window.__reportCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
    });`,
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.includes('Content Security Policy')) problems.cspViolations.push(text);
    else if (msg.type() === 'error') problems.errors.push(`${text} @ ${msg.location().url}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedResponses.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`uncaught: ${err.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** A running stack served on a local port, a browser, and an administrator's token: set in beforeAll. */
export interface E2EStack {
  stack: TestStack;
  base: string;
  browser: Browser;
  adminToken: string;
}

/**
 * Registers the beforeAll / afterAll that start the real stack behind a local port and a browser, and
 * returns the holder they fill (read its fields inside tests, not at the file's top level).
 */
export function useE2EStack(): E2EStack {
  const env = {} as E2EStack;
  let server: Server | undefined;
  beforeAll(async () => {
    env.browser = await launchBrowser();
    env.stack = await startTestStack();
    server = env.stack.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    env.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    env.adminToken = await env.stack.token('admin', 'ND');
  });
  afterAll(async () => {
    await env.browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await env.stack?.close();
  });
  return env;
}

/** A fresh browser context per test (1440×900, zh-CN), its page watched for problems from the start. */
export interface E2EPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** Registers the beforeEach / afterEach that open and close each test's page. */
export function useE2EPage(env: E2EStack): E2EPage {
  const holder = {} as E2EPage;
  beforeEach(async () => {
    // A PC in UTC, eight hours behind Beijing, on any machine the tests run on: the console must show and
    // take dates and times in Asia/Shanghai whatever the PC's zone (console.md).
    holder.context = await env.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'UTC',
    });
    holder.page = await holder.context.newPage();
    holder.problems = await watchProblems(holder.page);
  });
  afterEach(async () => {
    await holder.context?.close();
  });
  return holder;
}

/** Creates an account through the API as the administrator. */
export async function createUser(
  env: E2EStack,
  user: { login: string; role: string; org: string; password: string; name?: string },
): Promise<{ id: string; login: string }> {
  const res = await request(env.stack.app)
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${env.adminToken}`)
    .send({ name: `测试${user.role}`, ...user, reason: 'e2e test account' });
  expect(res.status).toBe(201);
  return res.body as { id: string; login: string };
}

/** Signs in through the console's login form (it does not wait for where the console lands). */
export async function signIn(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

/**
 * Runs a test's steps; when one fails, saves a screenshot and adds what the page logged and which API
 * calls failed to the error, so the failure explains itself.
 */
export async function steps(
  page: Page,
  problems: PageProblems,
  name: string,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    const detail = JSON.stringify({ url: page.url(), ...problems }, null, 2);
    if (err instanceof Error) err.message += `\n(screenshot .test-data/screens/failed-${name}.png)\n${detail}`;
    throw err;
  }
}

/**
 * The page's errors beyond those a signed-out page is expected to log (the session probe's 401) and
 * those `alsoExpected` says this test provokes.
 */
export function unexpected(problems: PageProblems, alsoExpected: (error: string) => boolean = () => false): string[] {
  return problems.errors.filter((e) => !(e.includes('status of 401') && e.includes('/api/v1/me')) && !alsoExpected(e));
}

/** No CSP refusal and no unexpected console error on the page. */
export function expectCleanPage(problems: PageProblems, alsoExpected?: (error: string) => boolean): void {
  expect(problems.cspViolations).toEqual([]);
  expect(unexpected(problems, alsoExpected)).toEqual([]);
}

/** Files a case in the room (as its mediator) and runs `steps` on it through the API; its id and number. */
export async function caseThrough(
  env: E2EStack,
  steps: Array<{ action: string; body: Record<string, unknown>; as: { role: string; org: string } }>,
  summary: string,
): Promise<{ id: string; caseNo: string }> {
  const filed = await request(env.stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${await env.stack.token('mediator', ROOM)}`)
    .set('Idempotency-Key', runKey(`e2e-${randomUUID()}`))
    .send(intakeBody({ summary }));
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  for (const step of steps) {
    const res = await request(env.stack.app)
      .post(`/api/v1/cases/${id}/actions/${step.action}`)
      .set('Authorization', `Bearer ${await env.stack.token(step.as.role as never, step.as.org)}`)
      .send(step.body);
    expect([step.action, res.status, res.body.detail]).toEqual([step.action, 200, undefined]);
  }
  return { id, caseNo: filed.body.caseNo as string };
}

export { animationsDone };

/** Chooses `option` in the antd Select whose input has id `id`. */
export async function choose(page: Page, id: string, option: string): Promise<void> {
  await page.locator(`#${id}`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** Opens an action's form from the case page's action bar, lets `fill` type into it, confirms, and waits for the modal to go. */
export async function act(page: Page, action: string, fill: (modal: ReturnType<Page['locator']>) => Promise<void>) {
  await page.getByTestId('action-bar').locator(`button[data-action="${action}"]`).click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await animationsDone(page);
  await fill(modal);
  await modal.getByRole('button', { name: '确定' }).click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
}

export { CHROMIUM, launchBrowser } from '../../scripts/chromium';
