// Writes name.br and name.gz beside every compressible file of a built front end, once at build time, so
// the server sends the smallest encoding the browser accepts without compressing on each request.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|map)$/;
// Below this the encoding headers cost about what compression saves.
const MIN_BYTES = 512;

export function precompressDir(dir) {
  const sizes = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      Object.assign(sizes, precompressDir(file));
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name) || statSync(file).size < MIN_BYTES) continue;
    const raw = readFileSync(file);
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gz);
    sizes[file] = { raw: raw.length, br: br.length, gz: gz.length };
  }
  return sizes;
}
