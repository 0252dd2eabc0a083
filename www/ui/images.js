// Images in: a file input (with or without capture), drag-and-drop, or a pasted image.
// Decodes the picture in the browser, hands the pixels to the scan worker.
// Usage: const codes = await codesInImage(file);

import { scanImageData } from '../scanner.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, imageSize } from '../embed/limits.js';
import { looksLikeMark } from '../embed/rules.js';

/** Longest side an image is scaled down to before scanning (keeps memory bounded). */
const MAX_SIDE = 3000;

/** Thrown for an image too large to decode: `size` is { bytes } or { width, height }. */
export class ImageTooLarge extends Error {
  constructor(size) {
    super('image too large');
    this.size = size;
  }
}

/**
 * The QR code texts in an image file or blob. Rejects with ImageTooLarge before decoding
 * a file past 64 MB or a header that says more than 120 million pixels (a few bytes can
 * claim gigabytes of pixels); otherwise if it is not a readable image.
 */
export async function codesInImage(blob) {
  if (blob.size > MAX_IMAGE_BYTES) throw new ImageTooLarge({ bytes: blob.size });
  const size = imageSize(new Uint8Array(await blob.slice(0, 65536).arrayBuffer()));
  if (size && size.width * size.height > MAX_IMAGE_PIXELS) throw new ImageTooLarge(size);
  const bitmap = await createImageBitmap(blob);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#fff'; // transparent PNGs: dark modules on white
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return scanImageData(ctx.getImageData(0, 0, w, h));
}

/** The first code that holds a mark, else the first code, else null. */
export function pickCode(codes) {
  return codes.find(looksLikeMark) ?? codes[0] ?? null;
}
