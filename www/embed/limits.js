// What the verifier would refuse anyway, refused before the bytes are copied into wasm
// memory, which never shrinks: mark text past 4,096 characters, marks files past 128 MB,
// images past 64 MB or 120 million pixels (read from the file's header, before decoding,
// by ui/images.js's imageSize).

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
