// Written by `cargo run --example rules` from the Rust core; do not edit (scripts/test.sh
// fails if this differs from what it writes). Loaded after the verdict, with the updates.

/** What became of an offered list (the wasm's UpdateResult status). */
export const UPDATE = {
  accepted: "accepted",
  upToDate: "up-to-date",
  refused: "refused",
};

/** What a revocation index says to download (the wasm's RevocationPlan plan). */
export const PLAN = {
  upToDate: "up-to-date",
  deltas: "deltas",
  full: "full",
  refused: "refused",
};

/** Why an offered list was refused (trust_data::UpdateError and list::ListError codes). */
export const REFUSAL = {
  notNewer: "not-newer",
  tooLarge: "too-large",
  json: "json",
  format: "format",
  badPublicKey: "bad-public-key",
  weakKey: "weak-key",
  duplicateIssuer: "duplicate-issuer",
  duplicateKey: "duplicate-key",
  emptyIssuerId: "empty-issuer-id",
  demoRefused: "demo-refused",
  duplicateEntry: "duplicate-entry",
  noRoots: "no-roots",
  badSignatureFile: "bad-signature-file",
  signatureMismatch: "signature-mismatch",
  badCompact: "bad-compact",
  deltaNeedsExact: "delta-needs-exact",
  deltaBase: "delta-base",
  deltaAsOfBack: "delta-as-of-back",
  withdrawalUndone: "withdrawal-undone",
};
