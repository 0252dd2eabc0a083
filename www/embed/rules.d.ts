// Written by `cargo run --example rules` with rules.js; do not edit.

/** One of the stable verdict codes. */
export type Code = "not-a-mark" | "unsupported" | "malformed" | "unknown-issuer" | "unknown-key" | "forged" | "key-not-valid" | "not-accredited" | "withdrawn" | "suspended" | "not-yet-valid" | "expired" | "valid";
/** How a person should take a verdict. */
export type Kind = "good" | "unsure" | "bad";
/** A warning's code. */
export type WarningCode = "trust-data-expired" | "clock-before-issued" | "not-covered";
/** Why an offered list was refused. */
export type RefusalCode = "not-newer" | "too-large" | "json" | "format" | "bad-public-key" | "weak-key" | "duplicate-issuer" | "duplicate-key" | "empty-issuer-id" | "demo-refused" | "duplicate-entry" | "no-roots" | "bad-signature-file" | "signature-mismatch" | "bad-compact" | "delta-needs-exact" | "delta-base" | "delta-as-of-back" | "withdrawal-undone";

export const CODES: Code[];
export const KIND: Record<Code, Kind>;
export const RANK: Record<Code, number>;
export const READABLE: Record<Code, boolean>;
export const WARNING: { trustDataExpired: "trust-data-expired"; clockBeforeIssued: "clock-before-issued"; notCovered: "not-covered" };
export const MAX_INPUT: number;
export const MAX_FILE_BYTES: number;
export const MAX_IMAGE_BYTES: number;
export const MAX_IMAGE_PIXELS: number;
export const HIDDEN_CLASS: string;
export const MARK_HINT: string;
export function looksLikeMark(text: string): boolean;
/** [title, meaning, advice] by verdict code, per language. */
export const VERDICTS: Record<"zh-CN" | "en", Record<Code, [string, string, string]>>;
/** What each broken format rule means, per language. */
export const RULE_WORDS: Record<"zh-CN" | "en", Record<string, string>>;
/** Known `extra` labels as shown, per language. */
export const LABELS: Record<"zh-CN" | "en", Record<string, string>>;
