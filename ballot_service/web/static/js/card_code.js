// The card token as text (docs/PROTOCOL.md §6.1), the one reader and writer of it in the browser:
// the cards page writes it, the voting page reads it from the card URL or as typed. Mirrors
// ballot_service/cardtool/tokens.py.
//   token t (16 bytes) → 26 Crockford base32 characters of the 128-bit number t (big-endian);
//   the URL fragment carries the 26 characters, the card prints them in groups of 4.
//   Reading ignores case, spaces and dashes and takes I, L as 1 and O as 0; nothing else is a
//   token (no hexadecimal form).
// No libsodium here: the voting page loads this module on its main thread (the crypto runs in the
// Worker); the card ID, which needs the short code, is in card_id.js.
import { MalformedInput } from './device/errors.js';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TOKEN_CHARS = 26;
const TOKEN_BYTES = 16;

/** The 26 characters of the token, as in the card's URL fragment. */
export function tokenText(token) {
  if (!(token instanceof Uint8Array) || token.length !== TOKEN_BYTES) {
    throw new MalformedInput(`card token: expected ${TOKEN_BYTES} bytes`);
  }
  let n = 0n;
  for (const byte of token) n = (n << 8n) | BigInt(byte);
  let text = '';
  for (let k = TOKEN_CHARS - 1; k >= 0; k -= 1) text += ALPHABET[Number((n >> BigInt(5 * k)) & 31n)];
  return text;
}

/** The token text in groups of 4 (the last of 2), as printed for typing. */
export function groupToken(text) {
  const groups = [];
  for (let k = 0; k < text.length; k += 4) groups.push(text.slice(k, k + 4));
  return groups.join('-');
}

/** The token a typed or scanned text names; MalformedInput if it names none. */
export function parseToken(text) {
  const compact = String(text)
    .replace(/[\s-]/g, '')
    .toUpperCase()
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (compact.length !== TOKEN_CHARS || [...compact].some((ch) => !ALPHABET.includes(ch))) {
    throw new MalformedInput(`card token: ${TOKEN_CHARS} Crockford base32 characters expected`);
  }
  let n = 0n;
  for (const ch of compact) n = (n << 5n) | BigInt(ALPHABET.indexOf(ch));
  if (n >> 128n) throw new MalformedInput('card token: the first character must be 0-7');
  const token = new Uint8Array(TOKEN_BYTES);
  for (let i = TOKEN_BYTES - 1; i >= 0; i -= 1) {
    token[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return token;
}
