// The stock report: totals, counts by verdict and by certificate, then the rows (copies
// first). Every value goes in through textContent; verdicts are words and symbols, never
// colour alone. Each cell carries its column's name (data-label), so on a phone a row
// reads as a card of label: value lines instead of a table wider than the screen.

import { t, lang, verdictText } from '../i18n.js';
import { kindOf, ICON, visible } from '../embed/verdicts.js';
import { RANK, RULE_WORDS } from '../embed/rules.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = visible(text);
  return e;
}

function table(caption, head, rows) {
  const tbl = el('table', 'report-table');
  tbl.append(el('caption', '', caption));
  const tr = el('tr');
  for (const h of head) tr.append(Object.assign(el('th', '', h), { scope: 'col' }));
  tbl.append(el('thead'), el('tbody'));
  tbl.tHead.append(tr);
  for (const cells of rows) {
    const r = el('tr');
    for (const [i, c] of cells.entries()) {
      const td = el('td');
      if (c instanceof Node) td.append(c);
      else td.textContent = visible(c);
      if (head[i]) td.dataset.label = head[i];
      if (c === '' || c === null || c === undefined) td.className = 'empty';
      r.append(td);
    }
    tbl.tBodies[0].append(r);
  }
  return tbl;
}

/** A table in a box that scrolls sideways, if ever a cell cannot wrap. */
function scroll(tbl) {
  const box = el('div', 'table-scroll');
  box.append(tbl);
  return box;
}

/** The verdict as symbol + words, for a cell. */
export function verdictLabel(code) {
  const span = el('span', `verdict-tag k-${kindOf(code)}`);
  span.dataset.code = code;
  span.append(el('span', 'vicon', ICON[kindOf(code)]), ` ${verdictText(code)[0]}`);
  return span;
}

function when(report, at) {
  if (report.positions === 'line') return t('stockLine', { line: at });
  return new Date(at).toLocaleTimeString();
}

function seen(report, r) {
  if (r.count === 1) return when(report, r.first);
  if (report.positions === 'line') return t('stockLines', { first: r.first, last: r.last });
  return `${when(report, r.first)} – ${when(report, r.last)}`;
}

/** Most urgent first (the core's Verdict::rank), then the format's order. */
function byRank([a], [b]) {
  return RANK[a] - RANK[b];
}

/** What a row without verified or claimed content is: what the code is instead (a product
 * code, a link), else the broken rule in words, else the verdict's meaning. */
function unreadable(r) {
  const o = r.other;
  if (o && o.kind === 'gs1') return t('otherShortGs1', { gtin: o.gtin || '' });
  if (o && o.kind === 'web-link') return t('otherShortLink', { host: o.host });
  if (o && o.kind === 'unsafe-link') return t('otherShortUnsafe', { scheme: o.scheme });
  return (r.rule && RULE_WORDS[lang()][r.rule]) || verdictText(r.code)[1];
}

/** Renders a `certmark-report/1` summary into `root`. */
export function renderReport(root, report) {
  const s = report.summary;
  root.replaceChildren();
  const totals = el('p', 'totals', t('stockTotals', { items: s.total.items, marks: s.total.marks }));
  totals.id = 'totals';
  root.append(totals);
  if (s.blank) root.append(el('p', 'hint', t('stockBlank', { n: s.blank })));
  if (s.copies) {
    const warn = el('p', 'copies-warning', `⚠ ${t('stockCopies', { n: s.copies })}`);
    warn.id = 'copies-warning';
    root.append(warn);
  }
  if (report.demo) root.append(el('p', 'demo', t('resultDemo')));
  const byVerdict = Object.entries(s.by_verdict).sort(byRank).map(([code, c]) => [verdictLabel(code), c.items, c.marks]);
  if (byVerdict.length) {
    const tbl = table(t('stockByVerdict'), [t('stockVerdict'), t('stockItems'), t('stockMarks')], byVerdict);
    tbl.id = 'by-verdict';
    root.append(scroll(tbl));
  }
  if (s.certificates.length) {
    const certs = s.certificates.slice(0, 50).map((c) => [
      c.cert, c.holder, c.issuer, c.total.items,
      c.copies ? `⚠ ${c.copies}` : '',
      Object.entries(c.by_verdict).sort(byRank).map(([code, n]) => `${verdictText(code)[0]} ${n.items}`).join(t('listSep')),
    ]);
    const tbl = table(t('stockByCert'), [t('fieldCert'), t('fieldHolder'), t('fieldIssuer'), t('stockItems'), t('stockCopied'), t('stockVerdicts')], certs);
    tbl.id = 'by-cert';
    tbl.classList.add('cards');
    root.append(scroll(tbl));
  }
  if (report.rows.length) {
    // The supplier's own columns (a box number, a note) name each row as the supplier does.
    const source = report.source_columns || [];
    const rows = report.rows.map((r) => {
      const c = r.claims || r.unverified;
      const holder = c ? (r.claims ? c.holder : `${t('stockUnverified')}${lang() === 'en' ? ': ' : '：'}${c.holder}`) : unreadable(r);
      // A certificate the exact revocation list does not cover: said beside the verdict.
      let verdict = verdictLabel(r.code);
      if (r.not_covered) {
        const cell = el('span');
        cell.append(verdict, el('span', 'not-covered', `⚠ ${t('stockNotCovered', { date: r.not_covered })}`));
        verdict = cell;
      }
      return [
        r.copies ? `⚠ ${t('stockCopyFlag')}` : '',
        verdict,
        ...source.map((_, i) => (r.source && r.source[i]) || ''),
        holder,
        c ? c.cert : '',
        c && c.serial ? c.serial : '',
        r.count,
        seen(report, r),
      ];
    });
    const head = [t('stockCopied'), t('stockVerdict'), ...source, t('fieldHolder'), t('fieldCert'), t('fieldSerial'), t('stockCount'), t('stockSeen')];
    const tbl = table(t('stockRows'), head, rows);
    tbl.id = 'rows';
    tbl.classList.add('cards');
    for (const [i, tr] of [...tbl.tBodies[0].rows].entries()) if (report.rows[i].copies) tr.className = 'copy';
    root.append(scroll(tbl));
    if (report.rows_total > report.rows.length) {
      root.append(el('p', 'hint', t('stockMoreRows', { n: report.rows_total - report.rows.length })));
    }
  } else {
    root.append(el('p', 'hint', t('stockEmpty')));
  }
}
