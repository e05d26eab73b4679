// Writes appPackage/color.png (192×192) and outline.png (32×32, transparent) without image tools.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
// Three linked circles: a cluster.
const dots = (s) =>
  [
    [0.5, 0.3],
    [0.3, 0.66],
    [0.7, 0.66],
  ].map(([x, y]) => [x * s, y * s]);
const inDot = (x, y, s, r) => dots(s).some(([cx, cy]) => (x - cx) ** 2 + (y - cy) ** 2 <= (r * s) ** 2);
writeFileSync(
  'appPackage/color.png',
  png(192, (x, y, s) => (inDot(x, y, s, 0.14) ? [255, 255, 255, 255] : [0, 92, 120, 255])),
);
writeFileSync(
  'appPackage/outline.png',
  png(32, (x, y, s) => (inDot(x, y, s, 0.16) ? [255, 255, 255, 255] : [0, 0, 0, 0])),
);
