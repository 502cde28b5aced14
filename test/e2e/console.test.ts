/**
 * The console in a browser against the real stack (api.md "The console"): a mediator signs in through
 * the form, sees a case registered for the unit in the queue, opens it, sees what may and may not be
 * done with it, and signs out; no console error and no CSP refusal on the way.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { intakeBody, runKey } from '../support/stack';
import { ROOM } from '../support/case-script';
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

/** Unique to the run: the accounts live in the test's own database, but the names should not collide. */
const suffix = randomUUID().slice(0, 6);

/** The case's row in 待受理. Earlier tests leave more than a page of cases due the same day in this room,
 * in no fixed order among themselves: it is found by its number. */
async function unacceptedRow(page: Page, caseNo: string) {
  await page.getByTestId('tab-unaccepted').click();
  await page.getByTestId('queue-search').locator('input').fill(caseNo);
  await page.keyboard.press('Enter');
  const row = page.locator('tr', { hasText: caseNo });
  await row.waitFor();
  return row;
}

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

  test('when a mediator presses / and types part of a summary or a case number, then the tab shows only the cases the API finds for it, and Esc brings the rest back', async () => {
    const { page, problems } = current;
    const { base } = env;
    await steps(page, problems, 'queue-search', async () => {
      const password = `search-${suffix}-2026`;
      const mediator = await createUser(env, { login: `find-${suffix}`, role: 'mediator', org: ROOM, password });
      const word = `犬吠${suffix}`;
      const barking = await caseThrough(env, [], `邻居家${word}扰民，双方多次争吵。`);
      const leak = await caseThrough(env, [], '楼上漏水，天花板受损，协商未果。');

      await signIn(page, base, mediator.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.getByTestId('tab-unaccepted').click();
      await page.locator('tr', { hasText: barking.caseNo }).waitFor();
      await page.locator('tr', { hasText: leak.caseNo }).waitFor();

      // `/` from anywhere on the page (not typing) puts the cursor in the search box.
      await page.locator('h4').click();
      await page.keyboard.press('/');
      await expect(
        page.evaluate('document.activeElement?.closest("[data-testid=queue-search]") !== null'),
      ).resolves.toBe(true);
      await page.keyboard.type(word);
      await page.keyboard.press('Enter');
      await page.locator('tr', { hasText: leak.caseNo }).waitFor({ state: 'detached' });
      await page.locator('tr', { hasText: barking.caseNo }).waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe(word);
      // The oracle is the API: the tab's filter and the same `q`.
      const api = await page.request.get(
        `${base}/api/v1/cases?view=unaccepted&q=${encodeURIComponent(word)}&limit=100`,
      );
      const found = ((await api.json()) as { items: Array<{ caseNo: string }> }).items.map((c) => c.caseNo);
      expect(found).toEqual([barking.caseNo]);
      await expect(page.locator('tbody tr.ant-table-row').count()).resolves.toBe(found.length);
      await expect(page.getByTestId('queue-search-count').textContent()).resolves.toContain('1 件');
      await screenshot(page, '07-queue-search');
      await expectNoSeriousViolations(page, 'queue with a search');
      // The tab and the search are in the address: a reload keeps both.
      await page.reload();
      await page.locator('tr', { hasText: barking.caseNo }).waitFor();
      await expect(page.locator('tbody tr.ant-table-row').count()).resolves.toBe(1);
      await page.locator('h4').click();

      // Enter handed the keyboard back to the list: Enter opens the one result; back keeps the search.
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/console/cases/${barking.id}`);
      await page.goBack();
      await page.locator('tr', { hasText: barking.caseNo }).waitFor();
      await expect(page.getByTestId('queue-search').locator('input').inputValue()).resolves.toBe(word);

      // The search holds across tabs; a case number finds its case; nothing found says so.
      await page.getByTestId('tab-mine').click();
      await page.getByText(`本标签页没有符合“${word}”的案件`).waitFor();
      await page.getByTestId('tab-unaccepted').click();
      await page.keyboard.press('/');
      await page.keyboard.type(leak.caseNo);
      await page.locator('tr', { hasText: leak.caseNo }).waitFor();
      await page.locator('tr', { hasText: barking.caseNo }).waitFor({ state: 'detached' });

      // Esc clears: both cases again, and the address without `q`.
      await page.keyboard.press('Escape');
      await page.locator('tr', { hasText: barking.caseNo }).waitFor();
      await page.locator('tr', { hasText: leak.caseNo }).waitFor();
      await expect(page.getByTestId('queue-search').locator('input').inputValue()).resolves.toBe('');
      expect(new URL(page.url()).searchParams.has('q')).toBe(false);

      // `?` lists the new keys.
      await page.keyboard.press('?');
      await page
        .locator('.ant-modal')
        .getByText(/\/ 搜索案号或摘要 · Esc 清除搜索/)
        .waitFor();
      await animationsDone(page);
      await screenshot(page, '08-queue-shortcuts');
      expectCleanPage(problems);
    });
  });

  test('when a tab holds more than a page, then 加载更多 brings the rest, in the API’s order', async () => {
    const { page, problems } = current;
    const { base } = env;
    await steps(page, problems, 'queue-more', async () => {
      const password = `more-${suffix}-2026`;
      const mediator = await createUser(env, { login: `more-${suffix}`, role: 'mediator', org: ROOM, password });
      const word = `鸡鸣${suffix}`;
      // One more than a page (50, the tab's page size) and one: filed four at a time.
      for (let i = 0; i < 52; i += 4)
        await Promise.all(
          Array.from({ length: Math.min(4, 52 - i) }, (_, j) =>
            caseThrough(env, [], `邻居家${word}扰民，第 ${i + j + 1} 次。`),
          ),
        );
      await signIn(page, base, mediator.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.goto(`${base}/console/?view=unaccepted&q=${encodeURIComponent(word)}`);
      const rows = page.locator('tbody tr.ant-table-row');
      await page.getByTestId('queue-more').waitFor();
      await expect(rows.count()).resolves.toBe(50);
      await expect(page.getByTestId('queue-search-count').textContent()).resolves.toContain('还有更多');
      await page.getByTestId('queue-more').click();
      await page.getByTestId('queue-more').waitFor({ state: 'detached' });
      await expect(rows.count()).resolves.toBe(52);
      // The oracle is the API: the tab's filter, the same `q`, its order.
      const api = await page.request.get(
        `${base}/api/v1/cases?view=unaccepted&q=${encodeURIComponent(word)}&sort=nextDueAt&limit=100`,
      );
      const expected = ((await api.json()) as { items: Array<{ caseNo: string }> }).items.map((c) => c.caseNo);
      const shown = await rows.allTextContents();
      expect(shown.map((text) => expected.find((no) => text.includes(no)))).toEqual(expected);
      await screenshot(page, '09-queue-more');
      expectCleanPage(problems);
    });
  });

  test('when a mediator picks 特大 in the header, then the text is larger everywhere, still after a reload, and the queue and the case page fit the window', async () => {
    const { page, problems } = current;
    const { base } = env;
    await steps(page, problems, 'font-size', async () => {
      // A county office's screen, narrower than the other tests'.
      await page.setViewportSize({ width: 1280, height: 800 });
      const password = `large-${suffix}-2026`;
      const mediator = await createUser(env, { login: `big-${suffix}`, role: 'mediator', org: ROOM, password });
      const filed = await caseThrough(env, [], '相邻通行纠纷：一方在共用通道堆放杂物，老人出行不便。');
      await signIn(page, base, mediator.login, password);
      await page.waitForURL(/\/console\/?$/);
      const row = await unacceptedRow(page, filed.caseNo);
      const cellSize = () =>
        page.evaluate<string>('getComputedStyle(document.querySelector("tbody .ant-table-cell")).fontSize');
      await expect(cellSize()).resolves.toBe('14px');

      await page.getByTestId('font-size').getByText('特大', { exact: true }).click();
      await expect(cellSize()).resolves.toBe('20px');
      await page.reload();
      await row.waitFor();
      await expect(cellSize()).resolves.toBe('20px');
      await expect(page.evaluate('localStorage.getItem("mediation-console.fontSize")')).resolves.toBe('xlarge');

      // Nothing spills out sideways, and the menu keeps every screen (none folded into 「…」).
      const fits = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
      await expect(fits()).resolves.toBe(true);
      await expect(page.locator('.ant-menu-overflow-item-rest:visible').count()).resolves.toBe(0);
      await page.getByTestId('nav').getByText('组织机构').waitFor();
      await screenshot(page, '09-queue-xlarge');
      await expectNoSeriousViolations(page, 'queue at 特大');

      // Other tests' cases share the tab: open this one by its number.
      await row.getByText(filed.caseNo).click();
      await page.waitForURL(`${base}/console/cases/${filed.id}`);
      await page.getByTestId('deadline-card').first().waitFor();
      await expect(fits()).resolves.toBe(true);
      await screenshot(page, '10-case-xlarge');
      await expectNoSeriousViolations(page, 'case at 特大');

      // Back to 标准: the choice is the user's, both ways.
      await page.getByTestId('font-size').getByText('标准', { exact: true }).click();
      await expect(
        page.evaluate<string>('getComputedStyle(document.querySelector("[data-testid=case-no]")).fontSize'),
      ).resolves.toBe('24px');
      expectCleanPage(problems);
    });
  });
  test('when the session runs out while a mediator types a session record, then a sign-in covers the page, and signing in again keeps what was typed for 确定', async () => {
    const { page, problems, context } = current;
    const { base } = env;
    await steps(page, problems, 'session-expired', async () => {
      const password = `expiry-${suffix}-2026`;
      const mediator = await createUser(env, { login: `exp-${suffix}`, role: 'mediator', org: ROOM, password });
      const kase = await caseThrough(
        env,
        [{ action: 'accept', body: { track: 'people', assigneeId: mediator.id }, as: { role: 'mediator', org: ROOM } }],
        '宅基地边界纠纷：两户因围墙位置争执。',
      );
      await signIn(page, base, mediator.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.goto(`${base}/console/cases/${kase.id}`);
      await page.getByTestId('action-bar').locator('button[data-action="record-session"]').click();
      const form = page.locator('.ant-modal:visible', { hasText: '记录调解' });
      await form.waitFor();
      await animationsDone(page);
      const notes = '第一次调解：双方到场，同意请村委会丈量边界后再议。';
      await form.locator('#notes').fill(notes);

      // The session ends (idle 30 min; here the browser loses its cookie): the answer is 401.
      await context.clearCookies();
      await form.getByRole('button', { name: '确定' }).click();
      const expired = page.locator('.ant-modal:visible', { hasText: '登录已过期' });
      await expired.waitFor();
      await animationsDone(page);
      // Nothing of the case is readable behind it, and the typed record is still in its form.
      await expect(
        page.evaluate<string>(
          'getComputedStyle([...document.querySelectorAll(".ant-modal-mask")].pop()).backdropFilter',
        ),
      ).resolves.toMatch(/blur/);
      await expect(form.locator('#notes').inputValue()).resolves.toBe(notes);
      await expect(expired.locator('input[name="login"]').inputValue()).resolves.toBe(mediator.login);
      await screenshot(page, '11-session-expired');

      await expired.locator('input[name="password"]').fill(password);
      await expired.getByRole('button', { name: '登录', exact: true }).click();
      await expired.waitFor({ state: 'detached' });
      await expect(form.locator('#notes').inputValue()).resolves.toBe(notes);
      await form.getByRole('button', { name: '确定' }).click();
      await page.getByTestId('session').first().waitFor();
      await expect(page.getByTestId('session').first().textContent()).resolves.toContain('村委会丈量边界');
      expect(page.url()).toBe(`${base}/console/cases/${kase.id}`);
      // The refused write and the reloads under the dialog answered 401, and the browser logs them.
      expectCleanPage(problems, (e) => e.includes('status of 401'));
    });
  });
  test('when the queue cannot refresh, then its rows stay with a warning, and 重试 brings it back', async () => {
    const { page, problems } = current;
    const { base } = env;
    await steps(page, problems, 'queue-stale', async () => {
      const password = `stale-${suffix}-2026`;
      const mediator = await createUser(env, { login: `stale-${suffix}`, role: 'mediator', org: ROOM, password });
      const filed = await caseThrough(env, [], '邻里噪音纠纷：楼下商铺夜间施工。');
      await signIn(page, base, mediator.login, password);
      await page.waitForURL(/\/console\/?$/);
      const row = await unacceptedRow(page, filed.caseNo);

      // The network drops: 刷新 fails, and the rows it had stay, saying they are not current.
      const list = `${base}/api/v1/cases?**`;
      await page.route(list, (r) => r.abort());
      await page.getByRole('button', { name: '刷新' }).click();
      await page.getByTestId('stale-banner').waitFor();
      await expect(row.isVisible()).resolves.toBe(true);
      await screenshot(page, '12-queue-stale');
      await page.unroute(list);
      await page.getByTestId('stale-banner').getByRole('button', { name: '重试' }).click();
      await page.getByTestId('stale-banner').waitFor({ state: 'detached' });
      await row.waitFor();
      // The aborted requests are logged by the browser.
      expectCleanPage(problems, (e) => e.includes('net::ERR_FAILED'));
    });
  });
});
