// The stock-check page: the camera staying on through several demo marks (one unit mark
// shown twice), keyboard-wedge scanners, the session surviving a reload and being
// cleared, a generated supplier file with every verdict, and the CSV export parsed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, startServer, demoMarks, hostileCorpus, HIDDEN, newPage, screenshot, parseCsv, OUT, ROOT } from './helpers.mjs';
import { makeY4m } from './y4m.mjs';
import { TEXTS } from '../../www/i18n.js';
import '../../www/i18n-more.js';

const DAY = new Date('2026-11-21T09:00:00Z');
const marks = demoMarks();
const byName = (n) => marks.find((m) => m.name === n);

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

async function openStock(browser, options = {}) {
  const opened = await newPage(browser, { locale: 'en', ...options });
  await opened.page.clock.setFixedTime(DAY);
  await opened.page.goto(`${server.url}stock.html`);
  await opened.page.waitForSelector('body[data-ready]');
  return opened;
}

/** { code: [items, marks] } from the by-verdict table. */
async function verdictCounts(page) {
  return page.$$eval('#by-verdict tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
    r.querySelector('[data-code]').dataset.code,
    [Number(r.cells[1].textContent), Number(r.cells[2].textContent)],
  ])));
}

/** The rows table (an English page): [{ flag, code, holder, serial, count }], by column name. */
async function rows(page) {
  const en = TEXTS.en;
  return page.$$eval('#rows tbody tr', (trs, names) => trs.map((r) => {
    const cell = (name) => [...r.cells].find((c) => c.dataset.label === name)?.textContent;
    return {
      flag: cell(names.flag),
      code: r.querySelector('[data-code]').dataset.code,
      holder: cell(names.holder),
      serial: cell(names.serial),
      count: Number(cell(names.count)),
    };
  }), { flag: en.stockCopied, holder: en.fieldHolder, serial: en.fieldSerial, count: en.stockCount });
}


test('the camera stays on: rows, counts and the copy flag for a unit mark seen twice', async () => {
  const video = path.join(OUT, 'stock-camera.y4m');
  const maker = await launch();
  const unit = byName('valid-iso-unit').png;
  // One second per picture at 15 fps; blanks are the camera moving between items.
  await makeY4m(maker, [byName('valid-ccc').png, null, unit, null, byName('withdrawn').png, null, unit, null, null, null, null], video);
  await maker.close();
  const browser = await launch([
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`,
  ]);
  const { context, page, problems } = await openStock(browser);
  await page.click('#scan-start');
  // The unit mark's second sighting arrives about 6 s in; the loop restarts at 11 s.
  await page.waitForFunction(() => document.getElementById('copies-warning'), null, { timeout: 20_000 });
  await page.click('#scan-stop');
  const got = await rows(page);
  assert.deepEqual(got.map((r) => [r.code, r.count, r.flag !== '']), [
    ['valid', 2, true], ['withdrawn', 1, false], ['valid', 1, false],
  ]);
  assert.equal(got[0].serial, 'SN-2026-000123');
  assert.deepEqual(await verdictCounts(page), { withdrawn: [1, 1], valid: [3, 2] });
  assert.match(await page.textContent('#copies-warning'), /Unit marks seen more than once: 1\./);
  assert.match(await page.textContent('#announce'), /possibly copied|Withdrawn|Valid/);
  await screenshot(page, 'stock-camera-en');
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('keyboard-wedge scans, a reload keeps the session, clearing empties it', async () => {
  const browser = await launch();
  const { context, page, problems } = await openStock(browser);
  const unit = byName('valid-iso-unit');
  const link = `http://127.0.0.1:8080/${unit.fragment}`;
  // A wedge scanner types into the focused field and presses Enter.
  await page.click('#wedge');
  await page.keyboard.type(link);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rows tbody tr').length === 1);
  // The same unit mark in its text form is the same mark: count 2, flagged.
  await page.fill('#wedge', unit.mark);
  await page.press('#wedge', 'Enter');
  await page.waitForSelector('#copies-warning');
  // Typed anywhere on the page (focus on the body) works too.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.type(byName('forged').mark);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rows tbody tr').length === 2);
  assert.equal(await page.getAttribute('#last-scan', 'data-code'), 'forged');
  assert.deepEqual(await verdictCounts(page), { forged: [1, 1], valid: [2, 1] });
  const before = await rows(page);
  assert.match(before.find((r) => r.code === 'forged').holder, /^Unverified: /);

  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.deepEqual(await rows(page), before);
  assert.match(await page.textContent('#announce'), /Restored the last session: 3 scans/);

  await page.click('#clear');
  assert.equal(await page.textContent('#clear'), TEXTS.en.stockClearConfirm);
  await page.click('#clear');
  await page.waitForFunction(() => !document.querySelector('#rows'));
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.equal(await page.$('#rows'), null);
  assert.equal(await page.textContent('#totals'), '0 items, 0 distinct marks.');
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('a supplier file with every verdict: every count, then the CSV export parsed', async () => {
  const browser = await launch();
  const { context, page, problems } = await openStock(browser, { acceptDownloads: true });
  const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/stock/expected.json'), 'utf8'));
  await page.setInputFiles('#file', path.join(ROOT, 'tests/stock/marks.csv'));
  await page.waitForSelector('body[data-file-state="done"][data-report="file"]');
  const counts = await verdictCounts(page);
  const want = Object.fromEntries(Object.entries(expected.by_verdict).map(([k, v]) => [k, [v.items, v.marks]]));
  assert.deepEqual(counts, want);
  assert.equal(await page.textContent('#totals'), `${expected.total.items} items, ${expected.total.marks} distinct marks.`);
  assert.match(await page.textContent('#copies-warning'), new RegExp(`^⚠ Unit marks seen more than once: ${expected.copies}\\.`));
  assert.match(await page.textContent('#file-message'), new RegExp(`Checked ${expected.total.items} lines`));
  await screenshot(page, 'stock-file-en');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const text = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
  const table = parseCsv(text);
  const [header, ...body] = table;
  assert.deepEqual(header.slice(0, 6), ['flag', 'verdict', 'code', 'reason', 'rule', 'content']);
  assert.deepEqual(header.slice(-3), ['box', 'note', 'mark'], "the supplier's own columns, before the mark");
  assert.equal(body.length, expected.total.marks);
  assert.equal(body.filter((r) => r[0] === 'COPY?').length, expected.copies);
  assert.ok(body.slice(0, expected.copies).every((r) => r[0] === 'COPY?'), 'copies first');
  const byCode = {};
  const code = header.indexOf('code');
  for (const r of body) byCode[r[code]] = (byCode[r[code]] || 0) + Number(r[header.indexOf('count')]);
  for (const r of body) assert.equal(r[1], TEXTS.en.verdicts[r[code]][0], 'the verdict in words beside its code');
  assert.deepEqual(byCode, Object.fromEntries(Object.entries(expected.by_verdict).map(([k, v]) => [k, v.items])));
  for (const r of body) {
    assert.equal(r.length, header.length);
    for (const cell of r) assert.ok(!/^[=+\-@\t\r]/.test(cell), `unescaped cell ${cell}`);
  }
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const report = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(report.format, 'certmark-report/1');
  assert.equal(report.rows.length, expected.total.marks);
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('a file of several chunks: helper workers give the very report the worker alone gives', async () => {
  // The fixture's 1000 lines seven times over: 7000 lines in four chunks, each mark seen in
  // several chunks, so rows, counts, first and last lines and copy flags cross chunks.
  const [head, ...lines] = readFileSync(path.join(ROOT, 'tests/stock/marks.csv'), 'utf8').split('\n');
  const dir = mkdtempSync(path.join(tmpdir(), 'certmark-helpers-'));
  const file = path.join(dir, 'marks.csv');
  writeFileSync(file, [head, ...Array.from({ length: 7 }, () => lines.filter((l) => l !== '')).flat(), ''].join('\n'));
  const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/stock/expected.json'), 'utf8'));
  const browser = await launch();
  try {
    const exports = [];
    for (const query of ['', '?helpers=0']) {
      const { context, page, problems } = await newPage(browser, { locale: 'en', acceptDownloads: true });
      await page.clock.setFixedTime(DAY);
      await page.goto(`${server.url}stock.html${query}`);
      await page.waitForSelector('body[data-ready]');
      await page.setInputFiles('#file', file);
      await page.waitForSelector('body[data-file-state="done"][data-report="file"]');
      const helped = Number(await page.getAttribute('body', 'data-file-helped'));
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      if (query) assert.equal(helped, 0);
      else if (cores > 1) assert.ok(helped > 0, `no chunk went to a helper on ${cores} cores`);
      const counts = await verdictCounts(page);
      for (const [code, v] of Object.entries(expected.by_verdict)) assert.equal(counts[code]?.[0], 7 * v.items, code);
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
      exports.push(JSON.parse(readFileSync(await json.path(), 'utf8')));
      assert.deepEqual(problems, []);
      await context.close();
    }
    assert.equal(exports[0].rows.length, expected.total.marks);
    assert.deepEqual(exports[0], exports[1]);
  } finally {
    await browser.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a broken file is refused with its line, in Chinese too', async () => {
  const browser = await launch();
  const { context, page, problems } = await openStock(browser, { locale: 'zh-CN' });
  await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('box,mark\n1,"CM1:abc\n') });
  await page.waitForSelector('body[data-file-state="done"]');
  assert.match(await page.textContent('#file-message'), /^无法读取这个文件：unclosed-quote: line 2/);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('the hostile-text corpus in a file: the table and the CSV and JSON exports stay safe', async () => {
  const corpus = hostileCorpus();
  const browser = await launch();
  const { context, page, problems } = await openStock(browser, { acceptDownloads: true });
  const file = corpus.map((c) => c.mark).join('\n');
  await page.setInputFiles('#file', { name: 'hostile.txt', mimeType: 'text/plain', buffer: Buffer.from(file) });
  await page.waitForSelector('body[data-file-state="done"][data-report="file"]');
  const shown = await rows(page);
  assert.equal(shown.length, corpus.length);
  const texts = await page.$$eval('#report td', (tds) => tds.map((td) => [td.textContent, getComputedStyle(td).unicodeBidi]));
  for (const [text, bidi] of texts) {
    assert.ok(!HIDDEN.test(text), `hidden character in a cell: ${JSON.stringify(text)}`);
    assert.equal(bidi, 'isolate');
  }
  for (const c of corpus.filter((x) => x.expect === 'valid')) {
    assert.ok(shown.some((r) => r.holder === c.shown && r.serial === c.shown), c.name);
  }
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.equal(await page.$$eval('#report img, #report script, #report svg', (e) => e.length), 0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const [header, ...body] = parseCsv(readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, ''));
  assert.equal(body.length, corpus.length);
  for (const cell of body.flat()) {
    assert.ok(!/^[=+\-@＝＋－＠]/.test(cell), `formula cell ${cell}`);
    assert.ok(!HIDDEN.test(cell), `hidden character in ${JSON.stringify(cell)}`);
  }
  const holder = header.indexOf('holder');
  for (const c of corpus.filter((x) => x.expect === 'valid')) {
    assert.ok(body.some((r) => r[holder] === c.shown || r[holder] === `'${c.shown}`), `${c.name} in the CSV`);
  }
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const report = JSON.parse(readFileSync(await json.path(), 'utf8'));
  for (const c of corpus.filter((x) => x.expect === 'valid')) {
    assert.ok(report.rows.some((r) => r.claims?.holder === c.text), `${c.name}: exact text in the JSON`);
  }
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('a file past 128 MB is refused before it is read', async () => {
  const big = path.join(mkdtempSync(path.join(tmpdir(), 'certmark-big-')), 'huge.csv');
  writeFileSync(big, '');
  truncateSync(big, (128 << 20) + 1); // sparse: nothing is written
  const browser = await launch();
  const { context, page, problems } = await openStock(browser);
  await page.setInputFiles('#file', big);
  await page.waitForFunction(() => !document.getElementById('file-message').hidden);
  assert.equal(await page.textContent('#file-message'), TEXTS.en.stockFileTooLarge.replace('{mb}', 129).replace('{limit}', 128));
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
  rmSync(path.dirname(big), { recursive: true, force: true });
});
