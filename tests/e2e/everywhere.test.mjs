// The verifier, the badge and the stock page in every engine a consumer holds: Chromium,
// WebKit (every iPhone browser, iOS WeChat's included) and Firefox ESR. Each scenario is
// written once against tests/e2e/engines.mjs and run per engine; the camera path stays in
// Chromium (camera.test.mjs: the other engines have no fake camera that plays a file).
// Phones (390×844, zh-CN) in Chromium and WebKit; axe-core's WCAG 2.1 AA rules in both.

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENGINES, PHONE, openTab } from './engines.mjs';
import {
  ROOT, startServer, startShop, demoMarks, keptOffline, hostileCorpus, HIDDEN, parseCsv,
  CONTEXTS, signList, trustListUpdate, revocationsUpdate, writeList, certOf,
} from './helpers.mjs';
import { TEXTS } from '../../www/i18n.js';
import { VERDICTS } from '../../www/embed/verdicts.js';

const marks = demoMarks();
const byName = (n) => marks.find((m) => m.name === n);
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const PHONE_ENGINES = ['chromium', 'webkit'];
const AXE_ENGINES = ['chromium', 'webkit'];

/** The verdict on the page, once there and the rest of the page with it: { code, title }. */
function verdict(tab) {
  return tab.waitFor(() => {
    const r = document.getElementById('result');
    return r && !r.hidden && r.dataset.code && document.documentElement.classList.contains('shown')
      ? { code: r.dataset.code, title: document.getElementById('result-title').textContent } : null;
  }, null, { what: 'a verdict' });
}

/** Opens `url` and waits until the page is ready for input. */
async function openReady(t, url) {
  await t.goto(url);
  await t.waitForSelector('body[data-ready]');
}

/** axe-core's violations of WCAG 2.1 A and AA rules on the page as it is, by impact. */
async function axe(tab) {
  // The library's source is the script itself (no eval, which the page's CSP forbids).
  const found = await tab.run(`${AXE}
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })));`);
  return found;
}

/** In the axe engines: no serious or critical finding here; the rest kept for the log. */
async function axeClean(t, engine, where) {
  if (AXE_ENGINES.includes(engine)) minor.push(...noSerious(await axe(t), `${engine} ${where}`));
}

function noSerious(violations, where) {
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${where}: ${JSON.stringify(bad)}`);
  return violations.map((v) => `${where}: ${v.id} (${v.impact})`);
}

/** Tabs through the page from its top: every visible control must be reached, each with
 * a visible focus ring (an outline or a shadow; a file input's on its label). */
async function everyControlByTab(t, engine, where) {
  const controls = await t.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    // checkVisibility: WebKit gives a control in a closed <details> a client rect.
    .filter((e) => !e.disabled && e.checkVisibility({ visibilityProperty: true }))
    .map((e) => e.id || e.getAttribute('href') || e.textContent.trim()));
  // From a focusable spot before everything (then gone). Tab past the last control leaves
  // the page for the browser's own bar (document.hasFocus() false), then comes round.
  await t.evaluate(() => {
    const start = Object.assign(document.createElement('span'), { tabIndex: -1, id: '__start' });
    document.body.prepend(start);
    start.focus();
  });
  const reached = new Map();
  for (let i = 0; i < controls.length * 3 + 20 && controls.some((c) => !reached.has(c)); i++) {
    await t.press(null, 'Tab');
    const f = await t.evaluate(() => {
      const e = document.activeElement;
      document.getElementById('__start')?.remove();
      if (!e || e === document.body || !document.hasFocus()) return null;
      const drawn = e.type === 'file' ? document.querySelector(`label[for="${e.id}"]`) ?? e : e;
      const s = getComputedStyle(drawn);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return { id: e.id || e.getAttribute('href') || e.textContent.trim(), ring: ring || `outline ${s.outlineStyle} ${s.outlineWidth}` };
    });
    if (f && !reached.has(f.id)) reached.set(f.id, f.ring);
  }
  assert.ok(controls.length > 5, `${where}: ${controls}`);
  assert.deepEqual(controls.filter((c) => !reached.has(c)), [], `${engine} ${where}: controls never reached by Tab`);
  const unringed = [...reached].filter(([, ring]) => ring !== true).map(([id, ring]) => `${id}: ${ring}`);
  assert.deepEqual(unringed, [], `${engine} ${where}: focused without a visible ring`);
}

const minor = []; // minor and moderate findings, printed at the end for the README

for (const engine of ENGINES) {
  describe(engine, () => {
    const tabs = new Map();
    /** One browser per language (and phone) for all of this engine's scenarios. */
    const tab = async (locale = 'en', phone = false) => {
      const key = `${locale}${phone ? ' phone' : ''}`;
      // A browser whose page crashed between scenarios (WebKit's web process did so once in
      // CI, between two tests) is started again; a crash within a scenario still fails it.
      if (tabs.has(key) && !(await tabs.get(key).evaluate(() => true).catch(() => false))) {
        console.log(`${engine} ${key}: the browser had crashed; started again`);
        await tabs.get(key).close().catch(() => {});
        tabs.delete(key);
      }
      if (!tabs.has(key)) tabs.set(key, await openTab(engine, { locale, phone }));
      const t = tabs.get(key);
      t.problems.length = 0;
      return t;
    };
    let server;
    const base = async () => (server ??= await startServer());
    after(async () => {
      for (const t of tabs.values()) await t.close();
      await server?.close();
      if (minor.length) console.log(`axe, minor and moderate:\n${[...new Set(minor)].join('\n')}`);
    });

    for (const locale of ['zh-CN', 'en']) {
      test(`every demo link gives its verdict in ${locale}`, async () => {
        const t = await tab(locale);
        const { url } = await base();
        for (const m of marks) {
          await t.goto(`${url}${m.fragment}`);
          const v = await verdict(t);
          assert.equal(v.code, m.expect, m.name);
          assert.equal(v.title, TEXTS[locale].verdicts[m.expect][0], `${m.name} title in ${locale}`);
          assert.equal(await t.attr('html', 'lang'), locale);
          // The headline and its icon, not colour alone, are what the reader sees.
          assert.ok((await t.text('#verdict-icon'))?.trim(), `${m.name}: an icon`);
          if (m.name === 'valid-ccc') await t.screenshot(`everywhere-valid-${locale}`);
        }
        assert.deepEqual(await t.errors(), []);
      });
    }

    test('uploaded demo QR images give their verdicts', async () => {
      const t = await tab('en');
      const { url } = await base();
      await openReady(t, url);
      for (const m of marks.filter((x) => ['valid-ccc', 'forged', 'withdrawn', 'unknown-issuer'].includes(x.name))) {
        await t.evaluate(() => document.getElementById('result').removeAttribute('data-code'));
        await t.upload('#photo', m.png);
        assert.equal((await verdict(t)).code, m.expect, m.name);
      }
      assert.deepEqual(await t.errors(), []);
    });

    test('typed text, a keyboard-wedge scanner and pasted text are checked', async () => {
      const t = await tab('en');
      const { url } = await base();
      await openReady(t, url);
      await t.type('#text', byName('valid-ccc').mark);
      await t.press('#text', 'Enter');
      assert.equal((await verdict(t)).code, 'valid');
      await t.evaluate(() => { document.activeElement.blur(); document.getElementById('result').removeAttribute('data-code'); });
      await t.typeKeys(byName('suspended').fragment.slice(1));
      await t.press(null, 'Enter');
      assert.equal((await verdict(t)).code, 'suspended');
      await t.paste(byName('not-yet-valid').mark);
      await t.waitForSelector('#result[data-code="not-yet-valid"]');
      assert.deepEqual(await t.errors(), []);
    });

    test('the hostile-text corpus is shown as inert, isolated text', async () => {
      const t = await tab('en');
      const { url } = await base();
      const en = TEXTS.en;
      for (const c of hostileCorpus()) {
        await t.goto(`${url}${c.link}`);
        assert.equal((await verdict(t)).code, c.expect, c.name);
        const seen = await t.evaluate(() => {
          const pairs = {};
          for (const dt of document.querySelectorAll('#content dt')) {
            const dd = dt.nextElementSibling;
            pairs[dt.textContent] = { text: dd.textContent, bidi: getComputedStyle(dd).unicodeBidi };
          }
          const walker = document.createTreeWalker(document.getElementById('result'), NodeFilter.SHOW_TEXT);
          const texts = [];
          while (walker.nextNode()) if (!/^[ \n]*$/.test(walker.currentNode.nodeValue)) texts.push(walker.currentNode.nodeValue);
          return {
            pairs, texts,
            injected: document.querySelectorAll('#result img, #result script, #result svg, #result iframe, #result a').length,
            pwned: window.__pwned ?? null,
          };
        });
        assert.equal(seen.pwned, null, c.name);
        assert.equal(seen.injected, 0, `${c.name}: an element was made from the mark`);
        assert.deepEqual(seen.texts.filter((x) => HIDDEN.test(x)), [], `${c.name}: a hidden character reached the page`);
        if (c.expect === 'valid') {
          for (const label of [en.fieldHolder, en.fieldScope, en.fieldCert, en.fieldSerial, 'note']) {
            assert.deepEqual(seen.pairs[label], { text: c.shown, bidi: 'isolate' }, `${c.name}: ${label}`);
          }
        }
      }
      assert.deepEqual(await t.errors(), []);
    });

    test('a device clock far from the server\'s is warned about', async () => {
      // The server's clock is set instead of the browser's: WebDriver cannot set a clock.
      const ahead = new Date(Date.now() + 400 * 86_400_000);
      const skewed = await startServer({ clock: ahead });
      try {
        const t = await tab('en');
        await t.goto(`${skewed.url}${byName('valid-ccc').fragment}`);
        assert.equal((await verdict(t)).code, 'valid');
        const want = TEXTS.en.warnServerClock.replace('{device}', new Date().toISOString().slice(0, 10))
          .replace('{server}', ahead.toISOString().slice(0, 10));
        await t.waitFor((w) => [...document.querySelectorAll('#page-warnings li')].some((li) => li.textContent === w), want, { what: 'the clock warning' });
        assert.equal(await t.isHidden('#page-warnings'), false);
        assert.ok((await t.evaluate(() => [...document.querySelectorAll('#warnings li')].map((li) => li.textContent))).includes(want),
          'repeated beside the verdict');
        assert.deepEqual(await t.errors(), []);
      } finally {
        await skewed.close();
      }
    });

    test('a trust update is accepted and kept; a tampered one is refused; offline after', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'certmark-trust-'));
      const offer = (tl, rv, tlSig) => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        writeList(dir, 'trust-list.json', tl, tlSig ?? signList(tl, CONTEXTS['trust-list']));
        writeList(dir, 'revocations.json', rv, signList(rv, CONTEXTS.revocations));
      };
      const valid = await certOf('valid-ccc');
      offer(trustListUpdate(2), revocationsUpdate(2, [valid]));
      const own = await startServer({ mounts: { '/trust/': dir } }); // a new origin: nothing kept yet
      const state = (t) => t.waitFor(() => {
        const el = document.getElementById('trust-update');
        const s = el.dataset.state;
        return s && s !== 'checking' ? { state: s, text: el.textContent, info: document.getElementById('trust-info').textContent } : null;
      }, null, { what: 'the update check' });
      try {
        const t = await tab('en');
        await t.goto(`${own.url}${byName('valid-ccc').fragment}`);
        let s = await state(t);
        assert.equal(s.state, 'accepted', s.text);
        assert.match(s.info, /trust list #2,.*revocation list #2/);
        await t.waitForSelector('#result[data-code="withdrawn"]');
        const tampered = trustListUpdate(3, (x) => x.replace('CNCA-R-DEMO-001', 'CNCA-R-DEMO-999'));
        offer(tampered, revocationsUpdate(2, [valid]), signList(trustListUpdate(3), CONTEXTS['trust-list']));
        await t.goto(`${own.url}${byName('valid-ccc').fragment}`);
        s = await state(t);
        assert.equal(s.state, 'refused', s.text);
        assert.match(s.text, /not signed by a trusted root key/);
        assert.match(s.info, /trust list #2,.*revocation list #2/, 'the lists in use stay');
        assert.equal((await verdict(t)).code, 'withdrawn');
        // Offline: the server is gone; the page and the accepted lists come from the device.
        await keptOffline(t, 'verifier');
        const errors = await t.errors();
        await own.close();
        await t.goto(`${own.url}${byName('valid-ccc').fragment}`);
        assert.equal((await verdict(t)).code, 'withdrawn', 'the kept revocation list, offline');
        s = await state(t);
        assert.equal(s.state, 'unavailable');
        await t.goto(`${own.url}${byName('forged').fragment}`);
        assert.equal((await verdict(t)).code, 'forged', 'another link, offline');
        assert.deepEqual(errors, []);
        // Leave the offline page, so that its failing fetches are not the next test's errors.
        await t.goto('about:blank');
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        await own.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('badges on another site under a strict CSP', async () => {
      const { url } = await base();
      const picked = ['valid-ccc', 'forged', 'withdrawn', 'unknown-issuer', 'hostile-holder', 'not-a-mark'].map(byName);
      const shop = await startShop(url, picked.map((m) => m.mark));
      try {
        const t = await tab('en');
        await t.goto(shop.url);
        await t.evaluate(() => {
          window.violations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        const seen = await t.waitFor((n) => {
          const all = [...document.querySelectorAll('certmark-badge')];
          if (all.length !== n || !all.every((b) => b.getAttribute('code'))) return null;
          return all.map((b) => ({
            code: b.getAttribute('code'),
            lang: b.shadowRoot.querySelector('.badge').lang,
            verdict: b.shadowRoot.querySelector('.verdict').textContent,
            lines: [...b.shadowRoot.querySelectorAll('.line')].map((l) => l.textContent),
            injected: b.shadowRoot.querySelectorAll('img, script, iframe').length,
            href: b.shadowRoot.querySelector('a').href,
          }));
        }, picked.length, { what: 'every badge' });
        seen.forEach((b, i) => {
          const m = picked[i];
          assert.equal(b.code, m.expect, m.name);
          assert.equal(b.verdict, VERDICTS[b.lang][m.expect][0], `${m.name} in ${b.lang}`);
          assert.equal(b.injected, 0, m.name);
          assert.ok(b.href.startsWith(url), m.name);
        });
        assert.ok(seen.find((b, i) => picked[i].name === 'hostile-holder').lines[1].endsWith('<img src=x onerror=alert(1)>'));
        assert.deepEqual(await t.evaluate(() => window.violations), []);
        await axeClean(t, engine, 'shop with badges');
        await t.screenshot('everywhere-badges');
        assert.deepEqual(await t.errors(), []);
      } finally {
        await shop.close();
      }
    });

    test('the stock page checks a supplier file and exports its CSV', async () => {
      const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/stock/expected.json'), 'utf8'));
      const t = await tab('en');
      const { url } = await base();
      await openReady(t, `${url}stock.html`);
      await axeClean(t, engine, 'stock page, empty');
      // The fixture's verdicts are those of 2026-11-21: the page's own "as of" makes it so.
      // Set as a date picker sets it (typing into one differs by engine and language).
      await t.evaluate(() => {
        const asOf = document.getElementById('as-of');
        asOf.closest('details').open = true;
        asOf.value = '2026-11-21';
        asOf.dispatchEvent(new Event('change'));
      });
      await t.upload('#file', path.join(ROOT, 'tests/stock/marks.csv'));
      await t.waitForSelector('body[data-file-state="done"][data-report="file"]', { timeout: 60_000 });
      const counts = await t.evaluate(() => Object.fromEntries([...document.querySelectorAll('#by-verdict tbody tr')].map((r) => [
        r.querySelector('[data-code]').dataset.code, [Number(r.cells[1].textContent), Number(r.cells[2].textContent)]])));
      assert.deepEqual(counts, Object.fromEntries(Object.entries(expected.by_verdict).map(([k, v]) => [k, [v.items, v.marks]])));
      assert.equal(await t.text('#totals'), `${expected.total.items} items, ${expected.total.marks} distinct marks.`);
      await axeClean(t, engine, 'stock page, report');
      const saved = await t.download('#export-csv');
      assert.match(saved.name, /^certmark-file-\d{4}-\d{2}-\d{2}\.csv$/);
      if (saved.text === null) {
        // WebKit: the link only (see engines.mjs downloaded()); the text is the worker's,
        // the same bytes in every engine, parsed here in Chromium and Firefox.
        assert.match(saved.href, /^blob:http:\/\/127\.0\.0\.1:\d+\//);
      } else {
        assert.equal(saved.text.charCodeAt(0), 0xfeff, 'a BOM, for spreadsheets');
        const [header, ...body] = parseCsv(saved.text.slice(1));
        assert.deepEqual(header.slice(0, 6), ['flag', 'verdict', 'code', 'reason', 'rule', 'content']);
        assert.equal(body.length, expected.total.marks);
        assert.equal(body.filter((r) => r[0] === 'COPY?').length, expected.copies);
      }
      await t.screenshot('everywhere-stock-report');
      assert.deepEqual(await t.errors(), []);
    });

    if (AXE_ENGINES.includes(engine)) {
      test('axe-core: the verifier empty, with each kind of verdict, and the camera fallback', async () => {
        const t = await tab('zh-CN');
        const { url } = await base();
        await openReady(t, url);
        await axeClean(t, engine, 'verifier, empty');
        for (const name of ['valid-ccc', 'forged', 'expired', 'withdrawn', 'malformed', 'not-a-mark']) {
          await t.goto(`${url}${byName(name).fragment}`);
          await verdict(t);
          await axeClean(t, engine, `verifier, ${name}`);
        }
        // No camera here (none in WebKit or Firefox; Chromium is not allowed one): the fallback.
        await openReady(t, url);
        await t.click('#scan-start');
        await t.waitForSelector('#photo-fallback:not([hidden])');
        await axeClean(t, engine, 'verifier, camera fallback');
        await t.screenshot('everywhere-camera-fallback');
        // The check can fail: an image with no text alternative is found as critical.
        await t.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('img'), { src: 'favicon.svg', id: '__bad' })));
        assert.deepEqual((await axe(t)).filter((v) => v.id === 'image-alt').map((v) => [v.impact, v.nodes]), [['critical', ['#__bad']]]);
      });
    }

    test('keyboard: every control reached and visibly focused; the verdict announced once', async (ctx) => {
      // A browser of its own: after the camera fallback WebKit's window may keep no focus.
      const t = await openTab(engine, { locale: 'en' });
      ctx.after(() => t.close());
      const { url } = await base();
      await t.goto(`${url}${byName('withdrawn').fragment}`);
      await verdict(t);
      await everyControlByTab(t, engine, 'verifier');
      // The stock page with a report: its tables' controls, the exports, the clear button.
      await openReady(t, `${url}stock.html`);
      await t.upload('#file', path.join(ROOT, 'tests/stock/marks.csv'));
      await t.waitForSelector('body[data-file-state="done"][data-report="file"]', { timeout: 60_000 });
      await everyControlByTab(t, engine, 'stock page');

      await t.goto(`${url}${byName('withdrawn').fragment}`);
      await verdict(t);
      // A new verdict is announced once: one change of the live region.
      await t.evaluate(() => {
        window.announced = [];
        new MutationObserver(() => window.announced.push(document.getElementById('announce').textContent))
          .observe(document.getElementById('announce'), { childList: true, characterData: true, subtree: true });
        document.getElementById('result').removeAttribute('data-code');
      });
      await t.type('#text', byName('forged').mark);
      await t.press('#text', 'Enter');
      assert.equal((await verdict(t)).code, 'forged');
      await new Promise((r) => setTimeout(r, 500));
      const announced = await t.evaluate(() => window.announced.filter(Boolean));
      assert.deepEqual(announced, [`Result: ${TEXTS.en.verdicts.forged[0]}. ${TEXTS.en.verdicts.forged[1]}`]);
      assert.deepEqual([await t.attr('#announce', 'role'), await t.attr('#announce', 'aria-live')], ['status', 'polite']);
      assert.deepEqual(await t.errors(), []);
    });

    if (PHONE_ENGINES.includes(engine)) {
      test('on a phone in Chinese: every verdict\'s headline and icon on the first screen', async () => {
        const t = await tab('zh-CN', true);
        const { url } = await base();
        for (const m of marks) {
          await t.goto(`${url}${m.fragment}`);
          assert.deepEqual(await t.evaluate(() => [innerWidth, innerHeight]), [PHONE.width, PHONE.height]);
          assert.equal((await verdict(t)).code, m.expect, m.name);
          const seen = await t.evaluate(() => ['result-title', 'verdict-icon'].map((id) => {
            const r = document.getElementById(id).getBoundingClientRect();
            return { id, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
          }));
          for (const r of seen) {
            assert.ok(r.top >= 0 && r.bottom <= PHONE.height && r.left >= 0 && r.right <= PHONE.width,
              `${m.name}: #${r.id} off the first screen: ${JSON.stringify(r)}`);
          }
          assert.equal(await t.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, `${m.name}: wider than the phone`);
          if (['valid-ccc', 'forged', 'withdrawn', 'not-a-mark'].includes(m.name)) await t.screenshot(`everywhere-phone-${m.name}`);
        }
        assert.deepEqual(await t.errors(), []);
      });
    }
  });
}
