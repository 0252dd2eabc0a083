// Every user-facing text of the verifier page in Simplified Chinese and English (the stock
// page and the example shop add theirs from i18n-more.js).
// Usage: import { t, lang, setLang } from './i18n.js'; t('check'); t('validUntil', { date }).
// The language comes from a saved choice, else the browser's languages.

import { VERDICTS } from './embed/verdicts.js';

const zh = {
  skip: '跳到核验结果',
  title: '认证标志核验',
  switchTo: 'English',
  demoBanner: '演示数据：本核验器使用公开的演示密钥，所有结果仅供演示，不代表真实认证。',
  waysTitle: '核验一个标志',
  scanStart: '用摄像头扫描',
  cameraSwitch: '切换摄像头',
  cameraTorch: '手电筒',
  cameraStop: '停止',
  takePhoto: '拍一张二维码照片',
  choosePhoto: '选择二维码图片',
  dropHint: '也可以把图片拖到这里，或粘贴图片。',
  textLabel: '粘贴或输入标志（CM1:… 或链接）',
  check: '核验',
  asOfTitle: '按指定日期核验',
  asOfLabel: '核验日期（留空为今天）',
  privacy: '标志只在本设备上核验，不会发送到任何地方。',
  stockLink: '盘点模式（批量核验）',
  trustRefresh: '检查信任数据更新',
  warnServerClock: '本设备的日期（{device}）与服务器的日期（{server}）相差超过一天。核验结果取决于日期：请校正设备时间，或使用“按指定日期核验”。',
  cameraStarting: '正在打开摄像头…',
  cameraScanning: '对准二维码，保持稳定。',
  cameraDenied: '无法使用摄像头（未获允许）。请改为拍照或选择图片。',
  cameraMissing: '没有找到摄像头。请改为选择图片。',
  cameraBlocked: '此浏览器不能使用摄像头（例如在应用内打开时）。请拍照，或在系统浏览器中打开本页。',
  cameraError: '摄像头出错：{message}。请改为拍照或选择图片。',
  imageReading: '正在读取图片…',
  imageNoCode: '图片中没有找到二维码。请靠近一些、对准并保持清晰后重试。',
  imageUnreadable: '无法读取这个文件，请选择一张图片。',
  textEmpty: '请先粘贴或输入标志，或扫描它的二维码。',
  otherGs1: '这是商品条码（GS1），不是带签名的认证标志，不能证明任何认证。',
  otherGs1BadCheck: '它的商品条码（GTIN）校验位不对：条码可能印错或被改动过。',
  otherWebLink: '这是指向 {host} 的网址，不是认证标志，不能证明任何认证。本页不会自动打开它。',
  otherLookalike: '注意：这个网址的主机名用了特殊字符（{host}），可能在模仿另一个网站。',
  otherUnsafe: '这是一个不能打开的链接（{scheme}:），不是认证标志。',
  otherOpen: '打开这个网址？（{host}）',
  warnOtherHost: '这个二维码把人带到 {host}，那不是本核验器。上面的结果是本设备核验的；请只用官方核验页核验，不要相信其他网站给出的结果。',
  fieldGtin: '商品条码（GTIN）',
  fieldBatch: '批号',
  fieldExpiry: '到期日',
  fieldHost: '网址主机',
  imageTooLarge: '图片太大（{width} × {height} 像素，最多 1.2 亿像素），未读取。',
  imageTooManyBytes: '图片文件太大（{mb} MB，最多 64 MB），未读取。',
  setupFailed: '核验器无法启动：{message}',
  fieldIssuer: '认证机构',
  fieldAccreditation: '批准号',
  fieldHolder: '持证组织',
  fieldScheme: '认证类型',
  fieldScope: '产品或范围',
  fieldCert: '证书编号',
  fieldDates: '有效期',
  fieldSerial: '单件序列号',
  fieldSigned: '签发者',
  fieldRevocation: '撤销记录',
  dateRange: '{from} 至 {to}',
  keyOf: '{issuer}（第 {key} 号签发凭据）',
  unverifiedTitle: '未经验证的内容',
  unverifiedNote: '以下内容来自标志本身，签名未能验证，不能作为事实。',
  demoIssuer: '演示机构',
  resultDemo: '演示：本结果使用公开的演示密钥，不代表真实认证。',
  checkedAsOf: '核验日期：{date}',
  verdictAsOf: '{title}（按 {date} 核验，非今天）',
  meaningAsOf: '这是按 {date} 核验的结果（{title}），不说明今天的状态。要知道现在是否有效，请清空核验日期后再核验。',
  warnExpired: '信任数据已于 {date} 过期，核验器可能不知道之后的变更。请联网后点下方的“检查信任数据更新”。',
  warnClock: '本设备日期早于信任数据的发布日期（{date}），设备时钟可能不正确。',
  warnNotCovered: '撤销名单是截至 {date} 的发证机构登记册，不包含此证书：无法在此得知它是否已被撤销或暂停。',
  statusWithdrawn: '已撤销',
  statusSuspended: '已暂停',
  revocationSince: '{status}，自 {since}：{reason}',
  announce: '核验结果：{title}。{meaning}',
  shopLink: '在其他网站嵌入核验徽章（示例）',
  verdicts: VERDICTS['zh-CN'],
};

const en = {
  skip: 'Skip to the result',
  title: 'Certification mark check',
  switchTo: '中文',
  demoBanner: 'DEMO data: this verifier uses public demo keys. Every result is a demonstration, never a real certification.',
  waysTitle: 'Check a mark',
  scanStart: 'Scan with the camera',
  cameraSwitch: 'Switch camera',
  cameraTorch: 'Torch',
  cameraStop: 'Stop',
  takePhoto: 'Take a photo of the QR code',
  choosePhoto: 'Choose a QR code image',
  dropHint: 'Or drop an image here, or paste one.',
  textLabel: 'Paste or type a mark (CM1:… or a link)',
  check: 'Check',
  asOfTitle: 'Check as of a date',
  asOfLabel: 'Check date (empty for today)',
  privacy: 'Marks are checked on this device and never sent anywhere.',
  stockLink: 'Stock check (many marks)',
  trustRefresh: 'Check for trust data updates',
  warnServerClock: "This device's date ({device}) differs from the server's ({server}) by more than a day. Verdicts depend on the date: correct the device's clock, or use \u201cCheck as of a date\u201d.",
  cameraStarting: 'Opening the camera…',
  cameraScanning: 'Point at the QR code and hold steady.',
  cameraDenied: 'The camera is not allowed. Take a photo or choose an image instead.',
  cameraMissing: 'No camera found. Choose an image instead.',
  cameraBlocked: 'This browser cannot use the camera (for example inside an app). Take a photo, or open this page in your browser.',
  cameraError: 'Camera error: {message}. Take a photo or choose an image instead.',
  imageReading: 'Reading the image…',
  imageNoCode: 'No QR code found in the image. Move closer, centre it, keep it sharp and try again.',
  imageUnreadable: 'This file cannot be read. Choose an image.',
  textEmpty: 'Paste or type a mark first, or scan its QR code.',
  otherGs1: 'This is a product code (GS1), not a signed certification mark; it proves nothing about certification.',
  otherGs1BadCheck: 'Its product number (GTIN) has a wrong check digit: the code may be misprinted or altered.',
  otherWebLink: 'This is a web link to {host}, not a certification mark; it proves nothing about certification. This page does not open it by itself.',
  otherLookalike: "Careful: this link's host is written with unusual characters ({host}) and may imitate another site.",
  otherUnsafe: 'This is a link that must not be opened ({scheme}:), not a certification mark.',
  otherOpen: 'Open this link? ({host})',
  warnOtherHost: 'This code sends people to {host}, which is not this verifier. The result above was checked here, on this device; trust only the official verifier, not what another site says.',
  fieldGtin: 'Product number (GTIN)',
  fieldBatch: 'Batch',
  fieldExpiry: 'Expires',
  fieldHost: 'Link host',
  imageTooLarge: 'The image is too large ({width} × {height} pixels; at most 120 million), so it was not read.',
  imageTooManyBytes: 'The image file is too large ({mb} MB; at most 64 MB), so it was not read.',
  setupFailed: 'The verifier could not start: {message}',
  fieldIssuer: 'Issuer',
  fieldAccreditation: 'Accreditation',
  fieldHolder: 'Holder',
  fieldScheme: 'Scheme',
  fieldScope: 'Product or scope',
  fieldCert: 'Certificate',
  fieldDates: 'Validity',
  fieldSerial: 'Unit serial',
  fieldSigned: 'Signed by',
  fieldRevocation: 'Revocation',
  dateRange: '{from} to {to}',
  keyOf: '{issuer} (signing credential {key})',
  unverifiedTitle: 'Unverified content',
  unverifiedNote: 'This is what the mark itself says. Its signature did not verify, so none of it is established.',
  demoIssuer: 'demo issuer',
  resultDemo: 'DEMO: this result uses public demo keys and is not a real certification.',
  checkedAsOf: 'Checked as of {date}',
  verdictAsOf: '{title} on {date}, not today',
  meaningAsOf: 'This is the result as of {date} ({title}); it says nothing about today. Clear the check date to see whether it holds now.',
  warnExpired: 'The trust data expired on {date}; changes since then are unknown. Go online and press \u201cCheck for trust data updates\u201d below.',
  warnClock: "This device's date is before the trust data's date ({date}): its clock may be wrong.",
  warnNotCovered: 'The revocation list is an issuer register as of {date} that does not include this certificate: whether it was withdrawn or suspended is not known here.',
  statusWithdrawn: 'Withdrawn',
  statusSuspended: 'Suspended',
  revocationSince: '{status} since {since}: {reason}',
  announce: 'Result: {title}. {meaning}',
  shopLink: 'Verification badges for other sites (example)',
  verdicts: VERDICTS.en,
};

/** Every text, by language; exported for the tests. */
export const TEXTS = { 'zh-CN': zh, en };

/** Adds a page's own words ({ 'zh-CN': {...}, en: {...} }), as i18n-more.js does. */
export function addTexts(more) {
  for (const l of Object.keys(TEXTS)) Object.assign(TEXTS[l], more[l]);
}
const KEY = 'certmark.lang';

function initial() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved in TEXTS) return saved;
  } catch { /* storage may be blocked (or absent, in Node): fall back to the browser */ }
  const nav = typeof navigator === 'undefined' ? {} : navigator;
  // The first of the reader's languages we have; a reader of any other (de-DE, say) is
  // likelier to read English than Chinese.
  for (const l of nav.languages || [nav.language || '']) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh-CN';
    if (low.startsWith('en')) return 'en';
  }
  return 'en';
}

let current = initial();

export function lang() {
  return current;
}

export function setLang(l) {
  current = l in TEXTS ? l : 'zh-CN';
  try {
    localStorage.setItem(KEY, current);
  } catch { /* not remembered; still switched */ }
}

/** The text for `key` in the current language, with {name} placeholders filled. */
export function t(key, vars = {}) {
  const s = TEXTS[current][key] ?? TEXTS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** [title, meaning, advice] for a verdict code. */
export function verdictText(code) {
  return TEXTS[current].verdicts[code] ?? [code, '', ''];
}

/** Fills every element with data-t from the dictionary and sets the document language. */
export function applyStatic(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  document.title = `${t('title')} · certmark`;
}
