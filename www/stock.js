// The stock-check page: a camera that stays on, keyboard-wedge scanners, supplier files;
// the worker (stock-worker.js) checks, keeps the session and writes the exports.

import { t, lang, setLang, applyStatic, verdictText } from './i18n.js';
import './i18n-more.js';
import { renderReport } from './ui/report.js';
import { fileTooLarge } from './embed/limits.js';
import { enterOpensPicker } from './ui/files.js';
import { keepOffline } from './ui/offline.js';

const $ = (id) => document.getElementById(id);
/** A mark still in view counts once; shown again after this long, it counts again. */
const REPEAT_GAP_MS = 1500;
// At most this many helper workers check a file's signatures (`?helpers=0`: none, the
// worker alone, as the benchmark and the tests compare); by default one per extra core.
const HELPERS = Number.parseInt(new URLSearchParams(location.search).get('helpers'), 10);

const worker = new Worker(new URL('./stock-worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = ({ data }) => {
  const p = pending.get(data.id);
  if (!p) return;
  if (data.progress) return p.progress?.(data.progress);
  pending.delete(data.id);
  if (data.error) p.reject(new Error(data.error));
  else p.resolve(data);
};
worker.onerror = (e) => {
  for (const p of pending.values()) p.reject(new Error(e.message || 'stock worker failed'));
  pending.clear();
};

function ask(type, body = {}, progress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, progress });
    worker.postMessage({ id, type, ...body });
  });
}

let shown = 'session';
const reports = { session: null, file: null };

function show(which) {
  shown = which;
  const r = reports[which];
  $('report-title').textContent = t('stockReportOf', { which: t(which === 'file' ? 'stockShowFile' : 'stockShowSession') });
  $('show-file').hidden = !reports.file;
  if (r) {
    renderReport($('report'), r);
    $('demo-banner').hidden = !r.demo;
  }
  document.body.dataset.report = which;
}

/** Shows `key`'s words in message `id`: a problem in the warning style unless `done`. */
function message(id, key, vars, done = false) {
  const el = $(id);
  el.hidden = !key;
  el.textContent = key ? t(key, vars) : '';
  el.classList.toggle('done', done);
}

// Sound and vibration: one short high tone for valid, two low ones for anything else.
let audio = null;
function signal(good) {
  if (!$('sound').checked) return;
  navigator.vibrate?.(good ? 60 : [90, 60, 90]);
  try {
    audio = audio || new AudioContext();
    const beeps = good ? [0] : [0, 0.18];
    for (const at of beeps) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = good ? 880 : 220;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.12);
    }
  } catch { /* no audio: the words on screen and the announcement remain */ }
}

async function add(text) {
  const { added, summary } = await ask('scan', { text, at: Date.now() });
  reports.session = summary;
  if (shown === 'session') show('session');
  const [title] = verdictText(added.code);
  const parts = [title, t('stockCountIs', { n: added.count })];
  if (added.copies) parts.push(t('stockCopyFlag'));
  const line = parts.join(' · ');
  $('last-scan').hidden = false;
  $('last-scan').textContent = line;
  $('last-scan').dataset.code = added.code;
  $('announce').textContent = line;
  signal(added.code === 'valid' && !added.copies);
}

// The camera reports the mark in every frame; count it when it is new or came back.
const lastSeen = new Map();
function sighted(text) {
  const now = performance.now();
  const before = lastSeen.get(text);
  lastSeen.set(text, now);
  if (before === undefined || now - before > REPEAT_GAP_MS) add(text);
}

function wireCamera() {
  let camera = null;
  let problem = () => 'cameraError';
  $('scan-start').addEventListener('click', async () => {
    message('camera-message', 'cameraStarting');
    $('camera').hidden = false;
    try {
      if (!camera) {
        const mod = await import('./ui/camera.js');
        keepOffline('scanner');
        problem = mod.cameraProblem;
        camera = new mod.Camera({ video: $('video'), onMark: sighted, continuous: true });
      }
      await camera.start();
      message('camera-message', 'cameraScanning');
      $('scan-stop').hidden = false;
      $('scan-start').hidden = true;
    } catch (e) {
      camera?.stop();
      $('camera').hidden = true;
      message('camera-message', problem(e), { message: e && e.message });
    }
  });
  $('scan-stop').addEventListener('click', () => {
    camera?.stop();
    $('camera').hidden = true;
    $('scan-stop').hidden = true;
    $('scan-start').hidden = false;
    message('camera-message', null);
  });
}

function download(name, text, type) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.hidden = true;
  // In the document while clicked: browsers that saved only a link in a page (older
  // Firefox) save this one too, and the click is an ordinary one for everything listening.
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function wireInputs() {
  // Keyboard-wedge scanners type the mark and Enter, into the field or anywhere.
  $('wedge-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('wedge').value.trim();
    $('wedge').value = '';
    if (text) add(text);
  });
  let typed = '';
  document.addEventListener('keydown', (e) => {
    if (e.target !== document.body || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Enter') {
      if (typed.trim().length > 3) add(typed.trim());
      typed = '';
    } else if (e.key.length === 1) {
      typed += e.key;
    }
  });
  enterOpensPicker($('file'));
  $('file').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    const large = fileTooLarge(file);
    if (large) {
      // Refused before reading: the worker would copy it whole into wasm memory first.
      message('file-message', 'stockFileTooLarge', { mb: Math.ceil(large.bytes / 2 ** 20), limit: large.limit >> 20 });
      return;
    }
    const bar = $('file-progress');
    bar.hidden = false;
    bar.value = 0;
    message('file-message', 'stockFileReading', { name: file.name });
    document.body.dataset.fileState = 'running';
    try {
      const answer = await ask('file', { file, column: $('column').value.trim(), helpers: HELPERS }, ({ done, total }) => {
        bar.max = total || 1;
        bar.value = done;
        message('file-message', 'stockFileProgress', { done, total });
      });
      reports.file = answer.summary;
      message('file-message', 'stockFileDone', { n: answer.summary.summary.total.items, s: (answer.ms / 1000).toFixed(2) }, true);
      document.body.dataset.fileMs = String(Math.round(answer.ms));
      document.body.dataset.fileHelped = String(answer.helped);
      show('file');
      $('announce').textContent = $('file-message').textContent;
      // The report is below the fold on a phone: bring it up, its heading first.
      $('report-title').focus({ preventScroll: true });
      $('report-title').scrollIntoView({ block: 'start' });
    } catch (err) {
      message('file-message', 'stockFileError', { message: err.message });
    } finally {
      bar.hidden = true;
      document.body.dataset.fileState = 'done';
    }
  });
  $('show-session').addEventListener('click', () => show('session'));
  $('show-file').addEventListener('click', () => show('file'));
  for (const format of ['csv', 'json']) {
    $(`export-${format}`).addEventListener('click', async () => {
      const { text } = await ask('export', { which: shown, format, lang: lang() });
      const day = new Date().toISOString().slice(0, 10);
      download(`certmark-${shown}-${day}.${format}`, format === 'csv' ? `\ufeff${text}` : text,
        format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    });
  }
  // Clearing takes two clicks (no dialog): the first arms the button for a few seconds.
  let disarm = null;
  $('clear').addEventListener('click', async () => {
    const button = $('clear');
    if (!button.dataset.armed) {
      button.dataset.armed = 'true';
      button.textContent = t('stockClearConfirm');
      disarm = setTimeout(() => {
        delete button.dataset.armed;
        button.textContent = t('stockClear');
      }, 4000);
      return;
    }
    clearTimeout(disarm);
    delete button.dataset.armed;
    button.textContent = t('stockClear');
    const { summary } = await ask('clear');
    reports.session = summary;
    lastSeen.clear();
    $('last-scan').hidden = true;
    show('session');
  });
  $('lang').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh-CN' : 'en');
    render();
  });
}

function render() {
  applyStatic();
  document.title = `${t('stockTitle')} · certmark`;
  for (const el of document.querySelectorAll('[data-tp]')) el.placeholder = t(el.dataset.tp);
  $('lang').textContent = t('switchTo');
  $('lang').lang = lang() === 'en' ? 'zh-CN' : 'en';
  show(shown);
}

/** (Re)starts the session's report for today, judged as of the chosen day. */
function start() {
  const today = new Date().toISOString().slice(0, 10);
  return ask('init', { today, asOf: $('as-of').value || undefined });
}

async function main() {
  render();
  try {
    const { summary, restored } = await start();
    reports.session = summary;
    show('session');
    if (restored) $('announce').textContent = t('stockRestored', { n: restored });
  } catch (e) {
    message('camera-message', 'setupFailed', { message: e.message });
    return;
  }
  wireInputs();
  wireCamera();
  $('as-of').addEventListener('change', async () => {
    const { summary } = await start(); // every scan judged again; a file must be checked again
    reports.session = summary;
    reports.file = null;
    show('session');
  });
  document.body.dataset.ready = 'true';
  keepOffline('stock');
}

main();
