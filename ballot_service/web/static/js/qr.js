// A QR code encoder (ISO/IEC 18004:2015), the project's own: byte mode only, error correction
// L, M, Q or H, the smallest version 1–40 that holds the data, and the mask chosen by the
// standard's penalty rules (§7.8.3). Used for the ballot cards (https://<hall>/vote/<poll>#<token>)
// in the committee's browser; the Python side prints the same symbols with the `qrcode` package
// (tests/qr cross-checks the two, module for module).
//
//   encodeQr(data, {ecc: 'M'}) → {version, ecc, mask, size, modules}   modules[y][x], true = dark
//   qrSvg(symbol, {border: 4}) → an SVG string, one path, no script, no style attribute

export class QrError extends Error {}

// Error correction level → the two format bits (Table 12) and its row in the block tables.
const LEVELS = { L: [1, 0], M: [0, 1], Q: [3, 2], H: [2, 3] };

// Table 9: error correction codewords per block, by level row (L, M, Q, H) and version 1–40.
const EC_PER_BLOCK = [
  [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
    28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
    26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
    28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
    30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];

// Table 9: number of error correction blocks, same layout.
const BLOCKS = [
  [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
    8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
    17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
    23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
    25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];

const MIN_VERSION = 1;
const MAX_VERSION = 40;

/** The modules of a version that carry codewords (all but the function patterns and the
 * format and version information). */
function dataModules(version) {
  const size = 4 * version + 17;
  // finders with separators (3 × 64), timing (2 × (size − 16)), format (31, the dark module too)
  let count = size * size - 3 * 64 - 2 * (size - 16) - 31;
  if (version >= 2) {
    const n = Math.floor(version / 7) + 2;
    // n² − 3 alignment patterns of 25, less the 5 modules of each already counted in timing
    count -= 25 * (n * n - 3) - 10 * (n - 2);
  }
  if (version >= 7) count -= 36;
  return count;
}

function totalCodewords(version) {
  return Math.floor(dataModules(version) / 8);
}

function blockLayout(version, ecc) {
  const row = LEVELS[ecc][1];
  return { ec: EC_PER_BLOCK[row][version - 1], blocks: BLOCKS[row][version - 1] };
}

/** Data codewords a version holds at this level. */
export function dataCapacity(version, ecc) {
  const { ec, blocks } = blockLayout(version, ecc);
  return totalCodewords(version) - ec * blocks;
}

function countBits(version) {
  return version <= 9 ? 8 : 16;
}

// --- Reed–Solomon over GF(256), primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) ---

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let value = 1;
  for (let i = 0; i < 255; i += 1) {
    EXP[i] = value;
    LOG[value] = i;
    value <<= 1;
    if (value & 0x100) value ^= 0x11d;
  }
  for (let i = 255; i < 512; i += 1) EXP[i] = EXP[i - 255];
}

function gfMul(a, b) {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** Generator polynomial ∏_{i<n} (x − α^i), coefficients from x^n down, leading 1 dropped. */
function generator(n) {
  let poly = [1];
  for (let i = 0; i < n; i += 1) {
    const next = new Array(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j += 1) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMul(poly[j], EXP[i]);
    }
    poly = next;
  }
  return poly.slice(1);
}

function errorCorrection(data, n) {
  const gen = generator(n);
  const rest = new Array(n).fill(0);
  for (const byte of data) {
    const factor = byte ^ rest.shift();
    rest.push(0);
    for (let i = 0; i < n; i += 1) rest[i] ^= gfMul(gen[i], factor);
  }
  return rest;
}

// --- codewords ---

function dataCodewords(bytes, version, ecc) {
  const capacity = dataCapacity(version, ecc);
  const bits = [];
  const put = (value, length) => {
    for (let i = length - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4); // byte mode
  put(bytes.length, countBits(version));
  for (const byte of bytes) put(byte, 8);
  put(0, Math.min(4, capacity * 8 - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const words = [];
  for (let i = 0; i < bits.length; i += 8) {
    words.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  }
  for (let pad = 0; words.length < capacity; pad ^= 1) words.push(pad ? 0x11 : 0xec);
  return words;
}

/** Split into blocks (the shorter ones first), add each block's EC codewords, interleave. */
function finalCodewords(data, version, ecc) {
  const { ec, blocks } = blockLayout(version, ecc);
  const total = totalCodewords(version);
  const longBlocks = total % blocks;
  const shortData = Math.floor(total / blocks) - ec;
  const dataBlocks = [];
  let at = 0;
  for (let b = 0; b < blocks; b += 1) {
    const length = shortData + (b >= blocks - longBlocks ? 1 : 0);
    dataBlocks.push(data.slice(at, at + length));
    at += length;
  }
  const out = [];
  for (let i = 0; i <= shortData; i += 1) {
    for (const block of dataBlocks) if (i < block.length) out.push(block[i]);
  }
  const ecBlocks = dataBlocks.map((block) => errorCorrection(block, ec));
  for (let i = 0; i < ec; i += 1) for (const block of ecBlocks) out.push(block[i]);
  return out;
}

// --- the symbol ---

/** Centre coordinates of the alignment patterns (Annex E). */
export function alignmentPositions(version) {
  if (version === 1) return [];
  const size = 4 * version + 17;
  const n = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((size - 13) / (n - 1) / 2) * 2;
  const positions = [6];
  for (let i = n - 2; i >= 0; i -= 1) positions.push(size - 7 - i * step);
  return positions;
}

function bch(value, poly, polyBits) {
  let rest = value << (polyBits - 1);
  for (let bit = 31; bit >= polyBits - 1; bit -= 1) {
    if ((rest >>> bit) & 1) rest ^= poly << (bit - polyBits + 1);
  }
  return (value << (polyBits - 1)) | rest;
}

/** The 15 format bits (§7.9): level and mask, BCH(15,5), XOR 101010000010010. */
export function formatBits(ecc, mask) {
  return bch((LEVELS[ecc][0] << 3) | mask, 0x537, 11) ^ 0x5412;
}

/** The 18 version bits (§7.10), versions 7 and up: BCH(18,6). */
export function versionBits(version) {
  return bch(version, 0x1f25, 13);
}

const MASKS = [
  (y, x) => (y + x) % 2 === 0,
  (y) => y % 2 === 0,
  (_y, x) => x % 3 === 0,
  (y, x) => (y + x) % 3 === 0,
  (y, x) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
  (y, x) => ((y * x) % 2) + ((y * x) % 3) === 0,
  (y, x) => (((y * x) % 2) + ((y * x) % 3)) % 2 === 0,
  (y, x) => (((y + x) % 2) + ((y * x) % 3)) % 2 === 0,
];

class Matrix {
  constructor(version) {
    this.version = version;
    this.size = 4 * version + 17;
    this.dark = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    this.fixed = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
  }

  set(x, y, dark) {
    this.dark[y][x] = dark;
    this.fixed[y][x] = true;
  }

  drawFunctionPatterns() {
    const { size } = this;
    for (let i = 0; i < size; i += 1) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
      for (let dy = -4; dy <= 4; dy += 1) {
        for (let dx = -4; dx <= 4; dx += 1) {
          const x = cx + dx;
          const y = cy + dy;
          if (x < 0 || y < 0 || x >= size || y >= size) continue;
          const ring = Math.max(Math.abs(dx), Math.abs(dy));
          this.set(x, y, ring !== 2 && ring !== 4);
        }
      }
    }
    const centres = alignmentPositions(this.version);
    const last = centres.length - 1;
    centres.forEach((cy, i) => {
      centres.forEach((cx, j) => {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
        for (let dy = -2; dy <= 2; dy += 1) {
          for (let dx = -2; dx <= 2; dx += 1) {
            this.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
          }
        }
      });
    });
    this.drawFormat(0); // reserve the areas; drawn again once the mask is known
    if (this.version >= 7) {
      const bits = versionBits(this.version);
      for (let i = 0; i < 18; i += 1) {
        const dark = ((bits >>> i) & 1) === 1;
        const a = size - 11 + (i % 3);
        const b = Math.floor(i / 3);
        this.set(a, b, dark);
        this.set(b, a, dark);
      }
    }
  }

  drawFormat(bits) {
    const { size } = this;
    const bit = (i) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i += 1) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i += 1) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i += 1) this.set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i += 1) this.set(8, size - 15 + i, bit(i));
    this.set(8, size - 8, true); // the dark module
  }

  /** Place the codewords' bits in the two-module-wide zigzag from the bottom right (§7.7.3). */
  drawCodewords(codewords) {
    const { size } = this;
    let i = 0;
    const total = codewords.length * 8;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      const upward = ((right + 1) & 2) === 0;
      for (let step = 0; step < size; step += 1) {
        const y = upward ? size - 1 - step : step;
        for (let x = right; x >= right - 1; x -= 1) {
          if (this.fixed[y][x]) continue;
          if (i < total) this.dark[y][x] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
          i += 1;
        }
      }
    }
  }

  masked(mask, ecc) {
    const copy = new Matrix(this.version);
    copy.fixed = this.fixed;
    copy.dark = this.dark.map((row, y) =>
      row.map((dark, x) => (this.fixed[y][x] ? dark : dark !== MASKS[mask](y, x))),
    );
    copy.drawFormat(formatBits(ecc, mask));
    return copy;
  }
}

// --- mask evaluation (§7.8.3, Table 11) ---

function linePenalty(line) {
  let score = 0;
  let run = 1;
  for (let i = 1; i <= line.length; i += 1) {
    if (i < line.length && line[i] === line[i - 1]) {
      run += 1;
    } else {
      if (run >= 5) score += 3 + (run - 5); // N1
      run = 1;
    }
  }
  // N3: 1:1:3:1:1 (dark light dark dark dark light dark) with four light modules on one side;
  // the quiet zone beyond the symbol counts as light.
  const padded = [0, 0, 0, 0, ...line.map((d) => (d ? 1 : 0)), 0, 0, 0, 0].join('');
  for (const pattern of ['10111010000', '00001011101']) {
    for (let at = padded.indexOf(pattern); at >= 0; at = padded.indexOf(pattern, at + 1)) {
      score += 40;
    }
  }
  return score;
}

/** The penalty score N1 + N2 + N3 + N4 of a finished symbol (modules[y][x], true = dark). */
export function penalty(modules) {
  const size = modules.length;
  let score = 0;
  let dark = 0;
  for (let y = 0; y < size; y += 1) {
    score += linePenalty(modules[y]);
    score += linePenalty(modules.map((row) => row[y]));
    for (let x = 0; x < size; x += 1) {
      if (modules[y][x]) dark += 1;
      if (
        x + 1 < size &&
        y + 1 < size &&
        modules[y][x] === modules[y][x + 1] &&
        modules[y][x] === modules[y + 1][x] &&
        modules[y][x] === modules[y + 1][x + 1]
      ) {
        score += 3; // N2
      }
    }
  }
  const total = size * size;
  score += 10 * Math.floor(Math.abs(20 * dark - 10 * total) / total); // N4: each 5 % from 50 %
  return score;
}

// --- the public interface ---

function toBytes(data) {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  throw new QrError('QR data: expected a string or bytes');
}

/** The smallest version at or above minVersion whose capacity holds the data. */
export function chooseVersion(length, ecc, { minVersion = MIN_VERSION } = {}) {
  for (let version = minVersion; version <= MAX_VERSION; version += 1) {
    const needed = 4 + countBits(version) + 8 * length;
    if (needed <= dataCapacity(version, ecc) * 8) return version;
  }
  throw new QrError(`QR data: ${length} bytes do not fit in a version ${MAX_VERSION} symbol`);
}

/**
 * Encode data (a string, as UTF-8, or bytes) in byte mode.
 * Returns {version, ecc, mask, size, modules}: modules[y][x] is true for a dark module.
 * `mask` forces a mask pattern (0–7) instead of the one with the lowest penalty.
 */
export function encodeQr(data, { ecc = 'M', minVersion = MIN_VERSION, mask = null } = {}) {
  if (!Object.hasOwn(LEVELS, ecc)) throw new QrError(`QR error correction level: ${ecc}?`);
  if (!Number.isInteger(minVersion) || minVersion < MIN_VERSION || minVersion > MAX_VERSION) {
    throw new QrError(`QR version: ${minVersion} is not between 1 and 40`);
  }
  if (mask !== null && !(Number.isInteger(mask) && mask >= 0 && mask <= 7)) {
    throw new QrError(`QR mask: ${mask} is not between 0 and 7`);
  }
  const bytes = toBytes(data);
  const version = chooseVersion(bytes.length, ecc, { minVersion });
  const base = new Matrix(version);
  base.drawFunctionPatterns();
  base.drawCodewords(finalCodewords(dataCodewords(bytes, version, ecc), version, ecc));
  let best = null;
  for (const candidate of mask === null ? [0, 1, 2, 3, 4, 5, 6, 7] : [mask]) {
    const symbol = base.masked(candidate, ecc);
    const score = penalty(symbol.dark);
    if (best === null || score < best.score) best = { mask: candidate, score, symbol };
  }
  return {
    version,
    ecc,
    mask: best.mask,
    size: base.size,
    modules: best.symbol.dark,
  };
}

/**
 * An SVG rendering of an encoded symbol: one path of unit squares on a light background, with
 * `border` light modules of quiet zone (4 by the standard). `label` becomes the accessible name.
 */
export function qrSvg(symbol, { border = 4, label = '' } = {}) {
  const side = symbol.size + 2 * border;
  const parts = [];
  symbol.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x += 1) {
      if (!row[x]) continue;
      let run = 1;
      while (x + run < row.length && row[x + run]) run += 1;
      parts.push(`M${x + border} ${y + border}h${run}v1h-${run}z`);
      x += run - 1;
    }
  });
  const escaped = label.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" ` +
    `shape-rendering="crispEdges" role="img"${label ? ` aria-label="${escaped}"` : ''}>` +
    `<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path d="${parts.join('')}" fill="#000"/></svg>`
  );
}
