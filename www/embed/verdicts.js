// How a verdict is shown, shared by the verifier page, the stock page and the badge so
// all say the same: its words in Simplified Chinese and English, and its kind and icon
// (the icon and words carry the meaning; colour only repeats it).

const GOOD = new Set(['valid']);
const UNSURE = new Set(['unknown-issuer', 'unknown-key', 'not-yet-valid', 'unsupported', 'not-a-mark']);

/** 'good', 'unsure' (the list may be old, or it is not a mark) or 'bad'. */
export function kindOf(code) {
  return GOOD.has(code) ? 'good' : UNSURE.has(code) ? 'unsure' : 'bad';
}

/** The icon for each kind. */
export const ICON = { good: '✓', bad: '✕', unsure: '?' };

/** Characters a reader cannot see or that move the text around them: display::is_hidden in the Rust core. */
const HIDDEN = /[\p{Cc}\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/gu;

/**
 * Text as a person is shown it (display::visible in the Rust core): hidden characters written
 * out as \u{…}, so a right-to-left override cannot reverse what is read.
 */
export function visible(text) {
  return String(text).replace(HIDDEN, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}

/** [title, meaning, advice] by verdict code. */
export const VERDICTS = {
  'zh-CN': {
    valid: ['有效', '认证机构签发了此认证，目前有效。', '请核对下方的持证组织和产品范围与实物是否一致。'],
    forged: ['伪造', '签名不符：此标志的内容被改动过，或并非由该认证机构签发。', '不要相信这个标志。可向认证机构或监管部门举报。'],
    expired: ['已过期', '此认证已经到期。', '这件商品的认证不再有效，请向商家核实。'],
    'not-yet-valid': ['尚未生效', '此认证还没有开始生效。', '如果日期看起来不对，请检查本设备的日期。'],
    withdrawn: ['已撤销', '认证机构已撤销此证书。', '此认证不再有效，请向商家核实。'],
    suspended: ['已暂停', '认证机构已暂停此证书。', '暂停期间此认证无效，请向商家核实。'],
    'unknown-issuer': ['未知认证机构', '信任名单中没有这个认证机构。可能名单较旧，也可能是假冒。', '请更新核验器后重试，或到认证机构官网核实。'],
    'unknown-key': ['未知密钥', '认证机构已知，但这个签名密钥不在信任名单中。可能名单较旧。', '请更新核验器后重试，或到认证机构官网核实。'],
    'key-not-valid': ['密钥无效', '该认证机构的这个密钥无权签发此标志（超出使用期限或已被撤销）。', '不要相信这个标志，请向认证机构核实。'],
    'not-accredited': ['未获认可', '该认证机构未获准开展此类认证。', '不要相信这个标志，请向监管部门核实。'],
    malformed: ['无法读取', '这是一个损坏或被改动过的标志。', '请重新扫描；如果仍然失败，不要相信这个标志。'],
    unsupported: ['版本不支持', '这是更新版本的标志，本核验器无法读取。', '请更新核验器后重试。'],
    'not-a-mark': ['不是认证标志', '这段内容或二维码不是认证标志。', '请扫描商品或证书上的认证标志二维码。'],
  },
  en: {
    valid: ['Valid', 'The issuer signed this certification and it is in force.', 'Check that the holder and scope below match the item.'],
    forged: ['Forged', 'The signature does not match: the content was changed, or the issuer did not sign it.', 'Do not trust this mark. You can report it to the issuer or the regulator.'],
    expired: ['Expired', 'This certification has ended.', "The item's certification is no longer in force. Ask the seller."],
    'not-yet-valid': ['Not yet valid', 'This certification has not started yet.', "If the dates look wrong, check this device's date."],
    withdrawn: ['Withdrawn', 'The issuer has withdrawn this certificate.', 'The certification is no longer in force. Ask the seller.'],
    suspended: ['Suspended', 'The issuer has suspended this certificate.', 'While suspended, the certification is not in force. Ask the seller.'],
    'unknown-issuer': ['Unknown issuer', 'This issuer is not in the trust list. The list may be old, or the mark fake.', "Update the verifier and try again, or check on the issuer's official site."],
    'unknown-key': ['Unknown key', 'The issuer is known but this signing key is not. The list may be old.', "Update the verifier and try again, or check on the issuer's official site."],
    'key-not-valid': ['Key not valid', "The issuer's key was not allowed to sign this mark (outside its period, or revoked).", 'Do not trust this mark. Check with the issuer.'],
    'not-accredited': ['Not accredited', 'The issuer is not accredited for this kind of certification.', 'Do not trust this mark. Check with the regulator.'],
    malformed: ['Not readable', 'This mark is damaged or was altered.', 'Scan again; if it still fails, do not trust this mark.'],
    unsupported: ['Unsupported version', 'This is a newer kind of mark that this verifier cannot read.', 'Update the verifier and try again.'],
    'not-a-mark': ['Not a certification mark', 'This text or QR code is not a certification mark.', 'Scan the certification mark QR code on the product or certificate.'],
  },
};

