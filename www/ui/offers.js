// The page's side of list offers. The verifier (wasm/verifier) holds the trust data in use
// but cannot judge a list; the updates module (wasm/updates, loaded on the first offer)
// judges each offer against the snapshot it last answered with and answers with the next
// one, which the verifier then takes. Loaded with embed/updates.js, after the verdict (or
// before it when lists are kept): the link path carries neither.

import { keepOffline } from './offline.js';

let checker = null;
// The trust data in use as the updates module last answered it; none: the bundled data.
let inUse;

/** The verifier embed/updates.js offers lists to, over the page's verifier module's
 * `trustInfo` and `useTrustSnapshot`. */
export function verifierFor({ trustInfo, useTrustSnapshot }) {
  // Answers carry the snapshot beside offers' `result`, deltas' `results`, or a plan.
  const offerWith = (name, key) => async (...args) => {
    checker = checker || import('../pkg/certmark_updates.js').then(async (m) => {
      await m.default();
      keepOffline('updates');
      return m;
    }).catch((e) => {
      checker = null; // offline and not kept yet: a later offer tries again
      throw e;
    });
    const answer = (await checker)[name](inUse, ...args);
    if (answer.snapshot) {
      useTrustSnapshot(answer.snapshot);
      inUse = answer.snapshot;
    }
    return key ? answer[key] : answer;
  };
  return {
    trustInfo,
    offerTrustList: offerWith('offerTrustList', 'result'),
    offerRevocations: offerWith('offerRevocations', 'result'),
    offerRevocationDeltas: offerWith('offerRevocationDeltas', 'results'),
    planRevocations: offerWith('planRevocations'),
  };
}
