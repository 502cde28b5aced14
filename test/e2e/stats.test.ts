/**
 * S7 统计分析 (console.md; issue 12 item 2) in a browser against the real stack. The fixture is made
 * through the API in ND-JC-JN (this file's own database), with the counts known by hand from domain.md
 * "Statistics people report":
 *
 * | case | registered by  | category | what happens                                   | ends as                     |
 * | R1   | ND-JC-JN-ROOM  | neighbor | accept, session, agreement, performed          | closed, resolved            |
 * | R2   | ND-JC-JN-ROOM  | neighbor | accept, session, agreement, performed          | closed, resolved            |
 * | R3   | ND-JC-JN-ROOM  | contract | withdrawn before acceptance                    | closed, withdrawn           |
 * | R4   | ND-JC-JN-ROOM  | contract | accept, session, agreement, twice not performed | closed, unperformed_referred |
 * | V1   | ND-JC-JN-V01   | neighbor | accept, session, agreement, performed          | closed, resolved            |
 * | V2   | ND-JC-JN-V01   | damages  | registered at high risk                        | registered                  |
 *
 * So 6 cases, 5 closed, 3 resolved (all owned by grassroots units), 1 agreement not performed, 1 risk
 * report: 化解率 3/5 = 60.0%, 矛盾不上交 3/3 = 100.0%, 履行率 3/4 = 75.0%; ROOM 4 cases, V01 2.
 * Every figure on the page is also compared with `GET /api/v1/stats` for the same unit and days.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { TOWNSHIP } from '../support/case-script';
import { intakeBody, runKey } from '../support/stack';
import { expectNoSeriousViolations } from './axe';
import { createUser, expectCleanPage, screenshot, signIn, steps, useE2EPage, useE2EStack } from './browser';
import { shanghaiToday } from '../support/shanghai-today';

const env = useE2EStack();
const suffix = randomUUID().slice(0, 6);
const ROOM = 'ND-JC-JN-ROOM';
const V01 = 'ND-JC-JN-V01';
const today = shanghaiToday();
const thisYear = { from: `${today.slice(0, 4)}-01-01`, to: today };

interface Metrics {
  total: number;
  closed: number;
  resolved: number;
  resolvedAtGrassroots: number;
  unperformedReferred: number;
  mediationDeadlines: { met: number; breached: number };
  overdueOpen: number;
  riskRaised: number;
  medianDaysToClose: number | null;
  byEscalationLevel: Record<string, number>;
  rates: Record<'resolutionRate' | 'grassrootsRate' | 'onTimeRate' | 'performanceRate', number | null>;
}

/** Files a case at `org` as its mediator and runs `actions` on it through the API. */
async function fileCase(
  org: string,
  body: Record<string, unknown>,
  actions: Array<[string, Record<string, unknown>]>,
): Promise<void> {
  const sub = `stats-${org}`;
  const token = await env.stack.token('mediator', org, sub);
  const filed = await request(env.stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', runKey(`stats-${randomUUID()}`))
    .send(intakeBody({ orgUnitId: org, ...body }));
  expect(filed.status).toBe(201);
  for (const [action, actionBody] of actions) {
    const res = await request(env.stack.app)
      .post(`/api/v1/cases/${filed.body.id as string}/actions/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(action === 'accept' ? { ...actionBody, assigneeId: sub } : actionBody);
    expect([action, res.status, res.body.detail]).toEqual([action, 200, undefined]);
  }
}

const accept: [string, Record<string, unknown>] = ['accept', { track: 'people' }];
const session = (): [string, Record<string, unknown>] => [
  'record-session',
  {
    heldAt: new Date().toISOString(),
    mode: 'on_site',
    attendees: ['林某', '陈某'],
    notes: '现场调解',
  },
];
const agreement: [string, Record<string, unknown>] = [
  'record-agreement',
  { terms: '陈某赔偿林某3000元', signedOn: today },
];
const followUp = (performed: boolean): [string, Record<string, unknown>] => [
  'record-follow-up',
  { visitedOn: today, performed, notes: performed ? '已履行' : '未履行' },
];
const resolvedSteps = () => [accept, session(), agreement, followUp(true)];

/** `GET /api/v1/stats` for ND-JC-JN this year, as the supervisor: the oracle for every figure on the page. */
async function apiStats(query: Record<string, string>, token: string) {
  const res = await request(env.stack.app)
    .get('/api/v1/stats')
    .query({ orgUnitId: TOWNSHIP, ...thisYear, ...query })
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res;
}

/** A rate as the page writes it: the API's fraction as a percentage to one decimal, or the empty note. */
const shown = (rate: number | null) =>
  rate === null ? '—（无可计算的案件）' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

const kpiValue = (page: Page, key: string) => page.getByTestId(`kpi-${key}`).getByTestId('kpi-value').textContent();
const kpiDetail = (page: Page, key: string) => page.getByTestId(`kpi-${key}`).getByTestId('kpi-detail').textContent();

/** Waits until `read` gives `expected` (a figure that follows a new query), failing with the last value. */
async function until(read: () => Promise<string | null>, expected: string): Promise<void> {
  let last: string | null = null;
  for (let i = 0; i < 100; i++) {
    last = await read();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toBe(expected);
}

/** The rows of a chart's data table (opened first), each as its cells' text. */
async function tableRows(page: Page, testId: string): Promise<string[][]> {
  const card = page.getByTestId(testId);
  const header = card.locator('.ant-collapse-header');
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const rows = card.getByTestId(`${testId}-table`).locator('tbody tr.ant-table-row');
  await rows.first().waitFor();
  const cells: string[][] = [];
  for (const row of await rows.all()) cells.push((await row.locator('td').allTextContents()).map((c) => c.trim()));
  return cells;
}

describe('statistics (S7)', () => {
  const current = useE2EPage(env);

  beforeAll(async () => {
    await fileCase(ROOM, { category: 'neighbor' }, resolvedSteps());
    await fileCase(ROOM, { category: 'neighbor' }, resolvedSteps());
    await fileCase(ROOM, { category: 'contract' }, [['withdraw', { reason: '双方已自行和解' }]]);
    await fileCase(ROOM, { category: 'contract' }, [accept, session(), agreement, followUp(false), followUp(false)]);
    await fileCase(V01, { category: 'neighbor' }, resolvedSteps());
    await fileCase(V01, { category: 'damages', riskLevel: 'high' }, []);
  });

  test('when a township supervisor opens 统计分析 for this year, then every KPI, the child-unit table and the CSV equal the API for the same unit and days', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'stats', async () => {
      const password = `stats-${suffix}-2026`;
      const supervisor = await createUser(env, {
        login: `stats-sup-${suffix}`,
        role: 'supervisor',
        org: TOWNSHIP,
        password,
        name: '蕉南主管',
      });
      const token = await env.stack.token('supervisor', TOWNSHIP);
      const plain = (await apiStats({}, token)).body as Metrics;
      const byUnit = (await apiStats({ groupBy: 'childUnit' }, token)).body as {
        buckets: Array<Metrics & { key: string; name: string }>;
      };
      // The fixture, counted by hand, is what the API answers: otherwise the comparisons below prove little.
      expect(plain).toMatchObject({ total: 6, closed: 5, resolved: 3, unperformedReferred: 1, riskRaised: 1 });
      expect(plain.rates).toMatchObject({ resolutionRate: 0.6, grassrootsRate: 1, performanceRate: 0.75 });
      expect(byUnit.buckets.map((b) => [b.key, b.total])).toEqual([
        [ROOM, 4],
        [V01, 2],
      ]);

      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await signIn(page, env.base, supervisor.login, password);
      await page.getByTestId('nav').waitFor();
      await page.waitForLoadState('networkidle');
      // The first screen (the queue) does not carry the statistics chunk, where ECharts lives.
      expect(scripts.filter((u) => /stats-page/.test(u))).toEqual([]);

      await page.getByTestId('nav').getByRole('link', { name: '统计分析' }).click();
      await page.waitForURL(/\/console\/stats/);
      await page.getByTestId('stats-preset').getByText('本年', { exact: true }).click();
      await page.getByTestId('kpi-total').waitFor();
      expect(scripts.some((u) => /stats-page/.test(u))).toBe(true);
      await expect(page.getByTestId('stats-scope').textContent()).resolves.toContain(
        '蕉南街道矛盾纠纷调处中心及下级单位',
      );

      // Each KPI: the API's figure, and the hand-known one.
      await expect(kpiValue(page, 'total')).resolves.toBe(`${plain.total}件`);
      await expect(kpiValue(page, 'total')).resolves.toBe('6件');
      await expect(kpiDetail(page, 'total')).resolves.toContain(`已结 ${plain.closed} 件`);
      await expect(kpiValue(page, 'resolutionRate')).resolves.toBe(shown(plain.rates.resolutionRate));
      await expect(kpiValue(page, 'resolutionRate')).resolves.toBe('60.0%');
      await expect(kpiDetail(page, 'resolutionRate')).resolves.toBe(`已化解 ${plain.resolved} / 已结 ${plain.closed}`);
      await expect(kpiValue(page, 'grassrootsRate')).resolves.toBe(shown(plain.rates.grassrootsRate));
      await expect(kpiValue(page, 'grassrootsRate')).resolves.toBe('100.0%');
      await expect(kpiDetail(page, 'grassrootsRate')).resolves.toBe(
        `基层化解 ${plain.resolvedAtGrassroots} / 已化解 ${plain.resolved}`,
      );
      await expect(kpiValue(page, 'onTimeRate')).resolves.toBe(shown(plain.rates.onTimeRate));
      await expect(kpiDetail(page, 'onTimeRate')).resolves.toBe(
        `调解期限按期 ${plain.mediationDeadlines.met} · 超期 ${plain.mediationDeadlines.breached}`,
      );
      await expect(kpiValue(page, 'performanceRate')).resolves.toBe(shown(plain.rates.performanceRate));
      await expect(kpiValue(page, 'performanceRate')).resolves.toBe('75.0%');
      await expect(kpiDetail(page, 'performanceRate')).resolves.toBe('已化解 3 · 协议未履行 1');
      await expect(kpiValue(page, 'overdueOpen')).resolves.toBe(`${plain.overdueOpen}件`);
      await expect(kpiValue(page, 'riskRaised')).resolves.toBe(`${plain.riskRaised}件`);
      await expect(kpiValue(page, 'riskRaised')).resolves.toBe('1件');
      await expect(kpiValue(page, 'medianDaysToClose')).resolves.toBe(`${plain.medianDaysToClose}天`);
      await expect(kpiValue(page, 'medianDaysToClose')).resolves.toBe('0天');

      // The charts are drawn (a canvas each), each with its words for assistive technology.
      for (const id of ['stats-month', 'stats-unit-chart', 'stats-category', 'stats-level']) {
        await page.getByTestId(`${id}-chart`).locator('canvas').first().waitFor();
        await expect(page.getByTestId(`${id}-chart`).getAttribute('aria-label')).resolves.toMatch(/数据表/);
      }
      await screenshot(page, 'stats-01-overview');
      await expectNoSeriousViolations(page, 'statistics');

      // The child-unit table: the API's buckets, with the units' names.
      const unitRows = await tableRows(page, 'stats-unit-chart');
      expect(unitRows.map((r) => r.slice(0, 4))).toEqual(
        byUnit.buckets.map((b) => [b.name, String(b.total), String(b.closed), String(b.resolved)]),
      );
      expect(unitRows.map((r) => r.slice(0, 2))).toEqual([
        ['蕉南街道派出所驻所调解室', '4'],
        ['蕉南街道一村村民委员会人民调解委员会', '2'],
      ]);
      const categoryRows = await tableRows(page, 'stats-category');
      expect(categoryRows.map((r) => r.slice(0, 2))).toEqual([
        ['邻里纠纷', '3'],
        ['合同纠纷', '2'],
        ['损害赔偿', '1'],
      ]);
      const levelRows = await tableRows(page, 'stats-level');
      expect(levelRows).toEqual(Object.entries(plain.byEscalationLevel).map(([, n]) => ['未升级', String(n)]));
      const monthRows = await tableRows(page, 'stats-month');
      expect(monthRows).toHaveLength(Number(today.slice(5, 7)));
      expect(monthRows.at(-1)!.slice(0, 2)).toEqual([`${Number(today.slice(5, 7))}月`, '6']);
      await screenshot(page, 'stats-02-tables');
      await expectNoSeriousViolations(page, 'statistics with the data tables open');

      // 导出 CSV: the same unit and days, by child unit, a BOM first and the 合计 row the API's total.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
      expect(download.suggestedFilename()).toBe(`调解统计_${TOWNSHIP}_${thisYear.from}_${thisYear.to}_按下级单位.csv`);
      const bytes = readFileSync(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines[0]!.split(',').slice(0, 4)).toEqual(['单位编码', '单位名称', '案件数', '已办结']);
      expect(lines.slice(1, -1).map((l) => l.split(',').slice(0, 3))).toEqual(
        byUnit.buckets.map((b) => [b.key, b.name, String(b.total)]),
      );
      const totalRow = lines.at(-1)!.split(',');
      expect(totalRow.slice(0, 5)).toEqual([
        '合计',
        '',
        String(plain.total),
        String(plain.closed),
        String(plain.resolved),
      ]);
      expect(totalRow.slice(0, 5)).toEqual(['合计', '', '6', '5', '3']);
      expect(totalRow.slice(12)).toEqual(['60.00', '100.00', '100.00', '75.00']);

      // Another unit of the subtree: the figures follow the picker.
      await page.getByTestId('stats-unit').click();
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '一村' }).first().click();
      await page.waitForURL(/unit=ND-JC-JN-V01/);
      await until(() => kpiValue(page, 'total'), '2件');
      await expect(kpiValue(page, 'resolutionRate')).resolves.toBe('100.0%');
      await screenshot(page, 'stats-03-village');

      // English second: the same figures, the words switched.
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('heading', { name: 'Statistics' }).waitFor();
      await expect(kpiValue(page, 'total')).resolves.toBe('2cases');
      await screenshot(page, 'stats-04-english');
      await expectNoSeriousViolations(page, 'statistics in English');
      expectCleanPage(problems);
    });
  });
});
