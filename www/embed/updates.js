// Fresh trust data for a verifier (the page, its stock worker, the package): fetch a list
// and its .sig, offer both to the wasm, which takes the list only if a pinned root signed
// it and its sequence is higher than the one in use, and keep what it took (IndexedDB) so
// the next start, online or not, begins from it. Lists are checked again on every start:
// storage is never trusted. No DOM, so it runs in workers and Node too.
//
// `wasm` is a verifier module: { offerTrustList, offerRevocations, offerRevocationDeltas,
// planRevocations } (and trustInfo for refresh's "already in use" shortcut); an offer may
// answer with a promise.
//
// Revocations may come through a signed index (urls.revocationsIndex): it names the latest
// exact list and the deltas that lead to it, and the wasm says which to download: the
// deltas the list in use lacks, or the whole list. What is kept replays to the state in
// use: { list, sig, deltas: [{ delta, sig }], index } (list null when the deltas follow
// the bundled list; index: the signature of the index last carried out).

import { idbStore } from './idb.js';
import { PLAN, UPDATE } from './update-rules.js';
import { maybeKept, markKept } from './kept.js';

/** The two lists, by the name the results and the store use. */
export const KINDS = ['trust-list', 'revocations'];

const OFFER = { 'trust-list': 'offerTrustList', revocations: 'offerRevocations' };

/**
 * Keeps accepted lists in IndexedDB database `name`: { get(kind), put(kind, {list, sig}),
 * remove(kind) }, or null where there is no IndexedDB (Node) or it is refused.
 */
export function idbKeeper(name = 'certmark-trust') {
  const lists = idbStore(name, 'lists');
  if (!lists) return null;
  return {
    maybeKept,
    get: (kind) => lists.get(kind),
    async put(kind, record) {
      await lists.put(record, kind);
      markKept();
    },
    async remove(kind) { await lists.delete(kind); },
  };
}

function offer(wasm, kind, list, sig) {
  return wasm[OFFER[kind]](list, sig);
}

/**
 * Offers the kept lists to `wasm` (call before the first check). Resolves to
 * { 'trust-list': result, revocations: result } where a result is the wasm's answer, or
 * null when nothing was kept; a kept list that is now refused (an older one than this
 * build bundles, or damaged) is dropped.
 */
export async function restore(wasm, keeper) {
  const results = { 'trust-list': null, revocations: null };
  if (!keeper || !keeper.maybeKept()) return results;
  for (const kind of KINDS) {
    let kept;
    try {
      kept = await keeper.get(kind);
    } catch {
      continue; // storage refused: start from the bundled data
    }
    if (!kept) continue;
    if (kept.list) {
      results[kind] = await offer(wasm, kind, kept.list, kept.sig);
      if (results[kind].status === UPDATE.refused) {
        await keeper.remove(kind).catch(() => {});
        continue;
      }
    }
    if (kept.deltas?.length) {
      const answers = await offerDeltas(wasm, kept.deltas);
      const applied = answers.filter((r) => r.status === UPDATE.accepted).length;
      if (applied) results[kind] = answers[applied - 1];
      // Kept no longer (a newer build's list, damaged storage): keep what still replays.
      if (applied < kept.deltas.length) {
        await keeper.put(kind, { ...kept, deltas: kept.deltas.slice(0, applied), index: null }).catch(() => {});
      }
    }
  }
  return results;
}

async function offerDeltas(wasm, deltas) {
  return wasm.offerRevocationDeltas(deltas.map((d) => d.delta), deltas.map((d) => d.sig));
}

/** Fetches a URL's bytes; throws an Error whose `code` is 'offline' or 'http-NNN'. */
async function bytes(url, fetchFn) {
  let res;
  try {
    res = await fetchFn(url, { cache: 'no-cache', credentials: 'omit' });
  } catch (e) {
    throw Object.assign(new Error(`cannot reach ${url}: ${e.message}`), { code: 'offline' });
  }
  if (!res.ok) throw Object.assign(new Error(`${url}: HTTP ${res.status}`), { code: `http-${res.status}` });
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetches a file and its .sig: [bytes, sig]. */
function signedFile(url, fetchFn) {
  return Promise.all([bytes(url, fetchFn), bytes(`${url}.sig`, fetchFn)]);
}

/** Fetches a list and its .sig (fetched first: when it is the one in use, the list is not
 * downloaded) and offers it; keeps it once accepted. */
async function refreshList(wasm, kind, url, { keeper, fetchFn, info }) {
  const sig = await bytes(`${url}.sig`, fetchFn);
  const text = new TextDecoder().decode(sig).trim();
  const own = info?.signatures[kind === 'trust-list' ? 'trust_list' : 'revocations'];
  if (own && text === own) {
    const d = info.trust_data;
    return { status: UPDATE.upToDate, sequence: kind === 'trust-list' ? d.sequence : d.revocations_sequence };
  }
  const list = await bytes(url, fetchFn);
  const result = await offer(wasm, kind, list, sig);
  if (result.status === UPDATE.accepted && keeper) {
    // In use now either way; not kept means the next start begins from the older data.
    result.kept = await keeper.put(kind, { list, sig, deltas: [] }).then(() => true, () => false);
  }
  return result;
}

/** Revocations through the signed index at `url`: the deltas the list in use lacks, or
 * the whole list, as the wasm plans; the answer says which (`via`). */
async function refreshByIndex(wasm, url, { keeper, fetchFn, info }) {
  const [index, sig] = await signedFile(url, fetchFn);
  const signature = new TextDecoder().decode(sig).trim();
  let kept = null;
  try {
    kept = keeper ? await keeper.get('revocations') : null;
  } catch { /* storage refused: plan from the data in use */ }
  const sequence = info?.trust_data.revocations_sequence;
  if (kept?.index === signature && kept.sequence === sequence) return { status: UPDATE.upToDate, sequence, via: 'index' };
  const plan = await wasm.planRevocations(index, sig);
  // The index counts as carried out (and is not planned again) once its state is reached.
  const keepIndex = async (record) => {
    if (!keeper) return false;
    const index = record.sequence >= plan.sequence ? signature : null;
    return keeper.put('revocations', { ...record, index }).then(() => true, () => false);
  };
  if (plan.plan === PLAN.refused) return { status: UPDATE.refused, code: plan.code, reason: plan.reason, in_use: sequence, offered: null, via: 'index' };
  if (plan.plan === PLAN.upToDate) {
    if (kept) await keepIndex({ ...kept, sequence });
    return { status: UPDATE.upToDate, sequence, via: 'index' };
  }
  const beside = (name) => new URL(name, url).href;
  if (plan.plan === PLAN.full) {
    const [list, listSig] = await signedFile(beside(plan.file), fetchFn);
    const result = await offer(wasm, 'revocations', list, listSig);
    if (result.status === UPDATE.accepted && keeper) {
      result.kept = await keepIndex({ list, sig: listSig, deltas: [], sequence: result.sequence });
    }
    return { ...result, via: 'list', bytes: list.length };
  }
  const files = await Promise.all(plan.files.map(async (name) => {
    const [delta, deltaSig] = await signedFile(beside(name), fetchFn);
    return { delta, sig: deltaSig };
  }));
  const answers = await offerDeltas(wasm, files);
  const applied = answers.filter((r) => r.status === UPDATE.accepted).length;
  const refused = answers.find((r) => r.status === UPDATE.refused);
  const result = refused
    ? { ...refused }
    : { status: UPDATE.accepted, sequence: answers[applied - 1].sequence, previous: answers[0].previous };
  Object.assign(result, { via: 'deltas', deltas: applied, bytes: files.reduce((n, f) => n + f.delta.length, 0) });
  if (applied && keeper) {
    // What replays to the state in use: the kept list (none: the bundled one) and its deltas.
    const base = kept ?? { list: null, sig: null, deltas: [] };
    const record = { ...base, deltas: [...(base.deltas ?? []), ...files.slice(0, applied)], sequence: answers[applied - 1].sequence };
    result.kept = await keepIndex(record);
  }
  return result;
}

/**
 * Fetches each configured list and offers it. `urls` is { trustList, revocations,
 * revocationsIndex } (any may be missing; the index, when given, is used for revocations
 * instead of the list), relative to `base`. Resolves to { 'trust-list': result,
 * revocations: result }: the wasm's answer (accepted, up-to-date or refused; through an
 * index with `via` 'list' or 'deltas', and for deltas how many were applied and their
 * bytes), or { status: 'unavailable', code, reason } when a file could not be fetched.
 */
export async function refresh(wasm, urls, { keeper = null, base, fetch: fetchFn = globalThis.fetch } = {}) {
  const results = { 'trust-list': null, revocations: null };
  const info = wasm.trustInfo ? wasm.trustInfo() : null;
  const wanted = { 'trust-list': urls.trustList, revocations: urls.revocationsIndex || urls.revocations };
  await Promise.all(KINDS.filter((kind) => wanted[kind]).map(async (kind) => {
    const url = new URL(wanted[kind], base).href;
    const how = { keeper, fetchFn, info };
    try {
      results[kind] = kind === 'revocations' && urls.revocationsIndex
        ? await refreshByIndex(wasm, url, how)
        : await refreshList(wasm, kind, url, how);
    } catch (e) {
      if (!e.code) throw e;
      results[kind] = { status: 'unavailable', code: e.code, reason: e.message };
    }
  }));
  return results;
}

/** Whether an update check changed the trust data in use. */
export function changed(results) {
  return Object.values(results).some((r) => r && r.status === UPDATE.accepted);
}
