// QR decoding: certmark's scanner natively and as wasm, beside zxing-wasm (the zxing-cpp
// wasm build) and jsQR, over the same images in one run. For each decoder: photos read
// (expected text byte for byte) per set, the median of each photo's best-of-3 time, the
// time for 1280x720 camera frames with and without a code, and the gzip size of what a
// browser downloads for it.
// Usage: scripts/bench-scan.sh   (builds first; QR_PHOTOS=DIR to point at other photos)
// The synthetic set is reported in its own column and left out of the median.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import init, { scanRgba } from '../www/pkg/certmark_scan.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PHOTOS = process.env.QR_PHOTOS || path.resolve(ROOT, '../shared/qr-photos');
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Images: every set in PHOTOS, the synthetic photos of demo marks (SYNTH_PHOTOS, made by
// examples/synth_photos.rs), then two camera frames made here.
const setDirs = fs.readdirSync(PHOTOS).filter((d) => fs.statSync(path.join(PHOTOS, d)).isDirectory()).sort()
  .map((d) => [d, path.join(PHOTOS, d)]);
if (process.env.SYNTH_PHOTOS) setDirs.push(['synthetic', process.env.SYNTH_PHOTOS]);
const images = [];
for (const [set, dir] of setDirs) {
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort()) {
    const txt = path.join(dir, f.replace(/\.png$/, '.txt'));
    if (!fs.existsSync(txt)) continue;
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, f)));
    images.push({ set, name: `${set}/${f}`, file: path.join(dir, f), expected: fs.readFileSync(txt, 'utf8'), ...pick(png) });
  }
}
function pick({ width, height, data }) {
  return { width, height, rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

// A 1280x720 camera-like frame: uneven light, sensor noise, and the demo mark's QR at
// 4 px a module; without the code, the same QR with its finder patterns erased, so the
// frame is as busy with edges but holds no code.
function frame(withCode) {
  const w = 1280, h = 720, rgba = new Uint8ClampedArray(w * h * 4);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
  const light = (x, y) => 0.75 + 0.25 * Math.sin(x / 300) * Math.cos(y / 200);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const v = 150 * light(x, y) + (rnd() - 0.5) * 12;
    rgba.set([v, v, v, 255], (y * w + x) * 4);
  }
  const qr = PNG.sync.read(fs.readFileSync(path.join(ROOT, 'demo/valid-ccc.png')));
  const mw = moduleWidth(qr), scale = 4 / mw;
  const dark = (x, y) => {
    const [fx, fy] = [Math.floor(x / scale), Math.floor(y / scale)];
    if (!withCode) {
      // The quiet zone is 4 modules; finders are the 7x7 squares at three corners.
      const q = 4 * mw, f = 7 * mw, size = qr.width - 2 * q;
      const inF = (a, b) => a >= q && a < q + f && b >= q && b < q + f;
      if (inF(fx, fy) || inF(fx - size + f, fy) || inF(fx, fy - size + f)) return false;
    }
    return qr.data[(fy * qr.width + fx) * 4] < 128;
  };
  const sw = Math.round(qr.width * scale), sh = Math.round(qr.height * scale);
  const ox = (w - sw) >> 1, oy = (h - sh) >> 1;
  for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) {
    const v = (dark(x, y) ? 35 : 215) * light(ox + x, oy + y) + (rnd() - 0.5) * 12;
    rgba.set([v, v, v, 255], ((oy + y) * w + ox + x) * 4);
  }
  return { width: w, height: h, rgba };
}
// Width of the top-left finder's outer dark run on its middle row, divided by 7.
function moduleWidth(png) {
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) {
    if (png.data[(y * png.width + x) * 4] < 128) {
      let n = 0;
      while (png.data[(y * png.width + x + n) * 4] < 128) n++;
      return n / 7;
    }
  }
  return 1;
}
const demoText = fs.readFileSync(path.join(ROOT, 'demo/valid-ccc.link'), 'utf8').trim();
const frames = [
  { name: '1280x720 frame with a mark', expected: demoText, ...frame(true) },
  { name: '1280x720 frame, no code', expected: null, ...frame(false) },
];

// Native: the Rust example over the same photos and frames (written out as PNG).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scan-'));
frames.forEach((f, i) => {
  const png = new PNG({ width: f.width, height: f.height });
  png.data.set(f.rgba);
  fs.writeFileSync(path.join(tmp, `frame${i}.png`), PNG.sync.write(png));
  fs.writeFileSync(path.join(tmp, `frame${i}.txt`), f.expected ?? '');
});
const sets = setDirs.map(([s]) => s);
const nativeOut = execFileSync(path.join(ROOT, 'target/release/examples/scan_photos'),
  ['--json', ...setDirs.map(([, d]) => d), tmp], { encoding: 'utf8' });
const native = new Map(nativeOut.trim().split('\n').map((l) => JSON.parse(l)).map((r) => [path.resolve(r.photo), r]));

await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'www/pkg/certmark_scan_bg.wasm')) });
const zxingWasm = path.join(ROOT, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
prepareZXingModule({ overrides: { wasmBinary: fs.readFileSync(zxingWasm).buffer }, fireImmediately: true });
const zxingOptions = { formats: ['QRCode'] };

const decoders = [
  { name: 'certmark (wasm)', size: gz(path.join(ROOT, 'www/pkg/certmark_scan_bg.wasm')) + gz(path.join(ROOT, 'www/pkg/certmark_scan.js')),
    read: async (img) => scanRgba(new Uint8Array(img.rgba.buffer, img.rgba.byteOffset, img.rgba.length), img.width, img.height) },
  { name: 'zxing-wasm 3.1.4 (reader, QRCode only)', size: gz(zxingWasm) + gz(path.join(ROOT, 'node_modules/zxing-wasm/dist/iife/reader/index.js')),
    read: async (img) => (await readBarcodes({ data: img.rgba, width: img.width, height: img.height }, zxingOptions)).filter((r) => r.isValid).map((r) => r.text) },
  { name: 'jsQR 1.4.0', size: gz(path.join(ROOT, 'node_modules/jsqr/dist/jsQR.js')),
    read: async (img) => { const r = jsQR(img.rgba, img.width, img.height); return r ? [r.data] : []; } },
];

async function time(d, img) {
  let best = Infinity, out = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    out = await d.read(img);
    best = Math.min(best, performance.now() - t);
  }
  return { ok: out.includes(img.expected), ms: best };
}

const rows = [];
const nativeRow = { name: 'certmark (native)', per: {}, times: [], frames: [], size: null };
for (const img of images) {
  const r = native.get(path.resolve(img.file));
  nativeRow.per[img.set] = (nativeRow.per[img.set] || 0) + (r.ok ? 1 : 0);
  if (img.set !== 'synthetic') nativeRow.times.push(r.ms);
}
frames.forEach((f, i) => nativeRow.frames.push(native.get(path.resolve(path.join(tmp, `frame${i}.png`)))));
rows.push(nativeRow);
for (const d of decoders) {
  for (const img of images.slice(0, 10)) await d.read(img); // warm-up
  const row = { name: d.name, per: {}, times: [], frames: [], size: d.size };
  for (const img of images) {
    const r = await time(d, img);
    row.per[img.set] = (row.per[img.set] || 0) + (r.ok ? 1 : 0);
    if (img.set !== 'synthetic') row.times.push(r.ms);
  }
  for (const f of frames) row.frames.push(await time(d, f));
  rows.push(row);
}
fs.rmSync(tmp, { recursive: true });

const total = Object.fromEntries(sets.map((s) => [s, images.filter((i) => i.set === s).length]));
const all = images.filter((i) => i.set !== 'synthetic').length;
const real = (r) => Object.entries(r.per).filter(([s]) => s !== 'synthetic').reduce((a, [, n]) => a + n, 0);
console.log(`QR decoding, ${all} photos from ${PHOTOS}${process.env.SYNTH_PHOTOS ? ` and ${total.synthetic} synthetic ones` : ''}; ${os.cpus().length} cores, ${os.cpus()[0].model}; Node ${process.version}`);
console.log(`| decoder | ${sets.map((s) => `${s} (/${total[s]})`).join(' | ')} | real photos read /${all} | median ms/real photo | ${frames.map((f) => `${f.name} ms`).join(' | ')} | gzip KB |`);
console.log(`|---|${sets.map(() => '---|').join('')}---|---|${frames.map(() => '---|').join('')}---|`);
for (const r of rows) {
  const read = real(r);
  const fr = r.frames.map((f) => `${f.ms.toFixed(2)}${f.ok || frames[r.frames.indexOf(f)].expected === null ? '' : ' (not read)'}`);
  console.log(`| ${r.name} | ${sets.map((s) => r.per[s] || 0).join(' | ')} | ${read} | ${median(r.times).toFixed(2)} | ${fr.join(' | ')} | ${r.size === null ? '-' : (r.size / 1024).toFixed(1)} |`);
}
