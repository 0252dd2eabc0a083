// Decodes frames off the main thread with the scanner wasm (loaded here, on first use).
import init, { scanRgba } from './pkg/certmark_scan.js';

const ready = init();

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const codes = scanRgba(new Uint8Array(data.data), data.width, data.height);
    self.postMessage({ id: data.id, codes });
  } catch (e) {
    self.postMessage({ id: data.id, error: String(e && e.message ? e.message : e) });
  }
};
