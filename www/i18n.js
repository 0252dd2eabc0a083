// Every user-facing text in Simplified Chinese and English.
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
  shopLink: '在其他网站嵌入核验徽章（示例）',
  shopTitle: '示例商品列表',
  shopIntro: '这是一个示例商店页面（使用演示标志）：每件商品旁的徽章在您的浏览器中核验它的认证标志，无需服务器。',
  shopHonest: '徽章只和展示它的网页一样可信：卖家的网页也可以画出一个假徽章。真正的核验是点击“到官方核验页自己核验”，或用手机扫描商品上的二维码。',
  shopKettle: '电热水壶 DK-1500',
  shopSpindle: '数控机床主轴 SN-2026-000123',
  shopBoxes: '塑料包装盒（100 个）',
  shopKettleOld: '电热水壶 DK-1800（库存）',
  shopKettleB: '电热水壶 DK-1800',
  shopKettleCheap: '电热水壶 DK-1500（特价）',
  shopAdapter: '电源适配器 12 V',
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
  shopLink: 'Verification badges for other sites (example)',
  shopTitle: 'Example product listing',
  shopIntro: 'An example shop page (with demo marks): the badge beside each product checks its certification mark in your browser, with no server.',
  shopHonest: "A badge is only as trustworthy as the page that shows it: a seller's page can draw a fake one. The real check is the link \u201cCheck it yourself on the official verifier\u201d, or scanning the product's QR code with your phone.",
  shopKettle: 'Electric kettle DK-1500',
  shopSpindle: 'CNC spindle SN-2026-000123',
  shopBoxes: 'Plastic packaging boxes (100)',
  shopKettleOld: 'Electric kettle DK-1800 (old stock)',
  shopKettleB: 'Electric kettle DK-1800',
  shopKettleCheap: 'Electric kettle DK-1500 (special offer)',
  shopAdapter: 'Power adapter 12 V',
  verdicts: VERDICTS.en,
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
