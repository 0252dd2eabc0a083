// The compact (or exact) revocation list as the browser meets it, in one run:
//   wasm (Node, V8)  offering the list (signature over 7 MB + parse), and ns per lookup,
//                    with the page's own size-optimised verifier build
//   page (Chromium)  a first visit that downloads, checks and keeps the list; a later
//                    visit that starts from the kept list (IndexedDB) to the verdict,
//                    beside the same visit with no list kept (the peer)
// Usage: node scripts/bench-revocations.mjs LISTS_DIR WASM_NODEJS_MODULE [RUNS]
// (scripts/bench-revocations.sh makes both and runs this)

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, copyFileSync, cpSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, startServer, demoMarks, ROOT } from '../tests/e2e/helpers.mjs';

const [lists, wasmModule] = process.argv.slice(2, 4).map((p) => path.resolve(p));
const RUNS = Number(process.argv[4] || 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs, digits = 0) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const bin = path.join(lists, 'revocations.bin');
const size = statSync(bin).size;
console.log(`\n${readFileSync(bin).subarray(0, 29).toString().trim()}: ${size} bytes, ${gzipSync(readFileSync(bin), { level: 9 }).length} gzip -9\n`);

// Each run in a fresh process: a first offer is a real load, not "already in use".
const probe = `
  const { offerRevocations, trustInfo, benchLookups } = require(${JSON.stringify(wasmModule)});
  const fs = require('node:fs');
  const list = fs.readFileSync(${JSON.stringify(bin)});
  const sig = fs.readFileSync(${JSON.stringify(`${bin}.sig`)});
  let t = performance.now();
  const r = offerRevocations(list, sig);
  const offer = performance.now() - t;
  if (r.status !== 'accepted') throw new Error(JSON.stringify(r));
  const n = 10000;
  const miss = { i: [], c: [] }, hit = { i: [], c: [] };
  const listed = [['DEMO-CQC', '2026010901234567'], ['DEMO-ISO', 'DEMO-Q-2024-00077'], ['DEMO-CQC', '2025110900000815']];
  for (let k = 0; k < n; k++) {
    miss.i.push(['DEMO-CQC', 'DEMO-ISO', 'DEMO-GREEN'][k % 3]); miss.c.push('8' + String(k).padStart(15, '0'));
    hit.i.push(listed[k % 3][0]); hit.c.push(listed[k % 3][1]);
  }
  const time = (keys, rounds) => {
    // Warm up: V8 moves a wasm function to its optimising tier after enough calls.
    for (let w = 0; w < 30; w++) benchLookups(keys.i, keys.c, 1);
    const t0 = performance.now();
    const hits = benchLookups(keys.i, keys.c, rounds);
    return [(performance.now() - t0) * 1e6 / (n * rounds), hits];
  };
  const [missNs, missHits] = time(miss, 20);
  const [hitNs, hitHits] = time(hit, 20);
  if (missHits !== 0 || hitHits !== n * 20) throw new Error('lookups wrong: ' + missHits + ' ' + hitHits);
  console.log(JSON.stringify({ offer, missNs, hitNs, count: trustInfo().revocations.count }));
`;
const node = [];
for (let i = 0; i < RUNS; i++) {
  node.push(JSON.parse(execFileSync('node', ['-e', probe], { encoding: 'utf8', cwd: path.dirname(wasmModule) })));
}
console.log(`| wasm in Node (V8), page's build, ${node[0].count} entries, ${RUNS} processes | median (min–max) |`);
console.log('|---|---|');
console.log(`| offer the list: signature + parse | ${fmt(node.map((r) => r.offer))} ms |`);
console.log(`| lookup, certificate not listed | ${fmt(node.map((r) => r.missNs))} ns |`);
console.log(`| lookup, certificate listed | ${fmt(node.map((r) => r.hitNs))} ns |`);

// The page: the list offered at /trust/revocations.json, as the demo's meta tag names it.
const dir = mkdtempSync(path.join(tmpdir(), 'certmark-bench-revocations-'));
for (const f of ['trust-list.json', 'trust-list.json.sig']) copyFileSync(path.join(ROOT, 'trust', f), path.join(dir, f));
copyFileSync(bin, path.join(dir, 'revocations.json'));
copyFileSync(`${bin}.sig`, path.join(dir, 'revocations.json.sig'));
const server = await startServer({ mounts: { '/trust/': dir } });
const plain = await startServer();
const browser = await launch();
const url = (base, name) => base + demoMarks().find((m) => m.name === name).fragment;
const settled = (page) => page.waitForFunction(() => {
  const s = document.getElementById('trust-update').dataset.state;
  return s && s !== 'checking';
}, null, { timeout: 120000 });

const first = [], later = [], peer = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url(server.url, 'valid-ccc'));
  await settled(page);
  const state = await page.evaluate(() => [document.getElementById('trust-update').dataset.state, performance.now()]);
  if (state[0] !== 'accepted') throw new Error(`update ${state[0]}`);
  first.push(state[1]);
  await page.goto('about:blank');
  await page.goto(url(server.url, 'valid-ccc'));
  await page.waitForSelector('#result[data-code="withdrawn"]');
  later.push(await page.evaluate(() => performance.getEntriesByName('verdict-shown')[0].startTime));
  await context.close();

  const c2 = await browser.newContext();
  const p2 = await c2.newPage();
  await p2.goto(url(plain.url, 'valid-ccc'));
  await p2.waitForSelector('#result[data-code="valid"]');
  await p2.goto('about:blank');
  await p2.goto(url(plain.url, 'valid-ccc'));
  await p2.waitForSelector('#result[data-code="valid"]');
  peer.push(await p2.evaluate(() => performance.getEntriesByName('verdict-shown')[0].startTime));
  await c2.close();
}
console.log(`\n| the page in headless Chromium, ${RUNS} fresh contexts | ms, median (min–max) |`);
console.log('|---|---|');
console.log(`| first visit: navigation start to the list downloaded, checked, in use and kept | ${fmt(first)} |`);
console.log(`| second visit: navigation start to the verdict, starting from the kept list | ${fmt(later)} |`);
console.log(`| second visit with no list kept (peer: bundled data only) | ${fmt(peer)} |`);

// Deltas (FORM=exact writes 30 after the list, and an index naming them): the page takes
// the list, then the deltas through the index, then starts from the list and the deltas.
const deltaNames = readdirSync(lists).filter((f) => /^delta-\d+\.bin$/.test(f))
  .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
if (deltaNames.length) {
  for (const f of ['index.bin', 'revocations.bin', ...deltaNames]) {
    copyFileSync(path.join(lists, f), path.join(dir, f));
    copyFileSync(path.join(lists, `${f}.sig`), path.join(dir, `${f}.sig`));
  }
  const bytes = deltaNames.reduce((n, f) => n + statSync(path.join(lists, f)).size, 0);
  // The wasm's work alone, in the page's own modules: the deltas (signatures, application,
  // the next snapshot), then the verifier taking that snapshot.
  const wasm = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url(server.url, 'valid-ccc'));
    await settled(page); // the page's own update done: the wasm is measured alone
    wasm.push(await page.evaluate(async ({ base, names }) => {
      const updates = await import('/pkg/certmark_updates.js');
      await updates.default();
      const verifier = await import('/pkg/certmark.js');
      const get = async (n) => new Uint8Array(await (await fetch(base + n)).arrayBuffer());
      const list = updates.offerRevocations(undefined, await get('revocations.bin'), await get('revocations.bin.sig'));
      const deltas = await Promise.all(names.map(get));
      const sigs = await Promise.all(names.map((n) => get(`${n}.sig`)));
      const t0 = performance.now();
      const r = updates.offerRevocationDeltas(list.snapshot, deltas, sigs);
      const t1 = performance.now();
      verifier.useTrustSnapshot(r.snapshot);
      const t2 = performance.now();
      if (r.results.some((x) => x.status !== 'accepted')) throw new Error(JSON.stringify(r.results));
      return { apply: t1 - t0, use: t2 - t1, deltas: verifier.trustInfo().revocations.deltas };
    }, { base: `${server.url}trust/`, names: deltaNames }));
    await context.close();
  }
  // Through the page: a copy of it that reads the index.
  const www = mkdtempSync(path.join(tmpdir(), 'certmark-bench-www-'));
  cpSync(path.join(ROOT, 'www'), www, { recursive: true });
  const html = readFileSync(path.join(www, 'index.html'), 'utf8');
  writeFileSync(path.join(www, 'index.html'), html.replace('<meta name="certmark-revocations"',
    '<meta name="certmark-revocations-index" content="trust/index.bin">\n<meta name="certmark-revocations"'));
  const site = await startServer({ root: www, mounts: { '/trust/': dir } });
  const viaIndex = [], restart = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // First visit: the whole list (the bundled list is JSON: no delta follows it).
    await page.goto(url(site.url, 'valid-ccc'));
    await settled(page);
    const first = await page.evaluate(() => document.getElementById('trust-update').textContent);
    await page.goto('about:blank');
    // Second: from the kept list, the 30 deltas the index names.
    await page.goto(url(site.url, 'valid-ccc'));
    await settled(page);
    const [state, text, t] = await page.evaluate(() => [document.getElementById('trust-update').dataset.state,
      document.getElementById('trust-update').textContent, performance.now()]);
    if (state !== 'accepted' || !/30/.test(text)) throw new Error(`deltas: ${state} ${text} (first: ${first})`);
    viaIndex.push(t);
    // Third: the kept list and its 30 deltas checked again before the verdict.
    await page.goto('about:blank');
    await page.goto(url(site.url, 'valid-ccc'));
    await page.waitForSelector('#result[data-code="withdrawn"]');
    restart.push(await page.evaluate(() => performance.getEntriesByName('verdict-shown')[0].startTime));
    await context.close();
  }
  await site.close();
  rmSync(www, { recursive: true, force: true });
  console.log(`\n| ${deltaNames.length} deltas of 1,000 changes (${bytes} bytes in all), ${RUNS} runs | ms, median (min–max) |`);
  console.log('|---|---|');
  console.log(`| the page's updates wasm applies them to the exact list (signatures, changes, next snapshot) | ${fmt(wasm.map((r) => r.apply), 1)} |`);
  console.log(`| the page's verifier takes the snapshot | ${fmt(wasm.map((r) => r.use), 1)} |`);
  console.log(`| second visit, navigation start to the deltas fetched through the index, applied and kept | ${fmt(viaIndex)} |`);
  console.log(`| third visit, navigation start to the verdict, from the kept list and its ${deltaNames.length} deltas | ${fmt(restart)} |`);
}
await browser.close();
await server.close();
await plain.close();
rmSync(dir, { recursive: true, force: true });
