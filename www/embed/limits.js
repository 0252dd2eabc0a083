// What the verifier would refuse anyway, refused before the bytes are copied into wasm
// memory, which never shrinks: mark text past 4,096 characters, marks files past 128 MB,
// images past 64 MB or 120 million pixels (read from the file's header, before decoding).

import { MAX_INPUT, MAX_FILE_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from './rules.js';

/** The limits themselves come from the Rust core, through the generated rules.js. */
export { MAX_INPUT, MAX_FILE_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS };

/**
 * `text` as a string, cut to MAX_INPUT + 1 characters if longer: the verifier's answer
 * is the same ("input longer than 4096 characters"), and nothing larger reaches wasm.
 */
export function bounded(text) {
  const s = String(text ?? '');
  return s.length > MAX_INPUT ? s.slice(0, MAX_INPUT + 1) : s;
}

/** Why a file is too large to read, or null: { bytes, limit }. */
export function fileTooLarge(file, limit = MAX_FILE_BYTES) {
  return file.size > limit ? { bytes: file.size, limit } : null;
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
