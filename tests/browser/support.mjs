// Shared helpers for the browser tests: the server under test, a headless
// Chromium (Debian's package), axe checks and screenshots.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The server under test (scripts/test-browser starts it). */
export const BASE = (process.env.MINUTEBOOK_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('MINUTEBOOK_URL is not set: run scripts/test-browser');

/** Where screenshots go. */
export const ARTEFACTS = process.env.MINUTEBOOK_ARTEFACTS || 'browser-artefacts';
mkdirSync(ARTEFACTS, { recursive: true });

/** A fresh headless Chromium, flags as checked on this machine. A browser
 * that crashes while starting (seen once on a loaded machine) is started
 * again, twice at most: that is the machine, not the site. */
export async function launch() {
  const options = {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch(options);
    } catch (e) {
      if (attempt >= 3) throw e;
      console.error(`chromium did not start (attempt ${attempt}): ${e.message.split('\n')[0]}`);
    }
  }
}

/** A page that fails the test on any script dialog, console error or failed request. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('dialog', (d) => { page.problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|404 \(Not Found\)/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** Goes to `path` and checks the answer's status. */
export async function visit(page, path, status = 200) {
  const response = await page.goto(BASE + path);
  assert.equal(response.status(), status, `${path} answered ${response.status()}`);
  return response;
}

/** WCAG 2.2 A and AA, by axe: there must be no violation at all. */
export async function assertAccessible(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  assert.deepEqual(summary, [], `${label}: axe violations:\n${summary.join('\n')}`);
}

/** The structure every page must have: landmarks, a skip link, one h1. */
export async function assertStructure(page, label) {
  const counts = await page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    header: document.querySelectorAll('body > header').length,
    footer: document.querySelectorAll('body > footer').length,
    nav: document.querySelectorAll('nav').length,
    skip: document.querySelector('a.skip-link')?.getAttribute('href'),
    lang: document.documentElement.lang,
    title: document.title,
    scripts: document.querySelectorAll('script').length,
  }));
  assert.equal(counts.h1, 1, `${label}: one h1`);
  assert.equal(counts.main, 1, `${label}: one main`);
  assert.equal(counts.header, 1, `${label}: a banner`);
  assert.equal(counts.footer, 1, `${label}: a content-info footer`);
  assert.ok(counts.nav >= 1, `${label}: navigation`);
  assert.equal(counts.skip, '#main', `${label}: skip link`);
  assert.equal(counts.lang, 'en-GB', `${label}: language`);
  assert.match(counts.title, /– minutebook$/, `${label}: title`);
  assert.equal(counts.scripts, 0, `${label}: no script`);
}

/** No horizontal scrolling of the page itself (WCAG 1.4.10 reflow). */
export async function assertReflows(page, label) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= width + 1, `${label}: page is ${scroll}px wide in a ${width}px viewport`);
}

/** Saves a full-page screenshot as a test artefact. */
export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

/** The href of the first link matching `selector`. */
export async function firstHref(page, selector) {
  const href = await page.locator(selector).first().getAttribute('href');
  assert.ok(href, `no link ${selector} on ${page.url()}`);
  return href;
}
