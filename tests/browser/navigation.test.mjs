// Navigation as readers do it: by links from the home page down to a
// person, and by keyboard alone (skip link first, visible focus, every
// link reachable).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, visit } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home → council → committee → meeting → item → person, by clicking', async () => {
  const page = await openPage(browser);
  await visit(page, '/');
  await page.locator('.column-narrow a[href^="/authorities/"]').first().click();
  assert.match(new URL(page.url()).pathname, /^\/authorities\/[^/]+$/);
  await page.locator('a[href^="/committees/"]').first().click();
  assert.match(new URL(page.url()).pathname, /^\/committees\/[^/]+\/[^/]+$/);
  const committee = await page.locator('h1').innerText();
  await page.locator('.meeting-list a').first().click();
  assert.match(new URL(page.url()).pathname, /^\/meetings\/[^/]+\/[^/]+\/[^/]+$/);
  assert.equal(await page.locator('.caption a').innerText(), committee, 'the meeting names its committee');
  // The agenda links to each item on the page.
  const anchor = await page.locator('.agenda-list a').nth(1).getAttribute('href');
  assert.ok(await page.locator(anchor).count(), `anchor ${anchor} exists`);
  await page.locator('.item-title a').nth(1).click();
  assert.match(new URL(page.url()).pathname, /^\/items\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/);
  await page.locator('.breadcrumbs a').last().click();
  assert.match(new URL(page.url()).pathname, /^\/meetings\//, 'breadcrumb back to the meeting');
  const person = page.locator('.people a[href^="/people/"]').first();
  const name = await person.innerText();
  await person.click();
  assert.match(new URL(page.url()).pathname, /^\/people\/[^/]+\/[^/]+$/);
  assert.ok((await page.locator('h1').innerText()).includes(name.split(' ').pop()), 'the person page is theirs');
  assert.ok(await page.locator('table tbody tr').count() >= 1, 'their meetings are listed');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('home search box → results → a result → its meeting', async () => {
  const page = await openPage(browser);
  await visit(page, '/');
  await page.getByLabel('Search the minutes').fill('report');
  await page.getByRole('button', { name: 'Search' }).click();
  const url = new URL(page.url());
  assert.equal(url.pathname, '/search');
  assert.equal(url.searchParams.get('q'), 'report');
  assert.match(await page.locator('#results-h').innerText(), /^[\d,]+ results? for “report”$/);
  assert.ok(await page.locator('.results mark').count() >= 1, 'matched words are marked');
  assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count(), 1, 'a feed of the search');
  // A council facet narrows the search and keeps the query.
  await page.locator('.facets a').first().click();
  assert.equal(new URL(page.url()).searchParams.get('q'), 'report');
  assert.ok(await page.locator('.results li').count() >= 1);
  const meeting = page.locator('.results .meta a').first();
  const [committee] = (await meeting.innerText()).split(',');
  await meeting.click();
  assert.match(new URL(page.url()).pathname, /^\/meetings\/[^/]+\/[^/]+\/[^/]+$/);
  assert.ok(new URL(page.url()).hash.startsWith('#item-'), 'at the matching item');
  assert.ok(await page.locator(new URL(page.url()).hash).count(), 'the item is on the page');
  assert.equal(await page.locator('.caption a').innerText(), committee, 'the meeting of the result');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('keyboard: skip link first, focus visible, skip moves to main', async () => {
  const page = await openPage(browser);
  await visit(page, '/');
  const meeting = await page.locator('.meeting-feed a[href^="/meetings/"]').first().getAttribute('href');
  await visit(page, meeting);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    text: document.activeElement.textContent,
    left: document.activeElement.getBoundingClientRect().left,
  }));
  assert.equal(first.text, 'Skip to main content');
  assert.ok(first.left >= 0, 'the skip link is shown when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#main');
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
  assert.ok(inMain, 'after skipping, the next Tab lands in the main content');
  // Every focused link shows a focus indicator (yellow background or outline).
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const style = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { tag: el.tagName, bg: s.backgroundColor, outline: s.outlineStyle, shadow: s.boxShadow };
    });
    if (style.tag === 'BODY') break;
    const visible = style.bg === 'rgb(255, 221, 0)' || style.outline !== 'none' || style.shadow !== 'none';
    assert.ok(visible, `focus is visible on a ${style.tag}: ${JSON.stringify(style)}`);
  }
  await page.context().close();
});

test('keyboard alone reaches the item pages from the agenda', async () => {
  const page = await openPage(browser);
  await visit(page, '/');
  const meeting = await page.locator('.meeting-feed a[href^="/meetings/"]').first().getAttribute('href');
  await visit(page, meeting);
  const target = await page.locator('.item-title a').first().getAttribute('href');
  let reached = false;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.evaluate(() => document.activeElement.getAttribute('href'))) === target;
  }
  assert.ok(reached, `Tab reaches ${target}`);
  await page.keyboard.press('Enter');
  await page.waitForURL(BASE + target);
  await page.context().close();
});
