// Types of the certmark package (certmark.js). The outcome types come from the wasm module.
import type { Outcome, OtherCode, TrustInfo, UpdateResult } from './pkg/certmark.js';

export type {
  Code, Claims, Issuer, Revocation, Warning, TrustVersion, Outcome, OtherCode, TrustInfo, UpdateResult,
} from './pkg/certmark.js';

/** An outcome as the package returns it: for `not-a-mark`, `other` says what the code is
 * instead (a GS1 product code, a web link, …; never a reason to trust it). */
export type Checked = Outcome & { other?: OtherCode };

/** Where updated lists are published; each signature is the file's URL + `.sig`. */
export interface UpdateUrls {
  trustList?: string | URL;
  revocations?: string | URL;
  /** A signed revocation index (`certmark revocations index`): used instead of
   * `revocations`, it names the latest exact list and the deltas that lead to it, and only
   * what the list in use lacks is downloaded. */
  revocationsIndex?: string | URL;
}

/** How revocations came through an index: the whole list, or deltas (how many were
 * applied, up to the first refused, and their bytes). */
export interface ViaIndex {
  via?: 'index' | 'list' | 'deltas';
  deltas?: number;
  bytes?: number;
}

/** A list that could not be fetched (`code` is `offline` or `http-NNN`); the one in use stays. */
export interface Unavailable {
  status: 'unavailable';
  code: string;
  reason: string;
}

/** What update() did with each list (null: not asked for). */
export interface UpdateResults {
  'trust-list': (UpdateResult & { kept?: boolean }) | Unavailable | null;
  revocations: (UpdateResult & ViaIndex & { kept?: boolean }) | Unavailable | null;
}

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
export function verify(text: string, options?: VerifyOptions): Promise<Checked>;

/** Verifies many marks at once (signatures checked in a batch); outcomes in input order. */
export function verifyAll(texts: Iterable<string>, options?: VerifyOptions): Promise<Checked[]>;

/** Decodes the QR codes in an image; resolves to the text of each code found. */
export function scan(image: RgbaImage): Promise<string[]>;

/** The trust data in use: version, demo or not, issuers, signatures. */
export function trustInfo(): Promise<TrustInfo>;

/**
 * Fetches newer trust lists; one is used only if a root built into the package signed it
 * and its sequence is higher than the one in use. In a browser accepted lists are kept
 * (IndexedDB) for later visits unless `keep` is false.
 */
export function update(urls: UpdateUrls, options?: { keep?: boolean }): Promise<UpdateResults>;

/** Starts loading the verifier now (from `response`, a fetch of `pkg/certmark_bg.wasm`, if given). */
export function preload(response?: Response | Promise<Response>): Promise<void>;
