/**
 * A real browser for the console tests: Debian's chromium driven by playwright-core (whose bundled
 * major matches it; `npx playwright install` cannot download here). A missing executable fails the
 * run: a browser test that skips itself would pass without testing anything.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Every screen's screenshot, as the issue asks (`.test-data/` is not committed). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', '.test-data', 'screens');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no chromium at ${CHROMIUM}: install it (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the page complained about: console errors, uncaught exceptions and CSP refusals. */
export interface PageProblems {
  errors: string[];
  cspViolations: string[];
  /** Every API answer that was not 2xx/3xx, for the failure message. */
  failedResponses: string[];
}

/** Collects every console error, page error and CSP violation of `page` from now on. */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { errors: [], cspViolations: [], failedResponses: [] };
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
  // Runs before any page script; CDP-injected, so the page's own CSP does not block it.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      void window.__reportCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
    });`,
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.includes('Content Security Policy')) problems.cspViolations.push(text);
    else if (msg.type() === 'error') problems.errors.push(`${text} @ ${msg.location().url}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedResponses.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`uncaught: ${err.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
