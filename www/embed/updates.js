// Fresh trust data for a verifier (the page, its stock worker, the package): fetch a list
// and its .sig, offer both to the wasm, which takes the list only if a pinned root signed
// it and its sequence is higher than the one in use, and keep what it took (IndexedDB) so
// the next start, online or not, begins from it. Lists are checked again on every start:
// storage is never trusted. No DOM, so it runs in workers and Node too.
//
// `wasm` is a verifier module: { offerTrustList, offerRevocations } (and trustInfo for
// refresh's "already in use" shortcut); an offer may answer with a promise.

import { idbStore } from './idb.js';
import { UPDATE } from './rules.js';
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
    results[kind] = await offer(wasm, kind, kept.list, kept.sig);
    if (results[kind].status === UPDATE.refused) await keeper.remove(kind).catch(() => {});
  }
  return results;
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

/**
 * Fetches each configured list and offers it. `urls` is { trustList, revocations } (either
 * may be missing), relative to `base`. The signature is fetched first: when it is the
 * one in use, the list is not downloaded. Resolves to { 'trust-list': result,
 * revocations: result }: the wasm's answer (accepted, up-to-date or refused), or
 * { status: 'unavailable', code, reason } when the list could not be fetched.
 */
export async function refresh(wasm, urls, { keeper = null, base, fetch: fetchFn = globalThis.fetch } = {}) {
  const results = { 'trust-list': null, revocations: null };
  const info = wasm.trustInfo ? wasm.trustInfo() : null;
  const inUse = info ? info.signatures : {};
  const wanted = { 'trust-list': urls.trustList, revocations: urls.revocations };
  await Promise.all(KINDS.filter((kind) => wanted[kind]).map(async (kind) => {
    const url = new URL(wanted[kind], base).href;
    try {
      const sig = await bytes(`${url}.sig`, fetchFn);
      const text = new TextDecoder().decode(sig).trim();
      const own = inUse[kind === 'trust-list' ? 'trust_list' : 'revocations'];
      if (own && text === own) {
        const d = info.trust_data;
        results[kind] = { status: UPDATE.upToDate, sequence: kind === 'trust-list' ? d.sequence : d.revocations_sequence };
        return;
      }
      const list = await bytes(url, fetchFn);
      const result = await offer(wasm, kind, list, sig);
      results[kind] = result;
      if (result.status === UPDATE.accepted && keeper) {
        // In use now either way; not kept means the next start begins from the older data.
        result.kept = await keeper.put(kind, { list, sig }).then(() => true, () => false);
      }
    } catch (e) {
      if (!e.code) throw e;
      results[kind] = { status: 'unavailable', code: e.code, reason: e.message };
    }
  }));
  return results;
}
