// Every page type: WCAG 2.2 AA by axe (zero violations), landmarks, one h1,
// no script, reflow at 320 px and at 200% zoom, and a screenshot of each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, visit, assertAccessible, assertStructure, assertReflows, screenshot, firstHref,
} from './support.mjs';

let browser;
const paths = {};

before(async () => {
  browser = await launch();
  // Find one page of each type by following links, as a reader would.
  const page = await openPage(browser);
  await visit(page, '/');
  paths.home = '/';
  paths.councils = '/authorities';
  paths.council = await firstHref(page, '.column-narrow a[href^="/authorities/"]');
  await visit(page, paths.council);
  paths.committee = await firstHref(page, 'a[href^="/committees/"]');
  await visit(page, paths.committee);
  paths.meeting = await firstHref(page, '.meeting-list a[href^="/meetings/"]');
  await visit(page, paths.meeting);
  paths.item = await firstHref(page, '.item-title a[href^="/items/"]');
  paths.person = await firstHref(page, '.people a[href^="/people/"]');
  paths.actions = '/actions';
  await visit(page, paths.actions);
  paths.action = await firstHref(page, '.action-list .action-text a[href^="/actions/"]');
  paths.about = '/about';
  paths.notFound = '/meetings/no/such/meeting';
  // Search: results with snippets, facets and pages; then with the
  // filters open (a filter is set).
  paths.search = '/search?q=report';
  paths.searchFiltered = '/search?q=report&since=2000-01-01&kind=substantive';
  await page.context().close();
});

after(async () => {
  await browser?.close();
});

for (const kind of ['home', 'councils', 'council', 'committee', 'meeting', 'item', 'person', 'actions', 'action', 'about', 'notFound', 'search', 'searchFiltered']) {
  test(`${kind} page: accessible, structured, reflows, screenshot`, async () => {
    const page = await openPage(browser);
    await visit(page, paths[kind], kind === 'notFound' ? 404 : 200);
    await assertStructure(page, kind);
    await assertAccessible(page, kind);
    await screenshot(page, `${kind}-desktop`);
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // 320 CSS pixels wide (a small phone), and 200% zoom of a 1280 px window.
    for (const [label, options] of [
      ['320px', { viewport: { width: 320, height: 640 } }],
      ['zoom200', { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }],
    ]) {
      const small = await openPage(browser, options);
      await visit(small, paths[kind], kind === 'notFound' ? 404 : 200);
      await assertReflows(small, `${kind} at ${label}`);
      await assertAccessible(small, `${kind} at ${label}`);
      if (label === '320px') await screenshot(small, `${kind}-320px`);
      await small.context().close();
    }
  });
}
