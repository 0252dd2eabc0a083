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
  "expired": "unsure",
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
  "expired": 2,
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
  notCovered: "not-covered",
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
    "unsupported": ["版本不支持", "这是更新版本的标志，本核验器无法读取。", "请联网后重新打开本页（核验器会自动更新），或用证书编号到认证机构官网核实。"],
    "malformed": ["无法读取", "这是一个损坏或被改动过的标志。", "请重新扫描；如果仍然失败，不要相信这个标志。"],
    "unknown-issuer": ["未知认证机构", "信任名单中没有这个认证机构。可能名单较旧，也可能是假冒。", "不要只凭这个标志相信它：请用证书编号到认证机构官网或国家认监委的认证信息查询平台核实。"],
    "unknown-key": ["无法确认签发", "认证机构已知，但信任名单里没有它以这种方式签发的记录。可能名单较旧，也可能是假冒。", "不要只凭这个标志相信它：请用证书编号到认证机构官网或国家认监委的认证信息查询平台核实。"],
    "forged": ["伪造", "签名不符：此标志的内容被改动过，或并非由该认证机构签发。", "不要相信这个标志。可向认证机构或监管部门举报。"],
    "key-not-valid": ["签发无效", "认证机构在无权签发的时候签发了此标志（用了已停用或已作废的签发凭据）。", "不要相信这个标志，请向认证机构核实。"],
    "not-accredited": ["未获认可", "该认证机构未获准开展此类认证。", "不要相信这个标志，请向监管部门核实。"],
    "withdrawn": ["已撤销", "认证机构已撤销此证书。", "此认证不再有效，请向商家核实。"],
    "suspended": ["已暂停", "认证机构已暂停此证书。", "暂停期间此认证无效，请向商家核实。"],
    "not-yet-valid": ["尚未生效", "此认证还没有开始生效。", "如果日期看起来不对，请检查本设备的日期。"],
    "expired": ["已过期", "此认证已于有效期止日结束。在有效期内生产的商品当时是经过认证的；之后生产的商品则没有这项认证。", "请核对商品上的生产日期：如果晚于有效期止日，这件商品的认证已不再有效，请向商家核实。"],
    "valid": ["有效", "认证机构签发了此认证，目前有效。", "这证明认证真实有效，但二维码可以被复制：请核对下方的持证组织和产品范围是否与实物一致。"],
  },
  "en": {
    "not-a-mark": ["Not a certification mark", "This text or QR code is not a certification mark.", "Scan the certification mark QR code on the product or certificate."],
    "unsupported": ["Unsupported version", "This is a newer kind of mark that this verifier cannot read.", "Reopen this page while online (the verifier updates itself), or look up the certificate number on the issuer's official site."],
    "malformed": ["Not readable", "This mark is damaged or was altered.", "Scan again; if it still fails, do not trust this mark."],
    "unknown-issuer": ["Unknown issuer", "This issuer is not in the trust list. The list may be old, or the mark fake.", "Do not rely on this mark alone: look up the certificate number on the issuer's official site or the regulator's certification database."],
    "unknown-key": ["Signer not recognised", "The issuer is known, but the trust list has no record of it signing this way. The list may be old, or the mark fake.", "Do not rely on this mark alone: look up the certificate number on the issuer's official site or the regulator's certification database."],
    "forged": ["Forged", "The signature does not match: the content was changed, or the issuer did not sign it.", "Do not trust this mark. You can report it to the issuer or the regulator."],
    "key-not-valid": ["Not validly signed", "The issuer signed this mark when it had no right to (with signing credentials that were retired or withdrawn).", "Do not trust this mark. Ask the issuer."],
    "not-accredited": ["Not accredited", "The issuer is not accredited for this kind of certification.", "Do not trust this mark. Check with the regulator."],
    "withdrawn": ["Withdrawn", "The issuer has withdrawn this certificate.", "The certification is no longer in force. Ask the seller."],
    "suspended": ["Suspended", "The issuer has suspended this certificate.", "While suspended, the certification is not in force. Ask the seller."],
    "not-yet-valid": ["Not yet valid", "This certification has not started yet.", "If the dates look wrong, check this device's date."],
    "expired": ["Expired", "This certification ended on its end date. Items made while it was in force were certified when made; items made later are not.", "Compare the production date on the item with the end date: if it is later, the item is not covered. Ask the seller."],
    "valid": ["Valid", "The issuer signed this certification and it is in force.", "This proves the certification is real, but a QR code can be copied: check that the holder and scope below match the item."],
  },
};

/** What each broken format rule (MarkError::rule) means, per language (words/*.json). */
export const RULE_WORDS = {
  "zh-CN": {
    "array-length": "标志的字段数目不对",
    "bad-character": "文本中有不允许的字符",
    "bad-digit": "数字形式中混入了非数字字符",
    "bad-length": "文本长度不对，可能缺了字符",
    "bad-separator": "CM1 后面的分隔符不对",
    "chunk-overflow": "数字形式中有一段数值不对",
    "digit-count": "数字个数不对，可能缺了数字",
    "duplicate-key": "标志附加项重复",
    "float": "标志编码不规范",
    "indefinite": "标志编码不规范",
    "input-too-long": "内容太长，不可能是标志",
    "invalid-utf8": "标志中有乱码文字",
    "not-a-mark": "不是认证标志",
    "not-shortest": "标志编码不规范",
    "padding": "文本末尾有多余的“=”",
    "reserved": "标志编码不规范",
    "short-signature": "签名不完整",
    "tag": "标志编码不规范",
    "text-too-long": "标志中有字段过长",
    "too-long": "标志内容超出长度上限",
    "too-many-extra": "标志附加项过多",
    "trailing-bits": "文本最后一个字符不对",
    "trailing-bytes": "签名后面多出内容",
    "truncated": "标志不完整，内容被截断",
    "unsupported": "标志版本不受支持",
    "valid-to-before-from": "有效期结束早于开始",
    "wrong-type": "标志中有字段类型不对",
  },
  "en": {
    "array-length": "The mark has the wrong number of fields",
    "bad-character": "A character not allowed in a mark",
    "bad-digit": "A non-digit in the digit form",
    "bad-length": "Wrong length: characters may be missing",
    "bad-separator": "Wrong separator after CM1",
    "chunk-overflow": "A group of digits has a wrong value",
    "digit-count": "Wrong number of digits: some may be missing",
    "duplicate-key": "An extra field appears twice",
    "float": "The mark is not encoded as the format requires",
    "indefinite": "The mark is not encoded as the format requires",
    "input-too-long": "Too long to be a mark",
    "invalid-utf8": "A field of the mark is garbled text",
    "not-a-mark": "Not a certification mark",
    "not-shortest": "The mark is not encoded as the format requires",
    "padding": "Extra '=' at the end of the text",
    "reserved": "The mark is not encoded as the format requires",
    "short-signature": "The signature is incomplete",
    "tag": "The mark is not encoded as the format requires",
    "text-too-long": "A field of the mark is too long",
    "too-long": "The mark is longer than allowed",
    "too-many-extra": "Too many extra fields",
    "trailing-bits": "The last character is wrong",
    "trailing-bytes": "Extra data after the signature",
    "truncated": "The mark is cut short",
    "unsupported": "Mark version not supported",
    "valid-to-before-from": "The validity ends before it starts",
    "wrong-type": "A field of the mark has the wrong type",
  },
};

/** Known `extra` labels as shown, per language (words/*.json). */
export const LABELS = {
  "zh-CN": {
    "batch": "批次",
    "factory": "生产厂",
    "grade": "等级",
    "gtin": "商品条码",
    "lot": "批号",
    "made": "生产日期",
    "model": "型号",
    "origin": "产地",
    "product": "产品",
    "standard": "标准",
  },
  "en": {
    "batch": "Batch",
    "factory": "Factory",
    "grade": "Grade",
    "gtin": "GTIN",
    "lot": "Lot",
    "made": "Made",
    "model": "Model",
    "origin": "Origin",
    "product": "Product",
    "standard": "Standard",
  },
};
