// The verifier page in real Chromium: what Playwright alone can reach (the file chooser,
// CSP headers, canvas encoders, console errors). The demo links, uploads, pasted and typed
// text and the hostile corpus run in every engine: everywhere.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, demoMarks, newPage, verdict, screenshot } from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';

const shared = sharedBrowser();

const marks = demoMarks();

test('the skip link and in-page fragments never replace the verdict or the mark in the URL', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'zh-CN' });
  const m = marks.find((x) => x.name === 'valid-ccc');
  await page.goto(`${shared.server.url}${m.fragment}`);
  assert.equal((await verdict(page)).code, 'valid');
  await page.focus('a.skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'result');
  assert.equal(new URL(page.url()).hash, m.fragment, 'the mark stays in the URL');
  // Fragments that cannot hold a mark (an anchor of the page, other text) change nothing.
  for (const hash of ['#result', '#somewhere-else']) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForTimeout(200);
    assert.equal(await page.getAttribute('#result', 'data-code'), 'valid', `after ${hash}`);
  }
  // A new mark in the fragment is checked as before.
  const forged = marks.find((x) => x.name === 'forged');
  await page.evaluate((h) => { location.hash = h; }, forged.fragment);
  await page.waitForSelector('#result[data-code="forged"]');
  await context.close();

  // With no verdict yet, the skip link leads to the text field and invents no verdict.
  const fresh = await newPage(shared.browser, { locale: 'zh-CN' });
  await fresh.page.goto(shared.server.url);
  await fresh.page.waitForSelector('body[data-ready="true"]');
  await fresh.page.focus('a.skip');
  await fresh.page.keyboard.press('Enter');
  await fresh.page.waitForTimeout(200);
  assert.equal(await fresh.page.evaluate(() => document.activeElement.id), 'text');
  assert.equal(await fresh.page.isHidden('#result'), true);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await fresh.context.close();
});

test('the verdict is laid out first and the rest of the page follows; with no link, as soon as the page works', async () => {
  // What the page showed when the verdict arrived, recorded in the page itself.
  const record = () => {
    window.atVerdict = null;
    new MutationObserver(() => {
      const r = document.getElementById('result');
      if (window.atVerdict || !r?.dataset.code) return;
      const shown = (sel) => getComputedStyle(document.querySelector(sel)).display !== 'none';
      window.atVerdict = { ways: shown('.ways'), footer: shown('footer'), header: shown('header') };
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-code'] });
  };
  const m = marks.find((x) => x.name === 'valid-ccc');
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.addInitScript(record);
  await page.goto(`${shared.server.url}${m.fragment}`);
  assert.equal((await verdict(page)).code, 'valid');
  assert.deepEqual(await page.evaluate(() => window.atVerdict), { ways: false, footer: false, header: true });
  assert.equal(await page.isVisible('#scan-start'), true, 'the ways in follow the verdict');
  assert.equal(await page.isVisible('#trust-refresh'), true, 'and the footer');
  // No link: nothing held back.
  await page.goto('about:blank');
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.isVisible('#scan-start'), true);
  await context.close();
  // The page's modules never arrive: the ways come back on their own after 3 s; with
  // scripts off, nothing is held back.
  const broken = await newPage(shared.browser, { locale: 'en' });
  await broken.page.route('**/app.js', (r) => r.abort());
  await broken.page.goto(`${shared.server.url}${m.fragment}`);
  assert.equal(await broken.page.isVisible('#scan-start'), false);
  await broken.page.waitForSelector('#scan-start', { state: 'visible', timeout: 5000 });
  await broken.context.close();
  const off = await newPage(shared.browser, { locale: 'en', javaScriptEnabled: false });
  await off.page.goto(`${shared.server.url}${m.fragment}`);
  assert.equal(await off.page.isVisible('#scan-start'), true);
  assert.equal(await off.page.isVisible('footer'), true);
  await off.context.close();
  assert.deepEqual(problems, []);
});

test('the page title says the verdict, and camera messages are announced', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(`${shared.server.url}${marks.find((x) => x.name === 'forged').fragment}`);
  await verdict(page);
  assert.equal(await page.title(), `${TEXTS.en.verdicts.forged[0]} · ${TEXTS.en.title} · certmark`);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.title(), `${TEXTS['zh-CN'].verdicts.forged[0]} · ${TEXTS['zh-CN'].title} · certmark`);
  assert.equal(await page.getAttribute('#camera-message', 'role'), 'status');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a verdict for another day says so in its headline and meaning', async () => {
  for (const locale of ['zh-CN', 'en']) {
    const { context, page, problems } = await newPage(shared.browser, { locale });
    const m = marks.find((x) => x.name === 'expired');
    await page.goto(`${shared.server.url}${m.fragment}`);
    assert.equal((await verdict(page)).title, TEXTS[locale].verdicts.expired[0], 'today: the plain headline');
    await page.click('summary');
    await page.fill('#as-of', '2020-06-01');
    await page.dispatchEvent('#as-of', 'change');
    await page.waitForSelector('#result[data-code="valid"]');
    const title = await page.textContent('#result-title');
    assert.notEqual(title, TEXTS[locale].verdicts.valid[0]);
    assert.ok(title.includes('2020-06-01'), title);
    assert.ok((await page.textContent('#verdict-meaning')).includes('2020-06-01'));
    assert.ok((await page.textContent('#announce')).includes('2020-06-01'));
    if (locale === 'zh-CN') await screenshot(page, 'as-of-2020-06-01-zh');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a valid mark shows issuer, holder, DEMO, the unit caveat and trust data', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  const m = marks.find((x) => x.name === 'valid-iso-unit');
  await page.goto(`${shared.server.url}${m.fragment}`);
  await verdict(page);
  const text = await page.textContent('#result');
  for (const want of ['Demo Management Systems Certification Co., Ltd.', '演示管理体系认证有限公司', 'CNCA-R-DEMO-002',
    '杭州演示精密机械有限公司', 'SN-2026-000123', 'a QR code can be copied', 'DEMO']) {
    assert.ok(text.includes(want), `missing ${want}`);
  }
  assert.match(await page.textContent('#trust-info'), /Trust data as of 2026-11-01: trust list #1, valid until 2028-11-01/);
  assert.equal(await page.isVisible('#demo-banner'), true);
  assert.equal(await page.textContent('#announce'), `Result: Valid. ${TEXTS.en.verdicts.valid[1]}`);
  await screenshot(page, 'valid-unit-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('forged content is shown only under the unverified label', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(`${shared.server.url}${marks.find((x) => x.name === 'forged').fragment}`);
  await verdict(page);
  assert.equal(await page.isVisible('.unverified'), true);
  assert.match(await page.textContent('.unverified h3'), /Unverified content/);
  assert.equal(await page.$('#content > dl.fields'), null, 'no verified field list');
  assert.deepEqual(problems, []);
  await context.close();
});

test('language switch is applied and remembered', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(`${shared.server.url}${marks[0].fragment}`);
  assert.equal((await verdict(page)).title, 'Valid');
  await page.click('#lang');
  assert.equal((await verdict(page)).title, '有效');
  await page.reload();
  assert.equal((await verdict(page)).title, '有效');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
});

test('verify as of a date changes the verdict', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(`${shared.server.url}${marks.find((x) => x.name === 'expired').fragment}`);
  assert.equal((await verdict(page)).code, 'expired');
  await page.click('summary');
  await page.fill('#as-of', '2023-06-01');
  await page.dispatchEvent('#as-of', 'change');
  await page.waitForSelector('#result[data-code="valid"]');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an image without a QR code says so', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  const blank = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');
  await page.setInputFiles('#photo', { name: 'blank.png', mimeType: 'image/png', buffer: blank });
  await page.waitForSelector('#image-message:not([hidden])');
  await page.waitForFunction(() => document.getElementById('image-message').textContent.includes('No QR code'));
  await page.setInputFiles('#photo', { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await page.waitForFunction(() => document.getElementById('image-message').textContent.includes('cannot be read'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an upload\'s error goes when a mark is checked another way', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'zh-CN' });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  await page.setInputFiles('#photo', { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await page.waitForFunction(() => document.getElementById('image-message').textContent.includes('无法读取'));
  await page.fill('#text', marks.find((x) => x.name === 'valid-ccc').mark);
  await page.press('#text', 'Enter');
  assert.equal((await verdict(page)).code, 'valid');
  assert.equal(await page.isHidden('#image-message'), true, 'the upload error is gone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an empty field asks for a mark instead of giving a verdict', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  for (const typed of ['', '   ']) {
    await page.fill('#text', typed);
    await page.click('#text-form button[type=submit]');
    await page.waitForSelector('#text-message:not([hidden])');
    assert.equal(await page.textContent('#text-message'), TEXTS.en.textEmpty);
    assert.equal(await page.isHidden('#result'), true, `no verdict for ${JSON.stringify(typed)}`);
  }
  await page.fill('#text', marks.find((x) => x.name === 'expired').mark);
  await page.press('#text', 'Enter');
  assert.equal((await verdict(page)).code, 'expired');
  assert.equal(await page.isHidden('#text-message'), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the file choosers show keyboard focus and open with Enter, here and on the stock page', async () => {
  for (const [path, before, input] of [['', '#scan-start', '#photo'], ['stock.html', '#file-title', '#file']]) {
    const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
    // Listen before anything happens: Playwright turns on picker interception
    // asynchronously, and a picker opened before that is never reported.
    const opened = [];
    page.on('filechooser', (chooser) => {
      opened.push(chooser.element());
      chooser.setFiles([]).catch(() => {});
    });
    await page.goto(`${shared.server.url}${path}`);
    await page.waitForSelector('body[data-ready]');
    // Reach the chooser with the keyboard, as a keyboard user does.
    const focused = () => page.evaluate((s) => document.activeElement === document.querySelector(s), input);
    await page.focus(before);
    for (let i = 0; i < 10 && !(await focused()); i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), true, `${input} reached`);
    const outline = await page.evaluate((s) => getComputedStyle(document.querySelector(`label[for="${s.slice(1)}"]`)).outlineStyle, input);
    assert.notEqual(outline, 'none', `${input}: its label shows the focus`);
    await page.keyboard.press('Enter');
    for (let i = 0; i < 50 && opened.length === 0; i++) await page.waitForTimeout(100);
    assert.equal(opened.length, 1, `${input}: Enter opens one picker`);
    assert.equal(await opened[0].evaluate((e) => `#${e.id}`), input);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('oversized text and images are refused before they reach the verifier or the decoder', async () => {
  const { context, page, problems } = await newPage(shared.browser, { locale: 'en' });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  // 20 MB of digits after a mark's prefix, pasted into the field: "malformed" (too long).
  await page.evaluate((n) => { document.getElementById('text').value = `CM1/${'1'.repeat(n)}`; }, 20 << 20);
  await page.press('#text', 'Enter');
  assert.equal((await verdict(page)).code, 'malformed');
  // A PNG whose header claims 20000 × 20000 pixels (1.6 GB to decode) in 33 bytes.
  const png = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(png);
  png.write('IHDR', 12, 'latin1');
  png.writeUInt32BE(20000, 16);
  png.writeUInt32BE(20000, 20);
  png[24] = 8;
  png[25] = 6;
  await page.setInputFiles('#photo', { name: 'bomb.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => !document.getElementById('image-message').hidden
    && !document.getElementById('image-message').textContent.includes('…'));
  assert.equal(await page.textContent('#image-message'), TEXTS.en.imageTooLarge.replace('{width}', 20000).replace('{height}', 20000));
  // The header reader agrees with Chromium's own encoders (a phone's photo is a JPEG).
  const sizes = await page.evaluate(async () => {
    const { imageSize } = await import('./ui/images.js');
    const out = [];
    for (const [type, quality, alpha] of [['image/png', 1, true], ['image/jpeg', 0.9, false], ['image/webp', 0.8, false],
      ['image/webp', 1, false], ['image/webp', 0.8, true]]) {
      const canvas = document.createElement('canvas');
      canvas.width = 1234;
      canvas.height = 567;
      const ctx = canvas.getContext('2d');
      if (!alpha) ctx.fillRect(0, 0, 1234, 567);
      ctx.fillStyle = '#f00';
      ctx.fillRect(10, 10, 100, 100);
      const blob = await new Promise((r) => canvas.toBlob(r, type, quality));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const found = imageSize(bytes.subarray(0, 65536));
      const bitmap = await createImageBitmap(blob);
      out.push([type, quality, alpha, found, [bitmap.width, bitmap.height]]);
    }
    // GIF and BMP headers, as their specifications lay them out.
    const gif = new Uint8Array([71, 73, 70, 56, 57, 97, 0xd2, 0x04, 0x37, 0x02]);
    const bmp = new Uint8Array(26);
    bmp.set([66, 77]);
    new DataView(bmp.buffer).setInt32(18, 1234, true);
    new DataView(bmp.buffer).setInt32(22, -567, true); // top-down rows
    out.push(['gif', 0, false, imageSize(gif), [1234, 567]], ['bmp', 0, false, imageSize(bmp), [1234, 567]]);
    return out;
  });
  for (const [type, quality, alpha, found, decoded] of sizes) {
    assert.deepEqual(found, { width: 1234, height: 567 }, `${type} ${quality} alpha ${alpha}`);
    assert.deepEqual(decoded, [1234, 567]);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page sends a strict CSP and loads nothing from elsewhere', async () => {
  const { context, page, problems } = await newPage(shared.browser);
  const response = await page.goto(`${shared.server.url}${marks[0].fragment}`);
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await verdict(page);
  // Inline script is refused by the policy.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    return window.__inline === 1;
  });
  assert.equal(ran, false);
  assert.ok(problems.every((p) => p.includes('Content Security Policy')), problems.join('\n'));
  await context.close();
});

