/**
 * The console in a browser against the real stack (api.md "The console"): a mediator signs in through
 * the form, sees a case registered for the unit in the queue, opens it, sees what may and may not be
 * done with it, and signs out; no console error and no CSP refusal on the way.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { intakeBody, runKey } from '../support/stack';
import { createUser, expectCleanPage, screenshot, steps, useE2EPage, useE2EStack } from './browser';

const env = useE2EStack();

/** Unique to the run: the accounts live in the test's own database, but the names should not collide. */
const suffix = randomUUID().slice(0, 6);

describe('console', () => {
  const current = useE2EPage(env);

  test('when a mediator signs in, then the queue shows the unit’s new case, the case page its actions, and signing out ends the session', async () => {
    const { page, problems } = current;
    const { stack, base } = env;
    await steps(page, problems, 'sign-in-queue-case', async () => {
      const password = `mediator-${suffix}-2026`;
      const mediator = await createUser(env, {
        login: `med-${suffix}`,
        role: 'mediator',
        org: 'ND-JC-JN-ROOM',
        password,
      });
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

      expectCleanPage(problems);
    });
  });

  test('when the password is wrong five times, then the sixth try shows the lock-out with the minutes to wait', async () => {
    const { page, problems } = current;
    const { base } = env;
    await steps(page, problems, 'lock-out', async () => {
      const user = await createUser(env, {
        login: `lock-${suffix}`,
        role: 'mediator',
        org: 'ND-JC-JN-ROOM',
        password: `lockme-${suffix}-2026`,
      });
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
      // Each refused sign-in is a 401 or 429 the browser logs; nothing else may be.
      expectCleanPage(problems, (e) => /status of (401|429)/.test(e) && e.includes('/api/v1/session'));
    });
  });

  test('when the language is switched to English, then the console stays in English after a reload', async () => {
    const { page, problems } = current;
    const { base } = env;
    await steps(page, problems, 'language', async () => {
      await page.goto(`${base}/console/login`);
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await screenshot(page, '06-login-en');
      expectCleanPage(problems);
    });
  });
});
