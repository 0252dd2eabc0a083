// The result panel: verdict as icon + words (never colour alone), the issuer from the
// trust list, the mark's fields, warnings. Everything from a mark goes in via
// textContent; nothing is parsed as HTML.
// Pattern: a focusable region plus a polite live region for screen readers
// (https://www.w3.org/WAI/ARIA/apg/patterns/alert/ uses the same announcement idea).

import { t, lang, verdictText } from '../i18n.js';
import { kindOf, ICON, visible } from '../embed/verdicts.js';
import { WARNING } from '../embed/rules.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = visible(text);
  return e;
}

function fields(pairs) {
  const dl = el('dl', 'fields');
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(el('dt', '', label), el('dd', '', value));
  }
  return dl;
}

function claimPairs(c, issuer) {
  const pairs = [];
  if (issuer) {
    const name = lang() === 'en' ? issuer.name.en : issuer.name.zh;
    const other = lang() === 'en' ? issuer.name.zh : issuer.name.en;
    pairs.push([t('fieldIssuer'), `${name} (${other})${issuer.demo ? ` [${t('demoIssuer')}]` : ''}`]);
    pairs.push([t('fieldAccreditation'), issuer.accreditation]);
  }
  pairs.push(
    [t('fieldHolder'), c.holder],
    [t('fieldScheme'), c.scheme],
    [t('fieldScope'), c.scope],
    [t('fieldCert'), c.cert],
    [t('fieldDates'), t('dateRange', { from: c.valid_from, to: c.valid_to })],
    [t('fieldSerial'), c.serial],
  );
  for (const [k, v] of Object.entries(c.extra || {})) pairs.push([k, v]);
  pairs.push([t('fieldSigned'), t('keyOf', { issuer: c.issuer, key: c.key })]);
  return pairs;
}

/**
 * Shows an outcome from the wasm `verify`, with `extra` warnings (sentences) of the page's
 * own. `today` is the device's date: a verdict for another day says so in its headline and
 * meaning, so a screenshot of it never passes for today's.
 */
export function showOutcome(o, extra = [], today = o.as_of) {
  const section = document.getElementById('result');
  const kind = kindOf(o.code);
  let [title, meaning, advice] = verdictText(o.code);
  if (o.as_of !== today) {
    // The verdict's own meaning speaks of today ("in force"): say what this one is instead.
    meaning = t('meaningAsOf', { date: o.as_of, title });
    title = t('verdictAsOf', { title, date: o.as_of });
  }
  section.className = `result ${kind}`;
  section.dataset.code = o.code;
  document.getElementById('verdict-icon').textContent = ICON[kind];
  document.getElementById('result-title').textContent = title;
  // The verdict in the title too: tabs, history and screen readers' window lists say it.
  document.title = `${title} · ${t('title')} · certmark`;
  document.getElementById('verdict-meaning').textContent = meaning;
  document.getElementById('verdict-advice').textContent = advice;
  const demo = document.getElementById('result-demo');
  demo.hidden = !o.demo;
  demo.textContent = o.demo ? t('resultDemo') : '';

  const content = document.getElementById('content');
  content.replaceChildren();
  if (o.claims) {
    if (o.code === 'valid') content.append(el('p', 'note', t('validNote')));
    const pairs = claimPairs(o.claims, o.issuer);
    if (o.revocation) {
      const status = o.revocation.status === 'withdrawn' ? t('statusWithdrawn') : t('statusSuspended');
      pairs.push([t('fieldRevocation'), t('revocationSince', { status, since: o.revocation.since, reason: o.revocation.reason })]);
    }
    content.append(fields(pairs));
  } else if (o.unverified) {
    const box = el('div', 'unverified');
    box.append(el('h3', '', t('unverifiedTitle')), el('p', '', t('unverifiedNote')), fields(claimPairs(o.unverified, null)));
    content.append(box);
  }
  content.append(el('p', 'hint', t('checkedAsOf', { date: o.as_of })));

  const warnings = document.getElementById('warnings');
  warnings.replaceChildren();
  for (const w of o.warnings) {
    const text = w.code === WARNING.trustDataExpired ? t('warnExpired', { date: w.expires }) : t('warnClock', { date: w.issued });
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
