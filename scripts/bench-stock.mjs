// The stock page's file check in headless Chromium: loads each file through the file
// input, with the stock worker alone (`?helpers=0`) and with its helper workers, and reads
// the worker's own timing (verifying every mark and building the report; the file was
// read and parsed before). Usage: node scripts/bench-stock.mjs FILE...
import path from 'node:path';
import { launch, startServer, newPage } from '../tests/e2e/helpers.mjs';

const server = await startServer();
const browser = await launch();
for (const file of process.argv.slice(2)) for (const [query, who] of [['?helpers=0', 'worker alone'], ['', 'worker + helpers']]) {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.clock.setFixedTime(new Date('2026-11-21T09:00:00Z'));
  await page.goto(`${server.url}stock.html${query}`);
  await page.waitForSelector('body[data-ready]');
  const started = Date.now();
  await page.setInputFiles('#file', file);
  await page.waitForSelector('body[data-file-state="done"][data-report="file"]', { timeout: 300_000 });
  const wall = (Date.now() - started) / 1000;
  const ms = Number(await page.getAttribute('body', 'data-file-ms'));
  const totals = await page.textContent('#totals');
  const kind = path.basename(path.dirname(file));
  const n = Number(totals.split(' ')[0]);
  const helped = await page.getAttribute('body', 'data-file-helped');
  console.log(`| ${kind} | page (${who}; ${helped} chunks helped), check only | ${(ms / 1000).toFixed(2)} | ${Math.round(n / (ms / 1000))} |`);
  console.log(`| ${kind} | page (${who}), from choosing the file to the report | ${wall.toFixed(2)} | ${Math.round(n / wall)} |`);
  if (problems.length) console.log(problems);
  await context.close();
}
await browser.close();
await server.close();
