// A helper of the stock check's worker (stock-worker.js): checks the signatures of marks
// that worker has read, packed by it, so a file's check uses more than one core. It holds
// no trust data and no report; it answers one byte per signature (1: verified).
// Message in: { id, packed } (an ArrayBuffer). Out: { id, answers } or { id, error }.

import init, { verifyPacked } from './pkg/certmark_stock.js';

const ready = init();

self.onmessage = async ({ data: { id, packed } }) => {
  try {
    await ready;
    const answers = verifyPacked(new Uint8Array(packed));
    self.postMessage({ id, answers }, [answers.buffer]);
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message ? e.message : e) });
  }
};
