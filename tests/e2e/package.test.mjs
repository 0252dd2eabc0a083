// The npm package (www/embed) as a user gets it: packed with `npm pack`, installed into
// an empty project, imported by name in Node; its types checked by TypeScript against a
// consumer that also holds deliberate mistakes (@ts-expect-error fails if they pass).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  ROOT, demoMarks, CONTEXTS, signList, trustListUpdate, revocationsUpdate, writeList, certOf, issueWeek,
} from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

const EMBED = path.join(ROOT, 'www/embed');
let dir;
let app;
let packed;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'certmark-package-'));
  app = path.join(dir, 'app');
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: EMBED, encoding: 'utf8' });
  [packed] = JSON.parse(out);
  execFileSync('mkdir', [app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(dir, packed.filename)], { cwd: app });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the package has the version of the crate and every file it needs', () => {
  const cargo = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(packed.version, cargo);
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md', 'badge.d.ts', 'badge.js', 'certmark.d.ts', 'certmark.js', 'idb.js', 'kept.js', 'limits.js', 'package.json',
    'pkg/certmark.d.ts', 'pkg/certmark.js', 'pkg/certmark_bg.wasm',
    'pkg/certmark_codes.d.ts', 'pkg/certmark_codes.js', 'pkg/certmark_codes_bg.wasm',
    'pkg/certmark_scan.d.ts', 'pkg/certmark_scan.js', 'pkg/certmark_scan_bg.wasm', 'rules.d.ts', 'rules.js',
    'update-rules.d.ts', 'update-rules.js', 'updates.js', 'verdicts.js',
  ]);
});

test('in Node, the installed package verifies every demo mark and scans a demo QR code', () => {
  const marks = demoMarks();
  const asOf = Object.fromEntries(readFileSync(path.join(ROOT, 'demo/expected.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((r) => r.split('\t')).map(([name, , date]) => [name, date]));
  const png = PNG.sync.read(readFileSync(path.join(ROOT, 'demo/valid-ccc.png')));
  writeFileSync(path.join(app, 'image.rgba'), png.data);
  writeFileSync(path.join(app, 'check.mjs'), `
    import { verify, verifyAll, scan, trustInfo, preload } from 'certmark';
    import { CertmarkBadge } from 'certmark/badge'; // importable without a DOM
    import { readFileSync } from 'node:fs';
    const input = JSON.parse(readFileSync(0, 'utf8'));
    await preload();
    const out = { verdicts: {}, badge: typeof CertmarkBadge };
    const texts = input.marks.map((m) => m.mark);
    out.together = (await verifyAll(texts, { asOf: input.marks[0].asOf })).map((o) => o.code);
    out.apart = [];
    for (const t of texts) out.apart.push((await verify(t, { asOf: input.marks[0].asOf })).code);
    for (const m of input.marks) {
      const o = await verify(m.mark, { asOf: m.asOf });
      out.verdicts[m.name] = [o.code, o.claims ? o.claims.holder : null, o.demo];
      out.other = { ...out.other, [m.name]: o.other ?? null };
    }
    out.gs1 = (await verifyAll(['(01)09506000134352(10)AB-123', 'https://xn--80ak6aa92e.com/']))
      .map((o) => [o.code, o.other.kind, o.other.gtin ?? o.other.host]);
    const data = new Uint8ClampedArray(readFileSync('image.rgba'));
    out.scanned = await scan({ data, width: ${png.width}, height: ${png.height} });
    out.blank = await scan({ data: new Uint8ClampedArray(64 * 64 * 4), width: 64, height: 64 });
    out.issuers = (await trustInfo()).issuers.map((i) => i.id);
    for (const [what, bad] of [['date', () => verify('CM1:AA', { asOf: '2026-13-01' })],
      ['spaced', () => verify('CM1:AA', { asOf: '2026-01-01 x' })],
      ['size', () => scan({ data: new Uint8Array(12), width: 2, height: 2 })],
      ['type', () => scan({ data: [0, 0, 0, 0], width: 1, height: 1 })]]) {
      out[what] = await bad().then(() => 'no error', (e) => e.constructor.name + ': ' + e.message);
    }
    console.log(JSON.stringify(out));
  `);
  const input = JSON.stringify({ marks: marks.map((m) => ({ name: m.name, mark: m.mark, asOf: asOf[m.name] })) });
  const out = JSON.parse(execFileSync('node', ['check.mjs'], { cwd: app, input, encoding: 'utf8' }));
  for (const m of marks) assert.equal(out.verdicts[m.name][0], m.expect, m.name);
  assert.deepEqual(out.verdicts['valid-ccc'], ['valid', '深圳市演示电器有限公司', true]);
  // A code that is not a mark says what it is instead (the codes module, read from disk).
  assert.equal(out.other['not-a-mark'].kind, 'web-link');
  assert.equal(out.other['not-a-mark'].host, 'example.com');
  assert.ok(Object.entries(out.other).every(([name, o]) => (o === null) === (name !== 'not-a-mark')));
  assert.deepEqual(out.gs1, [['not-a-mark', 'gs1', '09506000134352'], ['not-a-mark', 'web-link', 'xn--80ak6aa92e.com']]);
  assert.equal(out.verdicts.forged[1], null, 'a forged mark has no verified claims');
  assert.deepEqual(out.scanned, [readFileSync(path.join(ROOT, 'demo/valid-ccc.link'), 'utf8').trim()]);
  assert.deepEqual(out.blank, []);
  assert.deepEqual(out.issuers, ['DEMO-CQC', 'DEMO-GREEN', 'DEMO-ISO']);
  assert.match(out.date, /^Error: asOf "2026-13-01"/);
  assert.match(out.spaced, /^Error: asOf "2026-01-01 x"/, 'a bad date is refused, never trimmed');
  assert.equal(out.size, 'Error: pixel buffer has 12 bytes, 16 expected');
  assert.match(out.type, /^TypeError: scan: image.data must be RGBA bytes/);
  assert.equal(out.badge, 'function');
  assert.deepEqual(out.together, out.apart, 'a batch gives each mark its own verdict');
  assert.deepEqual(out.together, marks.map((m) => m.expect));
});

test('the types describe the API: a consumer compiles, and mistakes do not', () => {
  writeFileSync(path.join(app, 'check.ts'), `
    import { verify, verifyAll, scan, trustInfo, preload, update, type Outcome, type Code } from 'certmark';
    import type { CertmarkBadge, BadgeVerdict } from 'certmark/badge';

    export async function main(image: ImageData): Promise<Code[]> {
      await preload();
      const o: Outcome = await verify('CM1:…', { asOf: '2026-01-01' });
      const many: Outcome[] = await verifyAll(['CM1:…', 'CM1/…']);
      const holder: string | undefined = o.claims?.holder;
      const texts: string[] = await scan(image);
      const info = await trustInfo();
      const badge: CertmarkBadge | null = document.querySelector('certmark-badge');
      badge?.addEventListener('certmark-verdict', (e) => {
        const v: BadgeVerdict = e.detail;
        console.log(v.code, holder, texts, info.trust_data.sequence, many.length);
      });
      const fresh = await update({ trustList: 'https://example.com/trust-list.json' }, { keep: false });
      if (fresh.revocations?.status === 'refused') console.log(fresh.revocations.code, fresh.revocations.in_use);
      // @ts-expect-error: the URLs are named
      await update('https://example.com/trust-list.json');
      // @ts-expect-error: the text must be a string
      await verify(42);
      // @ts-expect-error: options are named
      await verify('CM1:…', '2026-01-01');
      // @ts-expect-error: not a verdict code
      if (o.code === 'ok') return [];
      // @ts-expect-error: verifyAll takes texts
      await verifyAll([1, 2]);
      // @ts-expect-error: scan takes pixels, not a URL
      await scan('photo.png');
      return [o.code];
    }
  `);
  const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--lib', 'es2022,dom', 'check.ts'];
  try {
    execFileSync(tsc, args, { cwd: app, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test('in Node, update() takes a newer signed list from a server and refuses a tampered one', async () => {
  const lists = mkdtempSync(path.join(tmpdir(), 'certmark-lists-'));
  const valid = await certOf('valid-ccc');
  const revs = revocationsUpdate(2, [valid]);
  writeList(lists, 'revocations.json', revs, signList(revs, CONTEXTS.revocations));
  const tl = trustListUpdate(2);
  writeList(lists, 'trust-list.json', tl, signList(trustListUpdate(3), CONTEXTS['trust-list']));
  const server = await serve(lists, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    writeFileSync(path.join(app, 'update.mjs'), `
      import { verify, update, trustInfo } from 'certmark';
      const mark = process.argv[2];
      const before = (await verify(mark, { asOf: '2026-11-21' })).code;
      const results = await update({ trustList: '${base}trust-list.json', revocations: '${base}revocations.json' });
      const after = (await verify(mark, { asOf: '2026-11-21' })).code;
      const again = await update({ revocations: '${base}revocations.json' });
      const missing = await update({ revocations: '${base}nothing.json' });
      console.log(JSON.stringify({ before, results, after, again, missing, info: (await trustInfo()).trust_data }));
    `);
    const mark = readFileSync(path.join(ROOT, 'demo/valid-ccc.mark'), 'utf8').trim();
    const out = JSON.parse(await new Promise((resolve, reject) => {
      // Asynchronous: the server answers from this process.
      execFile('node', ['update.mjs', mark], { cwd: app, encoding: 'utf8' }, (e, stdout) => (e ? reject(e) : resolve(stdout)));
    }));
    assert.equal(out.before, 'valid');
    assert.deepEqual(out.results.revocations, { status: 'accepted', sequence: 2, previous: 1 });
    assert.equal(out.results['trust-list'].status, 'refused');
    assert.equal(out.results['trust-list'].code, 'signature-mismatch');
    assert.equal(out.after, 'withdrawn');
    assert.equal(out.again.revocations.status, 'up-to-date');
    assert.deepEqual(out.missing.revocations.status, 'unavailable');
    assert.equal(out.missing.revocations.code, 'http-404');
    assert.equal(out.info.sequence, 1, 'the refused trust list left the one in use');
    assert.equal(out.info.revocations_sequence, 2);
  } finally {
    await new Promise((r) => server.close(r));
    rmSync(lists, { recursive: true, force: true });
  }
});

test('in Node, update() takes an exact list over a register; a newer mark is not covered', async () => {
  const lists = mkdtempSync(path.join(tmpdir(), 'certmark-exact-'));
  const valid = await certOf('valid-ccc');
  // 2,003 withdrawn or suspended among 20,000 certificates of the demo issuers, as of 2026-11-15.
  execFileSync('cargo', ['run', '--quiet', '--locked', '--release', '--example', 'revocation_list', '--',
    '--exact', '20000', '2000', lists, '6', `${valid.issuer}/${valid.cert}`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const exact = readFileSync(path.join(lists, 'revocations.bin'));
  writeList(lists, 'revocations.json', exact, signList(exact, CONTEXTS.exact));
  const server = await serve(lists, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    writeFileSync(path.join(app, 'exact.mjs'), `
      import { verify, update, trustInfo } from 'certmark';
      const [valid, later] = process.argv.slice(2);
      const results = await update({ revocations: '${base}revocations.json' });
      const v = await verify(valid, { asOf: '2026-11-21' });
      const l = await verify(later, { asOf: '2031-01-01' });
      console.log(JSON.stringify({ results, valid: [v.code, v.warnings], later: [l.code, l.warnings], info: (await trustInfo()).revocations }));
    `);
    const mark = (name) => readFileSync(path.join(ROOT, `demo/${name}.mark`), 'utf8').trim();
    const out = JSON.parse(await new Promise((resolve, reject) => {
      execFile('node', ['exact.mjs', mark('valid-ccc'), mark('not-yet-valid')], { cwd: app, encoding: 'utf8' },
        (e, stdout) => (e ? reject(e) : resolve(stdout)));
    }));
    assert.deepEqual(out.results.revocations, { status: 'accepted', sequence: 6, previous: 1 });
    assert.deepEqual(out.valid, ['withdrawn', []]);
    assert.deepEqual(out.later, ['valid', [{ code: 'not-covered', register: '2026-11-15' }]]);
    assert.deepEqual(out.info, { count: 2003, compact: true, register: { as_of: '2026-11-15', certificates: 20000 }, deltas: 0 });
  } finally {
    await new Promise((r) => server.close(r));
    rmSync(lists, { recursive: true, force: true });
  }
});

test('in Node, update() through a signed index: the list, then only the deltas it lacks', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'certmark-index-'));
  const { cli, sign } = await issueWeek(work, 8);
  // Two indexes beside the files: day 6's list alone, then day 8's with the deltas of days 7 and 8.
  cli('revocations', 'index', 'list6.bin', '--out', 'index6.bin');
  cli('revocations', 'index', 'list8.bin', 'delta7.bin', 'delta8.bin', '--out', 'index8.bin');
  sign('index6.bin');
  sign('index8.bin');
  const server = await serve(work, 0);
  const fetched = [];
  server.on('served', (p) => fetched.push(p));
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    writeFileSync(path.join(app, 'index.mjs'), `
      import { verify, update, trustInfo } from 'certmark';
      const [valid, suspended] = process.argv.slice(2);
      const codes = async () => [(await verify(valid, { asOf: '2026-11-21' })).code, (await verify(suspended, { asOf: '2026-11-21' })).code];
      const first = (await update({ revocationsIndex: '${base}index6.bin' })).revocations;
      const day6 = await codes();
      const second = (await update({ revocationsIndex: '${base}index8.bin' })).revocations;
      console.log(JSON.stringify({ first, day6, second, day8: await codes(), info: (await trustInfo()).revocations }));
    `);
    const mark = (name) => readFileSync(path.join(ROOT, `demo/${name}.mark`), 'utf8').trim();
    const out = JSON.parse(await new Promise((resolve, reject) => {
      execFile('node', ['index.mjs', mark('valid-ccc'), mark('suspended')], { cwd: app, encoding: 'utf8' },
        (e, stdout) => (e ? reject(e) : resolve(stdout)));
    }));
    assert.deepEqual(out.first, { status: 'accepted', sequence: 6, previous: 1, via: 'list', bytes: statSync(path.join(work, 'list6.bin')).size });
    assert.deepEqual(out.day6, ['valid', 'suspended']);
    const bytes = ['delta7.bin', 'delta8.bin'].reduce((n, f) => n + statSync(path.join(work, f)).size, 0);
    assert.deepEqual(out.second, { status: 'accepted', sequence: 8, previous: 6, via: 'deltas', deltas: 2, bytes });
    assert.deepEqual(out.day8, ['withdrawn', 'valid']);
    assert.equal(out.info.deltas, 2);
    assert.deepEqual(fetched.filter((p) => !p.endsWith('.sig')).sort(), ['/delta7.bin', '/delta8.bin', '/index6.bin', '/index8.bin', '/list6.bin']);
  } finally {
    await new Promise((r) => server.close(r));
    rmSync(work, { recursive: true, force: true });
  }
});
