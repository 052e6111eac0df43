"""`ballot-verify RECORD [--log-key FINGERPRINT] [--checkpoint FILE] [--witness NAME:PUBKEY]…
[--witnesses FILE] [--jobs N] [--lang vi|en] [--quiet]`, or
`ballot-verify --challenge FILE [--lang vi|en]` (the cast-as-intended check of
an opened ballot, docs/PROTOCOL.md §7: exit 0 it opens and its choices are printed, 1 its proofs
or its nonces fail, naming the official and level, 2 the file cannot be read or parsed).

Exit status: 0 the record is valid (the report is printed unless --quiet); 1 it is invalid
("INVALID: <the first failure>"), which includes a record whose parts do not match their
digests, are not canonical or are missing; 2 a file cannot be read or is not an election
record (not a zip, no record.json, another format), or the saved checkpoint cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Literal, TextIO

from ..ledger.checkpoint import SignedCheckpoint
from ..record.codec import read_record
from ..record.errors import RecordDamaged, RecordError
from .ballot_checks import default_jobs
from .challenge import check_challenge, load_challenge, render_opened
from .checkpoint_checks import load_checkpoint
from .checks import verify_record
from .errors import InputError, VerificationFailed
from .report import printable, render, text
from .witness_checks import Witness, load_witnesses, parse_witness

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return jobs


def _fingerprint(value: str) -> str:
    """64 hex digits, as printed (groups of four separated by spaces are accepted)."""
    digits = "".join(value.split()).lower()
    if len(digits) != 64 or any(c not in "0123456789abcdef" for c in digits):
        raise argparse.ArgumentTypeError(f"{value!r} is not a key fingerprint (64 hex digits)")
    return digits


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ballot-verify",
        description="Verify a ballot_service election record offline: every proof, signature, "
        "the tally, the decryption, the result and the signed log.",
    )
    parser.add_argument("record", nargs="?", help="the election record file (.zip)")
    parser.add_argument(
        "--challenge",
        metavar="FILE",
        help="instead of a record, check an opened ballot (check my encryption): the "
        "challenge file a tablet reveals (docs/PROTOCOL.md §7)",
    )
    parser.add_argument(
        "--log-key",
        metavar="FINGERPRINT",
        type=_fingerprint,
        help="the log key's fingerprint as the council published it (minutes, "
        "bulletin board): the record's log must be signed by that key",
    )
    parser.add_argument(
        "--checkpoint",
        metavar="FILE",
        help="a signed checkpoint saved earlier (minutes, witness): the record's "
        "log must extend it",
    )
    parser.add_argument(
        "--witness",
        metavar="NAME:PUBKEY",
        action="append",
        default=[],
        help="a witness whose cosignatures must be present and valid at every key moment "
        "(election key, opening, closing, result): its name and public key as the minutes "
        "print them (repeatable)",
    )
    parser.add_argument(
        "--witnesses",
        metavar="FILE",
        help="a file of witnesses, one NAME:PUBKEY a line (# starts a comment)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=default_jobs(),
        help="worker processes for the ballots (default: one per core)",
    )
    parser.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the report (default vi)"
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing when valid")
    return parser


def _say(verdict: str, detail: str, *, file: TextIO | None = None) -> None:
    """One line, its characters escaped (a record's text never reaches the terminal raw)."""
    print(printable(f"{verdict}: {detail}"), file=file or sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the verifier; return the exit status (see the module docstring)."""
    parser = _parser()
    args = parser.parse_args(argv)
    lang: Literal["vi", "en"] = "en" if args.lang == "en" else "vi"
    if (args.record is None) == (args.challenge is None):
        parser.error("give either a record or --challenge FILE")
    if args.challenge is not None:
        return _challenge(args.challenge, lang)
    try:
        record, header = read_record(args.record)
        checkpoint: SignedCheckpoint | None = None
        if args.checkpoint is not None:
            checkpoint = load_checkpoint(args.checkpoint)
        witnesses: list[Witness] = [parse_witness(value) for value in args.witness]
        if args.witnesses is not None:
            witnesses += load_witnesses(args.witnesses)
    except RecordDamaged as error:
        _say(text("invalid", lang), str(error))
        return EXIT_INVALID
    except (RecordError, InputError) as error:
        _say(text("unreadable", lang), str(error), file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        summary = verify_record(
            record,
            header,
            jobs=args.jobs,
            checkpoint=checkpoint,
            log_key=args.log_key,
            witnesses=tuple(witnesses),
        )
    except VerificationFailed as failure:
        _say(text("invalid", lang), str(failure))
        return EXIT_INVALID
    except Exception as error:  # a record that makes a check trip is not a verified record
        _say(text("invalid", lang), f"{text('unchecked', lang)} ({type(error).__name__}: {error})")
        return EXIT_INVALID
    if not args.quiet:
        sys.stdout.write(render(summary, lang))
    return EXIT_VALID


def _challenge(path: str, lang: Literal["vi", "en"]) -> int:
    try:
        challenge = load_challenge(path)
    except InputError as error:
        _say(text("unreadable", lang), str(error), file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        opened = check_challenge(challenge)
    except VerificationFailed as failure:
        _say(text("invalid", lang), str(failure))
        return EXIT_INVALID
    sys.stdout.write(render_opened(opened, lang))
    return EXIT_VALID


if __name__ == "__main__":
    sys.exit(main())
