// The controller: loads the verifier wasm, wires every way in (link fragment, camera,
// photo, drop, paste, typed text and keyboard-wedge scanners) to one check().

import init, { verify, trustInfo } from './pkg/certmark.js';
import { t, lang, setLang, applyStatic } from './i18n.js';
import { showOutcome, clearOutcome } from './ui/verdict.js';
// The camera and image modules (and the scanner wasm behind them) load on first use, so
// the link path fetches only what a verdict needs.

const $ = (id) => document.getElementById(id);
let lastInput = null;

function today() {
  return new Date().toISOString().slice(0, 10); // the format counts UTC days
}

function check(text) {
  lastInput = text;
  showOutcome(verify(text, today(), $('as-of').value || undefined));
  performance.mark('verdict-shown');
}

function message(id, key, vars) {
  const el = $(id);
  el.hidden = !key;
  el.textContent = key ? t(key, vars) : '';
}

function showTrustInfo() {
  const info = trustInfo();
  const d = info.trust_data;
  $('trust-info').textContent = t('trustInfo', {
    sequence: d.sequence, issued: d.issued, expires: d.expires,
    rsequence: d.revocations_sequence, rissued: d.revocations_issued,
  });
  $('demo-banner').hidden = !info.demo;
}

function render() {
  applyStatic();
  $('lang').textContent = t('switchTo');
  $('lang').lang = lang() === 'en' ? 'zh-CN' : 'en';
  showTrustInfo();
  if (lastInput !== null) check(lastInput);
}

async function checkImage(blob) {
  message('image-message', 'imageReading');
  clearOutcome();
  let codes;
  let pickCode;
  try {
    const images = await import('./ui/images.js');
    pickCode = images.pickCode;
    codes = await images.codesInImage(blob);
  } catch (e) {
    message('image-message', 'imageUnreadable');
    return;
  }
  const code = pickCode(codes);
  if (code === null) {
    message('image-message', 'imageNoCode');
    return;
  }
  message('image-message', null);
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
    check($('text').value);
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
  window.addEventListener('hashchange', () => {
    if (location.hash.length > 1) check(location.hash);
  });
}

async function main() {
  applyStatic();
  try {
    await init();
    performance.mark('wasm-ready');
    render();
  } catch (e) {
    message('camera-message', 'setupFailed', { message: e && e.message });
    return;
  }
  wireInputs();
  wireCamera();
  if (location.hash.length > 1) check(location.hash);
  document.body.dataset.ready = 'true';
}

main();
