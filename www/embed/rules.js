// Written by `cargo run --example rules` from the Rust core and words/*.json;
// do not edit (scripts/test.sh fails if this differs from what it writes).

/** Every verdict code, in the order they are decided (verify::Verdict::ALL). */
export const CODES = ["not-a-mark", "unsupported", "malformed", "unknown-issuer", "unknown-key", "forged", "key-not-valid", "not-accredited", "withdrawn", "suspended", "not-yet-valid", "expired", "valid"];

/** How a person should take each verdict: 'good', 'unsure' or 'bad' (Verdict::kind). */
export const KIND = {
  "not-a-mark": "unsure",
  "unsupported": "unsure",
  "malformed": "bad",
  "unknown-issuer": "unsure",
  "unknown-key": "unsure",
  "forged": "bad",
  "key-not-valid": "bad",
  "not-accredited": "bad",
  "withdrawn": "bad",
  "suspended": "bad",
  "not-yet-valid": "unsure",
  "expired": "bad",
  "valid": "good",
};

/** Where each verdict sorts in reports, most urgent first (Verdict::rank). */
export const RANK = {
  "not-a-mark": 1,
  "unsupported": 1,
  "malformed": 1,
  "unknown-issuer": 2,
  "unknown-key": 2,
  "forged": 0,
  "key-not-valid": 0,
  "not-accredited": 0,
  "withdrawn": 0,
  "suspended": 0,
  "not-yet-valid": 2,
  "expired": 0,
  "valid": 3,
};

/** Whether the input was readable as a mark at all (Verdict::is_readable). */
export const READABLE = {
  "not-a-mark": false,
  "unsupported": false,
  "malformed": false,
  "unknown-issuer": true,
  "unknown-key": true,
  "forged": true,
  "key-not-valid": true,
  "not-accredited": true,
  "withdrawn": true,
  "suspended": true,
  "not-yet-valid": true,
  "expired": true,
  "valid": true,
};

/** The warnings beside a verdict, by name (verify::Warning). */
export const WARNING = {
  trustDataExpired: "trust-data-expired",
  clockBeforeIssued: "clock-before-issued",
};

/** What became of an offered list (the wasm's UpdateResult status). */
export const UPDATE = {
  accepted: "accepted",
  upToDate: "up-to-date",
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
};

/** Mark text past this many characters is refused before it reaches wasm (mark::MAX_INPUT). */
export const MAX_INPUT = 4096;
/** Largest marks file read, in bytes (stock::MAX_FILE_BYTES). */
export const MAX_FILE_BYTES = 134217728;
/** Largest image file read, in bytes (scan::MAX_IMAGE_BYTES). */
export const MAX_IMAGE_BYTES = 67108864;
/** Largest image decoded, in pixels as its header states them (scan::MAX_IMAGE_PIXELS). */
export const MAX_IMAGE_PIXELS = 120000000;

/** The hidden characters as a character class, for a RegExp with the 'u' flag (display::HIDDEN). */
export const HIDDEN_CLASS = '[\\u{0}-\\u{1f}\\u{7f}-\\u{9f}\\u{61c}\\u{180e}\\u{200b}-\\u{200f}\\u{2028}-\\u{202e}\\u{2060}-\\u{2064}\\u{2066}-\\u{206f}\\u{feff}\\u{fff9}-\\u{fffb}]';

/** What every mark contains (mark::MARK_HINT). */
export const MARK_HINT = "CM";

/** Whether text may hold a mark (mark::looks_like_mark). */
export function looksLikeMark(text) {
  return String(text).includes(MARK_HINT);
}

/** [title, meaning, advice] by verdict code, per language (words/*.json). */
export const VERDICTS = {
  "zh-CN": {
    "not-a-mark": ["不是认证标志", "这段内容或二维码不是认证标志。", "请扫描商品或证书上的认证标志二维码。"],
    "unsupported": ["版本不支持", "这是更新版本的标志，本核验器无法读取。", "请更新核验器后重试。"],
    "malformed": ["无法读取", "这是一个损坏或被改动过的标志。", "请重新扫描；如果仍然失败，不要相信这个标志。"],
    "unknown-issuer": ["未知认证机构", "信任名单中没有这个认证机构。可能名单较旧，也可能是假冒。", "请更新核验器后重试，或到认证机构官网核实。"],
    "unknown-key": ["未知密钥", "认证机构已知，但这个签名密钥不在信任名单中。可能名单较旧。", "请更新核验器后重试，或到认证机构官网核实。"],
    "forged": ["伪造", "签名不符：此标志的内容被改动过，或并非由该认证机构签发。", "不要相信这个标志。可向认证机构或监管部门举报。"],
    "key-not-valid": ["密钥无效", "该认证机构的这个密钥无权签发此标志（超出使用期限或已被撤销）。", "不要相信这个标志，请向认证机构核实。"],
    "not-accredited": ["未获认可", "该认证机构未获准开展此类认证。", "不要相信这个标志，请向监管部门核实。"],
    "withdrawn": ["已撤销", "认证机构已撤销此证书。", "此认证不再有效，请向商家核实。"],
    "suspended": ["已暂停", "认证机构已暂停此证书。", "暂停期间此认证无效，请向商家核实。"],
    "not-yet-valid": ["尚未生效", "此认证还没有开始生效。", "如果日期看起来不对，请检查本设备的日期。"],
    "expired": ["已过期", "此认证已经到期。", "这件商品的认证不再有效，请向商家核实。"],
    "valid": ["有效", "认证机构签发了此认证，目前有效。", "请核对下方的持证组织和产品范围与实物是否一致。"],
  },
  "en": {
    "not-a-mark": ["Not a certification mark", "This text or QR code is not a certification mark.", "Scan the certification mark QR code on the product or certificate."],
    "unsupported": ["Unsupported version", "This is a newer kind of mark that this verifier cannot read.", "Update the verifier and try again."],
    "malformed": ["Not readable", "This mark is damaged or was altered.", "Scan again; if it still fails, do not trust this mark."],
    "unknown-issuer": ["Unknown issuer", "This issuer is not in the trust list. The list may be old, or the mark fake.", "Update the verifier and try again, or check on the issuer's official site."],
    "unknown-key": ["Unknown key", "The issuer is known but this signing key is not. The list may be old.", "Update the verifier and try again, or check on the issuer's official site."],
    "forged": ["Forged", "The signature does not match: the content was changed, or the issuer did not sign it.", "Do not trust this mark. You can report it to the issuer or the regulator."],
    "key-not-valid": ["Key not valid", "The issuer's key was not allowed to sign this mark (outside its period, or revoked).", "Do not trust this mark. Check with the issuer."],
    "not-accredited": ["Not accredited", "The issuer is not accredited for this kind of certification.", "Do not trust this mark. Check with the regulator."],
    "withdrawn": ["Withdrawn", "The issuer has withdrawn this certificate.", "The certification is no longer in force. Ask the seller."],
    "suspended": ["Suspended", "The issuer has suspended this certificate.", "While suspended, the certification is not in force. Ask the seller."],
    "not-yet-valid": ["Not yet valid", "This certification has not started yet.", "If the dates look wrong, check this device's date."],
    "expired": ["Expired", "This certification has ended.", "The item's certification is no longer in force. Ask the seller."],
    "valid": ["Valid", "The issuer signed this certification and it is in force.", "Check that the holder and scope below match the item."],
  },
};
