/**
 * The auditor's screens (console.md S6, issue 12 item 1) in a browser against the real stack: find a case,
 * slide its history back to before and after a pause, verify it (three checks), re-verify the export in
 * the browser, then find an event edited behind the service's back by both checks, and the whole unit
 * verified. A supervisor gets the slider only. Screenshots go to `.test-data/screens/auditor-*.png`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { CaseEvent } from '../../domain/case-events';
import { chainEvents } from '../../domain/hash-chain';
import { COUNTY, ROOM, TOWNSHIP } from '../support/case-script';
import { expectNoSeriousViolations } from './axe';
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

const env = useE2EStack();
const suffix = randomUUID().slice(0, 6);
const mediator = { role: 'mediator', org: ROOM };
const COUNTY_SUPERVISOR = { id: 'u-forger', role: 'supervisor' as const, org: COUNTY };
const PAUSE_REASON = '申请人住院治疗，暂无法参加调解';

/** Accepted, paused with a reason, resumed: the history the auditor looks back over. */
async function pausedAndResumedCase(summary: string) {
  return caseThrough(
    env,
    [
      { action: 'accept', body: { track: 'people', assigneeId: 'u-1' }, as: mediator },
      { action: 'pause', body: { reason: PAUSE_REASON }, as: mediator },
      { action: 'resume', body: {}, as: mediator },
    ],
    summary,
  );
}

/** The case's events from the API, and the slider's marks (distinct instants, oldest first). */
async function historyOf(id: string) {
  const res = await request(env.stack.app)
    .get(`/api/v1/cases/${id}/timeline`)
    .set('Authorization', `Bearer ${await env.stack.token('auditor', COUNTY)}`);
  expect(res.status).toBe(200);
  const events = res.body.events as Array<{ seq: number; type: string; at: string }>;
  const instants = [...new Set(events.map((e) => e.at))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const paused = events.find((e) => e.type === 'case.paused')!;
  return { events, instants, paused, pauseMark: instants.indexOf(paused.at) };
}

describe('the auditor screens', () => {
  const current = useE2EPage(env);

  test('when an auditor looks back over a paused case, verifies it and its export, then both checks name an event edited behind the service', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'auditor', async () => {
      const password = `auditor-${suffix}-2026`;
      const auditor = await createUser(env, {
        login: `auditor-${suffix}`,
        role: 'auditor',
        org: COUNTY,
        password,
        name: '蕉城审计员',
      });
      const clean = await pausedAndResumedCase('审计对照：宅基地边界纠纷。');
      const { id, caseNo } = await pausedAndResumedCase('审计演示：楼上漏水致楼下天花板受损。');
      const { events, instants, paused, pauseMark } = await historyOf(id);
      expect(pauseMark).toBeGreaterThan(0);

      // An auditor lands on the audit search and finds the case by its number.
      await signIn(page, env.base, auditor.login, password);
      await page.waitForURL(/\/console\/audit$/);
      await page.getByTestId('audit-results').locator('tr', { hasText: clean.caseNo }).waitFor();
      const input = page.getByTestId('audit-search').getByRole('searchbox');
      await input.fill(caseNo);
      await input.press('Enter');
      await page.waitForURL(/\?q=/);
      const results = page.getByTestId('audit-results');
      await results.locator('tr', { hasText: caseNo }).waitFor();
      // The other case leaves the list once the search has answered.
      await results.locator('tbody tr', { hasText: clean.caseNo }).waitFor({ state: 'detached' });
      await screenshot(page, 'auditor-01-search');
      await expectNoSeriousViolations(page, 'audit search');
      await results.getByRole('link', { name: caseNo, exact: true }).click();
      await page.waitForURL(new RegExp(`/console/audit/cases/${id}$`));
      await page.getByTestId('audit-timeline').locator(`tr[data-row-key="${paused.seq}"]`).waitFor();
      await expect(page.getByTestId('audit-title').textContent()).resolves.toContain(caseNo);
      const pausedRow = page.getByTestId('audit-timeline').locator(`tr[data-row-key="${paused.seq}"]`);
      await expect(pausedRow.textContent()).resolves.toContain('暂停');
      await expect(pausedRow.textContent()).resolves.toContain(PAUSE_REASON);
      await expect(pausedRow.getByTestId('short-hash').textContent()).resolves.toMatch(/^[0-9a-f]{10}$/);

      // Slides back, by keyboard, to the mark before the pause: the case was running then.
      const handle = page.getByTestId('time-travel').getByRole('slider');
      await expect(handle.getAttribute('aria-valuenow')).resolves.toBe(String(instants.length - 1));
      await handle.focus();
      await handle.press('Home');
      for (let i = 0; i < pauseMark - 1; i++) await handle.press('ArrowRight');
      await expect(handle.getAttribute('aria-valuenow')).resolves.toBe(String(pauseMark - 1));
      const pausedTag = page.getByTestId('state-then').getByTestId('state-paused');
      await expect(pausedTag.getAttribute('data-paused')).resolves.toBe('false');
      await expect(pausedTag.textContent()).resolves.toContain('进行中');
      await expect(page.getByTestId('state-then').getByTestId('state-stage').textContent()).resolves.toBe('受理');
      await screenshot(page, 'auditor-02-before-pause');
      await expectNoSeriousViolations(page, 'audit · before the pause');

      // One mark on: the pause. The view then is paused, and the change says so.
      await handle.press('ArrowRight');
      await page.getByTestId('state-then').locator('[data-paused="true"]').waitFor();
      await expect(page.getByTestId('state-then').textContent()).resolves.toContain(PAUSE_REASON);
      const changes = page.getByTestId('state-changes').getByTestId('change-list');
      await expect(changes.locator('[data-field="paused"]').textContent()).resolves.toMatch(/进行中.*→.*已暂停/);
      await expect(changes.locator('[data-field="deadlines"]').textContent()).resolves.toMatch(/计时中 → 已暂停/);
      await screenshot(page, 'auditor-03-paused');
      await expectNoSeriousViolations(page, 'audit · after the pause');

      // The server's verification: all three checks pass, in words.
      await page.getByTestId('verify').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      for (const check of ['check-chain', 'check-head', 'check-replay']) {
        await expect(result.getByTestId(check).getAttribute('data-ok')).resolves.toBe('true');
        await expect(result.getByTestId(check).textContent()).resolves.toContain('通过');
      }
      // The export, downloaded and re-verified here in the browser.
      const download = page.waitForEvent('download');
      await page.getByTestId('export').click();
      const saved = await download;
      expect(saved.suggestedFilename()).toBe(`${caseNo}.jsonl`);
      // The file holds every event, then the manifest with the chain head.
      const lines = readFileSync(await saved.path(), 'utf8')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(events.length + 1);
      expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ manifest: true, caseNo, events: events.length });
      const browserCheck = page.getByTestId('browser-check');
      await browserCheck.waitFor();
      await expect(browserCheck.getAttribute('data-ok')).resolves.toBe('true');
      await expect(browserCheck.getByTestId('browser-check-title').textContent()).resolves.toBe('浏览器内复核：通过');
      await screenshot(page, 'auditor-04-verified');
      await expectNoSeriousViolations(page, 'audit · verified');

      // Behind the service's back: the pause's instant is edited in the database.
      const edited = await env.stack.db.models.CaseEvent.collection.updateOne(
        { caseId: id, seq: paused.seq },
        { $set: { at: '2020-01-01T00:00:00.000Z' } },
      );
      expect(edited.modifiedCount).toBe(1);
      await page.reload();
      await page.getByTestId('verify').click();
      await page.getByTestId('server-first-bad').waitFor();
      await expect(page.getByTestId('check-chain').getAttribute('data-ok')).resolves.toBe('false');
      await expect(page.getByTestId('check-chain').textContent()).resolves.toContain('不通过');
      // The stored event no longer matches the one the workflow recorded (docs/audit.md check 2), though the
      // heads still agree: the workflow check fails too.
      await expect(page.getByTestId('check-head').getAttribute('data-ok')).resolves.toBe('false');
      await expect(page.getByTestId('server-first-bad').textContent()).resolves.toContain(`第 ${paused.seq} 条事件`);
      const badRow = page.getByTestId('audit-timeline').locator(`tr[data-row-key="${paused.seq}"]`);
      await expect(badRow.getAttribute('class')).resolves.toContain('audit-row-bad');
      await expect(badRow.getByTestId('bad-seq').textContent()).resolves.toBe('不一致');
      await expect(page.getByTestId('audit-timeline').getByTestId('bad-seq').count()).resolves.toBe(1);
      await page.waitForTimeout(600); // the smooth scroll to the row
      await expect(badRow.isVisible()).resolves.toBe(true);
      // Scrolled into view: the whole row inside the window.
      const box = await badRow.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= 900).toBe(true);
      await screenshot(page, 'auditor-05-server-bad');
      await expectNoSeriousViolations(page, 'audit · server verification failed');

      await page.getByTestId('export').click();
      await page.locator('[data-testid="browser-check"][data-ok="false"]').waitFor();
      await expect(page.getByTestId('browser-check-title').textContent()).resolves.toBe(
        `浏览器内复核：第 ${paused.seq} 条事件不一致`,
      );
      await expect(page.getByTestId('browser-problems').textContent()).resolves.toContain('hash_mismatch');
      await screenshot(page, 'auditor-06-browser-bad');
      await expectNoSeriousViolations(page, 'audit · in-browser check failed');

      // An event planted under an _id of its own, chained right after the head with a correct hash: the
      // export carries it and the in-browser check sets it against the workflow's head in the manifest.
      const stored = (await env.stack.db.models.CaseEvent.collection
        .find({ caseId: id })
        .sort({ seq: -1 })
        .limit(1)
        .toArray()) as unknown as CaseEvent[];
      const [planted] = chainEvents(id, { seq: stored[0]!.seq, hash: stored[0]!.hash }, [
        {
          type: 'case.assigned',
          data: { assigneeId: 'u-planted' },
          at: new Date().toISOString(),
          actor: COUNTY_SUPERVISOR,
          reason: null,
        },
      ]);
      await env.stack.db.models.CaseEvent.collection.insertOne({ ...planted!, _id: `planted-${id}` } as never);
      await page.getByTestId('export').click();
      await page.locator('[data-testid="browser-problems"]:has-text("head_mismatch")').waitFor();
      await expect(page.getByTestId('browser-problems').textContent()).resolves.toContain(
        `第 ${planted!.seq} 条 链头与工作流记录不一致`,
      );
      await screenshot(page, 'auditor-06b-browser-planted');

      // The whole unit: both cases verified, the edited one listed, linking to its audit page.
      await page.getByTestId('nav').getByText('审计').click();
      await page.waitForURL(/\/console\/audit$/);
      await page.getByTestId('unit-verify-start').click();
      const summary = page.getByTestId('unit-verify-summary');
      await summary.waitFor({ timeout: 60_000 });
      await expect(summary.textContent()).resolves.toBe('共核验 2 件：通过 1 件，未通过 1 件');
      const failed = page.getByTestId('unit-verify-failed');
      await expect(failed.textContent()).resolves.toContain(`首个异常：第 ${paused.seq} 条事件`);
      await expect(failed.getByRole('link').allTextContents()).resolves.toEqual([caseNo]);
      await screenshot(page, 'auditor-07-unit');
      await expectNoSeriousViolations(page, 'audit · whole unit verified');
      await failed.getByRole('link', { name: caseNo, exact: true }).click();
      await page.waitForURL(new RegExp(`/console/audit/cases/${id}$`));
      await page.getByTestId('time-travel').waitFor();

      expectCleanPage(problems);
    });
  });

  test('when a supervisor opens a case audit page, then the time slider is there and verify and export are not', async () => {
    const { page, problems } = current;
    await steps(page, problems, 'auditor-supervisor', async () => {
      const password = `auditsup-${suffix}-2026`;
      const supervisor = await createUser(env, {
        login: `auditsup-${suffix}`,
        role: 'supervisor',
        org: TOWNSHIP,
        password,
        name: '蕉南主管',
      });
      const { id, caseNo } = await pausedAndResumedCase('主管回看：劳务费拖欠纠纷。');
      await signIn(page, env.base, supervisor.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.getByTestId('nav').getByText('审计').click();
      await page.getByTestId('audit-results').getByRole('link', { name: caseNo, exact: true }).click();
      await page.getByTestId('time-travel').getByRole('slider').waitFor();
      await page.getByTestId('state-then').getByTestId('state-stage').waitFor();
      await expect(page.getByTestId('verify-panel').count()).resolves.toBe(0);
      await expect(page.getByTestId('export-panel').count()).resolves.toBe(0);
      await expect(page.getByTestId('unit-verify').count()).resolves.toBe(0);
      await page.getByTestId('instant-prev').click();
      await page.getByTestId('state-changes').waitFor();
      await screenshot(page, 'auditor-08-supervisor');
      await expectNoSeriousViolations(page, 'audit · supervisor');
      expect(page.url()).toContain(`/audit/cases/${id}`);
      expectCleanPage(problems);
    });
  });
});
