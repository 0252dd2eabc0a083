// The stock module alone, in Node: the CPU time of checking each marks file chunk by
// chunk, best of ROUNDS, so two builds of the module can be compared without a browser.
// Usage: node scripts/bench-stock-node.mjs PKG_DIR FILE... (PKG_DIR holds certmark_stock.js
// and its wasm, as scripts/build-web.sh writes www/pkg; files as scripts/bench-stock.sh makes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROUNDS = Number(process.env.ROUNDS || 3);
const [dir, ...files] = process.argv.slice(2);
if (!dir || files.length === 0) {
  console.error('usage: node scripts/bench-stock-node.mjs PKG_DIR FILE...');
  process.exit(2);
}
const m = await import(pathToFileURL(path.resolve(dir, 'certmark_stock.js')).href);
m.initSync({ module: readFileSync(path.resolve(dir, 'certmark_stock_bg.wasm')) });
console.log('| file | marks | best CPU ms |');
console.log('|---|---|---|');
for (const file of files) {
  const bytes = readFileSync(file);
  let best = Infinity;
  let count = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const marks = m.readMarks(bytes, undefined);
    const report = new m.StockReport('2026-11-21', undefined, true);
    const start = process.cpuUsage();
    for (let i = 0; i < marks.chunks; i++) marks.checkInto(report, i);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
    count = marks.length;
    report.free();
    marks.free();
  }
  console.log(`| ${file} | ${count} | ${best.toFixed(0)} |`);
}
