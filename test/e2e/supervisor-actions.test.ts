/**
 * A supervisor's clock and ownership decisions through the case page's action forms, in a browser
 * against the real stack (api.md "Actions"; domain.md "Deadlines", "Org units and the escalation
 * ladder"; decisions.md 5, 35): each action only where the case's `allowed-actions` offers it, and
 * the page then shows what the API says the case now is.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ROOM, TOWNSHIP } from '../support/case-script';
import {
  caseThrough,
  createUser,
  expectCleanPage,
  screenshot,
  signIn,
  steps,
  useE2EPage,
  useE2EStack,
} from './browser';
import { animationsDone, expectNoSeriousViolations } from './axe';

const env = useE2EStack();
const suffix = randomUUID().slice(0, 6);

interface Deadline {
  kind: string;
  status: string;
  amount: number;
  unit: string;
  dueDate: string;
  originalDueDate: string;
}
interface CaseBody {
  stage: string;
  outcome: string | null;
  ownerOrgUnitId: string;
  escalationLevel: number;
  deadlines: Deadline[];
}

/** A civil date as the console writes it in Chinese: 12月27日, with the year when it is not this one. */
function zhDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y !== new Date().getFullYear() ? `${y}年` : ''}${m}月${d}日`;
}

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** The case as the API shows it to the signed-in supervisor (the page's own cookie session). */
async function caseNow(page: Page, id: string): Promise<CaseBody> {
  const res = await page.request.get(`${env.base}/api/v1/cases/${encodeURIComponent(id)}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as CaseBody;
}

/** Whether the case's `allowed-actions` offers `action` to the signed-in supervisor, and the button agrees. */
async function offered(page: Page, id: string, action: string): Promise<void> {
  const res = await page.request.get(`${env.base}/api/v1/cases/${encodeURIComponent(id)}/allowed-actions`);
  const entry = ((await res.json()) as Array<{ action: string; allowed: boolean; reason: string | null }>).find(
    (a) => a.action === action,
  );
  expect({ action, allowed: entry?.allowed, reason: entry?.reason }).toEqual({ action, allowed: true, reason: null });
  await expect(page.getByTestId('action-bar').locator(`button[data-action="${action}"]`).isEnabled()).resolves.toBe(
    true,
  );
}

/** Opens the action's form from the action bar and waits for it. */
async function openForm(page: Page, action: string) {
  await page.getByTestId('action-bar').locator(`button[data-action="${action}"]`).click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  // A click on a button still zooming in can miss it (seen: 确定 clicked, no error shown).
  await animationsDone(page);
  return modal;
}

async function confirm(page: Page, modal: ReturnType<Page['locator']>): Promise<void> {
  await modal.getByRole('button', { name: '确定' }).click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
}

describe('a supervisor on the case page', () => {
  const current = useE2EPage(env);
  let supervisor: { id: string; login: string };
  const password = `super-${suffix}-2026`;

  beforeAll(async () => {
    supervisor = await createUser(env, {
      login: `head-${suffix}`,
      role: 'supervisor',
      org: TOWNSHIP,
      password,
      name: '蕉南主任',
    });
  });

  async function openCase(page: Page, id: string): Promise<void> {
    await signIn(page, env.base, supervisor.login, password);
    await page.waitForURL(/\/console\/?(\?.*)?$/);
    await page.goto(`${env.base}/console/cases/${encodeURIComponent(id)}`);
    await page.getByTestId('case-no').waitFor();
    await page.getByTestId('action-bar').locator('button').first().waitFor();
  }

  test('when a supervisor extends the running mediation deadline by one month, then its card shows the new due date the API gives and keeps the original', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'supervisor-extend', async () => {
      const accept = {
        action: 'accept',
        body: { track: 'people', assigneeId: 'u-1' },
        as: { role: 'mediator', org: ROOM },
      };
      const c = await caseThrough(env, [accept], '相邻采光纠纷：新建围墙遮挡邻居窗户，双方各执一词。');
      await openCase(page, c.id);
      await offered(page, c.id, 'extend');
      const before = (await caseNow(page, c.id)).deadlines.find(
        (d) => d.kind === 'mediation' && d.status === 'running',
      )!;
      // People's mediation: one month (domain.md "Deadlines").
      expect({ amount: before.amount, unit: before.unit }).toEqual({ amount: 1, unit: 'months' });
      const card = page.getByTestId('deadline-card').filter({ hasText: '调解期限' });
      await expect(card.textContent()).resolves.toContain(`至 ${zhDay(before.dueDate)}`);

      const modal = await openForm(page, 'extend');
      // The form offers the deadline's own unit: a month period is extended in months (decisions.md 35).
      await expect(modal.locator('.ant-input-number-suffix').textContent()).resolves.toBe('个月');
      // More than one more period is refused, and the form says why.
      await modal.locator('#amount').fill('2');
      await modal.locator('#reason').fill('双方同意委托测量，需等待测量报告');
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.locator('.ant-alert-error').waitFor();
      await screenshot(page, 'supervisor-01-extend-refused');
      await modal.locator('#amount').fill('1');
      await confirm(page, modal);

      const after = (await caseNow(page, c.id)).deadlines.find(
        (d) => d.kind === 'mediation' && d.status === 'running',
      )!;
      // An extension adds to the current due date and keeps the original (domain.md "How a period is counted").
      expect(after.originalDueDate).toBe(before.dueDate);
      expect(days(before.dueDate, after.dueDate)).toBeGreaterThanOrEqual(28);
      expect(days(before.dueDate, after.dueDate)).toBeLessThanOrEqual(31 + 10);
      await card.getByText(`至 ${zhDay(after.dueDate)}`).waitFor();
      await card.getByText('期限怎么算的').hover();
      await page.locator('.ant-popover').getByText(zhDay(before.dueDate)).waitFor();
      await screenshot(page, 'supervisor-02-extended');
      await expectNoSeriousViolations(page, 'case after an extension');
      // The refused first try is the one error the browser logs.
      expectCleanPage(problems, (e) => e.includes('status of 400') && e.includes('/actions/extend'));
    });
  });

  test('when a supervisor escalates a case of the room below, then the township owns it at escalation level 1 with a new mediation clock', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'supervisor-escalate', async () => {
      const accept = {
        action: 'accept',
        body: { track: 'people', assigneeId: 'u-1' },
        as: { role: 'mediator', org: ROOM },
      };
      const c = await caseThrough(env, [accept], '土地承包经营权纠纷，村调解室多次调解未果。');
      await openCase(page, c.id);
      const before = await caseNow(page, c.id);
      expect({ owner: before.ownerOrgUnitId, level: before.escalationLevel }).toEqual({ owner: ROOM, level: 0 });
      await offered(page, c.id, 'escalate');

      const modal = await openForm(page, 'escalate');
      // The reason is required: the form says so before anything is sent.
      await modal.getByRole('button', { name: '确定' }).click();
      await modal.locator('.ant-form-item-explain-error').first().waitFor();
      await modal.locator('#reason').fill('涉及多户村民，需街道统一协调');
      await confirm(page, modal);

      // The owner moves to the parent unit, one level up (domain.md "Org units and the escalation ladder").
      const after = await caseNow(page, c.id);
      expect({ owner: after.ownerOrgUnitId, level: after.escalationLevel }).toEqual({ owner: TOWNSHIP, level: 1 });
      await page.locator('.ant-tag', { hasText: '升级 1 级' }).waitFor();
      const units = (await (await page.request.get(`${env.base}/api/v1/org-units`)).json()) as Array<{
        id: string;
        name: string;
      }>;
      const townshipName = units.find((u) => u.id === TOWNSHIP)!.name;
      await page.locator('.ant-descriptions-item', { hasText: '承办单位' }).filter({ hasText: townshipName }).waitFor();
      // `mediation` restarts for the new level: a running clock again, due where the API says.
      const restarted = after.deadlines.find((d) => d.kind === 'mediation' && d.status === 'running')!;
      expect(restarted).toBeDefined();
      await page
        .getByTestId('deadline-card')
        .filter({ hasText: '调解期限' })
        .filter({ hasText: `至 ${zhDay(restarted.dueDate)}` })
        .first()
        .waitFor();
      await screenshot(page, 'supervisor-03-escalated');
      expectCleanPage(problems);
    });
  });

  test('when a supervisor rejects a registered case with a referral, then it is closed as 不予受理 and takes no further action', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'supervisor-reject', async () => {
      const c = await caseThrough(env, [], '债务纠纷：已进入诉讼程序，不属于人民调解范围。');
      await openCase(page, c.id);
      await offered(page, c.id, 'reject');

      const modal = await openForm(page, 'reject');
      await modal.locator('#reason').fill('已起诉至法院，依法不予受理');
      await screenshot(page, 'supervisor-04-reject-form');
      await confirm(page, modal);

      const after = await caseNow(page, c.id);
      expect({ stage: after.stage, outcome: after.outcome }).toEqual({ stage: 'closed', outcome: 'rejected' });
      await page.locator('.ant-tag', { hasText: /^结案$/ }).waitFor();
      await page.getByTestId('action-bar').filter({ hasText: '已结案' }).waitFor();
      await expect(page.getByTestId('action-bar').locator('button').count()).resolves.toBe(0);
      await screenshot(page, 'supervisor-05-rejected');
      expectCleanPage(problems);
    });
  });
});
