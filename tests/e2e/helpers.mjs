// Shared by the browser tests: Debian's Chromium via playwright-core, the page served on
// 127.0.0.1, the demo marks, console-error collection and screenshots.

import { readFileSync, mkdirSync, mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { HIDDEN_CLASS } from '../../www/embed/rules.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = path.join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

const QUIET = [
  '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--no-default-browser-check',
];

/** Launches headless Debian Chromium with extra flags. */
export function launch(args = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...QUIET, ...args] });
}

/** One headless Chromium and one server of www/ for a test file: started before its
 * tests, closed after them. Returns { browser, server }, filled in once started. */
export function sharedBrowser() {
  const shared = {};
  before(async () => {
    shared.browser = await launch();
    shared.server = await startServer();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Serves www/ (or `root`, a copy with its own configuration) on a free port; returns
 * { url, close, served } where `served` lists the (path, gzip body bytes) of every
 * response, worker fetches included. `mounts` as in serve() (say, { '/trust/': dir } for
 * the lists the page fetches as updates), `clock` the server's Date. */
export async function startServer({ mounts, clock, root = path.join(ROOT, 'www') } = {}) {
  const server = await serve(root, 0, { mounts, clock });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const served = [];
  server.on('served', (p, bytes) => served.push([p, bytes]));
  // Kept-alive connections (a browser's, a service worker's) are cut: a server that is
  // closed is gone, as when the network is.
  const close = () => new Promise((r) => { server.close(r); server.closeAllConnections(); });
  return { url, served, close };
}

/** The hostile-text corpus: signed demo marks with markup, script, bidi controls,
 * look-alikes, formulas and terminal escapes in every text field (tests/hostile/). */
export function hostileCorpus() {
  return JSON.parse(readFileSync(path.join(ROOT, 'tests/hostile/corpus.json'), 'utf8'));
}

/** display::HIDDEN, from the rules the Rust core generates (www/embed/rules.js), not a JS copy. */
export const HIDDEN = new RegExp(HIDDEN_CLASS, 'u');

/** The demo marks: [{ name, expect, mark, fragment, png }]. */
export function demoMarks() {
  const rows = readFileSync(path.join(ROOT, 'demo/expected.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => {
    const [name, expect] = row.split('\t');
    const read = (ext) => readFileSync(path.join(ROOT, 'demo', `${name}.${ext}`), 'utf8').trim();
    const link = read('link');
    return { name, expect, mark: read('mark'), fragment: link.slice(link.indexOf('#')), png: path.join(ROOT, 'demo', `${name}.png`) };
  });
}

/** A new page that records console errors, page errors, dialogs and off-origin requests. */
export async function newPage(browser, { locale = 'zh-CN', ...options } = {}) {
  const context = await browser.newContext({ locale, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`off-origin request: ${r.url()}`); });
  return { context, page, problems };
}

/** Waits until the service worker holds `group` of the page's files offline (sw.js).
 * `page`: a Playwright page or an engines.mjs Tab (anything with evaluate(fn, arg)). */
export async function keptOffline(page, group) {
  // Polled with evaluate, which awaits the cache lookup (a predicate's promise would pass at once).
  for (let waited = 0; waited < 20_000; waited += 50) {
    const kept = await page.evaluate(async (g) => navigator.serviceWorker.controller !== null
      && Boolean(await caches.match(new URL(`.certmark-group-${g}`, location.href).pathname)), group);
    if (kept) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the service worker did not keep ${group} within 20 s`);
}

/** Waits for the page's verdict and returns { code, title }. */
export async function verdict(page) {
  // The rest of the page follows the verdict a frame later (index.css, app.js).
  await page.waitForSelector('html.shown #result[data-code]:not([hidden])');
  return page.evaluate(() => ({
    code: document.getElementById('result').dataset.code,
    title: document.getElementById('result-title').textContent,
  }));
}

export async function screenshot(page, name) {
  // From the top: a full-page shot draws the sticky header where the page is scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

/** 100 different marks for a page of badges: the demo marks, then distinct marks of the
 * stock-check fixture (tests/stock/marks.csv). */
export function hundredMarks() {
  const demo = demoMarks().map((m) => m.mark);
  const fixture = readFileSync(path.join(ROOT, 'tests/stock/marks.csv'), 'utf8').split('\n').slice(1)
    .map((line) => line.split(',')[1]).filter((m) => /^(CM1|http)[^"]*$/.test(m ?? ''));
  return [...new Set([...demo, ...fixture])].slice(0, 100);
}

/** Another site (a shop) on a second port: one page with a badge per mark (`lang`
 * alternating zh-CN / en), the badge script from `verifierUrl`, its own stylesheet `css`
 * and a strict policy that allows only the verifier's origin. Returns { url, close }. */
export async function startShop(verifierUrl, marks, css = '') {
  const a = verifierUrl.replace(/\/$/, '');
  const dir = mkdtempSync(path.join(tmpdir(), 'certmark-shop-'));
  const attr = (s) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const badges = marks.map((mark, i) =>
    `<li><certmark-badge mark="${attr(mark)}" lang="${i % 2 ? 'en' : 'zh-CN'}"></certmark-badge></li>`);
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>某某商城 · A shop</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="shop.css">
<script type="module" src="${a}/embed/badge.js"></script>
</head><body>
<h1>某某商城 · A shop</h1>
<p><span class="verdict" id="own-verdict">The shop's own text</span> <span class="icon" id="own-icon">*</span></p>
<ul>${badges.join('\n')}</ul>
</body></html>`);
  writeFileSync(path.join(dir, 'shop.css'), css);
  copyFileSync(path.join(ROOT, 'www/favicon.svg'), path.join(dir, 'favicon.svg'));
  const csp = `default-src 'none'; script-src 'self' ${a} 'wasm-unsafe-eval'; connect-src ${a}; style-src 'self'; `
    + "img-src 'self'; base-uri 'none'; form-action 'none'";
  const server = await serve(dir, 0, { csp });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }).then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

/** Before any page script runs: records each badge's verdict event and the time the frame
 * after the `n`th was painted (ms since navigation start), and CSP violations. */
export function recordBadges(page, n) {
  return page.addInitScript((n) => {
    window.verdictTimes = [];
    window.violations = [];
    document.addEventListener('certmark-verdict', () => {
      window.verdictTimes.push(performance.now());
      if (window.verdictTimes.length === n) {
        requestAnimationFrame(() => setTimeout(() => { window.painted = performance.now(); }));
      }
    });
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  }, n);
}

// Trust data updates, signed here with Node's own Ed25519 (not certmark's code), by the
// demo root (whose secret key is public) or by any other key.

const DEMO_ROOT_SEED = Buffer.from(JSON.parse(readFileSync(path.join(ROOT, 'demo-keys/root.key'), 'utf8')).secret_key, 'base64');
export const CONTEXTS = {
  'trust-list': 'certmark/trust-list/v1',
  revocations: 'certmark/revocations/v1',
  compact: 'certmark/revocations-compact/v1',
  exact: 'certmark/revocations-exact/v1',
  delta: 'certmark/revocations-delta/v1',
  index: 'certmark/revocations-index/v1',
};

/** The .sig file for `bytes`: base64 of Ed25519 over context || 0x00 || bytes. */
export function signList(bytes, context, seed = DEMO_ROOT_SEED) {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der', type: 'pkcs8',
  });
  const msg = Buffer.concat([Buffer.from(context), Buffer.from([0]), Buffer.from(bytes)]);
  return `${cryptoSign(null, msg, key).toString('base64')}\n`;
}

/** The bundled trust list renumbered `sequence` (text edited by `edit`). */
export function trustListUpdate(sequence, edit = (s) => s) {
  const text = readFileSync(path.join(ROOT, 'trust/trust-list.json'), 'utf8');
  return Buffer.from(edit(text.replace('"sequence": 1,', `"sequence": ${sequence},`)));
}

/** The bundled revocation list renumbered `sequence`, plus `entries` ({issuer, cert}, withdrawn). */
export function revocationsUpdate(sequence, entries = []) {
  const list = JSON.parse(readFileSync(path.join(ROOT, 'trust/revocations.json'), 'utf8'));
  list.sequence = sequence;
  list.issued = '2026-11-15';
  for (const { issuer, cert } of entries) {
    list.entries.push({ issuer, cert, status: 'withdrawn', since: '2026-11-10', reason: '测试撤销 / Withdrawn in a test' });
  }
  return Buffer.from(JSON.stringify(list, null, 1));
}

/** Writes a list and its signature as `name` and `name.sig` in `dir`. */
export function writeList(dir, name, bytes, sig) {
  writeFileSync(path.join(dir, name), bytes);
  writeFileSync(path.join(dir, `${name}.sig`), sig);
}

/** The issuer and certificate number of a demo mark (read with the package, in Node). */
export async function certOf(name) {
  const { verify } = await import('../../www/embed/certmark.js');
  const mark = readFileSync(path.join(ROOT, 'demo', `${name}.mark`), 'utf8').trim();
  const { claims } = await verify(mark, { asOf: '2026-11-21' });
  return { issuer: claims.issuer, cert: claims.cert };
}

/** RFC 4180 parsing, independent of the code under test. */
export function parseCsv(text) {
  const out = [];
  let row = [''];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { row[row.length - 1] += '"'; i++; }
      else if (c === '"') quoted = false;
      else row[row.length - 1] += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push('');
    else if (c === '\r' && text[i + 1] === '\n') { out.push(row); row = ['']; i++; }
    else row[row.length - 1] += c;
  }
  if (row.length > 1 || row[0] !== '') out.push(row);
  return out;
}

/** Opens the stock page at `url` in `context` and scans the demo mark `name` with the
 * keyboard wedge: { stock (the page), code (the verdict of the scan) }. */
export async function stockScan(context, url, name) {
  const stock = await context.newPage();
  await stock.goto(`${url}stock.html`);
  await stock.waitForSelector('body[data-ready]');
  await stock.fill('#wedge', demoMarks().find((m) => m.name === name).mark);
  await stock.press('#wedge', 'Enter');
  await stock.waitForFunction(() => document.getElementById('last-scan')?.dataset.code);
  return { stock, code: await stock.getAttribute('#last-scan', 'data-code') };
}

/** The CLI, built (debug) on first use. */
const CLI = path.join(ROOT, 'target/debug/certmark');

/**
 * An issuer's week, made with the CLI into `work` as an issuer makes it: a register a day
 * (`reg6.csv` … `reg11.csv`, the days 2026-11-15 to -20), its exact list (`list6.bin` …,
 * sequence = the number), the delta from the day before (`delta7.bin` …), all signed by
 * the demo root; and a second list of day 9 (`list9b.bin`, another state of sequence 9)
 * with a delta from it to day 10 (`delta10b.bin`). Day 6: the valid demo marks valid, the
 * withdrawn and suspended ones so; day 7 withdraws valid-ccc's certificate, day 8 lifts the
 * suspension, day 9 suspends valid-iso-unit's, days 10 and 11 change others. `upTo` stops
 * earlier.
 */
export async function issueWeek(work, upTo = 11) {
  execFileSync('cargo', ['build', '--quiet', '--locked', '-p', 'certmark-cli'], { cwd: ROOT, stdio: 'inherit' });
  const cli = (...args) => execFileSync(CLI, args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const sign = (file) => cli('revocations', 'sign', file, '--key', path.join(ROOT, 'demo-keys/root.key'), '--today', '2026-12-01');
  const days = { 6: '2026-11-15', 7: '2026-11-16', 8: '2026-11-17', 9: '2026-11-18', 10: '2026-11-19', 11: '2026-11-20' };
  const c = {};
  for (const name of ['valid-ccc', 'withdrawn', 'suspended', 'valid-iso-unit']) c[name] = await certOf(name);
  const state = {
    'valid-ccc': 'valid,', withdrawn: 'withdrawn,2026-11-10', suspended: 'suspended,2026-11-01', 'valid-iso-unit': 'valid,',
  };
  const filler = Array.from({ length: 3000 }, (_, n) => [`X${n}`, n % 2 ? 'valid,' : 'suspended,2026-01-02']);
  const changes = {
    7: () => { state['valid-ccc'] = 'withdrawn,2026-11-16'; },
    8: () => { state.suspended = 'valid,'; },
    9: () => { state['valid-iso-unit'] = 'suspended,2026-11-18'; },
    10: () => { filler[1][1] = 'suspended,2026-11-19'; },
    11: () => { filler[3][1] = 'withdrawn,2026-11-20'; },
  };
  for (let day = 6; day <= upTo; day++) {
    changes[day]?.();
    const rows = [
      ...Object.entries(state).map(([name, s]) => `${c[name].issuer},${c[name].cert},${s}`),
      ...filler.map(([cert, s]) => `DEMO-CQC,${cert},${s}`),
    ];
    writeFileSync(path.join(work, `reg${day}.csv`), `issuer,cert,status,since\n${rows.join('\n')}\n`);
    cli('revocations', 'build', `reg${day}.csv`, '--as-of', days[day], '--sequence', String(day), '--issued', days[day], '--out', `list${day}.bin`);
    sign(`list${day}.bin`);
    if (day > 6) {
      cli('revocations', 'delta', `reg${day - 1}.csv`, `reg${day}.csv`, '--follows', `list${day - 1}.bin`, '--makes', `list${day}.bin`, '--out', `delta${day}.bin`);
      sign(`delta${day}.bin`);
    }
  }
  if (upTo >= 10) {
    cli('revocations', 'build', 'reg9.csv', '--as-of', days[9], '--sequence', '9', '--issued', days[10], '--out', 'list9b.bin');
    cli('revocations', 'delta', 'reg9.csv', 'reg10.csv', '--follows', 'list9b.bin', '--makes', 'list10.bin', '--out', 'delta10b.bin');
    sign('delta10b.bin');
  }
  return { cli, sign };
}
