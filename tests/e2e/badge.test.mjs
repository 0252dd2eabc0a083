// <certmark-badge> in real Chromium: on another site (the badge script from the verifier's
// origin, the host page on a second port with its own strict CSP), 100 badges at once,
// no CSS crossing the shadow boundary either way, the example listing in www/, the link
// to the official verifier, and a verifier that cannot load.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { ROOT, launch, startServer, demoMarks, hostileCorpus, hundredMarks, startShop, recordBadges, newPage, verdict, screenshot } from './helpers.mjs';
import { VERDICTS } from '../../www/embed/verdicts.js';
import { verifyAll } from '../../www/embed/certmark.js';

const marks = demoMarks();
const byMark = new Map(marks.map((m) => [m.mark, m]));
// The marks beyond the demo set come from the stock-check fixture; their verdicts are the
// package's in Node (the package test checks the package against the demo set).
const HUNDRED = hundredMarks();
const fixture = HUNDRED.filter((m) => !byMark.has(m));
const fixtureCodes = await verifyAll(fixture);
fixture.forEach((mark, i) => byMark.set(mark, { name: `stock mark ${mark.slice(0, 24)}…`, mark, expect: fixtureCodes[i].code }));

let browser;
let verifier; // origin A: the verifier's site, serving /embed/badge.js
let shop; // origin B: a shop's site

// A shop's own styles, hostile to anything they could reach: none may reach into a badge.
const SHOP_CSS = `
body { color: rgb(255, 0, 0); font: 40px/3 serif; letter-spacing: 5px; }
span, div, a { border: 9px solid rgb(0, 0, 255); color: rgb(0, 255, 0); }
.verdict, .icon, .badge { display: block; }
`;

before(async () => {
  browser = await launch();
  verifier = await startServer();
  shop = await startShop(verifier.url, HUNDRED, SHOP_CSS);
});
after(async () => {
  await browser?.close();
  await verifier?.close();
  await shop?.close();
});

/** What each badge on the page shows, read through its (open) shadow root. */
function badges(page) {
  return page.$$eval('certmark-badge', (els) => els.map((b) => {
    const r = b.shadowRoot;
    const box = r.querySelector('.badge');
    const link = r.querySelector('a');
    const style = (sel) => getComputedStyle(r.querySelector(sel));
    return {
      mark: b.getAttribute('mark'),
      lang: box.lang,
      code: b.getAttribute('code'),
      verdict: r.querySelector('.verdict').textContent,
      icon: r.querySelector('.icon')?.textContent,
      lines: [...r.querySelectorAll('.line')].map((l) => l.textContent),
      demo: r.querySelector('.demo')?.textContent ?? null,
      href: link.href,
      linkText: link.textContent,
      injected: r.querySelectorAll('img, script, iframe').length,
      css: {
        color: style('.badge').color, font: style('.badge').fontSize, spacing: style('.badge').letterSpacing,
        spanBorder: style('.verdict').borderTopWidth, verdictDisplay: style('.verdict').display,
        linkColor: style('a').color, linkBorder: style('a').borderTopWidth,
      },
    };
  }));
}

function expectBadge(b, origin) {
  const m = byMark.get(b.mark);
  assert.ok(m, 'each badge holds a demo mark');
  assert.equal(b.code, m.expect, m.name);
  assert.equal(b.verdict, VERDICTS[b.lang][m.expect][0], `${m.name} in ${b.lang}`);
  assert.ok(['✓', '✕', '?'].includes(b.icon), 'an icon beside the words');
  assert.equal(b.demo, b.lang === 'en' ? 'Demo data, not a real certification' : '演示数据，不代表真实认证');
  const verified = ['valid', 'expired', 'withdrawn', 'suspended', 'not-yet-valid', 'key-not-valid', 'not-accredited'];
  // Issuer and holder only once the signature verified; a link that is not a mark says where it goes.
  const lines = verified.includes(m.expect) ? 2 : m.expect === 'not-a-mark' && /^https:/.test(m.mark) ? 1 : 0;
  assert.equal(b.lines.length, lines, `${m.name}: issuer and holder only once the signature verified`);
  const fragment = m.mark.includes('#') ? m.mark.slice(m.mark.indexOf('#') + 1) : m.mark;
  assert.equal(b.href, `${origin}#${fragment}`, 'the link carries the mark to the official verifier');
  assert.equal(b.injected, 0, `${m.name}: nothing from the mark became markup`);
}

/** Opens the shop's page in a fresh context; resolves once all 100 badges show a verdict. */
async function openHost() {
  const opened = await newPage(browser, { locale: 'en' });
  await recordBadges(opened.page, 100);
  await opened.page.goto(shop.url);
  opened.painted = await opened.page.waitForFunction(() => window.painted, null, { timeout: 15000 }).then((h) => h.jsonValue());
  opened.shown = await opened.page.evaluate(() => Math.max(...window.verdictTimes));
  return opened;
}

test('on another site: 100 badges, right verdicts, one wasm load, strict CSP, no CSS either way', async (t) => {
  const { context, page, problems, shown, painted } = await openHost();

  const all = await badges(page);
  assert.equal(all.length, 100);
  for (const b of all) expectBadge(b, verifier.url);
  const valid = all.find((b) => b.mark === marks.find((m) => m.name === 'valid-ccc').mark && b.lang === 'zh-CN');
  assert.deepEqual(valid.lines, ['认证机构：演示中国质量认证中心', '持证组织：深圳市演示电器有限公司']);
  const hostile = all.find((b) => b.mark === marks.find((m) => m.name === 'hostile-holder').mark);
  assert.equal(hostile.lines[1].endsWith('<img src=x onerror=alert(1)>'), true, 'hostile holder shown as text');

  // The shop's CSS stops at the badge, and the badge's stops at its shadow root.
  for (const b of all) {
    assert.deepEqual(b.css, {
      color: 'rgb(27, 31, 36)', font: '14px', spacing: 'normal', spanBorder: '0px', verdictDisplay: 'inline',
      linkColor: 'rgb(5, 80, 174)', linkBorder: '0px',
    });
  }
  const own = await page.evaluate(() => ['own-verdict', 'own-icon'].map((id) => {
    const s = getComputedStyle(document.getElementById(id));
    return [s.fontWeight, s.backgroundColor, s.color];
  }));
  assert.deepEqual(own, [['400', 'rgba(0, 0, 0, 0)', 'rgb(0, 255, 0)'], ['400', 'rgba(0, 0, 0, 0)', 'rgb(0, 255, 0)']]);

  // One fetch of the verifier's wasm for all 100, and of the codes module for the one
  // link that is not a mark (after its verdict); the scanner is never fetched.
  const wasm = verifier.served.filter(([p]) => p.endsWith('.wasm')).map(([p]) => p);
  assert.deepEqual(wasm, ['/embed/pkg/certmark_bg.wasm', '/embed/pkg/certmark_codes_bg.wasm']);

  // No violation of the shop's policy, which is live: an off-site image is still refused.
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: 'http://127.0.0.1:9/x.png' })));
  await page.waitForFunction(() => window.violations.length === 1);
  assert.match(await page.evaluate(() => window.violations[0]), /^img-src http:\/\/127\.0\.0\.1:9\/x\.png/);
  await screenshot(page, 'badges-host');
  assert.deepEqual(problems.filter((p) => !p.includes("violates the following Content Security Policy directive: \"img-src 'self'\"")), []);

  // "Check it yourself": the link opens the official verifier with the same verdict.
  const forged = all.find((b) => byMark.get(b.mark).name === 'forged');
  const other = await context.newPage();
  await other.goto(forged.href);
  assert.equal((await verdict(other)).code, 'forged');
  await context.close();

  // Timing is measured by scripts/bench-web.mjs (the goal: 500 ms to every verdict shown),
  // not gated here: on this shared 2-core machine three cold loads took 530 to 1299 ms in
  // one CI run, so a bound would fail at random. The test reports them; a wasm load per
  // badge, the slowness a bound would have caught, is checked above by the loads counted.
  const times = [[shown, painted]];
  for (let i = 0; i < 2; i++) {
    const again = await openHost();
    times.push([again.shown, again.painted]);
    assert.deepEqual(again.problems, []);
    await again.context.close();
  }
  t.diagnostic(`100 badges: all verdicts shown / painted at ${times.map(([s, p]) => `${s.toFixed(0)}/${p.toFixed(0)}`).join(', ')} ms after navigation start`);
});

test('the hostile-text corpus in badges: text only, hidden characters written out, nothing runs', async () => {
  const corpus = hostileCorpus();
  const host = await startShop(verifier.url, corpus.map((c) => c.mark));
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await recordBadges(page, corpus.length);
  await page.goto(host.url);
  await page.waitForFunction(() => window.painted, null, { timeout: 15000 });
  const all = await badges(page);
  assert.equal(all.length, corpus.length);
  all.forEach((b, i) => {
    const c = corpus[i];
    assert.equal(b.code, c.expect, c.name);
    assert.equal(b.injected, 0, c.name);
    if (c.expect === 'valid') {
      const label = b.lang === 'en' ? 'Holder: ' : '持证组织：';
      assert.equal(b.lines[1], `${label}${c.shown}`, c.name);
    }
  });
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(problems, []);
  await context.close();
  await host.close();
});

test('a badge holding a code that is not a mark says what it is, never that it is checked', async () => {
  // A seller may put a product code or a shop link where a mark belongs (zh-CN, en alternate).
  const codes = [
    ['https://id.example.com/01/09506000134352/10/AB-123', 'gs1', '这是商品条码（GS1），不是带签名的认证标志，不能证明任何认证。'],
    ['https://id.example.com/01/09506000134352/10/AB-123', 'gs1', 'This is a product code (GS1), not a signed certification mark; it proves nothing about certification.'],
    ['https://shop.example.cn/item/42', 'web-link', '这是指向 shop.example.cn 的网址，不是认证标志，不能证明任何认证。'],
    ['https://xn--80ak6aa92e.com/', 'web-link', 'This is a web link to xn--80ak6aa92e.com, not a certification mark; it proves nothing about certification.'],
    ['javascript:alert(1)', 'unsafe-link', '这是一个不能打开的链接（javascript:），不是认证标志。'],
    ['just some words', null, null],
  ];
  const host = await startShop(verifier.url, codes.map(([text]) => text));
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await recordBadges(page, codes.length);
  await page.goto(host.url);
  await page.waitForFunction(() => window.painted, null, { timeout: 15000 });
  const all = await badges(page);
  const kinds = await page.$$eval('certmark-badge', (els) => els.map((b) => ({
    other: b.shadowRoot.querySelector('[data-other]')?.dataset.other ?? null,
    good: b.shadowRoot.querySelector('.badge').classList.contains('good'),
  })));
  codes.forEach(([text, kind, said], i) => {
    assert.equal(all[i].code, 'not-a-mark', text);
    assert.equal(kinds[i].good, false, `${text}: never shown as good`);
    assert.equal(kinds[i].other, kind, text);
    if (said) assert.ok(all[i].lines.includes(said), `${text}: ${all[i].lines}`);
    assert.equal(all[i].injected, 0);
  });
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(problems, []);
  await screenshot(page, 'badge-not-a-mark');
  await context.close();
  await host.close();
});

test('a badge says in words what its verdict cannot: trust data past its expiry, in both languages', async () => {
  const valid = marks.find((m) => m.name === 'valid-ccc').mark;
  const host = await startShop(verifier.url, [valid, valid]);
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await context.clock.setFixedTime(new Date('2029-01-15T08:00:00Z')); // the bundled list expires 2028-11-01
  await recordBadges(page, 2);
  await page.goto(host.url);
  await page.waitForFunction(() => window.painted, null, { timeout: 15000 });
  const warned = await page.$$eval('certmark-badge', (els) => els.map((b) => [...b.shadowRoot.querySelectorAll('[data-warning]')]
    .map((l) => [l.dataset.warning, l.textContent])));
  assert.deepEqual(warned, [
    [['trust-data-expired', '⚠ 核验所用的信任数据已于 2028-11-01 过期，之后的变更未知。']],
    [['trust-data-expired', '⚠ The trust data this check used expired on 2028-11-01; changes since then are unknown.']],
  ]);
  assert.deepEqual(problems, []);
  await screenshot(page, 'badge-warning');
  await context.close();
  await host.close();
});

test('the example product listing, in Chinese and in English', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(`${verifier.url}shop.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('certmark-badge')].every((b) => b.hasAttribute('code')));
  const zh = await badges(page);
  assert.deepEqual(zh.map((b) => byMark.get(b.mark).name),
    ['valid-ccc', 'valid-iso-unit', 'withdrawn', 'expired', 'suspended', 'forged', 'unknown-issuer']);
  for (const b of zh) {
    assert.equal(b.lang, 'zh-CN');
    expectBadge(b, verifier.url);
  }
  assert.equal(await page.textContent('h1'), '示例商品列表');
  await screenshot(page, 'shop-zh-CN');

  await page.click('#lang');
  await page.waitForFunction(() => [...document.querySelectorAll('certmark-badge')]
    .every((b) => b.shadowRoot.querySelector('.badge').lang === 'en' && b.hasAttribute('code')));
  for (const b of await badges(page)) {
    assert.equal(b.lang, 'en');
    assert.equal(b.linkText, 'Check it yourself on the official verifier');
    expectBadge(b, verifier.url);
  }
  assert.equal(await page.textContent('h1'), 'Example product listing');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await screenshot(page, 'shop-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a badge re-checks when its mark changes, and says so when the verifier cannot load', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  await recordBadges(page, 100);
  await page.goto(shop.url);
  await page.waitForFunction(() => window.verdictTimes.length === 100);
  const first = page.locator('certmark-badge').first();
  await first.evaluate((b) => b.setAttribute('mark', 'not a mark'));
  await page.waitForFunction(() => document.querySelector('certmark-badge').getAttribute('code') === 'not-a-mark');
  await first.evaluate((b) => b.removeAttribute('mark'));
  await page.waitForFunction(() => window.verdictTimes.length === 102);
  assert.equal(await first.getAttribute('code'), 'not-a-mark');
  const expired = marks.find((m) => m.name === 'expired');
  await first.evaluate((b, mark) => { b.setAttribute('as-of', '2024-01-02'); b.setAttribute('mark', mark); }, expired.mark);
  await page.waitForFunction(() => document.querySelector('certmark-badge').getAttribute('code') === 'valid');
  // The link goes to an http(s) verifier only: anything else falls back to the badge's site.
  const hrefs = [];
  for (const v of ['https://verifier.example/check/', 'javascript:alert(1)', 'data:text/html,x', '']) {
    const n = await page.evaluate(() => window.verdictTimes.length);
    await first.evaluate((b, v) => b.setAttribute('verifier', v), v);
    await page.waitForFunction((n) => window.verdictTimes.length > n, n);
    hrefs.push(await first.evaluate((b) => b.shadowRoot.querySelector('a').href.split('#')[0]));
  }
  assert.deepEqual(hrefs, ['https://verifier.example/check/', verifier.url, verifier.url, verifier.url]);
  assert.deepEqual(problems, []);
  await context.close();

  const broken = await newPage(browser, { locale: 'zh-CN' });
  await broken.page.route('**/certmark_bg.wasm', (r) => r.abort());
  await recordBadges(broken.page, 100);
  await broken.page.goto(shop.url);
  await broken.page.waitForFunction(() => window.verdictTimes.length === 100);
  const codes = await broken.page.$$eval('certmark-badge', (els) => [...new Set(els.map((b) => b.getAttribute('code')))]);
  assert.deepEqual(codes, ['error']);
  const words = await broken.page.locator('certmark-badge').first().evaluate((b) => b.shadowRoot.querySelector('.verdict').textContent);
  assert.equal(words, '无法核验');
  assert.ok(broken.problems.every((p) => p.includes('ERR_FAILED')), broken.problems.join('\n'));
  await broken.context.close();
});

test('the package in a browser, from the verifier\'s origin: scan an ImageData, verify what it holds', async () => {
  const png = PNG.sync.read(readFileSync(path.join(ROOT, 'demo/valid-ccc.png')));
  const { context, page, problems } = await newPage(browser, { locale: 'en' });
  const servedBefore = verifier.served.length;
  await page.goto(shop.url); // the shop's page and policy
  const got = await page.evaluate(async ([base, pixels, width, height]) => {
    const { scan, verify } = await import(`${base}embed/certmark.js`);
    const bytes = Uint8ClampedArray.from(atob(pixels), (c) => c.charCodeAt(0));
    const texts = await scan(new ImageData(bytes, width, height));
    const outcome = await verify(texts[0]);
    const refused = await scan({ data: bytes, width: width + 1, height }).catch((e) => e.message);
    return { texts, code: outcome.code, holder: outcome.claims.holder, refused };
  }, [verifier.url, png.data.toString('base64'), png.width, png.height]);
  assert.deepEqual(got.texts, [readFileSync(path.join(ROOT, 'demo/valid-ccc.link'), 'utf8').trim()]);
  assert.equal(got.code, 'valid');
  assert.equal(got.holder, '深圳市演示电器有限公司');
  assert.match(got.refused, /^pixel buffer has \d+ bytes/);
  // The scanner loads on the first scan (the shop's badges may fetch the codes module
  // for their link that is not a mark meanwhile).
  const wasm = verifier.served.slice(servedBefore).map(([p]) => p).filter((p) => p.endsWith('.wasm'));
  assert.ok(wasm.includes('/embed/pkg/certmark_scan_bg.wasm'), `the scanner loads on the first scan: ${wasm}`);
  assert.deepEqual(problems, []);
  await context.close();
});
