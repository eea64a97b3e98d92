// Feeds and downloads as a browser fetches them, and the API's answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit } from './support.mjs';

let browser;
let page;
let committee;
let meeting;

before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await visit(page, '/');
  meeting = await page.locator('.meeting-feed a[href^="/meetings/"]').first().getAttribute('href');
  await visit(page, meeting);
  committee = await page.locator('.caption a[href^="/committees/"]').first().getAttribute('href');
  await visit(page, committee);
});

after(async () => { await browser?.close(); });

test('the committee page advertises its feeds', async () => {
  const alternates = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel=alternate]')].map((l) => l.type));
  assert.deepEqual(alternates.sort(), ['application/atom+xml', 'text/calendar']);
});

test('Atom feed of new meetings parses and links to meetings', async () => {
  const href = await page.locator('a[href$="meetings.atom"]').getAttribute('href');
  const response = await page.request.get(new URL(href, page.url()).href);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'], /^application\/atom\+xml/);
  const xml = await response.text();
  const entries = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return -1;
    return doc.getElementsByTagName('entry').length;
  }, xml);
  assert.ok(entries >= 1, `entries: ${entries}`);
  assert.match(xml, /<link href="http[^"]+\/meetings\/[^"]+" rel="alternate"/);
});

test('iCalendar is in UK time with the zone defined', async () => {
  const href = await page.locator('a[href$="meetings.ics"]').getAttribute('href');
  const response = await page.request.get(new URL(href, page.url()).href);
  assert.match(response.headers()['content-type'], /^text\/calendar/);
  const ics = (await response.text()).replace(/\r\n /g, '');
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Europe\/London/);
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match(ics, /DTSTART(;TZID=Europe\/London:\d{8}T\d{6}|;VALUE=DATE:\d{8})/);
});

test('attendance downloads as CSV', async () => {
  for (const href of [
    await page.locator('a[href$="attendance.csv"]').getAttribute('href'),
    `${meeting}/attendance.csv`,
  ]) {
    const response = await page.request.get(new URL(href, page.url()).href);
    assert.equal(response.status(), 200, href);
    assert.match(response.headers()['content-type'], /^text\/csv/);
    const [header] = (await response.text()).split('\n');
    assert.equal(header, 'meeting,date,committee,status,name,honorific,role,substitute_for,description,person,item');
  }
});

test('the API answers JSON with OParl-style objects', async () => {
  const system = await (await page.request.get(new URL('/api/v1', page.url()).href)).json();
  assert.equal(system.type, 'System');
  const list = await (await page.request.get(system.meetings + '?limit=2')).json();
  assert.equal(list.data.length, 2);
  assert.ok(list.links.next, 'paged');
  const one = await (await page.request.get(list.data[0].id)).json();
  assert.equal(one.type, 'Meeting');
  assert.ok(one.created && one.modified && one.deleted === false);
  const openapi = await (await page.request.get(system.openapi)).json();
  assert.match(openapi.openapi, /^3\./);
});
