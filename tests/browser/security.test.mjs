// A document full of script, uploaded through the API with the server's
// token, must be shown as text: no script runs, no element or link is
// injected, in any page of it or in its feed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, visit } from './support.mjs';

const TOKEN = process.env.MINUTEBOOK_TOKEN;
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const HOSTILE = [
  'Agenda and minutes',
  '',
  'Hostile Scrutiny Committee - Thursday 13th June 2024 7.00 pm',
  '',
  'Venue: <script>alert("venue")</script> Town Hall',
  '',
  'Contact: "><img src=x onerror=alert("contact")>',
  '',
  'Items',
  'No. Item',
  '',
  '10.',
  '',
  '<script>alert("title")</script> Budget "><img src=x onerror=alert(1)>',
  '',
  'Minutes:',
  '',
  'See <a href="javascript:alert(2)">the report</a> and javascript:alert(3) for details.',
  '',
  '- <img src=x onerror=alert(4)> point',
  '',
  'RESOLVED: That <script>alert(5)</script> be noted and the Director of Finance be requested to report "><svg onload=alert(6)> to the next meeting.',
  '',
].join('\n');

test('hostile minutes are shown as text, never run', { skip: !TOKEN && 'MINUTEBOOK_TOKEN not set' }, async () => {
  const page = await openPage(browser);
  const up = await page.request.post(`${BASE}/api/v1/documents?name=hostile.txt&authority=Hostile%20Council`, {
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
    data: HOSTILE,
  });
  assert.equal(up.status(), 201, await up.text());
  const { identifier } = await up.json();
  const committee = identifier.split('/').slice(0, 2).join('/');
  for (const path of [
    `/meetings/${identifier}`,
    `/items/${identifier}/10`,
    `/committees/${committee}`,
    '/',
  ]) {
    await visit(page, path);
    const injected = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img, svg').length,
      handlers: [...document.querySelectorAll('*')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
    }));
    assert.deepEqual(injected, { scripts: 0, images: 0, handlers: 0, jsLinks: 0 }, path);
    assert.deepEqual(page.problems, [], `${path}: nothing ran`);
  }
  await visit(page, `/meetings/${identifier}`);
  const text = await page.locator('main').innerText();
  assert.ok(text.includes('<script>alert("title")</script>'), 'the text itself is kept, as text');
  const atom = await page.request.get(`${BASE}/committees/${committee}/meetings.atom`);
  const body = await atom.text();
  assert.ok(!/<script|<img|<svg/i.test(body), 'the feed carries no markup');
  await page.context().close();
});
