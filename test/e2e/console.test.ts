/**
 * The console in a browser against the real stack (api.md "The console"): a mediator signs in through
 * the form, sees a case registered for the unit in the queue, opens it, sees what may and may not be
 * done with it, and signs out; no console error and no CSP refusal on the way.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { launchBrowser, screenshot, watchProblems, type PageProblems } from './browser';

let stack: TestStack;
let server: Server;
let base: string;
let browser: Browser;
let adminToken: string;

/** Unique to the run: the accounts live in the test's own database, but the names should not collide. */
const suffix = randomUUID().slice(0, 6);

async function createUser(login: string, role: string, org: string, password: string) {
  const res = await request(stack.app)
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ login, name: `测试${role}`, role, org, password, reason: 'e2e test account' });
  expect(res.status).toBe(201);
  return res.body as { id: string; login: string };
}

/**
 * Runs a test's steps; when one fails, saves a screenshot and adds what the page logged and which API
 * calls failed to the error, so the failure explains itself.
 */
async function steps(page: Page, problems: PageProblems, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    const detail = JSON.stringify({ url: page.url(), ...problems }, null, 2);
    if (err instanceof Error) err.message += `\n(screenshot test-results/e2e/failed-${name}.png)\n${detail}`;
    throw err;
  }
}

/** Errors a signed-out page is expected to log: the session probe answering 401. */
function unexpected(problems: PageProblems): string[] {
  return problems.errors.filter((e) => !(e.includes('status of 401') && e.includes('/api/v1/me')));
}

beforeAll(async () => {
  browser = await launchBrowser();
  stack = await startTestStack();
  server = stack.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  adminToken = await stack.token('admin', 'ND');
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stack?.close();
});

describe('console', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    problems = await watchProblems(page);
  });

  afterEach(async () => {
    await context.close();
  });

  test('when a mediator signs in, then the queue shows the unit’s new case, the case page its actions, and signing out ends the session', async () => {
    await steps(page, problems, 'sign-in-queue-case', async () => {
      const password = `mediator-${suffix}-2026`;
      const mediator = await createUser(`med-${suffix}`, 'mediator', 'ND-JC-JN-ROOM', password);
      const filed = await request(stack.app)
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${await stack.token('mediator', 'ND-JC-JN-ROOM', mediator.id)}`)
        .set('Idempotency-Key', runKey(`e2e-${suffix}`))
        .send(intakeBody({ summary: '楼上漏水导致天花板受损，双方就赔偿金额协商未果。' }));
      expect(filed.status).toBe(201);
      const caseNo = filed.body.caseNo as string;

      // Signed out, the console sends the user to its login page.
      await page.goto(`${base}/`);
      await page.waitForURL(`${base}/console/login`);
      await page.locator('input[name="login"]').waitFor();
      await screenshot(page, '01-login');

      await page.fill('input[name="login"]', mediator.login);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/console\/?$/);

      // The queue: 待受理 holds the new case, with its acceptance clock.
      await page.getByTestId('tab-unaccepted').click();
      const row = page.locator('tr', { hasText: caseNo });
      await row.waitFor();
      await expect(row.getByTestId('deadline-tag').textContent()).resolves.toMatch(/受理期限/);
      await expect(page.getByTestId('who').textContent()).resolves.toContain('调解员');
      await screenshot(page, '02-queue');

      // Keyboard: the first row is current; Enter opens it.
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/console/cases/${filed.body.id}`);
      await expect(page.getByTestId('case-no').textContent()).resolves.toBe(caseNo);
      const bar = page.getByTestId('action-bar');
      await bar.locator('button').first().waitFor();
      // Accepting is the mediator's next step; actions the stage refuses stay visible, disabled, with a reason.
      await expect(bar.locator('button[data-action="accept"]').isEnabled()).resolves.toBe(true);
      const refused = bar.locator('[data-refused] button');
      expect(await refused.count()).toBeGreaterThan(0);
      await expect(refused.first().isDisabled()).resolves.toBe(true);
      await bar.locator('[data-refused]').first().hover();
      await page.locator('.ant-tooltip').filter({ hasText: /\S/ }).first().waitFor();
      await expect(page.getByTestId('deadline-card').first().textContent()).resolves.toMatch(/受理期限/);
      await screenshot(page, '03-case');

      // Accept it through the action bar: the stage moves on.
      await bar.locator('button[data-action="accept"]').click();
      await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
      await page.locator('.ant-tag', { hasText: /^受理$/ }).waitFor();
      await screenshot(page, '04-case-accepted');

      // 「下一件」 from the queue opens the most urgent case: the only one, now on its mediation clock.
      await page.getByRole('button', { name: '返回工作台' }).click();
      await page.getByRole('button', { name: '下一件' }).click();
      await page.waitForURL(`${base}/console/cases/${filed.body.id}`);
      await expect(page.getByTestId('deadline-card').first().textContent()).resolves.toMatch(/调解期限/);

      await page.getByTestId('logout').click();
      // Signing out lands on a fresh login page, not one that would reopen this case for the next person.
      await page.waitForURL(`${base}/console/login`);
      const me = await page.request.get(`${base}/api/v1/me`);
      expect(me.status()).toBe(401);

      expect(problems.cspViolations).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
    });
  });

  test('when the password is wrong five times, then the sixth try shows the lock-out with the minutes to wait', async () => {
    await steps(page, problems, 'lock-out', async () => {
      const user = await createUser(`lock-${suffix}`, 'mediator', 'ND-JC-JN-ROOM', `lockme-${suffix}-2026`);
      await page.goto(`${base}/console/login`);
      await page.locator('input[name="login"]').waitFor();
      for (let i = 0; i < 5; i++) {
        await page.fill('input[name="login"]', user.login);
        await page.fill('input[name="password"]', `wrong-password-${i}`);
        await page.click('button[type="submit"]');
        await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
      }
      await page.fill('input[name="password"]', `lockme-${suffix}-2026`);
      await page.click('button[type="submit"]');
      await page
        .getByRole('alert')
        .filter({ hasText: /请 1[45] 分钟后再试/ })
        .waitFor();
      await screenshot(page, '05-locked');
      expect(problems.cspViolations).toEqual([]);
      // Each refused sign-in is a 401 or 429 the browser logs; nothing else may be.
      expect(
        unexpected(problems).filter((e) => !/status of (401|429)/.test(e) || !e.includes('/api/v1/session')),
      ).toEqual([]);
    });
  });

  test('when the language is switched to English, then the console stays in English after a reload', async () => {
    await steps(page, problems, 'language', async () => {
      await page.goto(`${base}/console/login`);
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await screenshot(page, '06-login-en');
      expect(problems.cspViolations).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
    });
  });
});
