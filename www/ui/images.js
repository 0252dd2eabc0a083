// Images in: a file input (with or without capture), drag-and-drop, or a pasted image.
// Decodes the picture in the browser, hands the pixels to the scan worker.
// Usage: const codes = await codesInImage(file);

import { scanImageData } from '../scanner.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../embed/limits.js';
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

/**
 * Width and height from the header of a PNG, GIF, BMP, WebP or JPEG (`bytes`: the file's
 * first 64 KB), or null for other formats and broken headers.
 */
export function imageSize(bytes) {
  const b = bytes;
  const u16be = (i) => (b[i] << 8) | b[i + 1];
  const u16le = (i) => b[i] | (b[i + 1] << 8);
  const u32be = (i) => ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
  const u32le = (i) => ((b[i + 3] << 24) >>> 0) + ((b[i + 2] << 16) | (b[i + 1] << 8) | b[i]);
  const ascii = (i, s) => [...s].every((c, k) => b[i + k] === c.charCodeAt(0));
  if (b.length >= 24 && ascii(1, 'PNG') && ascii(12, 'IHDR')) return { width: u32be(16), height: u32be(20) };
  if (b.length >= 10 && ascii(0, 'GIF8')) return { width: u16le(6), height: u16le(8) };
  if (b.length >= 26 && ascii(0, 'BM')) return { width: u32le(18), height: Math.abs(u32le(22) | 0) };
  if (b.length >= 30 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) {
    if (ascii(12, 'VP8 ')) return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (ascii(12, 'VP8L')) {
      const bits = u32le(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (ascii(12, 'VP8X')) {
      return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    }
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Segments up to the first start-of-frame (SOF0 to SOF15 but DHT, JPG and DAC).
    let i = 2;
    while (i + 9 < b.length && b[i] === 0xff) {
      const marker = b[i + 1];
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: u16be(i + 7), height: u16be(i + 5) };
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) i += 2;
      else i += 2 + u16be(i + 2);
    }
    return null;
  }
  return null;
}
