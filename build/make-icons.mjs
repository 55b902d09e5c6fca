// Draws the Fieldlink icon and writes every file the packagers want, with Node alone (no image tools needed):
//   build/icon.png            512x512, the window icon and electron-builder's source
//   build/icons/NxN.png       Linux sizes (AppImage, deb)
//   build/icon.ico            Windows (PNG-compressed entries, Vista and later)
//   build/icon.icns           macOS (PNG-compressed entries ic07..ic10)
// Run: node build/make-icons.mjs   (the outputs are committed; rerun only to change the design)
//
// The design: a teal rounded square with a leader node linked to three followers, drawn as signed distance fields
// so every size is anti-aliased without supersampling.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------------------------
// PNG encoding

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing (coordinates in a 0..1 square)

const sdRoundedSquare = (x, y, half, radius) => {
  const qx = Math.abs(x - 0.5) - half + radius;
  const qy = Math.abs(y - 0.5) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const sdCircle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const sdSegment = (x, y, ax, ay, bx, by, r) => {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h) - r;
};

const leader = [0.5, 0.34];
const followers = [
  [0.28, 0.68],
  [0.5, 0.74],
  [0.72, 0.68],
];

function draw(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const px = 1 / size; // one pixel in unit coordinates, for anti-aliasing
  const cover = (d) => Math.max(0, Math.min(1, 0.5 - d / px));
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) / size;
      const y = (j + 0.5) / size;
      const bg = cover(sdRoundedSquare(x, y, 0.46, 0.1));
      // Vertical gradient, deep teal to teal.
      const t = y;
      let r = 15 + (20 - 15) * t;
      let g = 118 + (184 - 118) * t;
      let b = 110 + (166 - 110) * t;
      // Links, then nodes: white, the leader larger with a teal core so it reads as "the one".
      let ink = 0;
      for (const [fx, fy] of followers) ink = Math.max(ink, cover(sdSegment(x, y, leader[0], leader[1], fx, fy, 0.022)));
      for (const [fx, fy] of followers) ink = Math.max(ink, cover(sdCircle(x, y, fx, fy, 0.075)));
      ink = Math.max(ink, cover(sdCircle(x, y, leader[0], leader[1], 0.11)));
      r += (255 - r) * ink;
      g += (255 - g) * ink;
      b += (255 - b) * ink;
      const core = cover(sdCircle(x, y, leader[0], leader[1], 0.05));
      r += (15 - r) * core;
      g += (118 - g) * core;
      b += (110 - b) * core;
      const o = (j * size + i) * 4;
      rgba[o] = Math.round(r);
      rgba[o + 1] = Math.round(g);
      rgba[o + 2] = Math.round(b);
      rgba[o + 3] = Math.round(255 * bg);
    }
  }
  return encodePng(size, rgba);
}

// ---------------------------------------------------------------------------------------------------------------
// Containers

function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const png = Object.fromEntries(sizes.map((s) => [s, draw(s)]));

writeFileSync(path.join(here, 'icon.png'), png[512]);
mkdirSync(path.join(here, 'icons'), { recursive: true });
for (const s of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(path.join(here, 'icons', `${s}x${s}.png`), png[s]);
writeFileSync(path.join(here, 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 128, 256].map((s) => ({ size: s, png: png[s] }))));
writeFileSync(
  path.join(here, 'icon.icns'),
  encodeIcns([
    { type: 'ic07', png: png[128] },
    { type: 'ic08', png: png[256] },
    { type: 'ic09', png: png[512] },
    { type: 'ic10', png: png[1024] },
  ]),
);
console.log('Wrote build/icon.png, build/icons/*.png, build/icon.ico, build/icon.icns');
