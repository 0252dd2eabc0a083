// Makes Y4M videos (4:2:0, as Chromium's fake camera requires) from demo QR images,
// drawn by Chromium itself so no image library is needed.

import { readFileSync, writeFileSync } from 'node:fs';

/** Writes a Y4M at `out` showing each PNG in turn for `framesEach` frames (null: a blank
 * white frame, as when the camera moves between items). */
export async function makeY4m(browser, pngs, out, { width = 640, height = 480, framesEach = 15 } = {}) {
  const page = await browser.newPage();
  const planes = [];
  for (const png of pngs) {
    const b64 = png ? readFileSync(png).toString('base64') : null;
    const y = await page.evaluate(async ({ b64, width, height }) => {
      const c = document.createElement('canvas');
      c.width = width;
      c.height = height;
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      if (b64) {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const side = Math.min(width, height) - 40;
        ctx.drawImage(img, (width - side) / 2, (height - side) / 2, side, side);
      }
      const rgba = ctx.getImageData(0, 0, width, height).data;
      const luma = new Uint8Array(width * height);
      for (let i = 0; i < luma.length; i++) {
        luma[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
      }
      let bin = '';
      for (let i = 0; i < luma.length; i += 8192) bin += String.fromCharCode.apply(null, luma.subarray(i, i + 8192));
      return btoa(bin);
    }, { b64, width, height });
    planes.push(Buffer.from(y, 'base64'));
  }
  await page.close();
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`)];
  for (const y of planes) {
    for (let f = 0; f < framesEach; f++) parts.push(Buffer.from('FRAME\n'), y, chroma);
  }
  writeFileSync(out, Buffer.concat(parts));
}
