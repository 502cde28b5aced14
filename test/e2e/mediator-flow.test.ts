/**
 * A mediator's day in a real browser against the real stack (issue 10, "Tests in a real browser"):
 * sign in, a wrong check digit refused at the field without a request, a case filed through the intake
 * form (a double click files one), accepted, two sessions, an agreement → 履行回访; a write without the
 * CSRF token refused; axe finds nothing serious or critical on any screen visited.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { intakeBody, runKey } from '../support/stack';
import {
  act,
  animationsDone,
  choose,
  createUser,
  expectCleanPage,
  screenshot,
  steps,
  useE2EPage,
  useE2EStack,
} from './browser';
import { expectNoSeriousViolations } from './axe';
import { shanghaiToday } from '../support/shanghai-today';

const env = useE2EStack();

const suffix = randomUUID().slice(0, 6);
/** A valid resident ID (check digit 7) and the same with a wrong check digit. */
const APPLICANT_ID = '350902198001011237';
const WRONG_CHECK_DIGIT = '350902198001011230';

describe('a mediator in the console', () => {
  const current = useE2EPage(env);

  test('when a mediator files a case through the intake form and works it to an agreement, then it reaches 履行回访 with two sessions, and a performed follow-up closes it', async () => {
    const { page, problems } = current;
    const { stack, base } = env;
    const password = `flow-${suffix}-2026`;
    const created = await createUser(env, {
      login: `flow-${suffix}`,
      name: '王调解',
      role: 'mediator',
      org: 'ND-JC-JN-ROOM',
      password,
    });
    const mediatorToken = await stack.token('mediator', 'ND-JC-JN-ROOM', created.id);
    // The applicant already has an open case: the intake form warns of a repeat dispute.
    const earlier = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediatorToken}`)
      .set('Idempotency-Key', runKey(`flow-earlier-${suffix}`))
      .send(intakeBody({ summary: '此前登记的一件邻里纠纷。' }));
    expect(earlier.status).toBe(201);

    const casePosts: string[] = [];
    const lookups: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (r.method() === 'POST' && url.pathname === '/api/v1/cases')
        casePosts.push(r.headers()['idempotency-key'] ?? '');
      if (r.method() === 'GET' && url.searchParams.has('partyIdNumber')) lookups.push(url.search);
    });

    await steps(page, problems, 'mediator-flow', async () => {
      // 登录
      await page.goto(`${base}/console/login`);
      await page.locator('input[name="login"]').waitFor();
      await expectNoSeriousViolations(page, 'login');
      await page.fill('input[name="login"]', `flow-${suffix}`);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/console\/?$/);
      await page.getByTestId('tab-unaccepted').waitFor();
      await screenshot(page, 'mediator-01-queue');
      await expectNoSeriousViolations(page, 'queue');

      // 登记: from the queue header.
      await page.getByTestId('intake-button').click();
      await page.waitForURL(`${base}/console/intake`);
      await page.getByTestId('acceptance-preview').waitFor();
      await expect(page.getByTestId('acceptance-preview').textContent()).resolves.toMatch(
        /受理期限 3 个工作日，至 (\d+年)?\d+月\d+日/,
      );
      await screenshot(page, 'mediator-02-intake-empty');
      await expectNoSeriousViolations(page, 'intake');

      await choose(page, 'category', '邻里纠纷');
      await page.fill('#summary', '楼上卫生间漏水，致楼下天花板受损，双方就维修和赔偿协商未果。');
      await page.fill('#amountCny', '3000');
      await page.fill('#occurredOn', shanghaiToday(-1));
      await page.keyboard.press('Enter');
      await page.fill('#parties_0_name', '林某');
      await page.fill('#parties_0_phone', '13800000000');
      await page.fill('#parties_1_name', '陈某');

      // A wrong check digit is refused at the field; nothing goes to the server, not even on submit.
      await page.fill('#parties_0_idNumber', WRONG_CHECK_DIGIT);
      await page.locator('#parties_0_idNumber').blur();
      await page.getByText('身份证号校验码不对，请核对后重新输入').waitFor();
      await page.getByTestId('intake-submit').click();
      await page.getByText('身份证号校验码不对，请核对后重新输入').waitFor();
      expect(casePosts).toEqual([]);
      expect(lookups).toEqual([]);
      await screenshot(page, 'mediator-03-intake-wrong-id');

      // The right number: the repeat-dispute warning names the open case.
      await page.fill('#parties_0_idNumber', APPLICANT_ID);
      await page.getByTestId('repeat-warning').waitFor();
      await expect(page.getByTestId('repeat-warning').textContent()).resolves.toContain(earlier.body.caseNo as string);

      // A minor needs a guardian: ticking the box reveals the required field.
      await page.locator('#parties_1_minor').check();
      await page.locator('#parties_1_guardian_name').waitFor();
      await page.fill('#parties_1_guardian_name', '陈父');

      // High risk says it starts the 24-hour clock; back to low for this case.
      await page.getByText('高风险', { exact: true }).click();
      await page.getByTestId('risk-clock').waitFor();
      await page.getByText('低风险', { exact: true }).click();
      await screenshot(page, 'mediator-04-intake-filled');

      // A double click files one case, with one key.
      await page.getByTestId('intake-submit').dblclick();
      await page.waitForURL(/\/console\/cases\/[^/]+$/);
      const caseId = decodeURIComponent(page.url().split('/').pop() ?? '');
      expect(new Set(casePosts).size).toBe(1);
      const mine = await page.request.get(`${base}/api/v1/cases?partyIdNumber=${APPLICANT_ID}&limit=50`);
      expect((await mine.json()).items).toHaveLength(2);

      // 案件详情: accept, two sessions, the agreement.
      await page.getByTestId('case-no').waitFor();
      await page.locator('.ant-tag', { hasText: /^登记$/ }).waitFor();
      await screenshot(page, 'mediator-05-case-registered');
      await expectNoSeriousViolations(page, 'case');

      await act(page, 'accept', () => Promise.resolve());
      await page.locator('.ant-tag', { hasText: /^受理$/ }).waitFor();

      // Someone else changes the case while the first session's form is open: the submit answers 412, the
      // page says so and reloads the case, and the form keeps what was typed; confirming again records it.
      await page.getByTestId('action-bar').locator('button[data-action="record-session"]').click();
      const stale = page.locator('.ant-modal:visible');
      await stale.waitFor();
      await stale.locator('#notes').fill('第一次调解：双方陈述事实，约定请物业查明漏水原因。');
      const other = await request(stack.app)
        .post(`/api/v1/cases/${encodeURIComponent(caseId)}/actions/report-risk`)
        .set('Authorization', `Bearer ${mediatorToken}`)
        .send({ level: 'medium', reason: '双方情绪激动，需关注' });
      expect(other.status).toBe(200);
      await stale.getByRole('button', { name: '确定' }).click();
      await stale.getByText('案件已被他人更新').waitFor();
      await page.locator('.ant-tag', { hasText: /^中风险$/ }).waitFor();
      await expect(stale.locator('#notes').inputValue()).resolves.toContain('第一次调解');
      await screenshot(page, 'mediator-05b-case-stale');
      await stale.getByRole('button', { name: '确定' }).click();
      await page.locator('.ant-modal').waitFor({ state: 'detached' });

      await page.locator('.ant-tag', { hasText: /^调解中$/ }).waitFor();
      await page.getByTestId('session').first().waitFor();
      await act(page, 'record-session', async (modal) => {
        // The browser runs in UTC; the session time starts on now as a Beijing clock reads it (domain.md:
        // times are shown in Asia/Shanghai), not the PC's own zone.
        const shown = Date.parse(`${(await modal.locator('#heldAt').inputValue()).replace(' ', 'T')}:00+08:00`);
        expect(Math.abs(shown - Date.now())).toBeLessThan(3 * 60_000);
        await modal.locator('#notes').fill('第二次调解：物业确认为楼上管道老化，双方同意由楼上赔偿维修费用。');
      });
      await page.getByTestId('session').nth(1).waitFor();
      await screenshot(page, 'mediator-06-case-two-sessions');

      await page.getByTestId('action-bar').locator('button[data-action="record-agreement"]').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.waitFor();
      // The modal zooms in: wait for the animation to end before the screenshot and the axe pass.
      await animationsDone(page);
      await screenshot(page, 'mediator-07-agreement-form');
      await expectNoSeriousViolations(page, 'agreement form');
      await modal.locator('#terms').fill('一、陈某于 12 月 10 日前支付林某维修费 3000 元；二、双方就此事再无争议。');
      await modal.getByRole('button', { name: '确定' }).click();
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      await page.locator('.ant-tag', { hasText: /^履行回访$/ }).waitFor();
      await page.getByTestId('agreement').waitFor();
      await screenshot(page, 'mediator-08-case-following-up');
      await expectNoSeriousViolations(page, 'case following up');

      const view = await page.request.get(`${base}/api/v1/cases/${encodeURIComponent(caseId)}`);
      const body = await view.json();
      expect(body.stage).toBe('following_up');
      expect(body.sessions).toHaveLength(2);
      expect(Math.abs(Date.parse(String(body.sessions[1].heldAt)) - Date.now())).toBeLessThan(5 * 60_000);
      expect(body.agreement.terms).toContain('3000 元');

      // A cookie-authenticated write without the CSRF token is refused, and changes nothing.
      const forged = await page.request.post(`${base}/api/v1/cases/${encodeURIComponent(caseId)}/actions/withdraw`, {
        data: { reason: '伪造的请求' },
        headers: { Origin: base },
      });
      expect(forged.status()).toBe(403);
      const after = await page.request.get(`${base}/api/v1/cases/${encodeURIComponent(caseId)}`);
      expect((await after.json()).stage).toBe('following_up');

      // The follow-up visit finds the agreement performed: the case closes as resolved.
      await act(page, 'record-follow-up', async (m) => {
        await m.locator('#notes').fill('回访：陈某已支付维修费，天花板已修复。');
      });
      await page.locator('.ant-tag', { hasText: /^结案$/ }).waitFor();
      await page.getByTestId('follow-ups').getByText('已履行').waitFor();
      await expect(page.getByTestId('action-bar').textContent()).resolves.toContain('已结案：调解成功，协议已履行');
      await screenshot(page, 'mediator-09-case-closed');
      const closed = await (await page.request.get(`${base}/api/v1/cases/${encodeURIComponent(caseId)}`)).json();
      expect({ stage: closed.stage, outcome: closed.outcome }).toEqual({ stage: 'closed', outcome: 'resolved' });

      // The browser logs the answers this test provokes: the signed-out session probe's 401 and the stale
      // form's 412. Nothing else may be logged.
      expectCleanPage(problems, (e) => e.includes('status of 412') && e.includes('/actions/record-session'));
    });
  });
});
