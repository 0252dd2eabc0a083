// Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not committed) from the demo
// marks, the test vectors, the trust directory and the stock-check test file, so short
// runs start from inputs that reach deep. Usage: node fuzz/seed.mjs
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const put = (target, name, bytes) => {
  const dir = join(root, 'fuzz/corpus', target);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `seed-${name}`), bytes);
};
const files = (dir, ext) =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith(ext)).map((f) => [f, readFileSync(join(root, dir, f))]);

const marks = [...files('demo', '.mark'), ...files('demo', '.link'), ...files('tests/vectors', '.txt')];
for (const [name, text] of marks) put('mark_string', name, text);

// The demo marks' bytes: whole (mode 0x80), and their bodies for each signing key.
for (const [name, text] of files('demo', '.mark')) {
  const s = text.toString().trim();
  if (!s.startsWith('CM1:')) continue;
  const bytes = Buffer.from(s.slice(4), 'base64url');
  put('mark_bytes', `${name}-whole`, Buffer.concat([Buffer.from([0x80, 3, 0x84]), bytes]));
  if (bytes.length > 64) {
    for (let key = 0; key < 6; key++) {
      const body = bytes.subarray(0, bytes.length - 64);
      put('mark_bytes', `${name}-key${key}`, Buffer.concat([Buffer.from([key, 3, 0x84]), body]));
    }
  }
}

const trust = (f) => readFileSync(join(root, 'trust', f));
put('lists', 'roots', Buffer.concat([Buffer.from([0]), trust('roots.json')]));
put('lists', 'trust-list', Buffer.concat([Buffer.from([1]), trust('trust-list.json')]));
put('lists', 'revocations', Buffer.concat([Buffer.from([3]), trust('revocations.json')]));

const csv = readFileSync(join(root, 'tests/stock/marks.csv')).toString().split('\n');
put('csv', 'stock-head', Buffer.from('\x00' + csv.slice(0, 12).join('\n')));
put('csv', 'stock-column', Buffer.from('\x01' + csv.slice(0, 6).join('\r\n')));
put('csv', 'quoted', Buffer.from('\x00box\tmark\n1\t"CM1:a""b"\n=1+2\t"@x,\n-y"\n'));
put('csv', 'lines', Buffer.from('\x00' + marks.slice(0, 8).map(([, t]) => t.toString().trim()).join('\n')));

// Registers (odd modes: CSV; 1 with its header, 3 without). An exact list's bytes
// (mode 0) are in fuzz/regressions/register, made with the CLI.
put('register', 'rows', Buffer.from('\x01DEMO-CQC,1,valid,\nDEMO-CQC,2,withdrawn,2026-03-01\nDEMO-ISO,3,suspended,2026-05-01\r\n\n'));
put('register', 'header', Buffer.from('\x03issuer,cert,status,since\nA,"x,1",withdrawn,2020-01-01\n'));

// The scanner: the undamaged code (mode 1, no changes) and a raw 64-pixel-wide gradient.
put('scan', 'clean-code', Buffer.from([1]));
put('scan', 'gradient', Buffer.concat([Buffer.from([0, 0, 63]), Buffer.from(Array.from({ length: 64 * 48 }, (_, i) => (i * 7) & 255))]));

// Deltas: an index (mode 0, after its magic), and a delta (mode 1) from its sequence on:
// day 20,001, C1 withdrawn, C2 (suspended) valid again, a new certificate suspended.
const u = (n, bytes) => Buffer.from(BigInt(n).toString(16).padStart(bytes * 2, '0'), 'hex');
const named = (name) => Buffer.concat([u(name.length, 1), Buffer.from(name)]);
put('deltas', 'index', Buffer.concat([
  u(0, 1), u(10, 8), u(2_000_000, 4), named('revocations.bin'), u(2, 2),
  Buffer.alloc(32, 7), u(13_121, 4), named('delta-9.bin'), Buffer.alloc(32, 8), u(13_121, 4), named('delta-10.bin'),
]));
put('deltas', 'delta', Buffer.concat([
  u(1, 1), u(5, 8), Buffer.alloc(32, 5), u(20_001, 4), u(20_001, 4), u(3, 4),
  u(1, 8), u(1, 1), u(20_001, 4), u(2, 8), u(0, 1), u(0, 4), u(1000, 8), u(0x82, 1), u(20_001, 4),
]));
