// certmark for other sites and for Node: verify a mark, scan an image, describe and
// update the trust data. The wasm loads once, on first use, from next to this file
// (fetched in a browser, read from disk in Node); the scanner loads only when scan() is
// first called.

import initVerifier, * as verifier from './pkg/certmark.js';
import { idbKeeper, restore, refresh } from './updates.js';
import { bounded } from './limits.js';

// Lists accepted by update(), kept in this site's IndexedDB (browsers only).
const keeper = idbKeeper('certmark-package');

let verifierReady = null;

/** Loads a wasm-bindgen module's wasm: `source` if given (a fetch already under way), else
 * fetched over http(s), or read from disk under file:. */
async function load(init, name, source) {
  const url = new URL(`./pkg/${name}_bg.wasm`, import.meta.url);
  if (source) return init({ module_or_path: await source });
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return init({ module_or_path: await readFile(url) });
  }
  return init({ module_or_path: url });
}

function ready(source) {
  verifierReady ??= load(initVerifier, 'certmark', source).then(async () => {
    await restore(verifier, keeper).catch(() => {}); // lists kept by an earlier update()
  }).catch((e) => {
    verifierReady = null; // a later call may try again (the network may be back)
    throw e;
  });
  return verifierReady;
}

/**
 * Starts loading the verifier now, rather than on the first `verify`; `response`, if
 * given, is a fetch of `pkg/certmark_bg.wasm` already under way. Resolves once it is ready.
 */
export async function preload(response) {
  await ready(response);
}

/** Today's date in UTC, as the format counts days. */
function today() {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Verifies a mark: its text form (`CM1:…`), its QR form (`CM1/…`) or a link holding one.
 * Resolves to the same outcome object the CLI prints with `--json`; `outcome.code` is
 * one of the CLI's verdict codes, and for `not-a-mark`, `outcome.other` says what the
 * code is instead, as the CLI's `other` does. Rejects only for a malformed date or a load failure.
 * Calls made together (a page of badges) are checked as one batch.
 */
export async function verify(text, { asOf, today: day } = {}) {
  await ready();
  return new Promise((resolve, reject) => {
    if (!pending) {
      pending = new Map();
      queueMicrotask(flush);
    }
    const dates = [String(day || today()), asOf ? String(asOf) : undefined];
    const key = JSON.stringify(dates);
    if (!pending.has(key)) pending.set(key, { dates, calls: [] });
    pending.get(key).calls.push({ text: bounded(text), resolve, reject });
  });
}

let pending = null; // calls queued in this turn, by their pair of dates

/** A module of pkg/ (`name`, imported by `importer`) loaded on first use; a failed load
 * is tried again on the next use (the network may be back). */
function onFirstUse(name, importer) {
  let ready = null;
  return () => {
    ready ??= importer()
      .then(async (mod) => {
        await load(mod.default, name);
        return mod;
      })
      .catch((e) => {
        ready = null;
        throw e;
      });
    return ready;
  };
}
const codes = onFirstUse('certmark_codes', () => import('./pkg/certmark_codes.js'));
const scanner = onFirstUse('certmark_scan', () => import('./pkg/certmark_scan.js'));

/**
 * `outcome` with, for a code that is not a mark, what it is instead (`other`): from the
 * codes module (pkg/certmark_codes.js), loaded on the first such outcome only. If it
 * cannot load, the outcome stands without `other`.
 */
async function named(outcome, text) {
  if (outcome.code !== 'not-a-mark' || !text.trim()) return outcome;
  try {
    outcome.other = JSON.parse((await codes()).classify(text));
  } catch { /* the verdict stands */ }
  return outcome;
}

/** Checks the calls queued in this turn, one batch per pair of dates. */
function flush() {
  const batches = pending;
  pending = null;
  for (const { dates: [day, asOf], calls } of batches.values()) {
    try {
      const outcomes = verifier.verifyAll(calls.map((c) => c.text), day, asOf);
      calls.forEach((c, i) => named(outcomes[i], c.text).then(c.resolve));
    } catch (e) {
      for (const c of calls) c.reject(e);
    }
  }
}

/** Verifies many marks at once (signatures checked in a batch); outcomes in input order. */
export async function verifyAll(texts, { asOf, today: day } = {}) {
  await ready();
  const inputs = [...texts].map(bounded);
  const outcomes = verifier.verifyAll(inputs, day || today(), asOf || undefined);
  return Promise.all(outcomes.map((o, i) => named(o, inputs[i])));
}

/** Describes the trust data in use: version, demo or not, issuers, signatures. */
export async function trustInfo() {
  await ready();
  return verifier.trustInfo();
}

/**
 * Fetches newer trust data. `urls` is { trustList, revocations, revocationsIndex }: each
 * file's URL (its signature is the same URL + `.sig`); a revocation index, when given,
 * brings only the deltas the list in use lacks (or the whole list). A list is used from then on only if a root built
 * into this package signed it and its sequence is higher than the one in use; in a
 * browser it is also kept (IndexedDB) for later visits unless `keep` is false. Resolves
 * to { 'trust-list': result, revocations: result } (see UpdateResult).
 */
export async function update(urls, { keep = true } = {}) {
  await ready();
  return refresh(verifier, urls ?? {}, {
    keeper: keep ? keeper : null,
    base: globalThis.location?.href,
  });
}

/**
 * Decodes the QR codes in an image: an `ImageData`, or any `{ data, width, height }` with
 * RGBA bytes. Resolves to the text of each code found (pass one to `verify`).
 */
export async function scan(image) {
  const { data, width, height } = image ?? {};
  if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
    throw new TypeError('scan: image.data must be RGBA bytes (Uint8ClampedArray or Uint8Array)');
  }
  const dimension = (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
  if (!dimension(width) || !dimension(height)) {
    throw new TypeError('scan: image.width and image.height must be whole numbers below 2^32');
  }
  return (await scanner()).scanRgba(data, width, height);
}
