// Types of the certmark package (certmark.js). The outcome types come from the wasm module.
import type { Outcome, TrustInfo } from './pkg/certmark.js';

export type {
  Code, Claims, Issuer, Revocation, Warning, TrustVersion, Outcome, TrustInfo,
} from './pkg/certmark.js';

export interface VerifyOptions {
  /** Judge the mark as of this day (`YYYY-MM-DD`); by default today. */
  asOf?: string;
  /** The device's date (`YYYY-MM-DD`, UTC), for the clock checks; by default from the system clock. */
  today?: string;
}

/** RGBA pixels, as in a canvas's `ImageData`. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/**
 * Verifies a mark (`CM1:…`, `CM1/…` or a link holding one). Resolves to the outcome the
 * CLI prints with `--json`; rejects only for a malformed date or if the wasm cannot load.
 */
export function verify(text: string, options?: VerifyOptions): Promise<Outcome>;

/** Verifies many marks at once (signatures checked in a batch); outcomes in input order. */
export function verifyAll(texts: Iterable<string>, options?: VerifyOptions): Promise<Outcome[]>;

/** Decodes the QR codes in an image; resolves to the text of each code found. */
export function scan(image: RgbaImage): Promise<string[]>;

/** The trust data built in: version, demo or not, issuers. */
export function trustInfo(): Promise<TrustInfo>;

/** Starts loading the verifier now (from `response`, a fetch of `pkg/certmark_bg.wasm`, if given). */
export function preload(response?: Response | Promise<Response>): Promise<void>;
