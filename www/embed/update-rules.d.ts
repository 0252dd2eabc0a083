// Written by `cargo run --example rules` with update-rules.js; do not edit.

export const UPDATE: { accepted: "accepted"; upToDate: "up-to-date"; refused: "refused" };
export const PLAN: { upToDate: "up-to-date"; deltas: "deltas"; full: "full"; refused: "refused" };
export const REFUSAL: { notNewer: "not-newer"; tooLarge: "too-large"; json: "json"; format: "format"; badPublicKey: "bad-public-key"; weakKey: "weak-key"; duplicateIssuer: "duplicate-issuer"; duplicateKey: "duplicate-key"; emptyIssuerId: "empty-issuer-id"; demoRefused: "demo-refused"; duplicateEntry: "duplicate-entry"; noRoots: "no-roots"; badSignatureFile: "bad-signature-file"; signatureMismatch: "signature-mismatch"; badCompact: "bad-compact"; deltaNeedsExact: "delta-needs-exact"; deltaBase: "delta-base"; deltaAsOfBack: "delta-as-of-back"; withdrawalUndone: "withdrawal-undone" };
