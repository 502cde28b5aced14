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

/** Fails with the screen's name and what axe found when anything serious or critical is on the page. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  // The pointer off every control: a button still under it from the last click is measured in its hover
  // colour (seen in CI: 确定 at 4.16:1), which is not the colour the page shows.
  await page.mouse.move(0, 0);
  const found = await seriousViolations(page);
  expect({ screen, found }).toEqual({ screen, found: [] });
}
