// How a verdict is shown, shared by the verifier page, the stock page and the badge so
// all say the same: its words in Simplified Chinese and English, and its kind and icon
// (the icon and words carry the meaning; colour only repeats it).

import { KIND, HIDDEN_CLASS, VERDICTS } from './rules.js';

/** 'good', 'unsure' (the list may be old, or it is not a mark) or 'bad' (the core's Verdict::kind). */
export function kindOf(code) {
  return KIND[code] ?? 'bad';
}

/** The icon for each kind. */
export const ICON = { good: '✓', bad: '✕', unsure: '?' };

const HIDDEN = new RegExp(HIDDEN_CLASS, 'gu');

/**
 * Text as a person is shown it (display::visible in the Rust core): hidden characters written
 * out as \u{…}, so a right-to-left override cannot reverse what is read.
 */
export function visible(text) {
  return String(text).replace(HIDDEN, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}

/** [title, meaning, advice] by verdict code and language, from words/*.json (through rules.js). */
export { VERDICTS };
