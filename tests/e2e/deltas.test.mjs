// Revocation deltas in real Chromium, made with the CLI as an issuer makes them: the page
// reads a signed index, downloads only the deltas it lacks (or the whole list when the
// chain does not reach its state), refuses bad deltas keeping the data in use, keeps what
// it took, and answers offline from the kept list and deltas.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT, launch, startServer, demoMarks, newPage, verdict, keptOffline, CONTEXTS, signList, issueWeek, stockScan,
} from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';
import '../../www/ui/trust.js'; // adds the footer's and update check's words to TEXTS

const OTHER_ROOT = Buffer.alloc(32, 9);

let browser;
let server;
let work; // the issuer's files
let dir; // what the server offers at /trust/
let www; // the page, configured to read the index
let cli; // the CLI in `work`, and its signing with the demo root (issueWeek)
let sign;
before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'certmark-deltas-'));
  dir = path.join(work, 'served');
  www = path.join(work, 'www');
  cpSync(path.join(ROOT, 'www'), www, { recursive: true });
  const html = readFileSync(path.join(www, 'index.html'), 'utf8');
  const meta = '<meta name="certmark-revocations" content="trust/revocations.json">';
  assert.ok(html.includes(meta));
  writeFileSync(path.join(www, 'index.html'),
    html.replace(meta, `${meta}\n<meta name="certmark-revocations-index" content="trust/index.bin">`));
  ({ cli, sign } = await issueWeek(work));
  browser = await launch();
  server = await startServer({ root: www, mounts: { '/trust/': dir } });
});
after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const read = (name) => readFileSync(path.join(work, name));

/** Publishes the index of `list` and `deltas` (made and signed with the CLI) at
 * /trust/index.bin, beside those files; `replace` serves other bytes (and .sig) under a
 * name. The trust list is the bundled one. */
function publish(list, deltas, replace = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const index = `index-${list}-${deltas.length}.bin`;
  rmSync(path.join(work, index), { force: true });
  rmSync(path.join(work, `${index}.sig`), { force: true });
  cli('revocations', 'index', list, ...deltas, '--out', index);
  sign(index);
  const files = { 'index.bin': [read(index), read(`${index}.sig`)] };
  for (const name of [list, ...deltas]) files[name] = [read(name), read(`${name}.sig`)];
  for (const f of ['trust-list.json', 'trust-list.json.sig']) cpSync(path.join(ROOT, 'trust', f), path.join(dir, f));
  Object.assign(files, replace);
  for (const [name, [bytes, sig]] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), bytes);
    writeFileSync(path.join(dir, `${name}.sig`), sig);
  }
}

const link = (name) => server.url + demoMarks().find((m) => m.name === name).fragment;

/** Opens a mark's link, waits for the update check; returns the page's trust state and
 * the trust files it downloaded. */
async function visit(page, name) {
  const from = server.served.length;
  await page.goto('about:blank'); // a new load (a fragment alone would not check again)
  await page.goto(link(name));
  await page.waitForFunction(() => {
    const s = document.getElementById('trust-update').dataset.state;
    return s && s !== 'checking';
  });
  await page.waitForSelector('#result[data-code]');
  return {
    ...await page.evaluate(() => ({
      state: document.getElementById('trust-update').dataset.state,
      update: document.getElementById('trust-update').textContent,
      info: document.getElementById('trust-info').textContent,
    })),
    fetched: server.served.slice(from).map(([p]) => p).filter((p) => p.startsWith('/trust/') && !p.endsWith('.sig'))
      .map((p) => p.slice('/trust/'.length)).sort(),
  };
}

async function codes(page, names) {
  const out = {};
  for (const name of names) {
    await page.goto(link(name));
    out[name] = (await verdict(page)).code;
  }
  return out;
}

const en = TEXTS.en;
const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => vars[k]);
const real = (problems) => problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'));

test('revocation deltas through a signed index: only what is missing, refusals keep the data, offline', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  // From the bundled (JSON) list no delta follows: the whole list of day 6.
  publish('list6.bin', []);
  let s = await visit(page, 'valid-iso-unit');
  assert.equal(s.update, fill(en.trustAccepted, { what: en.trustRevocations, sequence: 6, previous: 1 }));
  assert.deepEqual(s.fetched, ['index.bin', 'list6.bin']);
  assert.deepEqual(await codes(page, ['valid-ccc', 'withdrawn', 'suspended']), { 'valid-ccc': 'valid', withdrawn: 'withdrawn', suspended: 'suspended' });

  // Day 7: one delta, not the list; the mark it withdraws is withdrawn.
  publish('list7.bin', ['delta7.bin']);
  s = await visit(page, 'valid-ccc');
  assert.equal(s.state, 'accepted');
  assert.deepEqual(s.fetched, ['delta7.bin', 'index.bin']);
  const kb = (names) => (names.reduce((n, f) => n + read(f).length, 0) / 1024).toFixed(1);
  assert.equal(s.update, fill(en.trustAcceptedDeltas, { deltas: 1, kb: kb(['delta7.bin']), sequence: 7, previous: 6 }));
  assert.equal((await verdict(page)).code, 'withdrawn');
  assert.match(s.info, /revocation list #7 .*1 daily deltas are applied to it\.$/);

  // Day 9: the index names three; the page takes the two it lacks.
  publish('list9.bin', ['delta7.bin', 'delta8.bin', 'delta9.bin']);
  s = await visit(page, 'valid-ccc');
  assert.deepEqual(s.fetched, ['delta8.bin', 'delta9.bin', 'index.bin']);
  assert.equal(s.update, fill(en.trustAcceptedDeltas, { deltas: 2, kb: kb(['delta8.bin', 'delta9.bin']), sequence: 9, previous: 7 }));
  assert.match(s.info, /revocation list #9 .*as of 2026-11-18\. 3 daily deltas are applied to it\.$/);
  const day9 = { 'valid-ccc': 'withdrawn', withdrawn: 'withdrawn', suspended: 'valid', 'valid-iso-unit': 'suspended' };
  assert.deepEqual(await codes(page, Object.keys(day9)), day9);
  // The same index again: nothing downloaded but the index.
  s = await visit(page, 'valid-ccc');
  assert.equal(s.state, 'up-to-date');
  assert.deepEqual(s.fetched, ['index.bin']);

  // Day 10's delta, spoilt each way: refused with its reason, day 9 stays in use.
  const deltas10 = ['delta7.bin', 'delta8.bin', 'delta9.bin', 'delta10.bin'];
  const good = read('delta10.bin');
  const flipped = Buffer.from(good);
  flipped[flipped.length - 1] ^= 1;
  // Its one change turned into lifting the withdrawal day 7 made (key from delta 7).
  const undone = Buffer.from(good);
  read('delta7.bin').copy(undone, 121, 121, 129);
  undone.fill(0, 129, 134);
  const sig = (bytes, seed) => signList(bytes, CONTEXTS.delta, seed);
  for (const [what, replace, why] of [
    ['tampered', { 'delta10.bin': [flipped, read('delta10.bin.sig')] }, en.whySignature],
    ['signed by another key', { 'delta10.bin': [good, sig(good, OTHER_ROOT)] }, en.whySignature],
    ['following another list of day 9', { 'delta10.bin': [read('delta10b.bin'), read('delta10b.bin.sig')] }, en.whyDeltaBase],
    ['a gap: day 11 where day 10 should be', { 'delta10.bin': [read('delta11.bin'), read('delta11.bin.sig')] }, en.whyDeltaBase],
    ['lifting a withdrawal', { 'delta10.bin': [undone, sig(undone)] }, en.whyWithdrawalUndone],
    ['an index signed by another key', 'index', en.whySignature],
  ]) {
    publish('list10.bin', deltas10, replace === 'index' ? {} : replace);
    if (replace === 'index') {
      const index = readFileSync(path.join(dir, 'index.bin'));
      writeFileSync(path.join(dir, 'index.bin.sig'), signList(index, CONTEXTS.index, OTHER_ROOT));
    }
    s = await visit(page, 'valid-ccc');
    assert.equal(s.state, 'refused', what);
    const whatWord = replace === 'index' ? en.trustRevocations : en.trustDelta;
    assert.equal(s.update, fill(en.trustRefused, { what: whatWord, inUse: 9, why }), what);
    assert.match(s.info, /revocation list #9 .*3 daily deltas are applied to it\.$/, what);
    assert.equal((await verdict(page)).code, 'withdrawn', what);
    if (replace === 'index') assert.deepEqual(s.fetched, ['index.bin'], 'a refused index: nothing downloaded');
  }
  assert.deepEqual(await codes(page, Object.keys(day9)), day9);

  // The stock page's worker starts from the kept list and deltas.
  const { stock, code } = await stockScan(context, server.url, 'valid-iso-unit');
  assert.equal(code, 'suspended', 'stock page, kept deltas');
  await stock.close();

  // Offline: the kept list of day 6 and its three deltas, checked again, answer as day 9.
  await keptOffline(page, 'verifier');
  await context.setOffline(true);
  assert.deepEqual(await codes(page, Object.keys(day9)), day9);
  s = await visit(page, 'valid-ccc');
  assert.equal(s.state, 'unavailable');
  assert.match(s.info, /revocation list #9 .*3 daily deltas are applied to it\.$/);
  await context.setOffline(false);

  // An index whose chain starts after day 9 (day 11's delta only): the whole list.
  publish('list11.bin', ['delta11.bin']);
  s = await visit(page, 'valid-ccc');
  assert.deepEqual(s.fetched, ['index.bin', 'list11.bin']);
  assert.equal(s.update, fill(en.trustAccepted, { what: en.trustRevocations, sequence: 11, previous: 9 }));
  assert.doesNotMatch(s.info, /deltas/);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('in Chinese: the deltas taken and a refusal, said in Chinese', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  const zh = TEXTS['zh-CN'];
  publish('list6.bin', []);
  await visit(page, 'valid-ccc');
  publish('list8.bin', ['delta7.bin', 'delta8.bin']);
  let s = await visit(page, 'valid-ccc');
  assert.equal(s.update, fill(zh.trustAcceptedDeltas, {
    deltas: 2, kb: ((read('delta7.bin').length + read('delta8.bin').length) / 1024).toFixed(1), sequence: 8, previous: 6,
  }));
  assert.ok(s.info.endsWith(fill(zh.trustDeltasInUse, { deltas: 2 })), s.info);
  publish('list9.bin', ['delta9.bin'], { 'delta9.bin': [read('delta10b.bin'), read('delta10b.bin.sig')] });
  s = await visit(page, 'valid-ccc');
  assert.equal(s.update, fill(zh.trustRefused, { what: zh.trustDelta, inUse: 8, why: zh.whyDeltaBase }));
  assert.deepEqual(real(problems), []);
  await context.close();
});
