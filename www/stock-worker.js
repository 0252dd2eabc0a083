// The stock check's worker: owns the stock wasm module, the session (every scan, kept in
// IndexedDB so a reload loses nothing) and file checks, so the page never blocks.
// Messages in: init, scan, clear, file, export. Out: { id, ... } answers and progress.

import init, { StockReport, readMarks, offerTrustList, offerRevocations } from './pkg/certmark_stock.js';
import { idbKeeper, restore } from './embed/updates.js';
import { bounded } from './embed/limits.js';

// The lists the verifier page accepted and kept count here too (checked again first).
const ready = init().then(() => restore({ offerTrustList, offerRevocations }, idbKeeper()).catch(() => {}));
const ROWS_SHOWN = 200;
const CHUNK = 2048;

let dates = { today: null, asOf: undefined };
let session = null;
let fileReport = null;
let db = null;

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('certmark-stock', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('scans', { autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function store(mode) {
  return db.transaction('scans', mode).objectStore('scans');
}

function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function loadSession() {
  session = new StockReport(dates.today, dates.asOf, false);
  const scans = db ? await done(store('readonly').getAll()) : [];
  if (scans.length) session.addAll(scans.map((s) => s.text), scans.map((s) => s.at));
  return scans.length;
}

const handlers = {
  async init({ today, asOf }) {
    dates = { today, asOf: asOf || undefined };
    let persisted = true;
    try {
      db = db || await openDb();
    } catch {
      persisted = false; // private mode or blocked storage: the session lives in memory
    }
    const restored = await loadSession();
    return { summary: session.summary(ROWS_SHOWN), restored, persisted };
  },
  async scan({ text, at }) {
    text = bounded(text);
    const added = session.add(text, at);
    if (db) await done(store('readwrite').add({ text, at }));
    return { added, summary: session.summary(ROWS_SHOWN) };
  },
  async clear() {
    if (db) await done(store('readwrite').clear());
    session = new StockReport(dates.today, dates.asOf, false);
    return { summary: session.summary(ROWS_SHOWN) };
  },
  async file({ file, column }, id) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const marks = readMarks(bytes, column || undefined);
    const total = marks.length;
    fileReport = new StockReport(dates.today, dates.asOf, true);
    const started = performance.now();
    for (let start = 0; start === 0 || start < total; start += CHUNK) {
      marks.checkInto(fileReport, start, start + CHUNK);
      self.postMessage({ id, progress: { done: Math.min(start + CHUNK, total), total } });
    }
    const ms = performance.now() - started;
    const header = marks.column ?? null;
    marks.free();
    return { summary: fileReport.summary(ROWS_SHOWN), column: header, ms };
  },
  async export({ which, format }) {
    const report = which === 'file' ? fileReport : session;
    if (!report) throw new Error('nothing to export');
    return { text: format === 'csv' ? report.csv() : report.json() };
  },
};

// One message at a time, in order: a scan never races a clear or a file.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  queue = queue.then(async () => {
    try {
      await ready;
      const answer = await handlers[data.type](data, data.id);
      self.postMessage({ id: data.id, ...answer });
    } catch (e) {
      self.postMessage({ id: data.id, error: String(e && e.message ? e.message : e) });
    }
  });
};
