// The controller: loads the verifier wasm, wires every way in (link fragment, camera,
// photo, drop, paste, typed text and keyboard-wedge scanners) to one check().

import init, { verify, trustInfo, useTrustSnapshot } from './pkg/certmark.js';
import { t, lang, setLang, applyStatic } from './i18n.js';
import { showOutcome, clearOutcome } from './ui/verdict.js';
import { maybeKept } from './embed/kept.js';
import { bounded } from './embed/limits.js';
import { READABLE, looksLikeMark } from './embed/rules.js';

/** Asks the service worker to keep `group` offline (ui/offline.js, loaded after the verdict). */
function keepOffline(group) {
  import('./ui/offline.js').then((m) => m.keepOffline(group)).catch(() => {});
}
// The camera and image modules (and the scanner wasm behind them) load on first use, so
// the link path fetches only what a verdict needs.

const $ = (id) => document.getElementById(id);
let lastInput = null;
let clock = null; // { device, server } once the device's date is known to be off
let lastUpdate; // what the last update check did (undefined: none yet)

// Updates: embed/updates.js fetches and keeps lists (after the verdict, or before it when
// lists are kept) and offers them to the verifier through ui/offers.js, which loads a wasm
// module of its own to judge them: the link path carries none of it.
let updates = null;
function loadUpdates() {
  updates = updates || Promise.all([import('./embed/updates.js'), import('./ui/offers.js')])
    .then(([js, offers]) => ({ js, keeper: js.idbKeeper(), verifier: offers.verifierFor({ trustInfo, useTrustSnapshot }) }));
  return updates;
}

function today() {
  return new Date().toISOString().slice(0, 10); // the format counts UTC days
}

/** The hosts this verifier answers on: its own and those the page names (meta
 * certmark-hosts: where printed marks link to), never the mark's say. */
function verifierHosts() {
  const named = document.querySelector('meta[name="certmark-hosts"]')?.content || '';
  return new Set([location.host, ...named.split(/[\s,]+/)].filter(Boolean).map((h) => h.toLowerCase()));
}

/** For a mark inside a link: the link's host, when it is not this verifier. */
function foreignHost(text) {
  const link = /^\s*https?:\/\/([^/?#\s]+)/i.exec(text);
  if (!link) return null;
  const host = link[1].split('@').pop().toLowerCase();
  return verifierHosts().has(host) ? null : host;
}

let checks = 0; // a later check wins over one still waiting for its classification

// What a code that is not a mark is instead (a product code, a link): a small module of its
// own (wasm/codes), fetched on the first not-a-mark verdict only, off the link path.
let codes = null;
async function classifyCode(text) {
  codes = codes || import('./pkg/certmark_codes.js').then(async (m) => {
    await m.default();
    keepOffline('codes');
    return m;
  });
  return JSON.parse((await codes).classify(text));
}

async function check(text) {
  const mine = ++checks;
  lastInput = text;
  // A new check answers for itself: what an earlier upload or empty field said is gone.
  message('image-message', null);
  message('text-message', null);
  const extra = clock ? [t('warnServerClock', clock)] : [];
  const day = today(); // once: the verdict and its "not today" label agree across midnight
  const input = bounded(text);
  const outcome = verify(input, day, $('as-of').value || undefined);
  const elsewhere = READABLE[outcome.code] ? foreignHost(input) : null;
  if (elsewhere) extra.push(t('warnOtherHost', { host: elsewhere }));
  if (outcome.code === 'not-a-mark' && input.trim()) {
    outcome.other = await classifyCode(input).catch(() => null);
    if (mine !== checks) return;
  }
  showOutcome(outcome, extra, day, input);
  performance.mark('verdict-shown');
}

/** Where updated lists come from: the page's meta tags (this origin by default). */
function updateUrls() {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
  return {
    trustList: meta('certmark-trust-list'),
    revocations: meta('certmark-revocations'),
    revocationsIndex: meta('certmark-revocations-index'),
  };
}

// The trust data's footer, its updates and the page's warnings (ui/trust.js): shown once
// the first verdict is, so the link path does not carry them.
let trustUi = null;
function trustModule() {
  trustUi = trustUi || import('./ui/trust.js');
  return trustUi;
}
async function showTrust() {
  const ui = await trustModule();
  const info = trustInfo();
  ui.showTrustInfo(info);
  ui.showPageWarnings(info, today(), clock);
  if (lastUpdate) ui.showUpdate(lastUpdate);
  return ui;
}

async function checkForUpdates() {
  const ui = await trustModule();
  ui.showUpdate(null);
  $('trust-refresh').disabled = true;
  try {
    const { js, keeper, verifier } = await loadUpdates();
    lastUpdate = await js.refresh(verifier, updateUrls(), { keeper, base: location.href });
    ui.showUpdate(lastUpdate);
    if (js.changed(lastUpdate)) render();
  } finally {
    $('trust-refresh').disabled = false;
  }
}

function message(id, key, vars) {
  const el = $(id);
  el.hidden = !key;
  el.textContent = key ? t(key, vars) : '';
}

function render() {
  applyStatic();
  $('lang').textContent = t('switchTo');
  $('lang').lang = lang() === 'en' ? 'zh-CN' : 'en';
  if (trustUi) showTrust().catch(() => {});
  if (lastInput !== null) check(lastInput);
}

async function checkImage(blob) {
  message('image-message', 'imageReading');
  clearOutcome();
  lastInput = null; // the cleared verdict does not come back on a language switch
  let codes;
  let pickCode;
  try {
    const images = await import('./ui/images.js');
    keepOffline('scanner');
    pickCode = images.pickCode;
    codes = await images.codesInImage(blob);
  } catch (e) {
    const size = e && e.size;
    if (size && size.bytes) message('image-message', 'imageTooManyBytes', { mb: Math.ceil(size.bytes / 2 ** 20) });
    else if (size) message('image-message', 'imageTooLarge', size);
    else message('image-message', 'imageUnreadable');
    return;
  }
  const code = pickCode(codes);
  if (code === null) {
    message('image-message', 'imageNoCode');
    return;
  }
  check(code);
}

function wireCamera() {
  let camera = null;
  let cameraProblem = () => 'cameraError';
  const fail = (e) => {
    $('camera').hidden = true;
    message('camera-message', cameraProblem(e), { message: e && e.message });
    $('photo-fallback').hidden = false;
  };
  $('scan-start').addEventListener('click', async () => {
    message('camera-message', 'cameraStarting');
    $('camera').hidden = false;
    try {
      if (!camera) {
        const mod = await import('./ui/camera.js');
        keepOffline('scanner');
        cameraProblem = mod.cameraProblem;
        camera = new mod.Camera({
          video: $('video'),
          onMark: (text) => {
            $('camera').hidden = true;
            message('camera-message', null);
            check(text);
          },
          onNotMark: (text) => {
            if (text !== lastInput) check(text); // say "not a mark" once, keep scanning
          },
        });
      }
      await camera.start();
      message('camera-message', 'cameraScanning');
      $('camera-torch').hidden = !camera.hasTorch();
    } catch (e) {
      camera?.stop();
      fail(e);
    }
  });
  $('camera-stop').addEventListener('click', () => {
    camera?.stop();
    $('camera').hidden = true;
    message('camera-message', null);
  });
  $('camera-switch').addEventListener('click', () => camera?.switchCamera().catch(fail));
  $('camera-torch').addEventListener('click', () => camera?.toggleTorch().catch(() => {}));
}

function wireInputs() {
  $('text-form').addEventListener('submit', (e) => {
    e.preventDefault();
    // Nothing typed is no mark to judge: ask for one instead of a not-a-mark verdict.
    if ($('text').value.trim() === '') message('text-message', 'textEmpty');
    else check($('text').value);
  });
  for (const id of ['photo', 'photo-capture']) {
    $(id).addEventListener('change', (e) => {
      const file = e.target.files && e.target.files[0];
      if (file) checkImage(file);
      e.target.value = '';
    });
  }
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const file = [...(e.dataTransfer.files || [])].find((f) => f.type.startsWith('image/'));
    if (file) checkImage(file);
  });
  document.addEventListener('paste', (e) => {
    const item = [...(e.clipboardData.items || [])].find((i) => i.type.startsWith('image/'));
    if (item) {
      e.preventDefault();
      checkImage(item.getAsFile());
      return;
    }
    if (e.target === $('text')) return; // the field takes it; Enter or the button checks
    const text = e.clipboardData.getData('text');
    if (text) {
      e.preventDefault();
      $('text').value = text;
      check(text);
    }
  });
  // Keyboard-wedge scanners type fast and end with Enter; outside a field, collect them.
  let typed = '';
  document.addEventListener('keydown', (e) => {
    if (e.target !== document.body || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter') {
      if (typed.length > 3) check(typed);
      typed = '';
    } else if (e.key.length === 1) {
      typed += e.key;
    }
  });
  $('as-of').addEventListener('change', () => {
    if (lastInput !== null) check(lastInput);
  });
  $('lang').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh-CN' : 'en');
    render();
  });
  $('trust-refresh').addEventListener('click', checkForUpdates);
  // The skip link moves focus without touching the URL, which may hold the mark.
  document.querySelector('a.skip')?.addEventListener('click', (e) => {
    e.preventDefault();
    const target = $('result').hidden ? $('text') : $('result');
    target.focus();
  });
  // A later fragment replaces the verdict only if it may hold a mark.
  window.addEventListener('hashchange', () => {
    const fragment = markFragment();
    if (fragment && looksLikeMark(fragment)) check(fragment);
  });
}

/** The URL's fragment as input, or null: none, or the id of something on this page. */
function markFragment() {
  if (location.hash.length < 2) return null;
  let id = location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch { /* not percent-encoded text: compare it as it is */ }
  return document.getElementById(id) ? null : location.hash;
}

const shown = () => document.documentElement.classList.add('shown'); // index.css held it back

async function main() {
  applyStatic();
  try {
    // boot.js began compiling the wasm before this module arrived.
    const early = self.certmarkVerifier;
    await init(early && { module_or_path: await early.catch(() => new URL('pkg/certmark_bg.wasm', import.meta.url)) });
    // Lists kept from earlier updates count before the first verdict (also offline).
    if (maybeKept()) {
      await loadUpdates().then(({ js, keeper, verifier }) => js.restore(verifier, keeper)).catch(() => {});
    }
    performance.mark('wasm-ready');
    render();
  } catch (e) {
    shown();
    message('camera-message', 'setupFailed', { message: e && e.message });
    return;
  }
  wireInputs();
  wireCamera();
  // Opened from a link: whatever the fragment holds gets its verdict, not-a-mark included.
  const fragment = markFragment();
  if (fragment) {
    check(fragment);
    requestAnimationFrame(() => setTimeout(shown)); // once the verdict has painted
  } else {
    shown();
  }
  // After the verdict: Enter on the file choosers and the trust footer (both modules
  // fetched at once; the page is ready when both are in), then the clock, fresh lists and
  // the offline copy.
  await Promise.all([
    import('./ui/files.js')
      .then((m) => ['photo', 'photo-capture'].forEach((id) => m.enterOpensPicker($(id))))
      .catch(() => {}),
    showTrust()
      .then((ui) => {
        ui.serverClock().then((c) => {
          clock = c;
          if (c) render();
        });
      })
      .catch(() => { /* offline before the page was kept: the verdict stands without its footer */ }),
  ]);
  document.body.dataset.ready = 'true';
  checkForUpdates().catch(() => {});
  keepOffline('verifier');
}

main();
