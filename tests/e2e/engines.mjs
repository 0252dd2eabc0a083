// One small driver interface over three browser engines, so a scenario is written once and
// run in each: Chromium through Playwright (as the other tests), WebKit (WebKitGTK, the
// engine of every iPhone browser and iOS WeChat) through WebKitWebDriver, and Firefox ESR
// through geckodriver, both driven with selenium-webdriver over W3C WebDriver.
// ENGINES=webkit,firefox picks engines (all three by default).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { Builder, By, Key, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { launch, OUT } from './helpers.mjs';

export const ENGINES = (process.env.ENGINES || 'chromium,webkit,firefox').split(',');

/** A phone: an iPhone-sized viewport with touch (where the engine can emulate it). */
export const PHONE = { width: 390, height: 844 };

const GECKODRIVER = process.env.GECKODRIVER || path.join(process.env.CARGO_HOME || path.join(homedir(), '.cargo'), 'bin/geckodriver');
const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
// Debian ships WebKitGTK's MiniBrowser beside the library; the driver starts it.
const MINIBROWSER = ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']
  .map((d) => `/usr/lib/x86_64-linux-gnu/${d}/MiniBrowser`).find((p) => existsSync(p));

const KEYS = { Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Space: Key.SPACE };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts a program that must answer on `port`; resolves once it does. */
async function startDriver(command, args, env, port) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`${command} did not answer on port ${port}: ${stderr}`);
}

/** A virtual X display for WebKitGTK, whose MiniBrowser needs one (Xvfb, from Debian). */
let display = null;
async function xDisplay() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (display) return display.name;
  for (let n = 90; n < 140; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const child = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(`/tmp/.X11-unix/X${n}`)) { child.kill(); continue; }
    display = { name: `:${n}`, child };
    // Not a reason for the test process to stay: it ends with it.
    child.unref();
    process.once('exit', () => child.kill());
    return display.name;
  }
  throw new Error('no free X display for Xvfb');
}

/**
 * A browser of `engine` with the reader's language `locale`, in a phone-sized window if
 * `phone`. Returns a Tab: the calls below, the same in every engine.
 */
export async function openTab(engine, { locale = 'zh-CN', phone = false } = {}) {
  if (engine === 'chromium') return chromiumTab(locale, phone);
  if (engine === 'webkit') return webkitTab(locale, phone);
  if (engine === 'firefox') return firefoxTab(locale, phone);
  throw new Error(`unknown engine ${engine}`);
}

async function chromiumTab(locale, phone) {
  const browser = await launch();
  const context = await browser.newContext({
    locale,
    ...(phone ? { viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  return new Tab('chromium', {
    problems,
    goto: (url) => page.goto(url).then(() => {}),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    run: (source) => page.evaluate(`(() => { ${source} })()`),
    click: (sel) => page.click(sel),
    type: (sel, text) => page.fill(sel, text),
    press: (sel, key) => (sel ? page.press(sel, key) : page.keyboard.press(key)),
    typeKeys: (text) => page.keyboard.type(text),
    upload: (sel, file) => page.setInputFiles(sel, file),
    chord: (key) => page.keyboard.press(`Control+${key.toUpperCase()}`),
    download: async (sel) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
      return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
    },
    screenshot: (file) => page.screenshot({ path: file }),
    close: () => browser.close(),
    page,
  });
}

async function webdriverTab(engine, driver, cleanup, downloads = null, viewport = null) {
  const problems = [];
  const find = (sel) => driver.findElement(By.css(sel));
  // As Playwright does: wait until the element is shown before acting on it (a page
  // opened from a link shows its controls a frame after the verdict).
  const shown = async (sel) => {
    const e = await find(sel);
    await driver.wait(until.elementIsVisible(e), 5000);
    return e;
  };
  return new Tab(engine, {
    problems,
    // Switching to the window focuses it: headless Firefox sometimes starts unfocused,
    // and an unfocused page shows no keyboard focus (document.hasFocus() is false).
    // A phone's viewport is the harness's, not the page's: kept after each navigation
    // (WebKit's MiniBrowser once came back from one 20 px taller).
    goto: async (url) => {
      await driver.get(url);
      await driver.switchTo().window(await driver.getWindowHandle());
      if (viewport) await fitViewport(driver, viewport);
    },
    // W3C Execute Script awaits a returned promise; the function travels as source.
    evaluate: (fn, arg) => driver.executeScript(`return (${fn})(arguments[0]);`, arg),
    run: (source) => driver.executeScript(source),
    click: async (sel) => (await shown(sel)).click(),
    type: async (sel, text) => { const e = await shown(sel); await e.clear(); await e.sendKeys(text); },
    press: async (sel, key) => {
      if (sel) return (await find(sel)).sendKeys(KEYS[key]);
      return driver.actions().keyDown(KEYS[key]).keyUp(KEYS[key]).perform();
    },
    typeKeys: (text) => driver.actions().sendKeys(text).perform(),
    upload: async (sel, file) => (await find(sel)).sendKeys(file),
    chord: (key) => driver.actions().keyDown(Key.CONTROL).sendKeys(key).keyUp(Key.CONTROL).perform(),
    download: (sel) => downloaded(driver, find, sel, downloads),
    screenshot: async (file) => writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64')),
    close: async () => { await driver.quit().catch(() => {}); await cleanup(); },
    driver,
  });
}

async function firefoxTab(locale, phone) {
  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .windowSize(phone ? PHONE : { width: 1280, height: 900 })
    // The reader's language, no first-run pages, no network of its own (the machine has none).
    .setPreference('intl.accept_languages', locale === 'zh-CN' ? 'zh-CN, zh' : locale)
    .setPreference('intl.locale.requested', locale)
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('app.update.enabled', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('toolkit.telemetry.enabled', false)
    .setPreference('network.captive-portal-service.enabled', false)
    .setPreference('network.connectivity-service.enabled', false)
    .setPreference('browser.safebrowsing.malware.enabled', false)
    .setPreference('browser.safebrowsing.phishing.enabled', false)
    .setPreference('extensions.update.enabled', false)
    .setPreference('dom.serviceWorkers.testing.enabled', true);
  if (phone) options.setPreference('dom.w3c_touch_events.enabled', 1);
  // Saved files go straight to a folder of ours, with no dialog or panel taking focus.
  const downloads = mkdtempSync(path.join(tmpdir(), 'certmark-firefox-downloads-'));
  options.setPreference('browser.download.folderList', 2)
    .setPreference('browser.download.dir', downloads)
    .setPreference('browser.download.useDownloadDir', true)
    .setPreference('browser.download.always_ask_before_handling_new_types', false)
    .setPreference('browser.download.alwaysOpenPanel', false)
    .setPreference('browser.download.panel.shown', true)
    .setPreference('browser.helperApps.neverAsk.saveToDisk', 'text/csv,application/json');
  const driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER))
    .build();
  if (phone) await fitViewport(driver, PHONE);
  return webdriverTab('firefox', driver, async () => rmSync(downloads, { recursive: true, force: true }), downloads, phone ? PHONE : null);
}

async function webkitTab(locale, phone) {
  const port = await freePort();
  const lang = locale.replace('-', '_');
  const home = mkdtempSync(path.join(tmpdir(), 'certmark-webkit-'));
  // WebKitGTK takes the reader's language from the process's locale, which must exist:
  // the machine's C.UTF-8 data under the reader's locale name is enough (no locales to
  // generate; the page's words come from the name, not from the data).
  cpSync('/usr/lib/locale/C.utf8', path.join(home, 'locale', `${lang}.UTF-8`), { recursive: true });
  const env = {
    DISPLAY: await xDisplay(), LOCPATH: path.join(home, 'locale'), LANG: `${lang}.UTF-8`, LANGUAGE: lang, LC_ALL: '',
    HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
  };
  // MiniBrowser's toolbar keeps its window at least 447 px wide: shrunk by its GTK theme
  // (the page's own controls are drawn by WebKit, not by GTK), a phone's 390 fits.
  mkdirSync(path.join(home, 'config/gtk-3.0'), { recursive: true });
  writeFileSync(path.join(home, 'config/gtk-3.0/gtk.css'),
    '* { min-width: 0; min-height: 0; padding: 0; margin: 0; font-size: 4px; border-width: 0; }\n');
  const child = await startDriver(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], env, port);
  const cleanup = async () => {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill();
    await gone;
    rmSync(home, { recursive: true, force: true, maxRetries: 5 });
  };
  let driver;
  try {
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        // Tab reaches links too, as in Safari with "Press Tab to highlight each item".
        'webkitgtk:browserOptions': {
          binary: MINIBROWSER,
          args: ['--automation', '--enable-tabs-to-links=true'],
        },
      })
      .build();
    await fitViewport(driver, phone ? PHONE : { width: 1280, height: 900 });
  } catch (e) {
    await cleanup();
    throw e;
  }
  return webdriverTab('webkit', driver, cleanup, null, phone ? PHONE : null);
}

/** What clicking `sel` saves: { name, text }. Firefox saves into `downloads` (its
 * download folder, set in its preferences); WebKit's MiniBrowser saves nothing under
 * automation: there, the link the page clicks ({ name, href: 'blob:…', text: null }). */
async function downloaded(driver, find, sel, downloads) {
  if (downloads) {
    const before = new Set(readdirSync(downloads));
    await (await find(sel)).click();
    for (let i = 0; i < 200; i++) {
      const done = readdirSync(downloads).filter((f) => !before.has(f) && !f.endsWith('.part'));
      if (done.length && !readdirSync(downloads).some((f) => f.endsWith('.part'))) {
        return { name: done[0], text: readFileSync(path.join(downloads, done[0]), 'utf8') };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`clicking ${sel} saved no file`);
  }
  // WebDriver scripts run in a world of their own in WebKit, so the page's objects cannot
  // be patched; the page's click on its link reaches a listener here, which keeps the save
  // from starting. The page's CSP (connect-src 'self') forbids reading the blob: back, so
  // WebKit gives the name and the link, not the text.
  await driver.executeScript(() => {
    window.__saved = [];
    if (window.__saving) return;
    window.__saving = true;
    document.addEventListener('click', (e) => {
      const a = e.target.closest?.('a[download]');
      if (!a) return;
      e.preventDefault();
      window.__saved.push({ name: a.download, href: a.href, text: null });
    }, { capture: true });
  });
  await (await find(sel)).click();
  for (let i = 0; i < 200; i++) {
    const saved = await driver.executeScript(() => window.__saved[0]);
    if (saved) return saved;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`clicking ${sel} handed over no file`);
}

/** Sizes the window so that the page's viewport (not the window) is `want`. */
async function fitViewport(driver, want) {
  await driver.manage().window().setRect({ width: want.width, height: want.height });
  // The window manager answers a resize when it likes, and MiniBrowser's own bars can
  // move afterwards: a size counts once it holds for two reads 150 ms apart.
  let held = 0;
  for (let i = 0; i < 12; i++) {
    const [w, h] = await driver.executeScript('return [window.innerWidth, window.innerHeight]');
    if (w === want.width && h === want.height) {
      if (++held === 2) return;
      await new Promise((r) => setTimeout(r, 150));
      continue;
    }
    held = 0;
    const rect = await driver.manage().window().getRect();
    await driver.manage().window().setRect({ width: rect.width + want.width - w, height: rect.height + want.height - h });
  }
  throw new Error(`the window never held a ${want.width}×${want.height} viewport`);
}

/** A browser tab, the same in every engine. `problems` lists errors the page raised. */
export class Tab {
  constructor(engine, impl) {
    this.engine = engine;
    this.impl = impl;
    this.problems = impl.problems;
    if (process.env.TRACE) {
      // TRACE=1: each call to the browser, when it starts and how long it took.
      for (const [name, f] of Object.entries(impl)) {
        if (typeof f !== 'function') continue;
        impl[name] = async (...args) => {
          const t0 = Date.now();
          console.error(`${engine} ${name} ${String(args[0]).slice(0, 60).replace(/\s+/g, ' ')}`);
          try { return await f(...args); } finally { console.error(`  ${Date.now() - t0} ms`); }
        };
      }
    }
  }

  /** Opens `url` as a new navigation (not a fragment change), and listens for the
   * page's own errors from then on (WebDriver reports no console: the page is asked). */
  async goto(url) {
    await this.impl.goto('about:blank');
    await this.impl.goto(url);
    await this.listen();
  }

  async listen() {
    if (this.engine === 'chromium') return;
    await this.impl.evaluate(() => {
      if (window.__problems) return;
      window.__problems = [];
      addEventListener('error', (e) => window.__problems.push(`error: ${e.message}`));
      addEventListener('unhandledrejection', (e) => window.__problems.push(`rejection: ${e.reason}`));
      document.addEventListener('securitypolicyviolation', (e) => window.__problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
    });
  }

  /** The page's errors so far (WebDriver engines: those since the last goto). */
  async errors() {
    if (this.engine === 'chromium') return [...this.problems];
    return [...this.problems, ...((await this.impl.evaluate(() => window.__problems ?? [])) || [])];
  }

  evaluate(fn, arg) { return this.impl.evaluate(fn, arg); }
  /** Runs `source` as a function body in the page (its `return` is the answer, awaited):
   * for a library such as axe-core, which the page's CSP would not let in as a script. */
  run(source) { return this.impl.run(source); }

  /** Polls `fn(arg)` in the page until it returns something truthy; returns that. */
  async waitFor(fn, arg, { timeout = 20_000, what = String(fn) } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      let value;
      try {
        value = await this.impl.evaluate(fn, arg);
      } catch (e) {
        // A navigation in flight destroys the context the script ran in: ask again.
        if (!/destroyed|navigat|unload|no such window|context/i.test(String(e.message))) throw e;
      }
      if (value) return value;
      if (Date.now() > end) throw new Error(`${this.engine}: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  waitForSelector(sel, opts) {
    return this.waitFor((s) => Boolean(document.querySelector(s)), sel, { what: sel, ...opts });
  }

  text(sel) { return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, sel); }
  attr(sel, name) { return this.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [sel, name]); }
  isHidden(sel) {
    return this.evaluate((s) => {
      const e = document.querySelector(s);
      return !e || e.hidden || e.getClientRects().length === 0;
    }, sel);
  }

  click(sel) { return this.impl.click(sel); }
  /** Types `text` into the field `sel`, replacing what it held. */
  type(sel, text) { return this.impl.type(sel, text); }
  /** Presses `key` (Enter, Tab, Escape, Space) in `sel`, or where the focus is if null. */
  press(sel, key) { return this.impl.press(sel, key); }
  /** Types `text` wherever the focus is, as a keyboard-wedge scanner does. */
  typeKeys(text) { return this.impl.typeKeys(text); }
  /** Chooses `file` (a path) in the file input `sel`. */
  upload(sel, file) { return this.impl.upload(sel, file); }

  /** Pastes `text` with the keyboard, nothing focused: copied from a field made for it
   * with Ctrl+C, then Ctrl+V, so that the browser fires a real, trusted paste event
   * (Firefox gives a script-made paste event no data). */
  async paste(text) {
    await this.evaluate((t) => {
      const field = document.createElement('textarea');
      field.id = '__clip';
      field.value = t;
      document.body.append(field);
      field.select();
    }, text);
    await this.impl.chord('c');
    await this.evaluate(() => { document.getElementById('__clip').remove(); document.activeElement?.blur(); });
    await this.impl.chord('v');
  }

  /** Clicks `sel` and returns the file the browser saves: { name, text } (in WebKit, the
   * link it is handed: { name, href, text: null }; see downloaded()). */
  download(sel) { return this.impl.download(sel); }

  /** The viewport, saved as test-output/NAME-ENGINE.png; returns the file. */
  async screenshot(name) {
    const file = path.join(OUT, `${name}-${this.engine}.png`);
    await this.impl.screenshot(file);
    return file;
  }

  close() { return this.impl.close(); }
}
