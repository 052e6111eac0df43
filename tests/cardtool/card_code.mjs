// Reads {tokens: [hex…], publics: [hex…], typed: [text…]} on stdin; writes the JS side's token
// texts, card IDs and parsed typed tokens (hex, or null when refused) for test_tokens.py.
import { groupToken, parseToken, tokenText } from '../../ballot_service/web/static/js/card_code.js';
import { cardId } from '../../ballot_service/web/static/js/card_id.js';
import { bytesToHex, hexToBytes } from '../../ballot_service/web/static/js/device/group.js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const parsed = (text) => {
  try {
    return bytesToHex(parseToken(text));
  } catch {
    return null;
  }
};
process.stdout.write(
  JSON.stringify({
    texts: input.tokens.map((t) => tokenText(hexToBytes(t))),
    grouped: input.tokens.map((t) => groupToken(tokenText(hexToBytes(t)))),
    ids: input.publics.map((p) => cardId(hexToBytes(p))),
    typed: input.typed.map(parsed),
  }),
);
