// Fresh trust data in real Chromium: updates taken from the page's own origin only when
// the demo root signed them with a higher sequence; rollbacks, tampered, foreign and
// malformed lists refused with the list in use kept; accepted lists kept for offline
// use (service worker + IndexedDB); a million revocations; the clock warnings.
// Lists are signed here with Node's Ed25519, not with certmark's code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT, launch, startServer, demoMarks, newPage, verdict, screenshot, keptOffline,
  CONTEXTS, signList, trustListUpdate, revocationsUpdate, writeList, certOf, stockScan,
} from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';
import '../../www/ui/trust.js'; // adds the footer's and update check's words to TEXTS
import '../../www/i18n-more.js'; // and the stock page's

let browser;
let server;
let dir; // what the server offers at /trust/
before(async () => {
  browser = await launch();
  dir = mkdtempSync(path.join(tmpdir(), 'certmark-trust-'));
  server = await startServer({ mounts: { '/trust/': dir } });
});
after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const link = (name) => server.url + demoMarks().find((m) => m.name === name).fragment;
const OTHER_ROOT = Buffer.alloc(32, 9);

/** Offers lists at /trust/: { trustList: bytes, revocations: bytes }, each signed by the
 * demo root unless a signature is given. */
function offer({ trustList, trustSig, revocations, revocationsSig }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const tl = trustList ?? readFileSync(path.join(ROOT, 'trust/trust-list.json'));
  writeList(dir, 'trust-list.json', tl, trustSig ?? signList(tl, CONTEXTS['trust-list']));
  const rv = revocations ?? readFileSync(path.join(ROOT, 'trust/revocations.json'));
  const magic = rv.subarray(0, 29).toString();
  const context = magic.startsWith('certmark-revocations-exact/') ? CONTEXTS.exact
    : magic.startsWith('certmark-') ? CONTEXTS.compact : CONTEXTS.revocations;
  writeList(dir, 'revocations.json', rv, revocationsSig ?? signList(rv, context));
}

/** Waits for the update check to finish; returns the page's trust state. */
async function trustState(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('trust-update').dataset.state;
    return s && s !== 'checking';
  });
  return page.evaluate(() => ({
    state: document.getElementById('trust-update').dataset.state,
    update: document.getElementById('trust-update').textContent,
    info: document.getElementById('trust-info').textContent,
    code: document.getElementById('result').dataset.code,
    warnings: [...document.querySelectorAll('#page-warnings li')].map((li) => li.dataset.code),
    verdictWarnings: [...document.querySelectorAll('#warnings li')].map((li) => li.textContent),
  }));
}

async function offline(context, page) {
  await keptOffline(page, 'verifier');
  await context.setOffline(true);
}

/** Console errors that only say the network is off, as it is in the offline steps. */
const real = (problems) => problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'));

test('an update is accepted, reported, kept, and used offline after a reload', async () => {
  const valid = await certOf('valid-ccc');
  offer({ trustList: trustListUpdate(2), revocations: revocationsUpdate(2, [valid]) });
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(link('valid-ccc'));
  let s = await trustState(page);
  assert.equal(s.state, 'accepted');
  assert.equal(s.update, 'Updated the trust list: #2 (was #1). Updated the revocation list: #2 (was #1).');
  assert.match(s.info, /trust list #2,.*revocation list #2 \(2026-11-15, 3 entries\)/);
  assert.equal(s.code, 'withdrawn', 'the open verdict is checked again under the new list');
  assert.equal(await page.getAttribute('#trust-update', 'role'), 'status', 'announced to screen readers');
  assert.match(await page.textContent('#content'), /Withdrawn since 2026-11-10: 测试撤销 \/ Withdrawn in a test/);
  await screenshot(page, 'trust-update-accepted');
  await page.click('#lang'); // the same news, now in Chinese, without fetching again
  assert.equal(await page.textContent('#trust-update'), '已更新信任名单：第 2 版（原第 1 版）。 已更新撤销名单：第 2 版（原第 1 版）。');
  await page.click('#lang');

  // The next visit checks again: the same signatures, so nothing is downloaded.
  await page.reload();
  s = await trustState(page);
  assert.equal(s.update, 'Trust data is up to date.');

  // The stock page, once visited, is kept offline too.
  await page.goto(`${server.url}stock.html`);
  await keptOffline(page, 'stock');
  await page.goto(link('valid-ccc'));
  // Offline: the page comes from the service worker, the lists from IndexedDB.
  await offline(context, page);
  await page.reload();
  assert.equal((await verdict(page)).code, 'withdrawn');
  s = await trustState(page);
  assert.equal(s.state, 'unavailable');
  assert.match(s.update, /Could not fetch the trust list \(offline\); using the trust data on this device\./);
  assert.match(s.info, /trust list #2,.*revocation list #2/);
  await page.goto(link('valid-iso-unit'));
  assert.equal((await verdict(page)).code, 'valid', 'another link opened offline');
  await screenshot(page, 'trust-offline');
  // The stock page (also offline) checks against the kept lists too.
  await page.goto(`${server.url}stock.html`);
  await page.waitForSelector('body[data-ready]');
  await page.fill('#wedge', demoMarks().find((m) => m.name === 'valid-ccc').mark);
  await page.press('#wedge', 'Enter');
  await page.waitForSelector('#last-scan[data-code="withdrawn"]');
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('rollbacks, tampered, foreign and malformed lists are refused; the list in use stays', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  const valid = await certOf('valid-ccc');
  offer({ trustList: trustListUpdate(3), revocations: revocationsUpdate(3, [valid]) });
  await page.goto(link('valid-ccc'));
  assert.equal((await trustState(page)).state, 'accepted');

  const zh = TEXTS['zh-CN'];
  const tl3 = trustListUpdate(3);
  const cases = [
    ['rollback', { trustList: trustListUpdate(2) }, /它的版本（第 2 版）不比正在使用的新/],
    ['same number, other content', { trustList: trustListUpdate(3, (t) => t.replace('2028-11-01', '2029-11-01')) }, /第 3 版/],
    ['tampered', { trustList: trustListUpdate(4, (t) => t.replace('CNCA-R-DEMO-001', 'CNCA-R-DEMO-999')), trustSig: signList(trustListUpdate(4), CONTEXTS['trust-list']) }, /不是由受信任的根密钥签名/],
    ['another root', { trustList: trustListUpdate(4), trustSig: signList(trustListUpdate(4), CONTEXTS['trust-list'], OTHER_ROOT) }, /不是由受信任的根密钥签名/],
    ['malformed', { trustList: Buffer.from('{"format":"certmark-trust-list/1","sequence":4}') }, /名单内容无效（json）/],
    ['revocations signature as a trust list', { trustList: tl3, trustSig: signList(tl3, CONTEXTS.revocations) }, /不是由受信任的根密钥签名/],
    ['revocations rollback', { trustList: tl3, revocations: revocationsUpdate(2, [valid]) }, /撤销名单.*它的版本（第 2 版）/],
    ['revocations tampered', { trustList: tl3, revocations: revocationsUpdate(4), revocationsSig: signList(revocationsUpdate(4, [valid]), CONTEXTS.revocations) }, /撤销名单.*不是由受信任的根密钥签名/],
  ];
  for (const [what, lists, reason] of cases) {
    offer({ revocations: revocationsUpdate(3, [valid]), ...lists });
    await page.reload();
    const s = await trustState(page);
    assert.equal(s.state, 'refused', what);
    assert.match(s.update, /^拒绝了新的(信任名单|撤销名单)，继续使用第 3 版：/, what);
    assert.match(s.update, reason, what);
    assert.match(s.info, /信任名单第 3 版.*撤销名单第 3 版/, `${what}: the lists in use stay`);
    assert.equal(s.code, 'withdrawn', `${what}: verdicts still use them`);
    if (what === 'tampered') await screenshot(page, 'trust-update-refused');
  }
  assert.equal(zh.trustRefused.startsWith('拒绝了新的'), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a million revocations (compact form) load, stay, and work offline', async () => {
  const valid = await certOf('valid-ccc');
  execFileSync('cargo', ['run', '--quiet', '--locked', '--release', '--example', 'revocation_list', '--',
    '--compact-only', '1000000', dir, '5', `${valid.issuer}/${valid.cert}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const compact = readFileSync(path.join(dir, 'revocations.bin'));
  // The page fetches its configured URL and tells the two forms apart by their first bytes.
  offer({ revocations: compact, revocationsSig: readFileSync(path.join(dir, 'revocations.bin.sig'), 'utf8') });
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(link('valid-iso-unit'));
  let s = await trustState(page);
  assert.equal(s.update, 'Updated the revocation list: #5 (was #1).');
  assert.match(s.info, /revocation list #5 \(2026-11-15, 1000003 entries\)/);
  for (const [name, code] of [['valid-ccc', 'withdrawn'], ['withdrawn', 'withdrawn'], ['suspended', 'suspended'], ['valid-iso-unit', 'valid']]) {
    await page.goto(link(name));
    assert.equal((await verdict(page)).code, code, name);
  }
  const started = Date.now();
  await page.reload();
  await verdict(page);
  console.log(`# reload with 1,000,003 kept revocations (${compact.length} bytes) to verdict: ${Date.now() - started} ms`);
  await offline(context, page);
  await page.goto(link('valid-ccc'));
  assert.equal((await verdict(page)).code, 'withdrawn', 'offline, from the kept compact list');
  s = await trustState(page);
  assert.match(s.info, /1000003 entries/);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('an exact list over a register: verdicts, the marks it does not cover, offline', async () => {
  const valid = await certOf('valid-ccc');
  // 20,003 listed among 200,000 certificates of the three demo issuers, as of 2026-11-15.
  execFileSync('cargo', ['run', '--quiet', '--locked', '--release', '--example', 'revocation_list', '--',
    '--exact', '200000', '20000', dir, '6', `${valid.issuer}/${valid.cert}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const exact = readFileSync(path.join(dir, 'revocations.bin'));
  const exactSig = readFileSync(path.join(dir, 'revocations.bin.sig'), 'utf8'); // offer() empties dir
  assert.equal(exact.subarray(0, 29).toString(), 'certmark-revocations-exact/1\n');
  // Signed for the compact form, it is refused and the bundled list stays.
  offer({ revocations: exact, revocationsSig: signList(exact, CONTEXTS.compact) });
  let { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(link('valid-ccc'));
  let s = await trustState(page);
  assert.equal(s.state, 'refused');
  assert.equal(s.code, 'valid');
  await context.close();

  offer({ revocations: exact, revocationsSig: exactSig });
  ({ context, page, problems } = await newPage(browser, { locale: 'en' }));
  await page.goto(link('valid-iso-unit'));
  s = await trustState(page);
  assert.equal(s.update, 'Updated the revocation list: #6 (was #1).');
  assert.match(s.info, /revocation list #6 \(2026-11-15, 20003 entries\)\. It is an exact list over an issuer register of 200000 certificates as of 2026-11-15\./);
  for (const [name, code] of [['valid-ccc', 'withdrawn'], ['withdrawn', 'withdrawn'], ['suspended', 'suspended'], ['valid-iso-unit', 'valid']]) {
    await page.goto(link(name));
    assert.equal((await verdict(page)).code, code, name);
    assert.deepEqual((await trustState(page)).verdictWarnings, [], name);
  }
  // The stock page's worker starts from the kept exact list.
  const { stock, code } = await stockScan(context, server.url, 'valid-ccc');
  assert.equal(code, 'withdrawn', 'stock page, kept exact list');
  // A mark the register does not cover: its row says so beside the verdict.
  await stock.fill('#wedge', demoMarks().find((m) => m.name === 'not-yet-valid').mark);
  await stock.press('#wedge', 'Enter');
  await stock.waitForSelector('#rows .not-covered');
  assert.equal(await stock.textContent('#rows .not-covered'), `⚠ ${TEXTS.en.stockNotCovered.replace('{date}', '2026-11-15')}`);
  await screenshot(stock, 'stock-not-covered');
  await stock.close();
  // A mark from after the register's date: the list knows nothing of it, and says so.
  await page.goto(link('not-yet-valid'));
  assert.equal((await verdict(page)).code, 'not-yet-valid');
  s = await trustState(page);
  assert.deepEqual(s.verdictWarnings, [TEXTS.en.warnNotCovered.replace('{date}', '2026-11-15')]);
  await screenshot(page, 'trust-exact-not-covered');
  // Kept, checked again at the next start, and used offline.
  await offline(context, page);
  await page.goto(link('valid-ccc'));
  assert.equal((await verdict(page)).code, 'withdrawn', 'offline, from the kept exact list');
  assert.deepEqual(real(problems), []);
  await context.close();

  // The same warning in Chinese.
  ({ context, page } = await newPage(browser, { locale: 'zh-CN' }));
  await page.goto(link('not-yet-valid'));
  await verdict(page);
  s = await trustState(page);
  assert.deepEqual(s.verdictWarnings, [TEXTS['zh-CN'].warnNotCovered.replace('{date}', '2026-11-15')]);
  await context.close();
});

// The page-wide warnings, and the same sentences beside the verdict (from the wasm for the
// trust list's dates, from the page for the server's clock).
for (const [name, device, expect] of [
  ['device date before the trust list was issued', '2026-10-15T08:00:00Z', ['clock-before-issued', 'clock-differs']],
  ['device date past the trust list\'s expiry', '2029-01-15T08:00:00Z', ['trust-data-expired', 'clock-differs']],
  ['device date right', null, []],
]) {
  test(`clock warnings: ${name}`, async () => {
    offer({});
    const { context, page, problems } = await newPage(browser, { locale: 'en' });
    if (device) await context.clock.setFixedTime(new Date(device));
    await page.goto(link('valid-ccc'));
    assert.equal((await verdict(page)).code, 'valid');
    await trustState(page);
    await page.waitForFunction((n) => document.querySelectorAll('#page-warnings li').length === n, expect.length);
    const s = await trustState(page);
    assert.deepEqual(s.warnings, expect);
    assert.equal(await page.isHidden('#page-warnings'), expect.length === 0);
    const en = TEXTS.en;
    const sentences = {
      'clock-before-issued': en.warnClock.replace('{date}', '2026-11-01'),
      'trust-data-expired': en.warnExpired.replace('{date}', '2028-11-01'),
      'clock-differs': device && en.warnServerClock.replace('{device}', device.slice(0, 10))
        .replace('{server}', new Date().toISOString().slice(0, 10)),
    };
    const wanted = expect.map((code) => sentences[code]);
    assert.deepEqual(await page.$$eval('#page-warnings li', (lis) => lis.map((li) => li.textContent)), wanted);
    assert.deepEqual(s.verdictWarnings, wanted, 'repeated beside the verdict');
    if (device) await screenshot(page, `trust-clock-${expect[0]}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('verify as of a date in the stock page judges every scan again', async () => {
  offer({});
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(`${server.url}stock.html`);
  await page.waitForSelector('body[data-ready]');
  const m = demoMarks().find((x) => x.name === 'valid-ccc');
  await page.fill('#wedge', m.mark);
  await page.press('#wedge', 'Enter');
  const codes = () => page.$$eval('#report [data-code]', (els) => els.map((e) => e.dataset.code));
  await page.waitForFunction(() => document.querySelector('#report [data-code="valid"]'));
  await page.click('summary[data-t="asOfTitle"]');
  await page.fill('#as-of', '2040-01-01');
  await page.dispatchEvent('#as-of', 'change');
  await page.waitForFunction(() => document.querySelector('#report [data-code="expired"]'));
  assert.ok(!(await codes()).includes('valid'), 'judged again, not added');
  assert.deepEqual(problems, []);
  await context.close();
});
