// The card token as a tablet reads it: in the card URL's fragment (/vote/<poll>#<token>) or typed
// from the card. Accepted: 32 hexadecimal digits (the URL's form), or the 26 Crockford base32
// characters of the same 128 bits (most significant first, the first character 0–7); spaces and
// dashes between groups are ignored, and so is case (I and L read as 1, O as 0). Returns the
// token as 32 lowercase hex digits; throws an Error otherwise.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function parseCardToken(text) {
  const compact = String(text ?? '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  if (/^[0-9A-F]{32}$/.test(compact)) return compact.toLowerCase();
  const read = compact.replace(/[IL]/g, '1').replace(/O/g, '0');
  if (read.length === 26 && [...read].every((ch) => CROCKFORD.includes(ch))) {
    let n = 0n;
    for (const ch of read) n = (n << 5n) | BigInt(CROCKFORD.indexOf(ch));
    if (n >> 128n === 0n) return n.toString(16).padStart(32, '0');
  }
  throw new Error('not a ballot card code');
}
