// The actions tracker as readers use it: from a meeting to an action and
// its history (including a status set through the API with the token), and
// the tracker's filter form, submitted as a form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, visit, firstHref } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TOKEN = process.env.MINUTEBOOK_TOKEN || '';

test('meeting → action → its history, and a status set by hand shows in it', async () => {
  const page = await openPage(browser);
  // A meeting that asked for something: the one that raised the first action.
  await visit(page, '/actions');
  const meeting = await firstHref(page, '.action-list dd a[href^="/meetings/"]');
  await visit(page, meeting);
  const status = page.locator('.actions a.tag[href^="/actions/"]').first();
  const label = await status.innerText();
  await status.click();
  const path = new URL(page.url()).pathname;
  assert.match(path, /^\/actions\/[^/]+\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/);
  assert.equal(await page.locator('.lead .tag').innerText(), label, 'the same status as on the meeting page');
  assert.equal(await page.locator('.summary a[href^="/meetings/"]').first().getAttribute('href'), meeting, 'it names the meeting that asked');
  const rows = page.locator('#history-h ~ .table-wrap tbody tr');
  const before = await rows.count();
  assert.ok(before >= 1, 'the tracker recorded its status');
  assert.equal(await rows.first().locator('td').nth(2).innerText(), 'The tracker');

  // Set a status through the API, as a clerk's tool would.
  const api = `${BASE}/api/v1${path}/status`;
  const refused = await fetch(api, { method: 'POST', body: JSON.stringify({ status: 'addressed', reason: 'x', by: 'y' }) });
  assert.equal(refused.status, 401, 'the token is required');
  const set = await fetch(api, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'dropped', reason: 'Withdrawn by the chair (browser test)', by: 'Browser Test' }),
  });
  assert.equal(set.status, 200, await set.text());
  await page.reload();
  assert.equal(await rows.count(), before + 1, 'one more event in the history');
  const last = rows.last();
  assert.equal(await last.locator('td').nth(1).innerText(), 'Dropped');
  assert.equal(await last.locator('td').nth(2).innerText(), 'Set by Browser Test');
  assert.equal(await last.locator('td').nth(3).innerText(), 'Withdrawn by the chair (browser test)');
  assert.match(await page.locator('.lead .tag').innerText(), /^Dropped \(set by hand\)$/);
  // Back on the meeting page, the action shows its new status.
  await visit(page, meeting);
  assert.equal(await page.locator(`.actions a.tag[href="${path}"]`).innerText(), 'Dropped (set by hand)');
  // Hand it back, so the other tests see the tracker's own statuses.
  const back = await fetch(api, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ status: null, reason: 'browser test done', by: 'Browser Test' }),
  });
  assert.equal(back.status, 200);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the tracker filters by status and committee with its form', async () => {
  const page = await openPage(browser);
  await visit(page, '/actions');
  const all = await page.locator('.action-list > li').count();
  assert.ok(all >= 1, 'there are actions');
  // Filter by the status of the first action listed.
  const wanted = await page.locator('.action-list .tag').first().innerText();
  await page.getByLabel('Status').selectOption({ label: wanted });
  await page.getByRole('button', { name: 'Show actions' }).click();
  assert.equal(new URL(page.url()).pathname, '/actions');
  assert.ok(new URL(page.url()).searchParams.get('status'), 'the form is a GET form');
  const tags = await page.locator('.action-list .tag').allInnerTexts();
  assert.ok(tags.length >= 1 && tags.every((t) => t === wanted), `only ${wanted}: ${tags}`);
  assert.equal(await page.getByLabel('Status').inputValue(), wanted.toLowerCase(), 'the choice is kept');
  // The feeds offered keep the filters.
  const csv = await page.locator('a[href^="/actions.csv"]').getAttribute('href');
  assert.match(csv, /status=/);
  // Then by committee too: every action listed is that committee's.
  const committee = await page.getByLabel('Committee').locator('option').nth(1);
  const name = (await committee.innerText()).replace(/ \(.*\)$/, '');
  await page.getByLabel('Committee').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Show actions' }).click();
  const names = await page.locator('.action-list dd a[href^="/committees/"]').allInnerTexts();
  assert.ok(names.every((n) => n === name), `only ${name}: ${names}`);
  // Clearing the filters shows everything again.
  await page.getByRole('link', { name: 'Clear the filters' }).click();
  assert.equal(await page.locator('.action-list > li').count(), all);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
