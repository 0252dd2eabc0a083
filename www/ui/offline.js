// The offline copy: the service worker (sw.js) keeps only what a page has used. Each page
// names its group once it has shown its answer ('verifier', 'stock'), and the scanner's
// group when the camera or an image is first used; the worker caches that group, and from
// then on serves it with no network.

/** Registers the service worker and asks it to keep `group` (see sw-files.js). */
export function keepOffline(group) {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  sw.register('sw.js').catch(() => {});
  sw.ready.then((registration) => registration.active?.postMessage({ keep: group })).catch(() => {});
}
