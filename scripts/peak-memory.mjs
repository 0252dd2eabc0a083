// The wasm half of scripts/peak-memory.sh: the page's verifier and stock modules (as
// built by scripts/build-web.sh) in Node, each in a fresh process, with the linear memory
// they hold after the worst input each takes. Usage: node scripts/peak-memory.mjs WORKDIR
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const work = process.argv[2];
const www = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../www');

function probe(module, body) {
  const code = `
    import * as m from ${JSON.stringify(path.join(www, 'pkg', `${module}.js`))};
    import { bounded } from ${JSON.stringify(path.join(www, 'embed/limits.js'))};
    import { readFileSync } from 'node:fs';
    const wasm = m.initSync({ module: readFileSync(${JSON.stringify(path.join(www, 'pkg', `${module}_bg.wasm`))}) });
    const start = wasm.memory.buffer.byteLength;
    ${body}
    console.log(JSON.stringify({ start, end: wasm.memory.buffer.byteLength, what }));`;
  return JSON.parse(execFileSync('node', ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MB`;
const rows = [
  ['verifier: a demo mark (baseline)', 'certmark',
    `const what = m.verify(${JSON.stringify(readFileSync(path.join(www, '../demo/valid-ccc.mark'), 'utf8'))}, '2026-11-21').code;`],
  ['verifier: 20 MB of text, as the page passes it (cut by limits.js)', 'certmark',
    "const what = m.verify(bounded('CM1/' + '1'.repeat(20 << 20)), '2026-11-21').reason;"],
  ['verifier: 20 MB of text handed to wasm whole (no limits.js)', 'certmark',
    "const what = m.verify('CM1/' + '1'.repeat(20 << 20), '2026-11-21').reason;"],
];
writeFileSync(path.join(work, 'limit.csv'), Buffer.alloc((128 << 20) + 1, 0x41));
rows.push(['stock: a file 1 byte over 128 MB (JS refuses it unread; here given to wasm)', 'certmark_stock',
  `let what; try { m.readMarks(readFileSync(${JSON.stringify(path.join(work, 'limit.csv'))}), undefined); } catch (e) { what = String(e.message ?? e); }`]);
rows.push(['stock: 320,000 distinct valid unit marks (near 128 MB) read and checked', 'certmark_stock',
  `const bytes = readFileSync(${JSON.stringify(path.join(work, 'm/marks.csv'))});
   const marks = m.readMarks(bytes, undefined);
   const report = new m.StockReport('2026-11-21', undefined, true);
   for (let i = 0; i < marks.chunks; i++) marks.checkInto(report, i);
   const what = marks.length + ' marks, ' + (bytes.length >> 20) + ' MB';`]);
console.log('| wasm (Node), worst case | memory at start | after | says');
console.log('|---|---|---|---');
for (const [name, module, body] of rows) {
  const r = probe(module, body);
  console.log(`| ${name} | ${mb(r.start)} | ${mb(r.end)} | ${String(r.what).slice(0, 60)}`);
}
