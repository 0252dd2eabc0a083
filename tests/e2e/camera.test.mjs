// The camera path through Chromium's fake video capture, and the fallback when the
// camera is refused.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, startServer, demoMarks, newPage, verdict, screenshot, OUT } from './helpers.mjs';
import { makeY4m } from './y4m.mjs';
import { TEXTS } from '../../www/i18n.js';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

const marks = demoMarks();

test('no camera at all says so and offers the photo fallback', async () => {
  const browser = await launch();
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]');
  await page.click('#scan-start');
  await page.waitForSelector('#photo-fallback:not([hidden])');
  assert.equal(await page.textContent('#camera-message'), TEXTS.en.cameraMissing);
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('live camera scanning reads a demo mark and stops', async () => {
  const video = path.join(OUT, 'camera-withdrawn.y4m');
  const maker = await launch();
  await makeY4m(maker, [marks.find((m) => m.name === 'withdrawn').png], video);
  await maker.close();
  const browser = await launch([
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`,
  ]);
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]');
  await page.click('#scan-start');
  assert.equal((await verdict(page)).code, 'withdrawn');
  assert.equal(await page.isVisible('#camera'), false, 'the camera view closes on the first mark');
  assert.equal(await page.evaluate(() => document.getElementById('video').srcObject), null, 'the stream is stopped');
  await screenshot(page, 'camera-withdrawn-en');
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});

test('a refused camera leads to the photo fallback', async () => {
  // A camera exists (fake device) but the permission prompt is denied.
  const browser = await launch(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]');
  await page.click('#scan-start');
  await page.waitForSelector('#photo-fallback:not([hidden])');
  const message = await page.textContent('#camera-message');
  assert.equal(message, TEXTS['zh-CN'].cameraDenied);
  assert.equal(await page.getAttribute('#photo-capture', 'capture'), 'environment');
  // The fallback works: a photo of a mark.
  await page.setInputFiles('#photo-capture', marks.find((m) => m.name === 'valid-ccc').png);
  assert.equal((await verdict(page)).code, 'valid');
  await screenshot(page, 'camera-refused-fallback-zh');
  assert.deepEqual(problems, []);
  await context.close();
  await browser.close();
});
