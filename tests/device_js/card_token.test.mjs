// The card token as the voting page reads it (static/js/card_token.js): 32 hex digits or the
// 26 Crockford base32 characters of the same 128 bits; anything else is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCardToken } from '../../ballot_service/web/static/js/card_token.js';

const HEX = '0123456789abcdef0011223344556677';

function crockford(hex) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let n = BigInt(`0x${hex}`);
  let out = '';
  for (let k = 0; k < 26; k++) {
    out = alphabet[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

test('hex tokens, with case, spaces and dashes', () => {
  assert.equal(parseCardToken(HEX), HEX);
  assert.equal(parseCardToken(HEX.toUpperCase()), HEX);
  assert.equal(parseCardToken('0123 4567-89AB cdef 0011 2233 4455 6677'), HEX);
});

test('Crockford base32 tokens, misread letters accepted', () => {
  const text = crockford(HEX);
  assert.equal(parseCardToken(text), HEX);
  assert.equal(parseCardToken(text.toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o')), HEX);
  assert.equal(parseCardToken(crockford('f'.repeat(32))), 'f'.repeat(32));
});

test('anything else is refused', () => {
  for (const bad of ['', 'abc', HEX.slice(1), `${HEX}0`, 'g'.repeat(32), `8${'0'.repeat(25)}`, 'U'.repeat(26)]) {
    assert.throws(() => parseCardToken(bad), /not a ballot card code/);
  }
});
