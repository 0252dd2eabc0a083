// The stock check's worker: owns the stock wasm module, the session (every scan, kept in
// IndexedDB so a reload loses nothing) and file checks, so the page never blocks.
// Messages in: init, scan, clear, file, export. Out: { id, ... } answers and progress.

import init, {
  StockReport, readMarks, offerTrustList, offerRevocations, offerRevocationDeltas,
} from './pkg/certmark_stock.js';
import { idbKeeper, restore } from './embed/updates.js';
import { idbStore } from './embed/idb.js';
import { bounded } from './embed/limits.js';

// The lists the verifier page accepted and kept count here too (checked again first).
const ready = init().then(() => restore({ offerTrustList, offerRevocations, offerRevocationDeltas }, idbKeeper()).catch(() => {}));
const ROWS_SHOWN = 200;

let dates = { today: null, asOf: undefined };
let session = null;
let fileReport = null;
// The session's scans, kept so a reload loses nothing; null while storage is not known to work.
let db = null;

async function loadSession() {
  session = new StockReport(dates.today, dates.asOf, false);
  const scans = db ? await db.getAll() : [];
  if (scans.length) session.addAll(scans.map((s) => s.text), scans.map((s) => s.at));
  return scans.length;
}

// Helper workers (signature-worker.js) for a file's signatures: one per core beyond this
// worker's, at most 3, started on the first file. None where workers cannot start workers.
let helpers = null;

function startHelpers() {
  if (helpers) return helpers;
  helpers = [];
  const cores = Math.min(self.navigator?.hardwareConcurrency || 1, 4);
  if (typeof Worker !== 'function') return helpers;
  for (let i = 1; i < cores; i++) {
    try {
      const worker = new Worker(new URL('./signature-worker.js', import.meta.url), { type: 'module' });
      const helper = { worker, busy: 0, waiting: new Map(), next: 0, broken: false };
      worker.onmessage = ({ data }) => {
        const settle = helper.waiting.get(data.id);
        helper.waiting.delete(data.id);
        helper.busy--;
        settle?.(data.error ? null : data.answers);
      };
      worker.onerror = () => {
        helper.broken = true;
        for (const settle of helper.waiting.values()) settle(null);
        helper.waiting.clear();
      };
      helpers.push(helper);
    } catch {
      break;
    }
  }
  return helpers;
}

// Sends packed signatures to a helper; resolves to its answers, or null if it failed
// (the chunk is then checked here).
function ask(helper, packed) {
  const id = helper.next++;
  helper.busy++;
  return new Promise((resolve) => {
    helper.waiting.set(id, resolve);
    helper.worker.postMessage({ id, packed: packed.buffer }, [packed.buffer]);
  });
}

// Lets helpers' answers in between chunks checked here (a message, not a timer: timers
// are clamped to 4 ms).
function breathe() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

// Checks a file's marks into `report` in file order, chunk by chunk (the core's chunks:
// marks.chunks of stock::FILE_CHUNK marks; the report refuses them out of order). Every
// chunk is read here and its verdicts reached here, in order; its signatures are checked by a helper
// (the earliest chunks waiting go to helpers) or here (the latest, while the next chunk in
// order is still with a helper). The report is the one this worker alone would make.
// Uses at most `most` helpers (all if not a number); returns how many chunks they checked.
async function checkFile(marks, report, most, progress) {
  const total = marks.length;
  const chunks = marks.chunks;
  const limit = Number.isInteger(most) && most >= 0 ? most : Infinity;
  const pool = total && limit ? startHelpers().filter((h) => !h.broken).slice(0, limit) : [];
  if (pool.length === 0) {
    for (let i = 0; i < chunks; i++) progress(marks.checkInto(report, i));
    return 0;
  }
  let helped = 0;
  const depth = 4 * (pool.length + 1);
  const staged = new Map();
  const waiting = []; // staged, neither with a helper nor checked, in file order
  const feed = () => {
    for (const helper of pool) {
      while (!helper.broken && helper.busy < 2 && waiting.length) {
        const chunk = waiting.shift();
        chunk.asked = ask(helper, chunk.staged.packed()).then((answers) => {
          if (answers) helped++;
          chunk.answers = answers; // null if the helper failed: checked here then
          chunk.asked = null;
          feed();
        });
      }
    }
  };
  let next = 0;
  let ahead = 0;
  try {
    while (next < chunks) {
      while (ahead < chunks && ahead - next < depth) {
        const chunk = { staged: marks.stage(report, ahead), answers: null, asked: null };
        staged.set(ahead++, chunk);
        waiting.push(chunk);
      }
      feed();
      const chunk = staged.get(next);
      if (!chunk.asked) {
        const i = waiting.indexOf(chunk);
        if (i >= 0) waiting.splice(i, 1);
        staged.delete(next++);
        progress(marks.finishInto(report, chunk.staged, chunk.answers ?? chunk.staged.check()));
        continue;
      }
      // The next chunk is with a helper: check the latest waiting one here meanwhile.
      const own = waiting.pop();
      if (own) {
        own.answers = own.staged.check();
        await breathe();
      } else {
        await chunk.asked;
      }
    }
  } finally {
    waiting.length = 0; // answers still on their way (after an error) start nothing more
    for (const chunk of staged.values()) chunk.staged.free();
  }
  return helped;
}

const handlers = {
  async init({ today, asOf }) {
    dates = { today, asOf: asOf || undefined };
    let persisted = true;
    try {
      if (!db) {
        const scans = idbStore('certmark-stock', 'scans', { autoIncrement: true });
        if (!scans) throw new Error('no IndexedDB');
        await scans.open();
        db = scans;
      }
    } catch {
      persisted = false; // private mode or blocked storage: the session lives in memory
    }
    const restored = await loadSession();
    return { summary: session.summary(ROWS_SHOWN), restored, persisted };
  },
  async scan({ text, at }) {
    text = bounded(text);
    const added = session.add(text, at);
    if (db) await db.add({ text, at });
    return { added, summary: session.summary(ROWS_SHOWN) };
  },
  async clear() {
    if (db) await db.clear();
    session = new StockReport(dates.today, dates.asOf, false);
    return { summary: session.summary(ROWS_SHOWN) };
  },
  async file({ file, column, helpers: most }, id) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const marks = readMarks(bytes, column || undefined);
    const total = marks.length;
    fileReport = new StockReport(dates.today, dates.asOf, true);
    const started = performance.now();
    const helped = await checkFile(marks, fileReport, most, (done) => self.postMessage({ id, progress: { done, total } }));
    const ms = performance.now() - started;
    const header = marks.column ?? null;
    marks.free();
    return { summary: fileReport.summary(ROWS_SHOWN), column: header, ms, helped };
  },
  async export({ which, format, lang }) {
    const report = which === 'file' ? fileReport : session;
    if (!report) throw new Error('nothing to export');
    return { text: format === 'csv' ? report.csv(lang) : report.json() };
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
