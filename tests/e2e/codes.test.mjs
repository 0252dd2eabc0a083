// Codes that are not marks, as a consumer scans or pastes them: GS1 product codes, web
// links (look-alike hosts among them), links never to open, plain text. Each is named in
// both languages, never green, never worded as checked; a web link is offered only as a
// link the reader chooses, its host spelled out; a javascript: link is never a link.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, demoMarks, newPage, screenshot } from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';

const CODES = [
  { name: 'gs1-digital-link', input: 'https://id.gs1.example/01/09506000134352/10/ABC123/21/SN-77?17=271231', kind: 'gs1',
    shows: ['09506000134352', 'ABC123', 'SN-77', '2027-12-31', 'id.gs1.example'] },
  { name: 'gs1-wrong-check-digit', input: '(01)09506000134359(10)LOT9', kind: 'gs1', shows: ['09506000134359', 'LOT9'], caution: 'otherGs1BadCheck' },
  { name: 'web-link', input: 'https://shop.example.com/p/42', kind: 'web-link', shows: ['shop.example.com'], link: true },
  { name: 'lookalike', input: 'https://xn--crtmark-9ya.example/verify', kind: 'web-link', shows: ['xn--crtmark-9ya.example'], link: true, caution: 'otherLookalike' },
  { name: 'javascript', input: 'javascript:window.__pwned=1', kind: 'unsafe-link', shows: ['javascript:'] },
  { name: 'over-long', input: `https://${'a'.repeat(300)}.example/`, kind: 'web-link', shows: [], link: true, caution: 'otherLookalike' },
  { name: 'text', input: '一物一码 追溯码 20261121-0001', kind: 'text', shows: [] },
];

const shared = sharedBrowser();

for (const locale of ['zh-CN', 'en']) {
  test(`codes that are not marks are named, never trusted, in ${locale}`, async () => {
    const words = TEXTS[locale];
    const { context, page, problems } = await newPage(shared.browser, { locale });
    await page.goto(shared.server.url);
    await page.waitForSelector('body[data-ready]');
    for (const c of CODES) {
      await page.evaluate(() => document.getElementById('result').removeAttribute('data-code'));
      await page.fill('#text', c.input);
      await page.press('#text', 'Enter');
      await page.waitForSelector('#result[data-code]:not([hidden])');
      const shown = await page.evaluate(() => {
        const r = document.getElementById('result');
        const link = r.querySelector('a');
        return {
          code: r.dataset.code, other: r.dataset.other, kind: r.className, title: document.getElementById('result-title').textContent,
          meaning: document.getElementById('verdict-meaning').textContent, text: r.textContent,
          link: link && { href: link.getAttribute('href'), text: link.textContent, rel: link.rel },
        };
      });
      assert.equal(shown.code, 'not-a-mark', c.name);
      assert.equal(shown.other, c.kind, c.name);
      assert.equal(shown.kind, 'result unsure', `${c.name}: never green`);
      assert.equal(shown.title, words.verdicts['not-a-mark'][0]);
      const meaning = {
        gs1: words.otherGs1, 'web-link': null, 'unsafe-link': null, text: words.verdicts['not-a-mark'][1],
      }[c.kind];
      if (meaning) assert.equal(shown.meaning, meaning, c.name);
      for (const s of c.shows) assert.ok(shown.text.includes(s), `${c.name}: ${s} not shown`);
      if (c.caution) assert.ok(shown.text.includes(words[c.caution].slice(0, 8)), `${c.name}: no caution`);
      else assert.ok(!shown.text.includes('⚠'), `${c.name}: a caution where none is due`);
      if (c.link) {
        assert.equal(shown.link.href, c.input, `${c.name}: the link as printed`);
        assert.equal(shown.link.rel, 'noopener noreferrer');
        assert.ok(shown.link.text.includes(c.input.split('/')[2].slice(0, 40)), `${c.name}: host spelled out`);
      } else {
        assert.equal(shown.link, null, `${c.name}: no link`);
      }
      for (const word of [words.verdicts.valid[0], locale === 'en' ? 'genuine' : '正品']) {
        assert.ok(!shown.text.includes(word) || c.kind === 'text', `${c.name}: says ${word}`);
      }
      if (c.name === 'gs1-digital-link' || c.name === 'lookalike') await screenshot(page, `code-${c.name}-${locale}`);
    }
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a mark inside a link to another host is checked, and the page says where the code sends people', async () => {
  const mark = demoMarks().find((m) => m.name === 'valid-ccc');
  const { context, page, problems } = await newPage(shared.browser, { locale: 'zh-CN' });
  await page.goto(shared.server.url);
  await page.waitForSelector('body[data-ready]');
  const paste = async (text) => {
    await page.evaluate(() => document.getElementById('result').removeAttribute('data-code'));
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await page.waitForSelector('#result[data-code]:not([hidden])');
    return page.evaluate(() => ({
      code: document.getElementById('result').dataset.code,
      warnings: [...document.querySelectorAll('#warnings li')].map((li) => li.textContent),
    }));
  };
  for (const [link, host] of [
    [`https://verify-cnca.example/${mark.fragment}`, 'verify-cnca.example'],
    [`https://127.0.0.1:8080@evil.example/${mark.fragment}`, 'evil.example'],
  ]) {
    const shown = await paste(link);
    assert.equal(shown.code, 'valid', 'the mark itself is still checked');
    assert.deepEqual(shown.warnings, [TEXTS['zh-CN'].warnOtherHost.replace('{host}', host)]);
  }
  await screenshot(page, 'mark-on-other-host-zh');
  // The demo's printed host (meta certmark-hosts) and this verifier's own are not "elsewhere".
  for (const link of [mark.fragment.replace('#', 'http://127.0.0.1:8080/#'), `${shared.server.url}${mark.fragment}`]) {
    assert.deepEqual((await paste(link)).warnings, [], link);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
