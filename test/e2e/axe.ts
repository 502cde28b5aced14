/**
 * axe-core in the page under test. The console's CSP (`script-src 'self'`) refuses an added inline
 * script, which is what `addScriptTag({ path })` makes; code evaluated through the DevTools protocol
 * (`page.evaluate`) is not subject to the page's CSP, so axe is evaluated that way and the CSP stays
 * as strict as in production (the other tests assert it refuses nothing the console itself loads).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** The serious and critical accessibility violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  // A string, evaluated in the page: this project's Node type-check has no DOM types.
  const findings = await page.evaluate<AxeFinding[]>(`(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target) + ' ' + n.html.slice(0, 160) + ' — ' + (n.failureSummary || '').slice(0, 200)),
    }));
  })()`);
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/** antd's modal zoom and mask fade, popovers and tooltips, message fades and dropdown slides, in or out: half-transparent, so axe would measure a colour the
 * page shows only for a moment (seen in CI: 已保存 fading out at 3.07:1, 已办理 fading in). */
const MOVING = ['zoom', 'zoom-big', 'zoom-big-fast', 'fade', 'message-fade', 'slide-up', 'slide-down']
  .flatMap((m) => ['appear', 'enter', 'leave'].map((s) => `.ant-${m}-${s}`))
  .join(', ');

/** Waits for those animations to end (polled through CDP: the CSP forbids the in-page eval of waitForFunction). */
export async function animationsDone(page: Page): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (!(await page.evaluate(`!!document.querySelector(${JSON.stringify(MOVING)})`))) return;
    await page.waitForTimeout(50);
  }
}

/** Fails with the screen's name and what axe found when anything serious or critical is on the page. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  // The pointer off every control: a button still under it from the last click is measured in its hover
  // colour (seen in CI: 确定 at 4.16:1), which is not the colour the page shows. Then whatever that
  // started (a tooltip leaving, a colour transition of 0.2 s) and any other animation ends.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  await animationsDone(page);
  const found = await seriousViolations(page);
  expect({ screen, found }).toEqual({ screen, found: [] });
}
