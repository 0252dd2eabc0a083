// The one IndexedDB helper of the pages, their workers and the package: one object store
// in its own database, opened on first use, every call a promise. No DOM, so it runs in
// workers too. Usage: const scans = idbStore('certmark-stock', 'scans', { autoIncrement: true });
//                     await scans.add(value); const all = await scans.getAll();

/** A request's result as a promise. */
function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The object store `storeName` of database `dbName` (made with `options` the first
 * time), or null where there is no IndexedDB (Node). Calls reject when storage is refused.
 */
export function idbStore(dbName, storeName, options = {}) {
  if (typeof indexedDB === 'undefined') return null;
  let db = null;
  const open = () => {
    db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(storeName, options);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return db;
  };
  const run = async (mode, call) => request(call((await open()).transaction(storeName, mode).objectStore(storeName)));
  return {
    /** Opens the database now (to learn early whether storage works). */
    open,
    get: (key) => run('readonly', (s) => s.get(key)),
    getAll: () => run('readonly', (s) => s.getAll()),
    put: (value, key) => run('readwrite', (s) => s.put(value, key)),
    add: (value) => run('readwrite', (s) => s.add(value)),
    delete: (key) => run('readwrite', (s) => s.delete(key)),
    clear: () => run('readwrite', (s) => s.clear()),
  };
}
