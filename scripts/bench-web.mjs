// Weight and speed of the verifier page in headless Chromium, in one run:
//   link path   a demo link opened fresh: bytes that arrived before the verdict (gzip) and
//               ms from navigation start to the verdict shown
//   camera path the fake camera playing a demo QR: bytes for everything loaded, and ms
//               from the scan button (pressed once the page is settled) to the verdict
//   first visit a demo link opened fresh, with everything the service worker then fetches
//               to keep the page offline: gzip bytes the server sent in all
//   floor       the same page with scripts and wasm blocked: what the HTML and CSS alone cost
//   badges      a shop's page on another origin with 1 or 100 <certmark-badge> (100 different
//               marks): ms from navigation start to the first and last verdict, and to the
//               frame after the last painted
// Usage: node scripts/bench-web.mjs [RUNS] [badges]   (needs scripts/build-web.sh first;
//        "badges" runs only the link path and the badges)
//        BEFORE=DIR node scripts/bench-web.mjs   also loads another build of www/ (say the
//        last commit's, built in a git worktree) in turn with this one, on the link and
//        camera paths: a peer measured in the same run

import path from 'node:path';
import { launch, startServer, demoMarks, hundredMarks, startShop, recordBadges, keptOffline, OUT } from '../tests/e2e/helpers.mjs';
import { makeY4m } from '../tests/e2e/y4m.mjs';
import { serve } from './serve.mjs';

const RUNS = Number(process.argv[2] || 15);
const ONLY_BADGES = process.argv[3] === 'badges';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs, unit) => `${median(xs).toFixed(unit === 'KB' ? 1 : 0)} ${unit} (min ${Math.min(...xs).toFixed(unit === 'KB' ? 1 : 0)}, max ${Math.max(...xs).toFixed(unit === 'KB' ? 1 : 0)})`;

/** What the page loaded (up to `until` ms after navigation start, if given). */
async function bytes(page, until = Infinity) {
  return page.evaluate((until) => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .filter((e) => e.responseEnd <= until);
    return {
      total: entries.reduce((s, e) => s + e.transferSize, 0),
      bodies: entries.reduce((s, e) => s + e.encodedBodySize, 0),
      each: entries.map((e) => [e.name.replace(location.origin, ''), e.encodedBodySize]),
    };
  }, until);
}

const server = await startServer();
const marks = demoMarks();
const link = marks.find((m) => m.name === 'valid-ccc');
const browser = await launch();

// The floor: the same page with scripts and wasm blocked, to its load event. Loaded in
// turn with the link path, so both see the same machine (this VM's timings drift).
const floor_ms = [], floor_kb = [];
async function floor() {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.route('**/*.wasm', (r) => r.abort());
  // What only a browser without scripts loads (it shows what app.js would): not the floor
  // of the page a visitor with scripts gets.
  await page.route('**/noscript.css', (r) => r.abort());
  await page.goto(`${server.url}${link.fragment}`, { waitUntil: 'load' });
  floor_ms.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
  floor_kb.push((await bytes(page)).total / 1024);
  await context.close();
}

// The peer build, if any, on a port of its own.
const beforeServer = process.env.BEFORE ? await serve(process.env.BEFORE, 0, {}) : null;
const beforeUrl = beforeServer && `http://127.0.0.1:${beforeServer.address().port}/`;
const before_link_ms = [], before_link_kb = [], before_cam_ms = [];

/** One fresh load of the link from `url`: ms to the verdict and what arrived before it. */
async function linkLoad(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}${link.fragment}`);
  await page.waitForSelector('#result[data-code="valid"]');
  const shown = await page.evaluate(() => performance.getEntriesByName('verdict-shown')[0].startTime);
  const wasm = await page.evaluate(() => performance.getEntriesByName('wasm-ready')[0].startTime);
  const dcl = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
  // The link path: what arrived before the verdict (the update check and the offline
  // copy start after it; the first visit below counts them).
  const b = await bytes(page, shown);
  await context.close();
  return { shown, wasm, dcl, b };
}

const link_ms = [], link_kb = [], link_body_kb = [], wasm_ms = [], dcl_ms = [];
let each = [];
for (let i = 0; i < RUNS; i++) {
  if (!ONLY_BADGES) await floor();
  const { shown, wasm, dcl, b } = await linkLoad(server.url);
  link_ms.push(shown);
  wasm_ms.push(wasm);
  dcl_ms.push(dcl);
  link_kb.push(b.total / 1024);
  link_body_kb.push(b.bodies / 1024);
  each = b.each;
  if (beforeUrl) {
    const peer = await linkLoad(beforeUrl);
    before_link_ms.push(peer.shown);
    before_link_kb.push(peer.b.bodies / 1024);
  }
}

// A first visit as the server sees it: the page, then the service worker keeping the
// verifier's group (it revalidates what the page loaded: 304s, no second download).
const visit_kb = [];
for (let i = 0; i < (ONLY_BADGES ? 0 : Math.min(RUNS, 5)); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  server.served.length = 0;
  await page.goto(`${server.url}${link.fragment}`);
  await page.waitForSelector('#result[data-code="valid"]');
  await keptOffline(page, 'verifier');
  visit_kb.push(server.served.reduce((sum, [, n]) => sum + n, 0) / 1024);
  await context.close();
}

const shops = [];
for (const n of [1, 100]) {
  const shop = await startShop(server.url, hundredMarks().slice(0, n));
  const first = [], last = [], painted = [], script = [], wasm = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await recordBadges(page, n);
    await page.goto(shop.url);
    painted.push(await page.waitForFunction(() => window.painted).then((h) => h.jsonValue()));
    const t = await page.evaluate(() => ({
      times: window.verdictTimes,
      ends: performance.getEntriesByType('resource').map((e) => [e.name, e.responseEnd]),
    }));
    first.push(t.times[0]);
    last.push(t.times[t.times.length - 1]);
    script.push(t.ends.find(([name]) => name.endsWith('/embed/badge.js'))[1]);
    wasm.push(t.ends.find(([name]) => name.endsWith('.wasm'))[1]);
    await context.close();
  }
  await shop.close();
  shops.push({ n, first, last, painted, script, wasm });
}

await browser.close();

function report() {
  console.log(`certmark page in headless Chromium (${RUNS} fresh loads each; camera: ${cam_ms.length}, 1280x720 fake camera)\n`);
  console.log('| path | gzip bodies | transferred, with headers | time |');
  console.log('|---|---|---|---|');
  console.log(`| link: navigation to verdict shown | ${fmt(link_body_kb, 'KB')} | ${fmt(link_kb, 'KB')} | ${fmt(link_ms, 'ms')} |`);
  if (cam_ms.length) console.log(`| camera: scan button to verdict (everything loaded, worker included) | ${fmt(cam_body_kb, 'KB')} | ${fmt(cam_kb, 'KB')} (page only) | ${fmt(cam_ms, 'ms')} |`);
  console.log(`| link: of which DOMContentLoaded / wasm ready | | | ${fmt(dcl_ms, 'ms')} / ${fmt(wasm_ms, 'ms')} |`);
  if (visit_kb.length) console.log(`| first visit from a link, service worker included (server's gzip bytes) | ${fmt(visit_kb, 'KB')} | | |`);
  if (before_link_ms.length) {
    console.log(`| before (${process.env.BEFORE}): link, navigation to verdict shown | ${fmt(before_link_kb, 'KB')} | | ${fmt(before_link_ms, 'ms')} |`);
  }
  if (before_cam_ms.length) {
    console.log(`| before: camera, scan button to verdict | | | ${fmt(before_cam_ms, 'ms')} |`);
  }
  if (floor_ms.length) {
    console.log(`| floor: same page, scripts and wasm off (to load event) | | ${fmt(floor_kb, 'KB')} | ${fmt(floor_ms, 'ms')} |`);
    const over = link_ms.map((ms, i) => ms - floor_ms[i]);
    console.log(`| link over the floor, load by load (its median) | | | ${fmt(over, 'ms')} |`);
  }
  console.log('\nbadges on another origin, ms from navigation start:\n');
  console.log('| badges | badge.js loaded | wasm loaded | first verdict | last verdict | painted |');
  console.log('|---|---|---|---|---|---|');
  for (const b of shops) {
    console.log(`| ${b.n} | ${fmt(b.script, 'ms')} | ${fmt(b.wasm, 'ms')} | ${fmt(b.first, 'ms')} | ${fmt(b.last, 'ms')} | ${fmt(b.painted, 'ms')} |`);
  }
}

const cam_ms = [], cam_kb = [], cam_body_kb = [];
if (ONLY_BADGES) {
  await server.close();
  report();
  process.exit(0);
}

const video = path.join(OUT, 'bench-camera.y4m');
const maker = await launch();
await makeY4m(maker, [link.png], video, { width: 1280, height: 720, framesEach: 30 });
await maker.close();
const cam = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
let camEach = [];
/** One fresh camera check on the page at `url`: ms from the scan button to the verdict. */
async function camLoad(url) {
  const context = await cam.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready]');
  // A person taps the button after the page has settled (its update check and offline
  // copy done), not within a millisecond of it being ready.
  await page.waitForLoadState('networkidle');
  const t0 = await page.evaluate(() => performance.now());
  await page.click('#scan-start');
  await page.waitForSelector('#result[data-code="valid"]');
  const ms = (await page.evaluate(() => performance.getEntriesByName('verdict-shown')[0].startTime)) - t0;
  return { context, page, ms };
}
for (let i = 0; i < Math.min(RUNS, 8); i++) {
  server.served.length = 0;
  const { context, page, ms } = await camLoad(server.url);
  cam_ms.push(ms);
  const b = await bytes(page);
  cam_kb.push(b.total / 1024);
  cam_body_kb.push(server.served.reduce((sum, [, n]) => sum + n, 0) / 1024);
  camEach = [...server.served];
  await context.close();
  if (beforeUrl) {
    const peer = await camLoad(beforeUrl);
    before_cam_ms.push(peer.ms);
    await peer.context.close();
  }
}
await cam.close();
await server.close();
beforeServer?.close();

report();
console.log('\nlink path resources (gzip body bytes):');
for (const [name, size] of each) console.log(`  ${String(size).padStart(7)}  ${name || '/'}`);
console.log('camera path adds:');
for (const [name, size] of camEach) if (!each.some(([n]) => n === name) && name !== '/') console.log(`  ${String(size).padStart(7)}  ${name}`);
