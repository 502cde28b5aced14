/**
 * 消息 (console.md S9) in a browser against the real stack: a supervisor has a case of their unit open;
 * a mediator of the same unit reports a high risk on it; without a reload the supervisor's bell counts
 * one more, a toast says so and the open case shows 高风险 (all pushed by `GET /api/v1/events`); the
 * drawer lists it, and opening it marks it read. Screenshots of the bell, the toast and the drawer go to
 * `.test-data/screens/`; axe finds nothing serious or critical in the open drawer.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOM } from '../support/case-script';
import { expectNoSeriousViolations } from './axe';
import {
  SCREENSHOT_DIR,
  caseThrough,
  createUser,
  expectCleanPage,
  signIn,
  steps,
  useE2EPage,
  useE2EStack,
} from './browser';

const env = useE2EStack();
const suffix = randomUUID().slice(0, 6);
/** Generous: two cores shared with other runs; the feed is polled once a second. */
const LIVE_TIMEOUT = 60_000;

/** The bell's unread count, from the attribute it carries beside its label. */
async function unreadOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('bell').getAttribute('data-unread'));
}

/** Waits until the drawer's slide-in has ended (polled: the CSP forbids waitForFunction's in-page eval). */
async function drawerSettled(page: Page): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const moving = await page.evaluate(
      '!!document.querySelector(".ant-drawer [class*=\\"-motion-\\"][class*=\\"-enter\\"], .ant-drawer [class*=\\"-motion-\\"][class*=\\"-appear\\"]")',
    );
    if (!moving) return;
    await page.waitForTimeout(50);
  }
}

/** What the user sees (the drawer is fixed to the viewport: a full-page shot shows the page below it). */
async function viewShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

describe('notifications', () => {
  const current = useE2EPage(env);

  test('when a mediator reports a high risk, then the supervisor with the case open sees it live: bell, toast, case, drawer', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'notifications', async () => {
      const password = `notify-${suffix}-2026`;
      const supervisor = await createUser(env, {
        login: `sup-n-${suffix}`,
        role: 'supervisor',
        org: ROOM,
        password,
        name: '王主任',
      });
      const mediator = await createUser(env, {
        login: `med-n-${suffix}`,
        role: 'mediator',
        org: ROOM,
        password,
        name: '李调解员',
      });
      const { id, caseNo } = await caseThrough(env, [], '邻里噪音纠纷，双方多次争吵。');

      // The supervisor has the case open, and the tab's live stream is up.
      await signIn(page, env.base, supervisor.login, password);
      await page.getByTestId('who').waitFor();
      await page.goto(`${env.base}/console/cases/${encodeURIComponent(id)}`);
      await page.getByTestId('case-no').waitFor();
      await page.locator('.ant-tag', { hasText: /^低风险$/ }).waitFor();
      await page.locator('[data-testid="bell"][data-live="true"]').waitFor({ timeout: LIVE_TIMEOUT });
      const before = await unreadOf(page);

      // The mediator, signed in in a browser of their own, reports a high risk with their session.
      const other = await env.browser.newContext({ locale: 'zh-CN' });
      try {
        const mediatorPage = await other.newPage();
        await signIn(mediatorPage, env.base, mediator.login, password);
        await mediatorPage.getByTestId('who').waitFor();
        const me = (await (await mediatorPage.request.get(`${env.base}/api/v1/me`)).json()) as { csrfToken: string };
        const reported = await mediatorPage.request.post(
          `${env.base}/api/v1/cases/${encodeURIComponent(id)}/actions/report-risk`,
          {
            data: { level: 'high', reason: '一方扬言报复，情绪激动' },
            headers: { Origin: env.base, 'X-CSRF-Token': me.csrfToken },
          },
        );
        expect(reported.status()).toBe(200);
      } finally {
        await other.close();
      }

      // Without a reload: a toast (text and icon, not colour alone), the bell one up, the case at 高风险.
      const toast = page.getByTestId('notification-toast');
      await toast.waitFor({ timeout: LIVE_TIMEOUT });
      await expect(toast.textContent()).resolves.toContain('报告高风险');
      await expect(toast.textContent()).resolves.toContain('风险');
      await page.locator(`[data-testid="bell"][data-unread="${before + 1}"]`).waitFor({ timeout: LIVE_TIMEOUT });
      await expect(page.getByTestId('bell').getAttribute('aria-label')).resolves.toBe(`消息，${before + 1} 条未读`);
      await page.locator('.ant-tag', { hasText: /^高风险$/ }).waitFor({ timeout: LIVE_TIMEOUT });
      // Below the header: the bell and the header's switches stay in reach.
      const headerBox = await page.locator('header').boundingBox();
      const toastBox = await toast.boundingBox();
      expect(toastBox!.y).toBeGreaterThanOrEqual(headerBox!.y + headerBox!.height);
      await viewShot(page, 'notifications-01-toast');
      await page.locator('header').screenshot({ path: path.join(SCREENSHOT_DIR, 'notifications-02-bell.png') });

      // The drawer: newest first, tagged by kind, the case number, unread.
      await page.getByTestId('bell').click();
      const drawer = page.getByTestId('notification-drawer');
      const item = drawer.getByTestId('notification-item').first();
      await item.waitFor();
      await drawerSettled(page);
      await expect(item.textContent()).resolves.toContain(caseNo);
      await expect(item.getAttribute('data-unread')).resolves.toBe('true');
      await expect(item.getByTestId('notification-kind').textContent()).resolves.toBe('风险');
      // Opening the drawer clears the toasts it repeats.
      await toast.waitFor({ state: 'detached' });
      await viewShot(page, 'notifications-03-drawer');
      await expectNoSeriousViolations(page, 'notifications drawer');

      // Opening the item marks it read and shows its case.
      await item.click();
      await page.locator(`[data-testid="bell"][data-unread="${before}"]`).waitFor({ timeout: LIVE_TIMEOUT });
      await page.waitForURL(new RegExp(`/console/cases/${encodeURIComponent(id)}$`));
      await page.getByTestId('bell').click();
      await drawer.locator('[data-testid="notification-item"][data-unread="false"]').first().waitFor();
      await drawerSettled(page);
      await viewShot(page, 'notifications-04-drawer-read');

      // In English at the largest text size: the drawer's own words switch; the header still holds the bell.
      await page.keyboard.press('Escape');
      await drawer.getByTestId('notification-item').first().waitFor({ state: 'hidden' });
      await page.getByText('EN', { exact: true }).click();
      await page.getByTestId('font-size').getByText('Extra large').click();
      await page.locator('[data-testid="bell"][aria-label="Notifications, none unread"]').waitFor();
      await page.getByTestId('bell').click();
      await drawer.getByRole('button', { name: 'Mark all read' }).waitFor();
      await drawerSettled(page);
      await viewShot(page, 'notifications-05-drawer-en-xlarge');
      await expectNoSeriousViolations(page, 'notifications drawer (en, extra large)');
      await page.keyboard.press('Escape');
      await drawer.getByTestId('notification-item').first().waitFor({ state: 'hidden' });
      await page
        .locator('header')
        .screenshot({ path: path.join(SCREENSHOT_DIR, 'notifications-06-header-en-xlarge.png') });

      expectCleanPage(problems);
    });
  });
});
