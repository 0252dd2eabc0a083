// What a first visit costs and what then works offline: a consumer who opens one link
// downloads the verifier and nothing else (not the scanner, not the stock page and its
// module), and that link opens again with no network; the scanner is kept once it has been
// used, so a photo is read offline after that.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, demoMarks, newPage, verdict, keptOffline } from './helpers.mjs';

const marks = demoMarks();
const byName = (n) => marks.find((m) => m.name === n);
const offlineOnly = (problems) => problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'));

const shared = sharedBrowser();

/** The paths the page's cache holds. */
function cached(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const key of await caches.keys()) {
      for (const request of await (await caches.open(key)).keys()) out.push(new URL(request.url).pathname);
    }
    return out.sort();
  });
}

test('a first visit from a link fetches the verifier only, and the link then opens offline', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'zh-CN' });
  shared.server.served.length = 0;
  await page.goto(`${shared.server.url}${byName('valid-ccc').fragment}`);
  assert.equal((await verdict(page)).code, 'valid');
  await keptOffline(page, 'verifier');
  const served = shared.server.served.map(([p]) => p);
  for (const unused of ['/stock.html', '/stock.js', '/stock-worker.js', '/pkg/certmark_stock_bg.wasm', '/scan-worker.js', '/pkg/certmark_scan_bg.wasm', '/ui/camera.js']) {
    assert.ok(!served.includes(unused), `${unused} fetched on a first visit`);
  }
  const kept = await cached(page);
  assert.ok(kept.includes('/pkg/certmark_bg.wasm') && kept.includes('/app.js'), String(kept));
  assert.ok(!kept.some((p) => /stock|scan/.test(p)), `kept more than the verifier: ${kept}`);
  const bytes = shared.server.served.reduce((sum, [, n]) => sum + n, 0);
  console.log(`first visit from a link, service worker included: ${(bytes / 1024).toFixed(1)} KB gzip bodies, ${served.length} responses`);

  await context.setOffline(true);
  await page.goto('about:blank');
  await page.goto(`${shared.server.url}${byName('withdrawn').fragment}`);
  assert.equal((await verdict(page)).code, 'withdrawn');
  assert.deepEqual(offlineOnly(problems), []);
  await context.close();
});

test('the scanner is kept once used: a photo is read offline after that', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  await page.setInputFiles('#photo', byName('valid-ccc').png);
  assert.equal((await verdict(page)).code, 'valid');
  await keptOffline(page, 'verifier');
  await keptOffline(page, 'scanner');
  assert.ok((await cached(page)).includes('/pkg/certmark_scan_bg.wasm'));

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  await page.setInputFiles('#photo', byName('expired').png);
  assert.equal((await verdict(page)).code, 'expired');
  assert.deepEqual(offlineOnly(problems), []);
  await context.close();
});
