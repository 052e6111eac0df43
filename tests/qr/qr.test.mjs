// node --test tests/qr — the QR encoder (static/js/qr.js) against the known answers printed in
// ISO/IEC 18004:2015 (format information, Annex C; version information, Annex D; alignment
// pattern positions, Annex E; capacities, Table 7) and its own invariants. The module-for-module
// comparison with Python's qrcode is in tests/qr/test_qr.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as Q from '../../ballot_service/web/static/js/qr.js';

test('format information: level M, mask 101 gives 100000011001110 (Annex C)', () => {
  assert.equal(Q.formatBits('M', 5), 0b100000011001110);
});

test('version information: version 7 gives 000111110010010100 (Annex D)', () => {
  assert.equal(Q.versionBits(7), 0b000111110010010100);
});

test('alignment pattern centres (Annex E, Table E.1)', () => {
  assert.deepEqual(Q.alignmentPositions(1), []);
  assert.deepEqual(Q.alignmentPositions(2), [6, 18]);
  assert.deepEqual(Q.alignmentPositions(7), [6, 22, 38]);
  assert.deepEqual(Q.alignmentPositions(10), [6, 28, 50]);
  assert.deepEqual(Q.alignmentPositions(32), [6, 34, 60, 86, 112, 138]);
  assert.deepEqual(Q.alignmentPositions(36), [6, 24, 50, 76, 102, 128, 154]);
  assert.deepEqual(Q.alignmentPositions(40), [6, 30, 58, 86, 114, 142, 170]);
});

test('byte-mode capacities (Table 7)', () => {
  // [version, level, bytes]: the largest byte-mode message of that version and level
  const table = [
    [1, 'L', 17], [1, 'M', 14], [1, 'Q', 11], [1, 'H', 7],
    [5, 'M', 84], [7, 'M', 122], [10, 'M', 213], [10, 'Q', 151],
    [40, 'L', 2953], [40, 'M', 2331], [40, 'H', 1273],
  ];
  for (const [version, ecc, bytes] of table) {
    assert.equal(Q.chooseVersion(bytes, ecc), version, `${bytes} bytes at ${ecc}`);
    if (version < 40) assert.equal(Q.chooseVersion(bytes + 1, ecc), version + 1);
  }
  assert.throws(() => Q.chooseVersion(2332, 'M'), Q.QrError);
});

test('a card URL makes a square symbol of 4v + 17 modules with its three finders', () => {
  const symbol = Q.encodeQr('https://hoitruong.local/vote/12#0123456789abcdefghjkmnpqrs');
  assert.equal(symbol.size, 4 * symbol.version + 17);
  assert.equal(symbol.modules.length, symbol.size);
  const finder = ['1111111', '1000001', '1011101', '1011101', '1011101', '1000001', '1111111'];
  const at = (x0, y0) =>
    finder.map((_, dy) =>
      symbol.modules[y0 + dy].slice(x0, x0 + 7).map((d) => (d ? '1' : '0')).join(''));
  assert.deepEqual(at(0, 0), finder);
  assert.deepEqual(at(symbol.size - 7, 0), finder);
  assert.deepEqual(at(0, symbol.size - 7), finder);
});

test('the chosen mask has the lowest penalty of the eight', () => {
  for (const text of ['a', 'https://hall/vote/1#x', 'Thẻ phiếu — ballot card', 'x'.repeat(200)]) {
    const chosen = Q.encodeQr(text);
    for (let mask = 0; mask < 8; mask += 1) {
      const other = Q.encodeQr(text, { mask });
      assert.ok(Q.penalty(chosen.modules) <= Q.penalty(other.modules), `${text} mask ${mask}`);
    }
  }
});

test('bad arguments are refused with a QrError', () => {
  assert.throws(() => Q.encodeQr('x', { ecc: 'X' }), Q.QrError);
  assert.throws(() => Q.encodeQr('x', { mask: 8 }), Q.QrError);
  assert.throws(() => Q.encodeQr('x', { minVersion: 41 }), Q.QrError);
  assert.throws(() => Q.encodeQr(42), Q.QrError);
});

test('the SVG has one path, no script and the accessible label escaped', () => {
  const svg = Q.qrSvg(Q.encodeQr('https://hall/vote/1#x'), { label: 'card <1> & "x"' });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 33 33"/);
  assert.equal(svg.match(/<path /g).length, 1);
  assert.ok(!/script|style=|on[a-z]+=/i.test(svg));
  assert.ok(svg.includes('aria-label="card &#60;1&#62; &#38; &#34;x&#34;"'));
});
