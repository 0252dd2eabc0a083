// The stock report: totals, counts by verdict and by certificate, then the rows (copies
// first). Every value goes in through textContent; verdicts are words and symbols, never
// colour alone.

import { t, verdictText } from '../i18n.js';
import { kindOf, ICON, visible } from '../embed/verdicts.js';

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
    for (const c of cells) {
      const td = el('td');
      if (c instanceof Node) td.append(c);
      else td.textContent = visible(c);
      r.append(td);
    }
    tbl.tBodies[0].append(r);
  }
  return tbl;
}

/** The verdict as symbol + words, for a cell. */
export function verdictLabel(code) {
  const span = el('span', `verdict-tag v-${code}`);
  span.dataset.code = code;
  span.append(el('span', 'vicon', ICON[kindOf(code)]), ` ${verdictText(code)[0]}`);
  return span;
}

function when(report, at) {
  if (report.positions === 'line') return t('stockLine', { line: at });
  return new Date(at).toLocaleTimeString();
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
  const byVerdict = Object.entries(s.by_verdict).map(([code, c]) => [verdictLabel(code), c.items, c.marks]);
  if (byVerdict.length) {
    const tbl = table(t('stockByVerdict'), [t('stockVerdict'), t('stockItems'), t('stockMarks')], byVerdict);
    tbl.id = 'by-verdict';
    root.append(tbl);
  }
  if (s.certificates.length) {
    const certs = s.certificates.slice(0, 50).map((c) => [
      c.cert, c.holder, c.issuer, c.total.items,
      c.copies ? `⚠ ${c.copies}` : '',
      Object.entries(c.by_verdict).map(([code, n]) => `${verdictText(code)[0]} ${n.items}`).join(', '),
    ]);
    const tbl = table(t('stockByCert'), [t('fieldCert'), t('fieldHolder'), t('fieldIssuer'), t('stockItems'), t('stockCopied'), t('stockVerdicts')], certs);
    tbl.id = 'by-cert';
    root.append(tbl);
  }
  if (report.rows.length) {
    const rows = report.rows.map((r) => {
      const c = r.claims || r.unverified;
      const holder = c ? (r.claims ? c.holder : `${t('stockUnverified')}: ${c.holder}`) : r.reason;
      return [
        r.copies ? `⚠ ${t('stockCopyFlag')}` : '',
        verdictLabel(r.code),
        holder,
        c ? c.cert : '',
        c && c.serial ? c.serial : '',
        r.count,
        r.count > 1 ? `${when(report, r.first)} – ${when(report, r.last)}` : when(report, r.first),
      ];
    });
    const tbl = table(t('stockRows'), ['', t('stockVerdict'), t('fieldHolder'), t('fieldCert'), t('fieldSerial'), t('stockCount'), t('stockSeen')], rows);
    tbl.id = 'rows';
    for (const [i, tr] of [...tbl.tBodies[0].rows].entries()) if (report.rows[i].copies) tr.className = 'copy';
    root.append(tbl);
    if (report.rows_total > report.rows.length) {
      root.append(el('p', 'hint', t('stockMoreRows', { n: report.rows_total - report.rows.length })));
    }
  } else {
    root.append(el('p', 'hint', t('stockEmpty')));
  }
}
