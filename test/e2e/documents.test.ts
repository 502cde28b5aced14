/**
 * The case documents from the case page's 文书 menu, in a real browser against the real stack (console.md
 * "Beyond the anchors" 5): the menu offers what exists and says why the rest does not; the agreement
 * opens in a new tab and prints (Chromium's print-to-PDF, what the print dialog produces) as an A4
 * document whose text a reader can find; the Word file downloads. Oracles: api.md "Statistics and
 * documents", 人民调解工作若干规定 Art. 34 (what an agreement says), 人民调解法 Art. 29 (one original for each
 * party and one the committee keeps: 2 parties → 「本协议一式3份」).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { ROOM } from '../support/case-script';
import { expectNoSeriousViolations } from './axe';
import {
  SCREENSHOT_DIR,
  caseThrough,
  createUser,
  expectCleanPage,
  screenshot,
  signIn,
  steps,
  useE2EPage,
  useE2EStack,
  watchProblems,
} from './browser';
import { shanghaiToday } from '../support/shanghai-today';

const env = useE2EStack();
const suffix = randomUUID().slice(0, 6);

/** How a Chinese document writes a day: 2026-11-04 → 2026年11月4日. */
const printed = (isoDate: string): string => {
  const [y, m, d] = isoDate.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * The text of each page of a PDF, read with pdf.js. pdfjs-dist ships only ES modules, which jest's
 * CommonJS sandbox cannot import (without --experimental-vm-modules), so a plain Node process reads it.
 */
function pdfPages(pdf: Buffer): string[] {
  const script = `
    import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise;
    const pages = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
    process.stdout.write(JSON.stringify(pages));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: pdf,
    cwd: path.join(__dirname, '..', '..'),
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as string[];
}

/**
 * Chromium's PDF maps some glyphs that Noto CJK shares between a radical and an ideograph back to the
 * radical (人 → ⼈ U+2F08, 民 → ⺠ U+2EA0): copying or searching the PDF finds the radical. NFKC folds the
 * Kangxi radicals (U+2F00–U+2FD5); the CJK Radicals Supplement has no decomposition, so these are the
 * equivalents of Unicode's EquivalentUnifiedIdeograph.txt for the simplified characters, each checked by
 * printing the ideograph with Chromium here and reading it back.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2E9F': '母',
  '\u2EA0': '民',
  '\u2EC5': '见',
  '\u2EC6': '角',
  '\u2EC8': '讠',
  '\u2ECB': '车',
  '\u2ED0': '钅',
  '\u2ED3': '长',
  '\u2ED4': '门',
  '\u2ED8': '青',
  '\u2EDA': '页',
  '\u2EDB': '风',
  '\u2EDC': '飞',
  '\u2EDD': '食',
  '\u2EE2': '马',
  '\u2EE4': '鬼',
  '\u2EE9': '黄',
  '\u2EEC': '齐',
  '\u2EEE': '齿',
  '\u2EF3': '龟',
};
/** The text as a reader means it: radicals back to ideographs, and no white space (lines wrap anywhere). */
const readable = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\u2E80-\u2EFF]/g, (c) => RADICAL_SUPPLEMENT[c] ?? c)
    .replace(/\s+/g, '');

/**
 * The link of the focused menu item as `kind:format` (the item or its link holds the focus), once antd's
 * menu has moved it there (a frame after the key; polled, as the CSP refuses waitForFunction).
 */
async function focusedLink(page: Page, expected: string): Promise<string | null> {
  let found: string | null = null;
  for (let i = 0; i < 40 && found !== expected; i++) {
    if (i > 0) await page.waitForTimeout(50);
    found = await page.evaluate<string | null>(`(() => {
      const a = document.activeElement?.closest('li[role="menuitem"]')?.querySelector('a');
      return a ? a.getAttribute('data-document') + ':' + a.getAttribute('data-format') : null;
    })()`);
  }
  return found;
}

describe('the 文书 menu on the case page', () => {
  const current = useE2EPage(env);

  test('when a case has an agreement, then the menu prints it as an A4 PDF with the parties, the terms and 一式3份, and downloads it as Word; the follow-up record says it does not exist yet', async () => {
    const { page, problems, context } = current;
    const password = `docs-${suffix}-2026`;
    const mediator = await createUser(env, {
      login: `docs-${suffix}`,
      name: '郑调解',
      role: 'mediator',
      org: ROOM,
      password,
    });
    const asMediator = { role: 'mediator', org: ROOM };
    const signedOn = shanghaiToday();
    const performanceDueOn = shanghaiToday(20);
    const terms = '陈某赔偿林某天花板维修费3000元，双方就此纠纷再无争议';
    const { id, caseNo } = await caseThrough(
      env,
      [
        { action: 'accept', body: { track: 'people', assigneeId: mediator.id }, as: asMediator },
        {
          action: 'record-session',
          body: {
            heldAt: new Date().toISOString(),
            mode: 'on_site',
            attendees: ['林某', '陈某'],
            notes: '双方到场，陈述漏水经过。',
          },
          as: asMediator,
        },
        {
          action: 'record-agreement',
          body: {
            terms,
            signedOn,
            performanceDueOn,
            obligations: [
              { party: '陈某', obligation: '向林某支付维修费3000元' },
              { party: '林某', obligation: '收款后出具收条' },
            ],
          },
          as: asMediator,
        },
      ],
      '楼上卫生间漏水致楼下天花板受损，双方就赔偿协商未果。',
    );

    await steps(page, problems, 'documents', async () => {
      await signIn(page, env.base, mediator.login, password);
      await page.waitForURL(/\/console\/?$/);
      await page.goto(`${env.base}/console/cases/${encodeURIComponent(id)}`);
      await expect(page.getByTestId('case-no').textContent()).resolves.toBe(caseNo);

      // From the keyboard: the button opens the menu, the arrow keys reach the first document's link.
      await page.getByTestId('documents-button').focus();
      await page.keyboard.press('Enter');
      const menu = page.locator('ul.ant-dropdown-menu[role="menu"]');
      await menu.waitFor();
      await expect(focusedLink(page, 'intake-register:html')).resolves.toBe('intake-register:html');
      await page.keyboard.press('ArrowDown');
      await expect(focusedLink(page, 'intake-register:docx')).resolves.toBe('intake-register:docx');

      // All five, by the names printed on them; the follow-up record disabled with its reason.
      for (const name of ['人民调解受理登记表', '调解记录', '人民调解协议书', '回访记录', '人民调解卷宗'])
        await menu.getByText(name, { exact: true }).waitFor();
      const link = (kind: string, format: 'html' | 'docx') =>
        menu.locator(`a[data-document="${kind}"][data-format="${format}"]`);
      for (const kind of ['intake-register', 'session-record', 'agreement', 'case-file'])
        await expect(link(kind, 'html').count()).resolves.toBe(1);
      await expect(link('follow-up-record', 'html').count()).resolves.toBe(0);
      await expect(link('follow-up-record', 'docx').count()).resolves.toBe(0);
      const missing = menu.locator('[data-missing="follow-up-record"]');
      await expect(missing.textContent()).resolves.toBe('尚未进行回访');
      await expect(missing.locator('xpath=ancestor::li[@role="menuitem"]').getAttribute('aria-disabled')).resolves.toBe(
        'true',
      );
      await expect(link('agreement', 'html').getAttribute('aria-label')).resolves.toBe('打印 人民调解协议书');
      await page.mouse.move(0, 0);
      await screenshot(page, 'documents-01-case-menu');
      await expectNoSeriousViolations(page, 'case page · 文书 menu');

      // 打印, from the keyboard: down to the agreement, Enter opens it in a new tab, which is printed as the
      // print dialog would print it.
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      await expect(focusedLink(page, 'agreement:html')).resolves.toBe('agreement:html');
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('Enter')]);
      const popupProblems = await watchProblems(popup);
      await popup.waitForLoadState();
      expect(popup.url()).toBe(`${env.base}/api/v1/cases/${encodeURIComponent(id)}/documents/agreement`);
      await expect(popup.title()).resolves.toContain('人民调解协议书');
      await screenshot(popup, 'documents-02-agreement');
      const pdf = await popup.pdf({ format: 'A4', printBackground: true });
      // Beside the screenshots, to be looked at: what the print dialog's 「另存为 PDF」 gives.
      writeFileSync(path.join(SCREENSHOT_DIR, 'documents-03-agreement.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = pdfPages(pdf);
      expect(pages.length).toBeGreaterThanOrEqual(1);
      const text = readable(pages.join('\n'));
      for (const expected of [
        '人民调解协议书',
        caseNo,
        '林某',
        '陈某',
        terms,
        '向林某支付维修费3000元',
        '收款后出具收条',
        printed(performanceDueOn),
        printed(signedOn),
        '本协议一式3份',
      ])
        expect({ expected, found: text.includes(readable(expected)) }).toEqual({ expected, found: true });
      // Every printed page carries the case number (the running header).
      for (const [i, p] of pages.entries())
        expect({ page: i + 1, caseNo: readable(p).includes(readable(caseNo)) }).toEqual({ page: i + 1, caseNo: true });
      expect(popupProblems.cspViolations).toEqual([]);
      await popup.close();

      // 下载 Word: the .docx through the menu.
      await page.getByTestId('documents-button').click();
      await menu.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), link('agreement', 'docx').click()]);
      expect(download.suggestedFilename()).toBe(`${caseNo}-agreement.docx`);
      const file = readFileSync(await download.path());
      expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
      const documentXml = unzipSync(new Uint8Array(file))['word/document.xml'];
      expect(documentXml).toBeDefined();
      expect(strFromU8(documentXml!)).toContain(caseNo);

      expect(context.pages()).toHaveLength(1);
      expectCleanPage(problems);
    });
  });
});
