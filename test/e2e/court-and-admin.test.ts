/**
 * The court liaison's queue, a supervisor's bulk assign and the administrator's users screen, in a
 * browser against the real stack (console.md S5, S2, S8, S10). Screenshots of each screen go to
 * `.test-data/screens/`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { COURT, ROOM, TOWNSHIP, stepsTo } from '../support/case-script';
import { launchBrowser, watchProblems, type PageProblems } from './browser';

const SCREENS = path.join(__dirname, '..', '..', '.test-data', 'screens');

let stack: TestStack;
let server: Server;
let base: string;
let browser: Browser;
let adminToken: string;

const suffix = randomUUID().slice(0, 6);

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

async function createUser(login: string, role: string, org: string, password: string, name = `测试${role}`) {
  const res = await request(stack.app)
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ login, name, role, org, password, reason: 'e2e test account' });
  expect(res.status).toBe(201);
  return res.body as { id: string; login: string };
}

/** Files a case in the room and runs `steps` on it through the API; returns its id and number. */
async function caseThrough(
  steps: Array<{ action: string; body: Record<string, unknown>; as: { role: string; org: string } }>,
  summary: string,
) {
  const mediatorToken = await stack.token('mediator', ROOM);
  const filed = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediatorToken}`)
    .set('Idempotency-Key', runKey(`court-admin-${randomUUID()}`))
    .send(intakeBody({ summary }));
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  for (const step of steps) {
    const res = await request(stack.app)
      .post(`/api/v1/cases/${id}/actions/${step.action}`)
      .set('Authorization', `Bearer ${await stack.token(step.as.role as never, step.as.org)}`)
      .send(step.body);
    expect([step.action, res.status, res.body.detail]).toEqual([step.action, 200, undefined]);
  }
  return { id, caseNo: filed.body.caseNo as string };
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

async function steps(page: Page, problems: PageProblems, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await shot(page, `failed-${name}`).catch(() => undefined);
    const detail = JSON.stringify({ url: page.url(), ...problems }, null, 2);
    if (err instanceof Error) err.message += `\n(screenshot .test-data/screens/failed-${name}.png)\n${detail}`;
    throw err;
  }
}

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

describe('court queue, bulk actions, org tree and admin', () => {
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

  test('when a case is sent for judicial confirmation, then the liaison takes it over and records the ruling from the court queue', async () => {
    await steps(page, problems, 'court', async () => {
      const password = `liaison-${suffix}-2026`;
      const liaison = await createUser(`liaison-${suffix}`, 'liaison', COURT, password, '法院联络员');
      const { caseNo } = await caseThrough(
        [
          ...stepsTo('following_up'),
          { action: 'request-confirmation', body: { courtId: COURT }, as: { role: 'mediator', org: ROOM } },
        ],
        '邻里漏水纠纷，已达成协议，申请司法确认。',
      );

      await signIn(page, liaison.login, password);
      // A liaison lands on the court queue, not the staff queue.
      await page.waitForURL(/\/console\/court/);
      const row = page.locator('tr', { hasText: caseNo });
      await row.waitFor();
      await expect(row.getByTestId('deadline-tag').textContent()).resolves.toMatch(/接收期限/);
      await shot(page, 'court-01-incoming');

      await row.getByTestId('take-over').click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '接收' }).click();
      await page.locator('.ant-message-success').waitFor();
      await page.getByTestId('court-tab-review').click();
      const reviewRow = page.locator('tr', { hasText: caseNo });
      await reviewRow.waitFor();
      await expect(reviewRow.getByTestId('deadline-tag').textContent()).resolves.toMatch(/确认审查期限/);
      await shot(page, 'court-02-review');

      await reviewRow.getByTestId('record-ruling').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '录入裁定' });
      // Without a decision the form says what is missing at the field.
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.getByText('请选择裁定结果').waitFor();
      await modal.getByText('确认有效', { exact: true }).click();
      await shot(page, 'court-03-ruling-form');
      await modal.getByRole('button', { name: '确定' }).click();
      await page.waitForURL(/tab=ruled/);
      const ruledRow = page.locator('tr', { hasText: caseNo });
      await ruledRow.waitFor();
      await expect(ruledRow.getByTestId('ruling').textContent()).resolves.toBe('确认有效');
      await expect(ruledRow.textContent()).resolves.toContain('履行回访');
      await shot(page, 'court-04-ruled');

      // The org tree, for a liaison too.
      await page.getByTestId('nav').getByText('组织机构').click();
      await page.getByTestId('org-tree').waitFor();
      await page.getByTestId('org-counts').waitFor();
      await shot(page, 'org-01-liaison');

      expect(problems.cspViolations).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
    });
  });

  test('when a supervisor selects two cases and bulk-assigns them, then each row shows its result and the assignee changes', async () => {
    await steps(page, problems, 'bulk', async () => {
      const password = `super-${suffix}-2026`;
      const supervisor = await createUser(`sup-${suffix}`, 'supervisor', TOWNSHIP, password, '蕉南主管');
      const mediator = await createUser(`bulkmed-${suffix}`, 'mediator', ROOM, `bulkmed-${suffix}-2026`, '林调解员');
      const asSupervisor = { role: 'supervisor', org: TOWNSHIP };
      const accept = { action: 'accept', body: { track: 'people', assigneeId: supervisor.id }, as: asSupervisor };
      const a = await caseThrough([accept], '宅基地边界纠纷，待重新指派。');
      const b = await caseThrough([accept], '劳务费拖欠纠纷，待重新指派。');

      await signIn(page, supervisor.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.getByTestId('tab-mine').click();
      for (const c of [a, b]) {
        const row = page.locator('tr', { hasText: c.caseNo });
        await row.waitFor();
        await row.locator('input[type="checkbox"]').check();
      }
      await page.getByTestId('bulk-bar').waitFor();
      await shot(page, 'bulk-01-selected');

      await page.getByTestId('bulk-assign').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '批量指派' });
      await modal.getByTestId('bulk-assignee').click();
      await page.locator('.ant-select-item-option', { hasText: '林调解员' }).click();
      await modal.getByTestId('bulk-reason').fill('主管休假，改由林调解员承办');
      await modal.getByTestId('bulk-run').click();
      await modal.getByTestId('bulk-close').waitFor();
      await expect(modal.locator('[data-result="ok"]').count()).resolves.toBe(2);
      await expect(modal.getByTestId('bulk-summary').textContent()).resolves.toContain('成功 2 件，失败 0 件');
      await shot(page, 'bulk-02-results');
      await modal.getByTestId('bulk-close').click();

      // Both cases now belong to the mediator: gone from the supervisor's 我的在办.
      for (const c of [a, b]) {
        const view = await request(stack.app)
          .get(`/api/v1/cases/${c.id}`)
          .set('Authorization', `Bearer ${await stack.token('supervisor', TOWNSHIP)}`);
        expect(view.body.assigneeId).toBe(mediator.id);
        await page.locator('tr', { hasText: c.caseNo }).waitFor({ state: 'detached' });
      }
      await shot(page, 'bulk-03-after');

      expect(problems.cspViolations).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
    });
  });

  test('when an administrator creates a user on the users screen, then that user can sign in', async () => {
    await steps(page, problems, 'admin', async () => {
      const password = `admin-${suffix}-2026`;
      const admin = await createUser(`adm-${suffix}`, 'admin', 'ND', password, '系统管理员');
      await signIn(page, admin.login, password);
      await page.waitForURL(/\/console\/admin\/users/);
      await page.locator('tr', { hasText: admin.login }).waitFor();
      await shot(page, 'admin-01-users');

      await page.getByTestId('user-create').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建用户' });
      const login = `new-${suffix}`;
      await modal.locator('#user_login').fill(login);
      await modal.locator('#user_name').fill('新调解员');
      await modal.locator('#user_role').click();
      await page.locator('.ant-select-item-option', { hasText: '调解员' }).first().click();
      await modal.locator('#user_org').click();
      await modal.locator('#user_org').fill('蕉南街道');
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '蕉南' }).first().click();
      // A password the policy refuses is refused at its field before anything is sent.
      await modal.locator('#user_password').fill('short1');
      await modal.locator('#user_reason').fill('新入职');
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.getByText('密码不符合要求').waitFor();
      await shot(page, 'admin-02-create-form');
      const newPassword = `welcome-${suffix}-2026`;
      await modal.locator('#user_password').fill(newPassword);
      await modal.getByRole('button', { name: '确定' }).click();
      await page.locator('tr', { hasText: login }).waitFor();
      await shot(page, 'admin-03-created');

      await page.getByTestId('nav').getByText('组织机构').click();
      await page.getByTestId('org-tree').waitFor();
      await page.getByTestId('nav').locator('.ant-menu-item-selected', { hasText: '组织机构' }).waitFor();
      await shot(page, 'org-02-admin');

      // A new unit under the city, then closed again: both with a reason, both in its history.
      const unitId = `ND-E2E-${suffix.toUpperCase()}`;
      await page.getByTestId('org-create').click();
      const create = page.locator('.ant-modal').filter({ hasText: '新增单位' });
      await create.locator('#unit_id').fill(unitId);
      await create.locator('#unit_kind').click();
      await page.locator('.ant-select-item-option', { hasText: '调解室' }).click();
      await create.locator('#unit_name').fill('测试调解室');
      await create.locator('#unit_reason').fill('试点设立');
      await create.getByRole('button', { name: '确定' }).click();
      await page.locator(`[data-unit="${unitId}"]`).waitFor();
      await page.getByRole('button', { name: '撤销' }).click();
      const close = page.locator('.ant-modal').filter({ hasText: '撤销 · 测试调解室' });
      await close.locator('#unit_reason').fill('试点结束');
      await close.getByRole('button', { name: '确定' }).click();
      await page.locator(`[data-unit="${unitId}"]`, { hasText: '已撤销' }).waitFor();
      await page.locator('.ant-timeline').getByText('试点结束').waitFor();
      await shot(page, 'org-03-admin-closed');

      await page.getByTestId('logout').click();
      await page.waitForURL(`${base}/console/login`);
      await signIn(page, login, newPassword);
      await page.waitForURL(/\/console\/?$/);
      await expect(page.getByTestId('who').textContent()).resolves.toContain('新调解员');

      expect(problems.cspViolations).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
    });
  });
});
