// What people meet on a phone (390×844, touch) and in their own words: the stock page
// as a phone page, the stock report people can act on (their language, the supplier's
// columns, in order of urgency), whole holder names in badges, plain words on the
// verifier, a layout that keeps the header and dates whole, and a web app manifest.
// Screenshots of each go to test-output/ and are looked at.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedBrowser, demoMarks, newPage, verdict, screenshot, keptOffline, parseCsv, ROOT, OUT } from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';
import { RANK, RULE_WORDS } from '../../www/embed/rules.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DAY = new Date('2026-11-21T09:00:00Z');
const marks = demoMarks();
const byName = (n) => marks.find((m) => m.name === n);
// Signed with the public demo key demo-keys/demo-cqc-2.key (`certmark sign … --extra
// standard=GB4706.1 --extra lot_no=7`, valid 2026-01-01 to 2030-12-31): a known label
// and one the words do not know.
const WITH_EXTRA = 'CM1:imhERU1PLUNRQwJjWC0xbUhhbmd6aG91IERlbW9jQ0NDZktldHRsZRlP5hlXB_aiaHN0YW5kYXJkaEdCNDcwNi4xZmxvdF9ub2E3vajSNLiILdKCW2i_w-sJQHDLc9rDz0-oADZdOEw7eL55ftzu7zvXlWpm5wTNVWYB0pzOmTKfzp4y-iDgAwZbAQ';

const shared = sharedBrowser();

/** Everything wider than the screen: the page itself, or any element past its right edge
 * (but those clipped out of sight: visually hidden text, a phone table's header row). */
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 0.5 && !el.closest('.visually-hidden, .skip, .cards thead')) out.push(`${el.tagName}#${el.id}.${el.className} right ${Math.round(r.right)}`);
    }
    return out;
  });
}

/** How many lines the text of `selector`'s elements takes, each (text boxes whose tops
 * differ by less than a font size, a padded button beside a link, share a line). */
function lines(page, selector) {
  return page.$$eval(selector, (els) => els.map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const size = parseFloat(getComputedStyle(el).fontSize);
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top).sort((a, b) => a - b);
    let n = 0;
    let last = -Infinity;
    for (const top of tops) {
      if (top - last >= size) n++;
      if (top - last >= size) last = top;
    }
    return [el.textContent, n];
  }));
}

async function openStock(locale, options = {}) {
  const opened = await newPage(shared.browser, { locale, ...PHONE, ...options });
  await opened.page.clock.setFixedTime(DAY);
  await opened.page.goto(`${shared.server.url}stock.html`);
  await opened.page.waitForSelector('body[data-ready]');
  return opened;
}

test('the stock page on a phone: nothing wider than the screen, controls usable, words whole', async () => {
  const { context, page, problems } = await openStock('zh-CN', { acceptDownloads: true });
  assert.deepEqual(await overflow(page), [], 'empty page');
  const sizes = await page.evaluate(() => Object.fromEntries(['sound', 'column', 'wedge'].map((id) => [id, document.getElementById(id).getBoundingClientRect().width])));
  assert.ok(sizes.sound >= 16, `sound checkbox ${sizes.sound}px`);
  assert.ok(sizes.column >= 120, `column field ${sizes.column}px`);
  assert.ok(sizes.wedge >= 120, `wedge field ${sizes.wedge}px`);
  for (const [text, n] of await lines(page, "button, .button, h1, .bar nav, label.check")) assert.ok(n <= 1, `"${text}" on ${n} lines`);
  await screenshot(page, 'phone-stock-empty-zh');

  await page.setInputFiles('#file', path.join(ROOT, 'tests/stock/marks.csv'));
  await page.waitForSelector('body[data-file-state="done"][data-report="file"]');
  assert.deepEqual(await overflow(page), [], 'with a report');
  // The report is brought up: its heading on screen, below the sticky header.
  const top = await page.evaluate(() => document.getElementById('report-title').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 844 / 2, `report heading at ${top}px`);
  // The first screen of the report, as the phone shows it (the whole page is 1,000 rows long).
  await page.screenshot({ path: path.join(OUT, 'phone-stock-file-zh.png') });
  // Numbers, serials, dates and verdicts are never broken inside ("次/数", "SN-/0009").
  for (const [text, n] of await lines(page, '#rows td:nth-child(n+2) > .verdict-tag, #by-verdict td, #rows tbody tr:nth-child(-n+40) td')) {
    if (text.trim() && !/\s/.test(text.trim()) && text.length < 24) assert.equal(n, 1, `"${text}" broken over ${n} lines`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});


test('the stock report in Chinese: words not library messages, the supplier\'s columns, urgent first, a CSV in Chinese', async () => {
  const { context, page, problems } = await openStock('zh-CN', { acceptDownloads: true, viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });
  await page.setInputFiles('#file', path.join(ROOT, 'tests/stock/marks.csv'));
  await page.waitForSelector('body[data-file-state="done"][data-report="file"]');
  assert.equal(await page.textContent('#report-title'), '报告：文件结果');
  assert.equal(await page.getAttribute('#file-message', 'class'), 'message done', 'done is not a warning');

  const table = await page.$eval('#rows', (tbl) => ({
    head: [...tbl.tHead.rows[0].cells].map((c) => c.textContent),
    rows: [...tbl.tBodies[0].rows].map((r) => ({
      code: r.querySelector('[data-code]').dataset.code,
      tag: r.querySelector('[data-code]').className,
      cells: Object.fromEntries([...r.cells].map((c) => [c.dataset.label, c.textContent])),
    })),
  }));
  assert.deepEqual(table.head.slice(2, 4), ['box', 'note'], 'the supplier\'s own columns, named as the supplier names them');
  const zh = TEXTS['zh-CN'];
  for (const r of table.rows) {
    assert.match(r.cells.box, /^\d+$/, 'each row carries the supplier\'s box');
    assert.match(r.tag, /verdict-tag k-(good|bad|unsure)/, `${r.code} coloured by its kind`);
    if (['malformed', 'not-a-mark', 'unsupported'].includes(r.code)) {
      const holder = r.cells[zh.fieldHolder];
      assert.ok(!/[a-z]{3,} [a-z]{3,}/i.test(holder), `English in a Chinese report: ${holder}`);
      // The broken rule in words, the verdict's meaning, or what the code is instead.
      const named = holder.endsWith('不是认证标志') && r.code === 'not-a-mark';
      assert.ok(Object.values(RULE_WORDS['zh-CN']).includes(holder) || holder === zh.verdicts[r.code][1] || named, holder);
    }
  }
  const order = await page.$$eval('#by-verdict [data-code]', (els) => els.map((e) => e.dataset.code));
  assert.deepEqual(order, [...order].sort((a, b) => RANK[a] - RANK[b]), 'most urgent first');
  assert.equal(order[0] === 'valid', false);
  const certVerdicts = await page.$$eval('#by-cert tbody tr td:last-child', (tds) => tds.map((td) => td.textContent));
  for (const v of certVerdicts) assert.ok(!/[,:] /.test(v), `half-width punctuation in ${v}`);
  await screenshot(page, 'stock-file-zh-laptop');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const [header, ...body] = parseCsv(readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, ''));
  assert.deepEqual(header.slice(0, 5), ['标记', '结论', '结论代码', '原因', '规则代码']);
  assert.deepEqual(header.slice(-3), ['box', 'note', '标志']);
  const col = (name) => header.indexOf(name);
  for (const r of body) {
    assert.equal(r.length, header.length);
    assert.equal(r[col('结论')], zh.verdicts[r[col('结论代码')]][0], 'the verdict in words beside its code');
    assert.match(r[col('box')], /^\d+$/);
    assert.ok(!/^[a-z].* [a-z]/.test(r[col('原因')]), `English reason: ${r[col('原因')]}`);
  }
  assert.ok(body.some((r) => r[0] === '疑似复制'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('badges on a phone show the whole holder and issuer, wrapped, never cut', async () => {
  for (const locale of ['zh-CN', 'en']) {
    const { context, page, problems } = await newPage(shared.browser, { locale, ...PHONE });
    await page.goto(`${shared.server.url}shop.html`);
    await page.waitForFunction(() => [...document.querySelectorAll('certmark-badge')].every((b) => b.hasAttribute('code')));
    const cut = await page.$$eval('certmark-badge', (badges) => badges.flatMap((b) => [...b.shadowRoot.querySelectorAll('.line')]
      .filter((l) => l.scrollWidth > l.clientWidth + 1 || l.hasAttribute('title') || getComputedStyle(l).textOverflow === 'ellipsis')
      .map((l) => l.textContent)));
    assert.deepEqual(cut, [], `${locale}: cut lines`);
    const holders = await page.$$eval('certmark-badge', (badges) => badges.map((b) => b.shadowRoot.textContent));
    assert.ok(holders.some((h) => h.includes('杭州演示精密机械有限公司')), 'the full holder name');
    assert.deepEqual(await overflow(page), [], locale);
    await screenshot(page, `phone-badges-${locale}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the verifier\'s words: no jargon, no advice twice, no DEMO where no key is involved', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en', ...PHONE });
  const open = async (name) => {
    await page.goto('about:blank');
    await page.goto(`${shared.server.url}${byName(name).fragment}`);
    return verdict(page);
  };
  await open('valid-ccc');
  const valid = await page.textContent('#result');
  assert.equal(valid.split('holder and scope').length - 1, 1, 'the holder-and-scope advice once');
  assert.ok(!/signing key/i.test(valid), 'no key jargon');
  for (const name of ['not-a-mark', 'malformed']) {
    await open(name);
    assert.equal(await page.isVisible('#result-demo'), false, `no DEMO notice on ${name}`);
  }
  await open('unknown-issuer');
  assert.ok(!/update the verifier/i.test(await page.textContent('#result')), 'advice a user can act on');
  const expired = await open('expired');
  assert.equal(expired.code, 'expired');
  assert.equal(await page.getAttribute('#result', 'class'), 'result unsure', 'expired is not shown beside forged');
  assert.equal(await page.textContent('#verdict-icon'), '?');
  assert.match(await page.textContent('#verdict-meaning'), /made while it was in force/);
  const dates = await page.$$eval('#content dt', (dts) => dts.map((dt) => dt.textContent));
  assert.ok(dates.includes('Validity') && !dates.includes('Valid'), `dates labelled ${dates}`);
  for (const [text, n] of await lines(page, '#content .date')) assert.equal(n, 1, `date ${text} broken`);
  await screenshot(page, 'phone-expired-en');

  // A mark with an issuer's own labels: the known one in words, the other as signed.
  await page.goto('about:blank');
  await page.goto(`${shared.server.url}#${WITH_EXTRA}`);
  assert.equal((await verdict(page)).code, 'valid');
  let labels = await page.$$eval('#content dt', (dts) => dts.map((dt) => dt.textContent));
  assert.ok(labels.includes('Standard') && labels.includes('lot_no') && !labels.includes('standard'), String(labels));
  await page.click('#lang');
  await verdict(page);
  labels = await page.$$eval('#content dt', (dts) => dts.map((dt) => dt.textContent));
  assert.ok(labels.includes('标准'), String(labels));
  // The issuer's English name inside a Chinese result is marked as English.
  assert.equal(await page.$eval('#content dd span[lang="en"]', (s) => s.textContent), 'Demo China Quality Certification Centre');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a browser in another language gets English; Chinese punctuation in Chinese', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'de-DE' });
  await page.goto(`${shared.server.url}${byName('valid-ccc').fragment}`);
  assert.equal((await verdict(page)).title, 'Valid');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
  const zh = await newPage(shared.browser, { locale: 'zh-CN' });
  await zh.page.goto(`${shared.server.url}${byName('valid-ccc').fragment}`);
  await verdict(zh.page);
  const text = await zh.page.textContent('#result');
  assert.ok(!/[\u4e00-\u9fff][,:;] ?[\u4e00-\u9fff\d]/.test(text), `half-width punctuation: ${text}`);
  assert.deepEqual([...problems, ...zh.problems], []);
  await zh.context.close();
});

test('on an English phone: the language switch on one line, the header in reach over a tall result', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en', ...PHONE });
  await page.goto(`${shared.server.url}${byName('withdrawn').fragment}`);
  await verdict(page);
  assert.deepEqual(await lines(page, '#lang'), [['中文', 1]]);
  // The verdict's headline and icon are on the first screen.
  const head = await page.evaluate(() => document.querySelector('.verdict').getBoundingClientRect().bottom);
  assert.ok(head <= 844, `headline ends at ${head}px`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const lang = await page.evaluate(() => document.getElementById('lang').getBoundingClientRect());
  assert.ok(lang.top >= 0 && lang.bottom <= 844, 'the language switch stays on screen');
  assert.deepEqual(await overflow(page), []);
  await screenshot(page, 'phone-withdrawn-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a web app manifest: name, theme colour, icons that load, a start page that opens offline', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'zh-CN', ...PHONE });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  const href = await page.$eval('link[rel=manifest]', (l) => l.href);
  const response = await page.request.get(href);
  assert.equal(response.headers()['content-type'], 'application/manifest+json');
  const manifest = await response.json();
  assert.ok(manifest.name.includes('认证标志核验') && manifest.short_name);
  assert.equal(manifest.theme_color, await page.getAttribute('meta[name=theme-color]', 'content'));
  assert.equal(manifest.display, 'standalone');
  for (const icon of manifest.icons) {
    const got = await page.request.get(new URL(icon.src, href).href);
    assert.equal(got.status(), 200, icon.src);
    assert.equal(got.headers()['content-type'], icon.type, icon.src);
  }
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png'));
  const start = new URL(manifest.start_url, href).href;
  assert.ok(start.startsWith(new URL(manifest.scope, href).href));
  // Opened from the home screen with no network: the start page still checks marks.
  await keptOffline(page, 'verifier');
  await context.setOffline(true);
  await page.goto(`${start}${byName('valid-ccc').fragment}`);
  assert.equal((await verdict(page)).code, 'valid');
  assert.deepEqual(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  await context.close();
});
