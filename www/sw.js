// The offline copy of the verifier, kept to what was used: a page that has answered asks
// for its group of files ('verifier', 'stock'; 'scanner' once the camera or an image is
// used, see ui/offline.js), and the worker caches that group and serves it from the cache
// first, so a mark link (or the stock page, once visited) opens with no network. A
// consumer who opened one link downloads nothing for the stock page or the scanner.
// Updated trust lists are not cached here: embed/updates.js keeps them in IndexedDB once
// their signature checked.
// sw-files.js (written by scripts/build-web.sh) names the groups and a version (a hash
// of every file); a new build changes it, the browser installs the new worker, which
// fetches again the groups the old cache held, and the old cache goes.

importScripts('sw-files.js');

const PREFIX = 'certmark-';
const CACHE = `${PREFIX}${self.CERTMARK_VERSION}`;
const GROUPS = self.CERTMARK_GROUPS;
const scoped = (f) => new URL(f, self.registration.scope).pathname;
const PATHS = new Set(Object.values(GROUPS).flat().map(scoped));
// A cache remembers which groups it holds under these (never fetched) names.
const marker = (group) => scoped(`.certmark-group-${group}`);

/** Caches `group` in `cache`, all of it or nothing, then marks it held. */
async function keep(cache, group) {
  const files = GROUPS[group];
  if (!files || (await cache.match(marker(group)))) return;
  await cache.addAll(files.map((f) => new Request(f, { cache: 'no-cache' })));
  await cache.put(marker(group), new Response(''));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    // A new version keeps what the old one held: the same groups, fetched afresh.
    const cache = await caches.open(CACHE);
    for (const key of await caches.keys()) {
      if (!key.startsWith(PREFIX) || key === CACHE) continue;
      const old = await caches.open(key);
      for (const group of Object.keys(GROUPS)) {
        if (await old.match(marker(group))) await keep(cache, group);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const group = event.data && event.data.keep;
  if (typeof group !== 'string' || !Object.hasOwn(GROUPS, group)) return;
  event.waitUntil(caches.open(CACHE).then((cache) => keep(cache, group)).catch(() => {}));
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
