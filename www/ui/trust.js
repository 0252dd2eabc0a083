// The trust data's state on the page: which lists are in use ("as of"), what the last
// update check did, and the warnings about old data and wrong clocks. Text only.

import { t, addTexts } from '../i18n.js';
import { WARNING } from '../embed/rules.js';
import { REFUSAL, UPDATE } from '../embed/update-rules.js';

const $ = (id) => document.getElementById(id);
const DAY_MS = 86_400_000;

// Words only the footer and the update check use: here, loaded after the verdict,
// rather than in the link path's i18n.js.
addTexts({
  'zh-CN': {
    trustInfo: '信任数据截至 {issued}：信任名单第 {sequence} 版，有效至 {expires}；撤销名单第 {rsequence} 版（{rissued}，{count} 条）。',
    trustChecking: '正在检查信任数据更新…',
    trustList: '信任名单',
    trustRevocations: '撤销名单',
    trustAccepted: '已更新{what}：第 {sequence} 版（原第 {previous} 版）。',
    trustUpToDate: '信任数据已是最新。',
    trustRefused: '拒绝了新的{what}，继续使用第 {inUse} 版：{why}。',
    trustUnavailable: '无法获取{what}的更新（{reason}），继续使用本设备上的信任数据。',
    trustOffline: '离线',
    whyNotNewer: '它的版本（第 {offered} 版）不比正在使用的新，可能是旧名单被重新发布',
    whySignature: '它不是由受信任的根密钥签名的（签名后被改动，或由其他密钥签名）',
    whySigFile: '它的签名文件无效',
    whyDemo: '它含有演示机构，正式核验器不接受',
    whyMalformed: '名单内容无效（{code}）',
    trustRegister: '该撤销名单为截至 {asOf} 的发证机构登记册（{certificates} 张证书），对其中每张证书给出确切结果。',
    trustDeltasInUse: '其上已应用 {deltas} 个每日增量。',
    trustDelta: '撤销名单增量',
    trustAcceptedDeltas: '已用 {deltas} 个增量（{kb} KB）更新撤销名单：第 {sequence} 版（原第 {previous} 版）。',
    whyDeltaBase: '它不接续正在使用的撤销名单（另一份名单，或缺少中间的增量）',
    whyAsOfBack: '它的登记日期早于正在使用的',
    whyWithdrawalUndone: '它会取消一项撤回，而撤回是最终的',
  },
  en: {
    trustInfo: 'Trust data as of {issued}: trust list #{sequence}, valid until {expires}; revocation list #{rsequence} ({rissued}, {count} entries).',
    trustChecking: 'Checking for trust data updates…',
    trustList: 'trust list',
    trustRevocations: 'revocation list',
    trustAccepted: 'Updated the {what}: #{sequence} (was #{previous}).',
    trustUpToDate: 'Trust data is up to date.',
    trustRefused: 'Refused a new {what}; still using #{inUse}: {why}.',
    trustUnavailable: 'Could not fetch the {what} ({reason}); using the trust data on this device.',
    trustOffline: 'offline',
    whyNotNewer: 'its number (#{offered}) is not newer than the one in use: an old list offered again?',
    whySignature: 'it is not signed by a trusted root key (changed after signing, or signed by another key)',
    whySigFile: 'its signature file is not valid',
    whyDemo: 'it holds demo issuers, which a verifier for real use refuses',
    whyMalformed: 'the list is not valid ({code})',
    trustRegister: 'It is an exact list over an issuer register of {certificates} certificates as of {asOf}.',
    trustDeltasInUse: '{deltas} daily deltas are applied to it.',
    trustDelta: 'revocation delta',
    trustAcceptedDeltas: 'Updated the revocation list with {deltas} deltas ({kb} KB): #{sequence} (was #{previous}).',
    whyDeltaBase: 'it does not follow the revocation list in use (another list, or a delta missing in between)',
    whyAsOfBack: 'its register date is before the one in use',
    whyWithdrawalUndone: 'it would lift a withdrawal, and withdrawals are final',
  },
});

/** Shows the trust data in use (from the wasm's trustInfo). */
export function showTrustInfo(info) {
  const d = info.trust_data;
  const register = info.revocations.register;
  $('trust-info').textContent = t('trustInfo', {
    sequence: d.sequence, issued: d.issued, expires: d.expires,
    rsequence: d.revocations_sequence, rissued: d.revocations_issued, count: info.revocations.count,
  }) + (register ? ` ${t('trustRegister', { asOf: register.as_of, certificates: register.certificates })}` : '')
    + (info.revocations.deltas ? ` ${t('trustDeltasInUse', { deltas: info.revocations.deltas })}` : '');
  $('demo-banner').hidden = !info.demo;
}

function why(r) {
  switch (r.code) {
    case REFUSAL.notNewer: return t('whyNotNewer', { offered: r.offered });
    case REFUSAL.signatureMismatch: return t('whySignature');
    case REFUSAL.badSignatureFile: return t('whySigFile');
    case REFUSAL.demoRefused: return t('whyDemo');
    case REFUSAL.deltaBase: return t('whyDeltaBase');
    case REFUSAL.deltaAsOfBack: return t('whyAsOfBack');
    case REFUSAL.withdrawalUndone: return t('whyWithdrawalUndone');
    default: return t('whyMalformed', { code: r.code });
  }
}

/** The sentence for one list's update result, or null when it needs none. */
function sentence(kind, r) {
  const what = t(kind === 'trust-list' ? 'trustList' : r?.via === 'deltas' ? 'trustDelta' : 'trustRevocations');
  if (!r || r.status === UPDATE.upToDate) return null;
  if (r.status === UPDATE.accepted && r.via === 'deltas') {
    return t('trustAcceptedDeltas', { deltas: r.deltas, kb: (r.bytes / 1024).toFixed(1), sequence: r.sequence, previous: r.previous });
  }
  if (r.status === UPDATE.accepted) return t('trustAccepted', { what, sequence: r.sequence, previous: r.previous });
  if (r.status === UPDATE.refused) return t('trustRefused', { what, inUse: r.in_use, why: why(r) });
  return t('trustUnavailable', { what, reason: r.code === 'offline' ? t('trustOffline') : r.code });
}

/** Says what an update check did ({ 'trust-list': result, revocations: result }). */
export function showUpdate(results) {
  const el = $('trust-update');
  if (!results) {
    el.textContent = t('trustChecking');
    el.dataset.state = 'checking';
    return;
  }
  const lines = Object.entries(results).map(([kind, r]) => sentence(kind, r)).filter(Boolean);
  el.textContent = lines.length ? lines.join(' ') : t('trustUpToDate');
  const states = Object.values(results).filter(Boolean).map((r) => r.status);
  el.dataset.state = [UPDATE.refused, 'unavailable', UPDATE.accepted].find((s) => states.includes(s)) || UPDATE.upToDate;
}

/**
 * The device's date against the `Date` header of this page's origin, when online (the
 * request passes the service worker, which answers GETs only). Resolves to
 * { device, server } (YYYY-MM-DD) when they differ by more than a day, else null.
 */
export async function serverClock() {
  let res;
  try {
    res = await fetch(new URL('./', location.href), { method: 'HEAD', cache: 'no-store' });
  } catch {
    return null; // offline: nothing to compare with
  }
  const server = Date.parse(res.headers.get('Date') || '');
  if (Number.isNaN(server)) return null;
  const device = Date.now();
  if (Math.abs(device - server) <= DAY_MS) return null;
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  return { device: day(device), server: day(server) };
}

/** The warnings that hold before any check: old trust data, a clock before its date, a
 * clock far from the server's. Returns them as sentences (the verdict repeats the last). */
export function showPageWarnings(info, today, clock) {
  const d = info.trust_data;
  const out = [];
  if (today > d.expires) out.push([WARNING.trustDataExpired, t('warnExpired', { date: d.expires })]);
  if (today < d.issued) out.push([WARNING.clockBeforeIssued, t('warnClock', { date: d.issued })]);
  if (clock) out.push(['clock-differs', t('warnServerClock', clock)]);
  const list = $('page-warnings');
  list.replaceChildren(...out.map(([code, text]) => {
    const li = document.createElement('li');
    li.dataset.code = code;
    li.textContent = text;
    return li;
  }));
  list.hidden = out.length === 0;
}
