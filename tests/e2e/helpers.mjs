// Shared by the browser tests: Debian's Chromium via playwright-core, the page served on
// 127.0.0.1, the demo marks, console-error collection and screenshots.

import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

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

/** Serves www/ on a free port; returns { url, close, served } where `served` lists the
 * (path, gzip body bytes) of every response, worker fetches included. */
export async function startServer() {
  const server = await serve(path.join(ROOT, 'www'), 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const served = [];
  server.on('served', (p, bytes) => served.push([p, bytes]));
  return { url, served, close: () => new Promise((r) => server.close(r)) };
}

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

/** Waits for the page's verdict and returns { code, title }. */
export async function verdict(page) {
  await page.waitForSelector('#result[data-code]:not([hidden])');
  return page.evaluate(() => ({
    code: document.getElementById('result').dataset.code,
    title: document.getElementById('result-title').textContent,
  }));
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}
