/**
 * The court liaison's queue, a supervisor's bulk assign and the administrator's users screen, in a
 * browser against the real stack (console.md S5, S2, S8, S10). Screenshots of each screen go to
 * `.test-data/screens/`; axe finds nothing serious or critical on any of them.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { COURT, ROOM, TOWNSHIP, stepsTo } from '../support/case-script';
import { expectNoSeriousViolations } from './axe';
import {
  animationsDone,
  caseThrough,
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

describe('court queue, bulk actions, org tree and admin', () => {
  const current = useE2EPage(env);

  test('when a case is sent for judicial confirmation, then the liaison takes it over and records the ruling from the court queue', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'court', async () => {
      const password = `liaison-${suffix}-2026`;
      const liaison = await createUser(env, {
        login: `liaison-${suffix}`,
        role: 'liaison',
        org: COURT,
        password,
        name: '法院联络员',
      });
      const { id, caseNo } = await caseThrough(
        env,
        [
          ...stepsTo('following_up'),
          { action: 'request-confirmation', body: { courtId: COURT }, as: { role: 'mediator', org: ROOM } },
        ],
        '邻里漏水纠纷，已达成协议，申请司法确认。',
      );

      await signIn(page, env.base, liaison.login, password);
      // A liaison lands on the court queue, not the staff queue.
      await page.waitForURL(/\/console\/court/);
      const row = page.locator('tr', { hasText: caseNo });
      await row.waitFor();
      await expect(row.getByTestId('deadline-tag').textContent()).resolves.toMatch(/接收期限/);
      await screenshot(page, 'court-01-incoming');
      await expectNoSeriousViolations(page, 'court queue · 待接收');

      await row.getByTestId('take-over').click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '接收' }).click();
      await page.locator('.ant-message-success').waitFor();
      await page.getByTestId('court-tab-review').click();
      const reviewRow = page.locator('tr', { hasText: caseNo });
      await reviewRow.waitFor();
      await expect(reviewRow.getByTestId('deadline-tag').textContent()).resolves.toMatch(/确认审查期限/);
      await screenshot(page, 'court-02-review');
      await expectNoSeriousViolations(page, 'court queue · 审查中');

      await reviewRow.getByTestId('record-ruling').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '录入裁定' });
      // Without a decision the form says what is missing at the field.
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.getByText('请选择裁定结果').waitFor();
      await modal.getByText('确认有效', { exact: true }).click();
      await animationsDone(page);
      await modal.locator('textarea').fill('协议内容合法，双方自愿。');
      await screenshot(page, 'court-03-ruling-form');
      await expectNoSeriousViolations(page, 'court ruling form');
      // The case changes under the open form: the ruling is refused (412), nothing is applied, and the form
      // keeps what was chosen and typed; confirming again records it against the case as it now is.
      const changed = await request(env.stack.app)
        .post(`/api/v1/cases/${encodeURIComponent(id)}/actions/report-risk`)
        .set('Authorization', `Bearer ${await env.stack.token('liaison', COURT, liaison.id)}`)
        .send({ level: 'medium', reason: '当事人对履行期限有异议' });
      expect(changed.status).toBe(200);
      await modal.getByRole('button', { name: '确定' }).click();
      await page.locator('.ant-message-error', { hasText: '案件已被他人更新' }).waitFor();
      await expect(modal.locator('textarea').inputValue()).resolves.toBe('协议内容合法，双方自愿。');
      await expect(modal.locator('.ant-radio-button-wrapper-checked').textContent()).resolves.toBe('确认有效');
      await modal.getByRole('button', { name: '确定' }).click();
      await page.waitForURL(/tab=ruled/);
      const ruledRow = page.locator('tr', { hasText: caseNo });
      await ruledRow.waitFor();
      await expect(ruledRow.getByTestId('ruling').textContent()).resolves.toBe('确认有效');
      await expect(ruledRow.textContent()).resolves.toContain('履行回访');
      // The 已办理 message fades in: axe measures its contrast mid-fade otherwise.
      await animationsDone(page);
      await screenshot(page, 'court-04-ruled');
      await expectNoSeriousViolations(page, 'court queue · 已裁定');

      // The org tree, for a liaison too.
      await page.getByTestId('nav').getByText('组织机构').click();
      await page.getByTestId('org-tree').waitFor();
      await page.getByTestId('org-counts').waitFor();
      await screenshot(page, 'org-01-liaison');
      await expectNoSeriousViolations(page, 'org tree (liaison)');

      // The browser logs the stale ruling's 412, which this test provokes.
      expectCleanPage(problems, (e) => e.includes('status of 412') && e.includes('/actions/record-confirmation'));
    });
  });

  test('when a supervisor selects two cases and bulk-assigns them, then each row shows its result and the assignee changes', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'bulk', async () => {
      const password = `super-${suffix}-2026`;
      const supervisor = await createUser(env, {
        login: `sup-${suffix}`,
        role: 'supervisor',
        org: TOWNSHIP,
        password,
        name: '蕉南主管',
      });
      const mediator = await createUser(env, {
        login: `bulkmed-${suffix}`,
        role: 'mediator',
        org: ROOM,
        password: `bulkmed-${suffix}-2026`,
        name: '林调解员',
      });
      const asSupervisor = { role: 'supervisor', org: TOWNSHIP };
      const accept = { action: 'accept', body: { track: 'people', assigneeId: supervisor.id }, as: asSupervisor };
      const a = await caseThrough(env, [accept], '宅基地边界纠纷，待重新指派。');
      const b = await caseThrough(env, [accept], '劳务费拖欠纠纷，待重新指派。');

      await signIn(page, env.base, supervisor.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.getByTestId('tab-mine').click();
      for (const c of [a, b]) {
        const row = page.locator('tr', { hasText: c.caseNo });
        await row.waitFor();
        await row.locator('input[type="checkbox"]').check();
      }
      await page.getByTestId('bulk-bar').waitFor();
      await screenshot(page, 'bulk-01-selected');
      // A selected row under the pointer is the palest ground a case number link sits on.
      await page.locator('tr', { hasText: a.caseNo }).hover();
      await expectNoSeriousViolations(page, 'queue with rows selected, one under the pointer');

      await page.getByTestId('bulk-assign').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '批量指派' });
      await modal.getByTestId('bulk-assignee').click();
      await page.locator('.ant-select-item-option', { hasText: '林调解员' }).click();
      await modal.getByTestId('bulk-reason').fill('主管休假，改由林调解员承办');
      await modal.getByTestId('bulk-run').click();
      await modal.getByTestId('bulk-close').waitFor();
      await expect(modal.locator('[data-result="ok"]').count()).resolves.toBe(2);
      await expect(modal.getByTestId('bulk-summary').textContent()).resolves.toContain('成功 2 件，失败 0 件');
      await screenshot(page, 'bulk-02-results');
      await modal.getByTestId('bulk-close').click();

      // Both cases now belong to the mediator: gone from the supervisor's 我的在办.
      for (const c of [a, b]) {
        const view = await request(env.stack.app)
          .get(`/api/v1/cases/${c.id}`)
          .set('Authorization', `Bearer ${await env.stack.token('supervisor', TOWNSHIP)}`);
        expect(view.body.assigneeId).toBe(mediator.id);
        await page.locator('tr', { hasText: c.caseNo }).waitFor({ state: 'detached' });
      }
      await screenshot(page, 'bulk-03-after');

      expectCleanPage(problems);
    });
  });

  test('when an administrator creates a user on the users screen, then that user can sign in', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'admin', async () => {
      const password = `admin-${suffix}-2026`;
      const admin = await createUser(env, {
        login: `adm-${suffix}`,
        role: 'admin',
        org: 'ND',
        password,
        name: '系统管理员',
      });
      await signIn(page, env.base, admin.login, password);
      await page.waitForURL(/\/console\/admin\/users/);
      await page.locator('tr', { hasText: admin.login }).waitFor();
      await screenshot(page, 'admin-01-users');
      await expectNoSeriousViolations(page, 'admin users');

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
      await animationsDone(page);
      await screenshot(page, 'admin-02-create-form');
      await expectNoSeriousViolations(page, 'admin new-user form');
      const newPassword = `welcome-${suffix}-2026`;
      await modal.locator('#user_password').fill(newPassword);
      await modal.getByRole('button', { name: '确定' }).click();
      await page.locator('tr', { hasText: login }).waitFor();
      await screenshot(page, 'admin-03-created');

      await page.getByTestId('nav').getByText('组织机构').click();
      await page.getByTestId('org-tree').waitFor();
      await page.getByTestId('nav').locator('.ant-menu-item-selected', { hasText: '组织机构' }).waitFor();
      await screenshot(page, 'org-02-admin');
      await expectNoSeriousViolations(page, 'org tree (admin)');

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
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      await screenshot(page, 'org-03-admin-closed');
      await expectNoSeriousViolations(page, 'org tree with a closed unit');

      await page.getByTestId('logout').click();
      await page.waitForURL(`${env.base}/console/login`);
      await signIn(page, env.base, login, newPassword);
      await page.waitForURL(/\/console\/?$/);
      await expect(page.getByTestId('who').textContent()).resolves.toContain('新调解员');

      expectCleanPage(problems);
    });
  });
});
