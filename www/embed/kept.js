// Whether an earlier update kept lists (IndexedDB, see updates.js): a mark in localStorage,
// so that a page which kept nothing starts without the update machinery.

const MARKER = 'certmark-trust-kept';

/** Whether anything may be kept (false only when it is known that nothing is). */
export function maybeKept() {
  try {
    return typeof localStorage === 'undefined' || localStorage.getItem(MARKER) === '1';
  } catch {
    return true;
  }
}

/** Notes that a list is kept. */
export function markKept() {
  try {
    localStorage.setItem(MARKER, '1');
  } catch { /* no localStorage (a worker, or storage refused): open IndexedDB each start */ }
}
