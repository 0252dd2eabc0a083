// The offline copy of the verifier: every file a check needs (the page, its wasm, the
// scanner, the stock page) is cached when this worker installs and served from the cache
// first, so a mark link opens with no network. Updated trust lists are not cached here:
// embed/updates.js keeps them in IndexedDB once their signature checked.
// sw-files.js (written by scripts/build-web.sh) names the files and a version (a hash of
// their contents); a new build changes it, the browser installs the new worker, and the
// old cache goes.

importScripts('sw-files.js');

const CACHE = `certmark-${self.CERTMARK_VERSION}`;
const PATHS = new Set(self.CERTMARK_FILES.map((f) => new URL(f, self.registration.scope).pathname));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(self.CERTMARK_FILES.map((f) => new Request(f, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('certmark-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Only the page's own files; the lists, the Date check (HEAD) and the rest go to the network.
  if (request.method !== 'GET' || url.origin !== self.location.origin || !PATHS.has(url.pathname)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(url.pathname, { ignoreVary: true })) || fetch(request);
  })());
});
