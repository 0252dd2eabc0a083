// A promise-based messenger to the scan worker, which owns the scanner wasm. The worker
// (and so the scanner's download) is created on first use only.
// Usage: const codes = await scanImageData(imageData);

let worker = null;
let nextId = 1;
const pending = new Map();

function start() {
  worker = new Worker(new URL('./scan-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.error) p.reject(new Error(data.error));
    else p.resolve(data.codes);
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(e.message || 'scanner worker failed'));
    pending.clear();
    worker = null;
  };
}

/** Decodes the QR codes in an ImageData; resolves to their texts. */
export function scanImageData(image) {
  if (!worker) start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, width: image.width, height: image.height, data: image.data.buffer }, [image.data.buffer]);
  });
}
