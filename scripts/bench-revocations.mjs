// The compact (or exact) revocation list as the browser meets it, in one run:
//   wasm (Node, V8)  offering the list (signature over 7 MB + parse), and ns per lookup,
//                    with the page's own size-optimised verifier build
//   page (Chromium)  a first visit that downloads, checks and keeps the list; a later
//                    visit that starts from the kept list (IndexedDB) to the verdict,
//                    beside the same visit with no list kept (the peer)
// Usage: node scripts/bench-revocations.mjs LISTS_DIR WASM_NODEJS_MODULE [RUNS]
// (scripts/bench-revocations.sh makes both and runs this)

import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, copyFileSync, rmSync, statSync } from 'node:fs';
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
await browser.close();
await server.close();
await plain.close();
rmSync(dir, { recursive: true, force: true });
