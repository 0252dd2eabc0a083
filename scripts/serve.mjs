// A small static server for www/ on 127.0.0.1: the right types (application/wasm), gzip,
// and the same strict Content-Security-Policy the page declares. Files under /embed/ (the
// badge and package other sites load) are also served to other origins (CORS), as a
// cross-origin module script and its wasm must be. Node built-ins only.
// Usage: node scripts/serve.mjs [DIR]   (PORT=8080 by default)
//        import { serve } from './serve.mjs'; const server = await serve('www', 0, { csp });

import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.sig': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
};

export const CSP = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' blob:",
  "media-src 'self' blob: mediastream:", "connect-src 'self'", "worker-src 'self'", "manifest-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const compressed = new Map(); // file -> { mtimeMs, size, body }: compressed once, as a real site would

/** A file's bytes, gzipped if asked (kept until the file changes). */
async function content(file, gzip) {
  if (!gzip) return readFile(file);
  const { mtimeMs, size } = await stat(file);
  const hit = compressed.get(file);
  if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.body;
  const body = gzipSync(await readFile(file), { level: 9 });
  compressed.set(file, { mtimeMs, size, body });
  return body;
}

/** Starts serving `dir` on 127.0.0.1:`port` (0 picks a free port) with the policy `csp`
 * (by default the verifier's); `mounts` maps a path prefix (`/trust/`) to another
 * directory served in its place; `clock` (a Date) is the time the server's `Date` header
 * says, for tests of a device whose clock is off (a browser's own clock cannot be set
 * through WebDriver). Resolves to the server. */
export function serve(dir, port, { csp = CSP, mounts = {}, clock } = {}) {
  const top = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    };
    if (clock) headers.Date = clock.toUTCString();
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw Object.assign(new Error(), { status: 405 });
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname.startsWith('/embed/')) {
        headers['Access-Control-Allow-Origin'] = '*';
        headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
      }
      const mount = Object.keys(mounts).find((prefix) => url.pathname.startsWith(prefix));
      const root = mount ? path.resolve(mounts[mount]) : top;
      const rest = mount ? url.pathname.slice(mount.length - 1) : url.pathname;
      let file = path.normalize(path.join(root, decodeURIComponent(rest)));
      if (file !== root && !file.startsWith(root + path.sep)) throw Object.assign(new Error(), { status: 403 });
      if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
      const type = TYPES[path.extname(file)];
      if (!type) throw Object.assign(new Error(), { status: 404 });
      const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '') && !type.startsWith('image/png');
      // A validator, as real servers send: a revalidation of an unchanged file (the
      // service worker's, say) costs a 304 and no body.
      const { mtimeMs, size } = await stat(file);
      headers.ETag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
      if (req.headers['if-none-match'] === headers.ETag) {
        res.writeHead(304, headers);
        res.end();
        server.emit('served', url.pathname, 0);
        return;
      }
      const body = await content(file, gzip);
      headers['Content-Type'] = type;
      if (gzip) {
        headers['Content-Encoding'] = 'gzip';
        headers['Vary'] = 'Accept-Encoding';
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      server.emit('served', url.pathname, body.length);
    } catch (e) {
      const status = e.status || (e.code === 'ENOENT' ? 404 : 500);
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${status}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = process.argv[2] || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'www');
  const server = await serve(dir, Number(process.env.PORT || 8080));
  const { port } = server.address();
  console.log(`certmark verifier: http://127.0.0.1:${port}/  (Ctrl-C to stop)`);
}
