/**
 * S10 管理 · 通知渠道 in a browser against the real stack: an administrator adds a webhook channel for a
 * village unit through the form, pointing at a receiver in this test that refuses everything (401); a
 * mediator of the unit reports a high risk on a case; the delivery shows as failed with the 401 in the
 * deliveries tab, and 「重新发送」 makes a second attempt (the receiver sees two requests). axe finds
 * nothing serious or critical; a mediator cannot open the screen. Screenshots admin-channels-01..05.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { intakeBody, runKey } from '../support/stack';
import { expectNoSeriousViolations } from './axe';
import {
  animationsDone,
  createUser,
  expectCleanPage,
  screenshot,
  signIn,
  steps,
  useE2EPage,
  useE2EStack,
} from './browser';

const env = useE2EStack();
const suffix = randomUUID().slice(0, 6);
const VILLAGE = 'ND-JC-JN-V01';
const VILLAGE_NAME = '蕉南街道一村村民委员会人民调解委员会';
/** Generous: two cores shared with other runs, and a delivery runs in its own workflow. */
const DELIVERY_TIMEOUT = 120_000;

/** A receiver that answers 401 to every request and counts them. */
let receiver: Server;
let received: Array<{ url: string; signature: string | undefined }> = [];
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ url: req.url ?? '', signature: req.headers['x-signature'] as string | undefined });
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('unauthorized');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => receiver.once('listening', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?token=e2e${suffix}0123456789`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** Waits until no table is loading or fading out of it (polled: the CSP forbids waitForFunction's in-page eval). */
async function settled(page: Page): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (!(await page.evaluate('!!document.querySelector(".ant-spin-spinning, .ant-spin-blur")'))) return;
    await page.waitForTimeout(50);
  }
}

/** Clicks 刷新 until the delivery row of `caseNo` shows `status` and `attempts` (nothing depends on speed). */
async function waitForDelivery(page: Page, caseNo: string, status: string, attempts: number): Promise<void> {
  const row = page.locator('tr', { hasText: caseNo });
  const deadline = Date.now() + DELIVERY_TIMEOUT;
  for (;;) {
    await settled(page);
    if ((await row.count()) > 0) {
      const shown = await row.first().getByTestId('delivery-status').textContent();
      const tried = await row.first().getByTestId('delivery-attempts').textContent();
      if (shown?.trim() === status && Number(tried) === attempts) return;
    }
    if (Date.now() > deadline)
      throw new Error(`delivery of ${caseNo} never showed ${status} after ${attempts} attempts`);
    await page.waitForTimeout(1_000);
    await page.getByTestId('deliveries-refresh').click();
  }
}

describe('admin: notification channels and deliveries', () => {
  const current = useE2EPage(env);

  test('when an administrator adds a webhook that refuses, then its delivery shows failed with the 401 and 重新发送 tries again', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'admin-channels', async () => {
      received = [];
      const password = `channels-${suffix}-2026`;
      const admin = await createUser(env, { login: `adm-c-${suffix}`, role: 'admin', org: 'ND', password });
      await signIn(page, env.base, admin.login, password);
      await page.waitForURL(/\/console\/admin\/users/);
      await page.getByTestId('nav').getByText('通知渠道').click();
      await page.waitForURL(/\/console\/admin\/channels/);
      await page.getByText('还没有通知渠道').first().waitFor();

      // The form: a village unit, a webhook at the receiver, a secret.
      await page.getByTestId('channel-create').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新增渠道' });
      await modal.waitFor();
      await modal.locator('#channel_orgUnitId').click();
      await modal.locator('#channel_orgUnitId').fill('蕉南街道一村');
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '蕉南街道一村' }).first().click();
      // Not an http URL: refused at the field before anything is sent.
      await modal.locator('#channel_url').fill('ftp://files.example.cn/hook');
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.getByText('请填写 http 或 https 地址').waitFor();
      await modal.locator('#channel_url').fill(receiverUrl);
      await modal.getByText('请填写 http 或 https 地址').waitFor({ state: 'detached' });
      // A webhook signs with its secret (api.md): without one, refused at the field.
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.getByText('Webhook 与钉钉渠道须填写签名密钥').waitFor();
      // A WeCom robot's key is in its URL: no secret is asked for.
      await modal.locator('#channel_kind').click();
      await page.locator('.ant-select-item-option', { hasText: '企业微信机器人' }).click();
      await modal.locator('#channel_secret').waitFor({ state: 'detached' });
      await animationsDone(page);
      await screenshot(page, 'admin-channels-01-form-wecom');
      await modal.locator('#channel_kind').click();
      await page.locator('.ant-select-item-option', { hasText: '通用 Webhook' }).click();
      await modal.locator('#channel_secret').fill(`secret-${suffix}`);
      await animationsDone(page);
      await screenshot(page, 'admin-channels-01-form');
      await expectNoSeriousViolations(page, 'channel form');
      await modal.getByRole('button', { name: '确定' }).click();
      await page.locator('.ant-modal').waitFor({ state: 'detached' });

      // The table: the unit, 通用 Webhook, the token masked, 已设密钥, 启用.
      const row = page.locator('tr', { hasText: VILLAGE_NAME });
      await row.waitFor();
      await row.getByText('通用 Webhook').waitFor();
      await row.getByText('已设密钥').waitFor();
      await row.getByText('启用').waitFor();
      // Shortened on screen, the whole (masked) address in its title; the token never in full.
      const shownUrl = (await row.getByTestId('channel-url').textContent()) ?? '';
      const fullUrl = (await row.getByTestId('channel-url').getAttribute('title')) ?? '';
      expect(shownUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*••••$/);
      expect(fullUrl).toMatch(/\/hook\?token=e2e.••••$/);
      expect(shownUrl + fullUrl).not.toContain('0123456789');
      await screenshot(page, 'admin-channels-02-table');
      await expectNoSeriousViolations(page, 'channels table');

      // Editing: the secret is write-only (empty, 留空则保持不变), and an empty field keeps it.
      await row.getByRole('button', { name: '编辑' }).click();
      const edit = page.locator('.ant-modal').filter({ hasText: '编辑渠道' });
      await edit.waitFor();
      expect(await edit.locator('#channel_secret').inputValue()).toBe('');
      expect(await edit.locator('#channel_secret').getAttribute('placeholder')).toBe('留空则保持不变');
      await edit.getByText('非工作时间也立即发送').click();
      await edit.getByRole('button', { name: '确定' }).click();
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      await row.locator('td', { hasText: /^是$/ }).waitFor();
      await row.getByText('已设密钥').waitFor();

      // A mediator of the village files a case and reports a high risk on it (through the API).
      const mediatorToken = await env.stack.token('mediator', VILLAGE);
      const filed = await request(env.stack.app)
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${mediatorToken}`)
        .set('Idempotency-Key', runKey(`e2e-${randomUUID()}`))
        .send(intakeBody({ orgUnitId: VILLAGE, summary: '宅基地边界纠纷，双方发生推搡。' }));
      expect([filed.status, filed.body.detail]).toEqual([201, undefined]);
      const caseNo = filed.body.caseNo as string;
      const reported = await request(env.stack.app)
        .post(`/api/v1/cases/${encodeURIComponent(filed.body.id as string)}/actions/report-risk`)
        .set('Authorization', `Bearer ${mediatorToken}`)
        .send({ level: 'high', reason: '一方扬言报复，情绪激动' });
      expect([reported.status, reported.body.detail]).toEqual([200, undefined]);

      // The deliveries tab: failed after one attempt, with the receiver's 401.
      await page.getByRole('tab', { name: '发送记录' }).click();
      await page.waitForURL(/tab=deliveries/);
      await waitForDelivery(page, caseNo, '失败', 1);
      const delivery = page.locator('tr', { hasText: caseNo }).first();
      expect(await delivery.getByTestId('delivery-error').textContent()).toContain('401');
      expect(await delivery.getByTestId('delivery-case').getAttribute('href')).toBe(
        `/console/cases/${encodeURIComponent(filed.body.id as string)}`,
      );
      expect(received).toHaveLength(1);
      expect(received[0]?.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      await screenshot(page, 'admin-channels-03-failed');
      await expectNoSeriousViolations(page, 'deliveries');

      // 重新发送: a second attempt, refused again.
      await delivery.getByTestId('delivery-retry').click();
      await page.locator('.ant-message').getByText('已重新发送').waitFor();
      await waitForDelivery(page, caseNo, '失败', 2);
      expect(received).toHaveLength(2);
      await screenshot(page, 'admin-channels-04-retried');

      // The status filter: 已发送 has nothing of this case.
      await page.getByTestId('delivery-status-filter').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已发送' }).click();
      await page.getByText('没有发送记录').first().waitFor();
      expect(await page.locator('tr', { hasText: caseNo }).count()).toBe(0);
      expectCleanPage(problems);
    });
  });

  test('when a mediator opens the channels screen, then the console sends them to their queue', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'admin-channels-denied', async () => {
      const password = `med-c-${suffix}-2026`;
      const mediator = await createUser(env, { login: `med-c-${suffix}`, role: 'mediator', org: VILLAGE, password });
      await signIn(page, env.base, mediator.login, password);
      await page.getByTestId('who').waitFor();
      await page.goto(`${env.base}/console/admin/channels`);
      await page.waitForURL((url) => !url.pathname.includes('/admin/'));
      await page.getByTestId('nav').waitFor();
      expect(await page.getByTestId('nav').getByText('通知渠道').count()).toBe(0);
      await screenshot(page, 'admin-channels-05-mediator');
      // The API says no all the same.
      const listed = await page.request.get(`${env.base}/api/v1/notification-channels`);
      expect(listed.status()).toBe(403);
      expectCleanPage(problems);
    });
  });
});
