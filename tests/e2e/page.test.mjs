// The verifier page in real Chromium: links, uploads, pasted and typed text, hostile
// content, language choice. Every test also fails on any console error.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer, demoMarks, newPage, verdict, screenshot } from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await startServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const marks = demoMarks();

for (const locale of ['zh-CN', 'en']) {
  test(`every demo link gives its verdict in ${locale}`, async () => {
    const { context, page, problems } = await newPage(browser, { locale });
    for (const m of marks) {
      await page.goto(`${server.url}${m.fragment}`);
      const v = await verdict(page);
      assert.equal(v.code, m.expect, m.name);
      assert.equal(v.title, TEXTS[locale].verdicts[m.expect][0], `${m.name} title in ${locale}`);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      if (['valid-ccc', 'forged', 'malformed'].includes(m.name)) await screenshot(page, `link-${m.name}-${locale}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a valid mark shows issuer, holder, DEMO, the unit caveat and trust data', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  const m = marks.find((x) => x.name === 'valid-iso-unit');
  await page.goto(`${server.url}${m.fragment}`);
  await verdict(page);
  const text = await page.textContent('#result');
  for (const want of ['Demo Management Systems Certification Co., Ltd.', '演示管理体系认证有限公司', 'CNCA-R-DEMO-002',
    '杭州演示精密机械有限公司', 'SN-2026-000123', 'not that the item in your hands is genuine', 'DEMO']) {
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
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(`${server.url}${marks.find((x) => x.name === 'forged').fragment}`);
  await verdict(page);
  assert.equal(await page.isVisible('.unverified'), true);
  assert.match(await page.textContent('.unverified h3'), /Unverified content/);
  assert.equal(await page.$('#content > dl.fields'), null, 'no verified field list');
  assert.deepEqual(problems, []);
  await context.close();
});

test('language switch is applied and remembered', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(`${server.url}${marks[0].fragment}`);
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
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(`${server.url}${marks.find((x) => x.name === 'expired').fragment}`);
  assert.equal((await verdict(page)).code, 'expired');
  await page.click('summary');
  await page.fill('#as-of', '2023-06-01');
  await page.dispatchEvent('#as-of', 'change');
  await page.waitForSelector('#result[data-code="valid"]');
  assert.deepEqual(problems, []);
  await context.close();
});

test('uploaded demo QR images give their verdicts', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]');
  for (const m of marks.filter((x) => ['valid-ccc', 'forged', 'withdrawn', 'unknown-issuer'].includes(x.name))) {
    await page.evaluate(() => document.getElementById('result').removeAttribute('data-code'));
    await page.setInputFiles('#photo', m.png);
    assert.equal((await verdict(page)).code, m.expect, m.name);
  }
  await screenshot(page, 'upload-withdrawn-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an image without a QR code says so', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(server.url);
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

test('pasted text, typed text and a keyboard-wedge scanner are checked', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]');
  const valid = marks.find((x) => x.name === 'valid-ccc');
  await page.fill('#text', valid.mark);
  await page.press('#text', 'Enter');
  assert.equal((await verdict(page)).code, 'valid');
  // A wedge scanner types into the page and ends with Enter.
  await page.evaluate(() => { document.activeElement.blur(); document.getElementById('result').removeAttribute('data-code'); });
  await page.keyboard.type(marks.find((x) => x.name === 'suspended').fragment.slice(1), { delay: 0 });
  await page.keyboard.press('Enter');
  assert.equal((await verdict(page)).code, 'suspended');
  // Pasting text anywhere on the page.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, marks.find((x) => x.name === 'not-yet-valid').mark);
  await page.waitForSelector('#result[data-code="not-yet-valid"]');
  await screenshot(page, 'pasted-not-yet-valid-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hostile holder text is shown as text and runs nothing', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await page.goto(`${server.url}${marks.find((x) => x.name === 'hostile-holder').fragment}`);
  assert.equal((await verdict(page)).code, 'valid');
  const holder = await page.evaluate(() => {
    const dts = [...document.querySelectorAll('#content dt')];
    return dts.find((d) => d.textContent === 'Holder').nextElementSibling.textContent;
  });
  assert.equal(holder, '<img src=x onerror=alert(1)>');
  assert.equal(await page.$('#result img'), null, 'no element was created from the mark');
  await screenshot(page, 'hostile-holder-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page sends a strict CSP and loads nothing from elsewhere', async () => {
  const { context, page, problems } = await newPage(browser);
  const response = await page.goto(`${server.url}${marks[0].fragment}`);
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

