// Every user-facing text in Simplified Chinese and English.
// Usage: import { t, lang, setLang } from './i18n.js'; t('check'); t('validUntil', { date }).
// The language comes from a saved choice, else the browser's languages.

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
  stockTitle: '盘点核验',
  stockBack: '单个核验',
  stockScanTitle: '逐件扫描',
  stockScanHint: '摄像头保持开启：每扫到一个新标志就加一行；同一标志再次扫到时计数加一。带序列号的单件标志出现多次会被标记为可能被复制。',
  stockSound: '提示音和振动',
  stockWedge: '扫码枪或手动输入标志，按回车加入',
  stockAdd: '加入',
  stockFileTitle: '核验供应商文件',
  stockFileHint: 'CSV 或文本文件：每行一个标志，或放在名为 mark、link 或 标志 的列中。',
  stockFileChoose: '选择文件',
  stockColumn: '列名（可选）',
  stockReportTitle: '报告',
  stockShowSession: '本次扫描',
  stockShowFile: '文件结果',
  stockExportCsv: '导出 CSV',
  stockExportJson: '导出 JSON',
  stockClear: '清空本次扫描',
  stockClearConfirm: '再点一次确认清空',
  stockLine: '第 {line} 行',
  stockTotals: '共 {items} 件，{marks} 个不同标志。',
  stockBlank: '跳过 {n} 个空行。',
  stockCopies: '出现不止一次的单件标志：{n} 个。如果它们在不同的物品上，说明标志被复制了。',
  stockByVerdict: '按结果统计',
  stockVerdict: '结果',
  stockItems: '件数',
  stockMarks: '不同标志',
  stockByCert: '按证书统计（仅已验证的标志）',
  stockCopied: '可能被复制',
  stockVerdicts: '结果分布',
  stockUnverified: '未验证',
  stockCopyFlag: '可能被复制',
  stockRows: '明细（需要注意的在前）',
  stockCount: '次数',
  stockSeen: '扫描时间或行号',
  stockMoreRows: '另有 {n} 行，请导出查看全部。',
  stockEmpty: '还没有扫描任何标志。',
  stockCountIs: '第 {n} 次',
  stockFileReading: '正在读取 {name}…',
  stockFileProgress: '已核验 {done} / {total}',
  stockFileDone: '已核验 {n} 行，用时 {s} 秒。',
  stockFileError: '无法读取这个文件：{message}',
  stockRestored: '已恢复上次的 {n} 次扫描。',
  trustInfo: '信任数据：第 {sequence} 版，发布于 {issued}，有效至 {expires}；撤销名单第 {rsequence} 版（{rissued}）。',
  cameraStarting: '正在打开摄像头…',
  cameraScanning: '对准二维码，保持稳定。',
  cameraDenied: '无法使用摄像头（未获允许）。请改为拍照或选择图片。',
  cameraMissing: '没有找到摄像头。请改为选择图片。',
  cameraBlocked: '此浏览器不能使用摄像头（例如在应用内打开时）。请拍照，或在系统浏览器中打开本页。',
  cameraError: '摄像头出错：{message}。请改为拍照或选择图片。',
  imageReading: '正在读取图片…',
  imageNoCode: '图片中没有找到二维码。请靠近一些、对准并保持清晰后重试。',
  imageUnreadable: '无法读取这个文件，请选择一张图片。',
  scannerFailed: '扫描器无法加载：{message}',
  setupFailed: '核验器无法启动：{message}',
  fieldIssuer: '认证机构',
  fieldAccreditation: '批准号',
  fieldHolder: '持证组织',
  fieldScheme: '认证类型',
  fieldScope: '产品或范围',
  fieldCert: '证书编号',
  fieldDates: '有效期',
  fieldSerial: '单件序列号',
  fieldSigned: '签名密钥',
  fieldRevocation: '撤销记录',
  dateRange: '{from} 至 {to}',
  keyOf: '{issuer} 第 {key} 号密钥',
  unverifiedTitle: '未经验证的内容',
  unverifiedNote: '以下内容来自标志本身，签名未能验证，不能作为事实。',
  demoIssuer: '演示机构',
  resultDemo: '演示：本结果使用公开的演示密钥，不代表真实认证。',
  validNote: '这证明该认证真实有效，但不能证明您手中的这一件商品是正品：二维码可以被复制。请核对持证组织和产品范围是否与实物一致。',
  checkedAsOf: '核验日期：{date}',
  warnExpired: '信任数据已于 {date} 过期，核验器可能不知道之后的变更。请更新核验器。',
  warnClock: '本设备日期早于信任数据的发布日期（{date}），设备时钟可能不正确。',
  statusWithdrawn: '已撤销',
  statusSuspended: '已暂停',
  revocationSince: '{status}，自 {since}：{reason}',
  announce: '核验结果：{title}。{meaning}',
  verdicts: {
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
  stockTitle: 'Stock check',
  stockBack: 'Check one mark',
  stockScanTitle: 'Scan item by item',
  stockScanHint: 'The camera stays on: each new mark adds a row; the same mark again raises its count. A unit mark (with a serial) seen more than once is flagged as possibly copied.',
  stockSound: 'Sound and vibration',
  stockWedge: 'Barcode scanner or typed mark, then Enter',
  stockAdd: 'Add',
  stockFileTitle: "Check a supplier's file",
  stockFileHint: 'A CSV or text file: one mark per line, or in a column named mark, link or 标志.',
  stockFileChoose: 'Choose a file',
  stockColumn: 'Column (optional)',
  stockReportTitle: 'Report',
  stockShowSession: 'This session',
  stockShowFile: 'File result',
  stockExportCsv: 'Export CSV',
  stockExportJson: 'Export JSON',
  stockClear: 'Clear this session',
  stockClearConfirm: 'Click again to clear',
  stockLine: 'line {line}',
  stockTotals: '{items} items, {marks} distinct marks.',
  stockBlank: '{n} blank lines passed over.',
  stockCopies: 'Unit marks seen more than once: {n}. If they were on different items, the mark was copied.',
  stockByVerdict: 'By verdict',
  stockVerdict: 'Verdict',
  stockItems: 'Items',
  stockMarks: 'Distinct marks',
  stockByCert: 'By certificate (verified marks only)',
  stockCopied: 'Possibly copied',
  stockVerdicts: 'Verdicts',
  stockUnverified: 'Unverified',
  stockCopyFlag: 'possibly copied',
  stockRows: 'Rows (those needing attention first)',
  stockCount: 'Count',
  stockSeen: 'Scanned at or line',
  stockMoreRows: '{n} more rows: export to see them all.',
  stockEmpty: 'No marks scanned yet.',
  stockCountIs: 'seen {n}×',
  stockFileReading: 'Reading {name}…',
  stockFileProgress: 'Checked {done} of {total}',
  stockFileDone: 'Checked {n} lines in {s} s.',
  stockFileError: 'Cannot read this file: {message}',
  stockRestored: 'Restored the last session: {n} scans.',
  trustInfo: 'Trust data: list #{sequence} of {issued}, valid until {expires}; revocations #{rsequence} ({rissued}).',
  cameraStarting: 'Opening the camera…',
  cameraScanning: 'Point at the QR code and hold steady.',
  cameraDenied: 'The camera is not allowed. Take a photo or choose an image instead.',
  cameraMissing: 'No camera found. Choose an image instead.',
  cameraBlocked: 'This browser cannot use the camera (for example inside an app). Take a photo, or open this page in your browser.',
  cameraError: 'Camera error: {message}. Take a photo or choose an image instead.',
  imageReading: 'Reading the image…',
  imageNoCode: 'No QR code found in the image. Move closer, centre it, keep it sharp and try again.',
  imageUnreadable: 'This file cannot be read. Choose an image.',
  scannerFailed: 'The scanner could not load: {message}',
  setupFailed: 'The verifier could not start: {message}',
  fieldIssuer: 'Issuer',
  fieldAccreditation: 'Accreditation',
  fieldHolder: 'Holder',
  fieldScheme: 'Scheme',
  fieldScope: 'Product or scope',
  fieldCert: 'Certificate',
  fieldDates: 'Valid',
  fieldSerial: 'Unit serial',
  fieldSigned: 'Signing key',
  fieldRevocation: 'Revocation',
  dateRange: '{from} to {to}',
  keyOf: '{issuer} key {key}',
  unverifiedTitle: 'Unverified content',
  unverifiedNote: 'This is what the mark itself says. Its signature did not verify, so none of it is established.',
  demoIssuer: 'demo issuer',
  resultDemo: 'DEMO: this result uses public demo keys and is not a real certification.',
  validNote: 'This proves the certification is real, not that the item in your hands is genuine: a QR code can be copied. Check that the holder and scope below match the item.',
  checkedAsOf: 'Checked as of {date}',
  warnExpired: 'The trust data expired on {date}; changes since then are unknown. Update the verifier.',
  warnClock: "This device's date is before the trust data's date ({date}): its clock may be wrong.",
  statusWithdrawn: 'Withdrawn',
  statusSuspended: 'Suspended',
  revocationSince: '{status} since {since}: {reason}',
  announce: 'Result: {title}. {meaning}',
  verdicts: {
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

/** Every text, by language; exported for the tests. */
export const TEXTS = { 'zh-CN': zh, en };
const KEY = 'certmark.lang';

function initial() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved in TEXTS) return saved;
  } catch { /* storage may be blocked (or absent, in Node): fall back to the browser */ }
  const nav = typeof navigator === 'undefined' ? {} : navigator;
  for (const l of nav.languages || [nav.language || '']) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh-CN';
    if (low.startsWith('en')) return 'en';
  }
  return 'zh-CN';
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
