// Reads [{data: hex, ecc, mask?, minVersion?}, …] as JSON on stdin and writes, per item, the
// JS encoder's {version, mask, penalty, rows} (rows: one string of 0/1 per module row) for
// tests/qr/test_qr.py to compare with Python's qrcode.
import { encodeQr, penalty } from '../../ballot_service/web/static/js/qr.js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = items.map(({ data, ecc, mask = null, minVersion = 1 }) => {
  const symbol = encodeQr(Uint8Array.from(Buffer.from(data, 'hex')), { ecc, mask, minVersion });
  return {
    version: symbol.version,
    mask: symbol.mask,
    penalty: penalty(symbol.modules),
    rows: symbol.modules.map((row) => row.map((dark) => (dark ? '1' : '0')).join('')),
  };
});
process.stdout.write(JSON.stringify(out));
