"""`ballot-cards REQUEST [--count N] [--spares N] [--out DIR] [--lang vi|en]`

Makes a poll's ballot cards on this machine, from the card request downloaded from the counting
committee's page (docs/PROTOCOL.md §6.1): a fresh random token per card, its public credential
X = x·B, and two files in DIR —

* cards-poll<ID>.html: the card sheet to print (A4; each card: QR of the card URL, the card
  code to type, the poll's title, the election fingerprint's short form, the card's number and
  ID). It holds the tokens: print it, then delete it.
* credentials-poll<ID>.json: the public credentials only; upload it on the committee page.

Exit status: 0 done; 2 bad arguments, an unreadable or invalid request file, or an output file
that exists already (never overwritten: its cards may be printed).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from ..crypto.credentials import Credential
from ..crypto.errors import MalformedInput
from .files import MAX_CARDS, credentials_dict, parse_request
from .sheet import Card, render_sheet

Lang = Literal["vi", "en"]

MESSAGES: dict[str, dict[Lang, str]] = {
    "unreadable": {
        "vi": "Không đọc được tệp yêu cầu thẻ phiếu {path}: {reason}",
        "en": "Cannot read the card request file {path}: {reason}",
    },
    "invalid": {
        "vi": (
            "Tệp {path} không phải là yêu cầu thẻ phiếu hợp lệ "
            "(tải lại từ trang của Ban kiểm phiếu): {reason}"
        ),
        "en": (
            "{path} is not a valid card request "
            "(download it again from the committee page): {reason}"
        ),
    },
    "count": {
        "vi": "Số thẻ (--count cộng --spares) phải từ 1 đến {max}, không phải {n}.",
        "en": "The number of cards (--count plus --spares) must be from 1 to {max}, not {n}.",
    },
    "exists": {
        "vi": (
            "Tệp {path} đã có; không ghi đè (thẻ của nó có thể đã được in). "
            "Chọn thư mục khác bằng --out."
        ),
        "en": (
            "{path} exists already; not overwritten (its cards may be printed). "
            "Choose another folder with --out."
        ),
    },
    "outdir": {
        "vi": "Không ghi được vào thư mục {path}: {reason}",
        "en": "Cannot write to the folder {path}: {reason}",
    },
    "done": {
        "vi": (
            "Đã làm {n} thẻ phiếu cho cuộc bỏ phiếu {poll} ({title}).\n"
            "1. Tải lên tệp {credentials} trên trang Thẻ phiếu của Ban kiểm phiếu.\n"
            "2. Khi đã tải lên, in tờ thẻ {sheet} (khổ A4), rồi xóa tệp này: nó chứa mã thẻ."
        ),
        "en": (
            "Made {n} ballot cards for poll {poll} ({title}).\n"
            "1. Upload {credentials} on the committee's Ballot cards page.\n"
            "2. Once uploaded, print the sheet {sheet} (A4), then delete it: "
            "it holds the card codes."
        ),
    },
}


def _say(key: str, lang: Lang, *, error: bool = False, **values: object) -> None:
    print(MESSAGES[key][lang].format(**values), file=sys.stderr if error else sys.stdout)


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ballot-cards",
        description=(
            "Make ballot cards on this machine from a poll's card request (request.json, "
            "downloaded from the committee's Ballot cards page). The card codes never leave "
            "this machine: upload only the credentials file. / Làm thẻ phiếu trên máy này từ "
            "tệp yêu cầu thẻ phiếu; chỉ tải lên tệp khóa công khai (credentials)."
        ),
        epilog="Exit status: 0 done, 2 bad arguments or request file.",
    )
    parser.add_argument("request", metavar="REQUEST", help="the card request file (request.json)")
    parser.add_argument(
        "--count",
        type=_non_negative,
        help="cards for the delegates (default: the delegates present, from the request)",
    )
    parser.add_argument(
        "--spares", type=_non_negative, default=0, help="spare cards added (default 0)"
    )
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="folder for the two files (default: here)"
    )
    parser.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the cards (default vi)"
    )
    return parser


def make_cards(
    fingerprint: bytes, n: int, *, rng: Callable[[int], bytes] = secrets.token_bytes
) -> list[Card]:
    """n cards: fresh 16-byte tokens t and X = x·B with x = H_"credential"(fp, t)."""
    cards = []
    for number in range(1, n + 1):
        token = rng(16)
        public = Credential.from_token(fingerprint, token).public.encode()
        cards.append(Card(number, token, public))
    return cards


def _write_new(path: Path, text: str) -> None:
    """Create the file (never overwrite), readable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tool; return the exit status (see the module docstring)."""
    args = _parser().parse_args(argv)
    lang: Lang = "en" if args.lang == "en" else "vi"
    try:
        raw = Path(args.request).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _say("unreadable", lang, error=True, path=args.request, reason=error)
        return 2
    try:
        request = parse_request(json.loads(raw))
    except (ValueError, MalformedInput) as error:
        _say("invalid", lang, error=True, path=args.request, reason=error)
        return 2
    total = (request.count if args.count is None else args.count) + args.spares
    if not 1 <= total <= MAX_CARDS:
        _say("count", lang, error=True, max=MAX_CARDS, n=total)
        return 2
    out = Path(args.out)
    sheet = out / f"cards-poll{request.poll}.html"
    credentials = out / f"credentials-poll{request.poll}.json"
    for path in (sheet, credentials):
        if path.exists():
            _say("exists", lang, error=True, path=path)
            return 2
    cards = make_cards(request.election, total)
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for path, text in (
            (sheet, render_sheet(request, cards, lang)),
            (credentials, json.dumps(credentials_dict(request, [c.public for c in cards])) + "\n"),
        ):
            _write_new(path, text)
            written.append(path)
    except OSError as error:
        for path in written:  # no sheet without its credentials file, nor the other way round
            path.unlink()
        _say("outdir", lang, error=True, path=out, reason=error)
        return 2
    _say(
        "done",
        lang,
        n=total,
        poll=request.poll,
        title=request.title,
        credentials=credentials,
        sheet=sheet,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
