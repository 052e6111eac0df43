// The card's ID (docs/PROTOCOL.md §6.1), printed on the card and typed to void a spare: the first
// 8 characters of the short code of X. Mirrors card_id in ballot_service/cardtool/tokens.py.
import { shortCode } from './device/ballot.js';

/** The card's ID on the sheet and the void page: the short code of X, first 8 characters. */
export function cardId(publicKey) {
  return shortCode(publicKey).slice(0, 9);
}
