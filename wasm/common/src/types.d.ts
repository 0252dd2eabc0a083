// Written by `cargo run --example rules` from the Rust types; do not edit.
/** One of the stable verdict codes. */
export type Code = "not-a-mark" | "unsupported" | "malformed" | "unknown-issuer" | "unknown-key" | "forged" | "key-not-valid" | "not-accredited" | "withdrawn" | "suspended" | "not-yet-valid" | "expired" | "valid";
/** Why an offered list was refused. */
export type RefusalCode = "not-newer" | "too-large" | "json" | "format" | "bad-public-key" | "weak-key" | "duplicate-issuer" | "duplicate-key" | "empty-issuer-id" | "demo-refused" | "duplicate-entry" | "no-roots" | "bad-signature-file" | "signature-mismatch" | "bad-compact" | "delta-needs-exact" | "delta-base" | "delta-as-of-back" | "withdrawal-undone";
/** What a mark says. */
export interface Claims {
  issuer: string; key: number; cert: string; holder: string; scheme: string; scope: string;
  valid_from: string; valid_to: string; serial: string | null; extra: Record<string, string>;
}
/** An issuer as the trust list describes it. */
export interface Issuer {
  id: string; name: { en: string; zh: string }; country: string; accreditation: string;
  schemes: string[]; demo: boolean;
}
/** A revocation list entry. */
export interface Revocation {
  issuer: string; cert: string; status: "withdrawn" | "suspended"; since: string; reason: string;
}
/** A warning to show beside the verdict. */
export type Warning = { code: "trust-data-expired"; expires: string } | { code: "clock-before-issued"; issued: string } | { code: "not-covered"; register: string };
/** The version of the trust data in use. */
export interface TrustVersion {
  sequence: number; issued: string; expires: string; revocations_sequence: number; revocations_issued: string;
}
/** What became of an offered list: in use now, already in use, or refused (the list in use stays). */
export type UpdateResult =
  | { status: "accepted"; sequence: number; previous: number }
  | { status: "up-to-date"; sequence: number }
  | { status: "refused"; code: RefusalCode; reason: string; in_use: number; offered: number | null };
/** What a signed revocation index says to download: nothing, the deltas the list in use lacks (in order), or the whole list. */
export type RevocationPlan =
  | { plan: "up-to-date"; sequence: number }
  | { plan: "deltas"; sequence: number; files: string[]; bytes: number }
  | { plan: "full"; sequence: number; file: string; bytes: number }
  | { plan: "refused"; code: RefusalCode; reason: string };
/** A verdict and everything a person needs to read it. */
export interface Outcome {
  code: Code; reason: string; rule: string | null;
  /** Present only once the signature verified. */
  claims: Claims | null;
  /** For unknown-issuer, unknown-key and forged: show only labelled as unverified. */
  unverified: Claims | null;
  issuer: Issuer | null; revocation: Revocation | null; warnings: Warning[];
  demo: boolean; as_of: string; trust_data: TrustVersion;
}
/** What a code that is not a mark holds (code::Code). */
export type OtherCode =
  | { kind: "gs1"; form: "digital-link" | "element-string"; host: string | null; gtin: string | null; gtin_ok: boolean;
      batch: string | null; serial: string | null; expiry: string | null }
  | { kind: "web-link"; host: string; punycode: boolean; mixed_script: boolean; too_long: boolean }
  | { kind: "unsafe-link"; scheme: string }
  | { kind: "text" };
/** The trust data in use (bundled, or updated since). */
export interface TrustInfo {
  demo: boolean; trust_data: TrustVersion; issuers: Issuer[];
  /** The lists' signatures as their .sig files hold them (base64): an offered list with the same one is the one in use. */
  signatures: { trust_list: string; revocations: string };
  revocations: { count: number; compact: boolean; register: { as_of: string; certificates: number } | null; deltas: number };
}
