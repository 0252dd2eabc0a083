// The result panel: verdict as icon + words (never colour alone), the issuer from the
// trust list, the mark's fields, warnings. Everything from a mark goes in via
// textContent; nothing is parsed as HTML.
// Pattern: a focusable region plus a polite live region for screen readers
// (https://www.w3.org/WAI/ARIA/apg/patterns/alert/ uses the same announcement idea).

import { t, lang, verdictText } from '../i18n.js';
import { kindOf, ICON, visible } from '../embed/verdicts.js';
import { WARNING, READABLE, LABELS } from '../embed/rules.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = visible(text);
  return e;
}

/** Text in the other language, marked so (screen readers switch voice; fonts fit). */
function foreign(text, tag) {
  const span = el('span', '', text);
  span.lang = tag;
  return span;
}

/** A date that never breaks at its hyphens. */
function day(text) {
  return el('span', 'date', text);
}

function fields(pairs) {
  const dl = el('dl', 'fields');
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    const dd = el('dd');
    if (Array.isArray(value)) dd.append(...value.map((v) => (v instanceof Node ? v : visible(v))));
    else dd.textContent = visible(value);
    dl.append(el('dt', '', label), dd);
  }
  return dl;
}

/** "{from} to {to}" with each date kept whole. */
function dateRange(from, to) {
  const [before, between, after] = t('dateRange', { from: '\u0000', to: '\u0001' }).split(/[\u0000\u0001]/);
  return [before, day(from), between, day(to), after].filter((p) => p !== '');
}

function claimPairs(c, issuer) {
  const pairs = [];
  const here = lang();
  if (issuer) {
    const [name, other, otherLang] = here === 'en' ? [issuer.name.en, issuer.name.zh, 'zh-CN'] : [issuer.name.zh, issuer.name.en, 'en'];
    const value = [name, ' (', foreign(other, otherLang), ')'];
    if (issuer.demo) value.push(` [${t('demoIssuer')}]`);
    pairs.push([t('fieldIssuer'), value]);
    pairs.push([t('fieldAccreditation'), issuer.accreditation]);
  }
  pairs.push(
    [t('fieldHolder'), c.holder],
    [t('fieldScheme'), c.scheme],
    [t('fieldScope'), c.scope],
    [t('fieldCert'), c.cert],
    [t('fieldDates'), dateRange(c.valid_from, c.valid_to)],
    [t('fieldSerial'), c.serial],
  );
  // Issuers' own labels: the known ones in the reader's words, others as signed.
  for (const [k, v] of Object.entries(c.extra || {})) pairs.push([LABELS[here][k] ?? k, v]);
  pairs.push([t('fieldSigned'), t('keyOf', { issuer: c.issuer, key: c.key })]);
  return pairs;
}

/**
 * For not-a-mark: what the code is instead (the core's code::Code), as a meaning, fields
 * and notes. Never green, never "checked": a product code proves nothing about
 * certification. A web link is offered only as a link the reader chooses to open, its
 * host spelled out; anything else is never a link.
 */
function otherCode(other, input) {
  const notes = [];
  if (other.kind === 'gs1') {
    if (!other.gtin_ok && other.gtin) notes.push(t('otherGs1BadCheck'));
    const pairs = [[t('fieldGtin'), other.gtin], [t('fieldBatch'), other.batch], [t('fieldSerial'), other.serial],
      [t('fieldExpiry'), other.expiry], [t('fieldHost'), other.host]];
    return { meaning: t('otherGs1'), pairs, notes };
  }
  if (other.kind === 'web-link') {
    if (other.punycode || other.mixed_script || other.too_long) notes.push(t('otherLookalike', { host: other.host }));
    const link = /^https?:\/\//i.test(input) ? el('a', 'open-link', t('otherOpen', { host: other.host })) : null;
    if (link) {
      link.href = input;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
    }
    return { meaning: t('otherWebLink', { host: other.host }), pairs: [[t('fieldHost'), other.host]], notes, link };
  }
  if (other.kind === 'unsafe-link') return { meaning: t('otherUnsafe', { scheme: other.scheme }), pairs: [], notes };
  return null;
}

/**
 * Shows an outcome from the wasm `verify`, with `extra` warnings (sentences) of the page's
 * own. `today` is the device's date: a verdict for another day says so in its headline and
 * meaning, so a screenshot of it never passes for today's. `input` is the text checked.
 */
export function showOutcome(o, extra = [], today = o.as_of, input = '') {
  const section = document.getElementById('result');
  const kind = kindOf(o.code);
  let [title, meaning, advice] = verdictText(o.code);
  if (o.as_of !== today) {
    // The verdict's own meaning speaks of today ("in force"): say what this one is instead.
    meaning = t('meaningAsOf', { date: o.as_of, title });
    title = t('verdictAsOf', { title, date: o.as_of });
  }
  const other = o.code === 'not-a-mark' && o.other ? otherCode(o.other, input) : null;
  if (other) meaning = other.meaning;
  section.className = `result ${kind}`;
  section.dataset.other = o.other ? o.other.kind : '';
  section.dataset.code = o.code;
  document.getElementById('verdict-icon').textContent = ICON[kind];
  document.getElementById('result-title').textContent = title;
  // The verdict in the title too: tabs, history and screen readers' window lists say it.
  document.title = `${title} · ${t('title')} · certmark`;
  document.getElementById('verdict-meaning').textContent = meaning;
  document.getElementById('verdict-advice').textContent = advice;
  // The demo notice speaks of keys: only where a key was involved (a readable mark).
  const demo = document.getElementById('result-demo');
  const showDemo = o.demo && READABLE[o.code];
  demo.hidden = !showDemo;
  demo.textContent = showDemo ? t('resultDemo') : '';

  const content = document.getElementById('content');
  content.replaceChildren();
  if (o.claims) {
    const pairs = claimPairs(o.claims, o.issuer);
    if (o.revocation) {
      const status = o.revocation.status === 'withdrawn' ? t('statusWithdrawn') : t('statusSuspended');
      pairs.push([t('fieldRevocation'), t('revocationSince', { status, since: o.revocation.since, reason: o.revocation.reason })]);
    }
    content.append(fields(pairs));
  } else if (other) {
    content.append(fields(other.pairs));
    for (const note of other.notes) content.append(el('p', 'caution', `⚠ ${note}`));
    if (other.link) {
      const line = el('p');
      line.append(other.link);
      content.append(line);
    }
  } else if (o.unverified) {
    const box = el('div', 'unverified');
    box.append(el('h3', '', t('unverifiedTitle')), el('p', '', t('unverifiedNote')), fields(claimPairs(o.unverified, null)));
    content.append(box);
  }
  content.append(el('p', 'hint', t('checkedAsOf', { date: o.as_of })));

  const warnings = document.getElementById('warnings');
  warnings.replaceChildren();
  for (const w of o.warnings) {
    const text =
      w.code === WARNING.trustDataExpired ? t('warnExpired', { date: w.expires })
      : w.code === WARNING.notCovered ? t('warnNotCovered', { date: w.register })
      : t('warnClock', { date: w.issued });
    warnings.append(el('li', '', text));
  }
  for (const text of extra) warnings.append(el('li', '', text));

  section.hidden = false;
  document.getElementById('announce').textContent = t('announce', { title, meaning });
  section.focus({ preventScroll: false });
}

/** Hides the result (a new check is starting). */
export function clearOutcome() {
  document.getElementById('result').hidden = true;
  document.title = `${t('title')} · certmark`;
}
