"""`ballot-verify RECORD [--log-key FINGERPRINT] [--checkpoint FILE] [--witness NAME:PUBKEY]…
[--witnesses FILE] [--jobs N] [--lang vi|en] [--quiet]`, or
`ballot-verify --challenge FILE [--lang vi|en]` (the cast-as-intended check of
an opened ballot, docs/PROTOCOL.md §7: exit 0 it opens and its choices are printed, 1 its proofs
or its nonces fail, naming the official and level, 2 the file cannot be read or parsed).

Exit status: 0 the record is valid (the report is printed unless --quiet); 1 it is invalid
("INVALID: <the first failure>"), which includes a record whose parts do not match their
digests, are not canonical or are missing; 2 a file cannot be read or is not an election
record (not a zip, no record.json, another format), or the saved checkpoint cannot be read.

--lang vi (the default) or en chooses the language of everything printed: the report, the
verdict and the failure's reason (messages.py translates each reason from the catalogue),
and the usage errors. --json prints one JSON object instead (docs/RECORD.md "ballot-verify
--json"): the verdict, the exit status, the reason's stable codes, its text in the language
chosen and in English, or the report's lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Literal, NoReturn

from ..ledger.checkpoint import SignedCheckpoint
from ..record.codec import read_record
from ..record.errors import RecordDamaged, RecordError
from .ballot_checks import default_jobs
from .challenge import check_challenge, load_challenge, render_opened
from .checkpoint_checks import load_checkpoint
from .checks import verify_record
from .errors import InputError, VerificationFailed
from .messages import explain
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


# The usage and the help in each language, argparse's own words included ("usage:", the
# section titles, -h), so that `ballot-verify --help` reads in Vietnamese by default.
HELP: dict[str, dict[str, str]] = {
    "description": {
        "en": "Verify a ballot_service election record offline: every proof, signature, the "
        "tally, the decryption, the result and the signed log.",
        "vi": "Kiểm tra ngoại tuyến hồ sơ cuộc bỏ phiếu của ballot_service: mọi chứng minh, "
        "mọi chữ ký, việc cộng phiếu, việc giải mã, kết quả và nhật ký đã ký.",
    },
    "record": {
        "en": "the election record file (.zip)",
        "vi": "tệp hồ sơ cuộc bỏ phiếu (.zip)",
    },
    "challenge": {
        "en": "instead of a record, check an opened ballot (check my encryption): the "
        "challenge file a tablet reveals (docs/PROTOCOL.md §7)",
        "vi": "thay cho hồ sơ, kiểm tra một phiếu đã mở (kiểm tra mã hóa): tệp mà máy tính "
        "bảng đưa ra (docs/PROTOCOL.md §7)",
    },
    "log_key": {
        "en": "the log key's fingerprint as the council published it (minutes, bulletin "
        "board): the record's log must be signed by that key",
        "vi": "dấu vân tay của khóa ký nhật ký như Hội đồng đã công bố (biên bản kiểm phiếu, "
        "bảng tin công khai): nhật ký của hồ sơ phải được ký bằng khóa đó",
    },
    "checkpoint": {
        "en": "a signed checkpoint saved earlier (minutes, witness): the record's log must "
        "extend it",
        "vi": "một điểm kiểm tra đã ký, lưu từ trước (biên bản, nhân chứng): nhật ký của hồ sơ "
        "phải nối tiếp điểm kiểm tra đó",
    },
    "witness": {
        "en": "a witness whose cosignatures must be present and valid at every key moment "
        "(election key, opening, closing, result): its name and public key as the minutes "
        "print them (repeatable)",
        "vi": "một nhân chứng mà chữ ký nhân chứng phải có và hợp lệ ở mọi thời điểm then chốt "
        "(khóa của cuộc bỏ phiếu, mở, đóng, kết quả): tên và khóa công khai như biên bản in "
        "ra (có thể nêu nhiều lần)",
    },
    "witnesses": {
        "en": "a file of witnesses, one NAME:PUBKEY a line (# starts a comment)",
        "vi": "một tệp nhân chứng, mỗi dòng một NAME:PUBKEY (# mở đầu một ghi chú)",
    },
    "jobs": {
        "en": "worker processes for the ballots (default: one per core)",
        "vi": "số tiến trình kiểm tra các phiếu (mặc định: mỗi lõi một tiến trình)",
    },
    "lang": {
        "en": "language of the report, the verdict, every failure reason and the usage "
        "errors: vi (Vietnamese, the default) or en (English)",
        "vi": "ngôn ngữ của báo cáo, kết luận, mọi lý do không đạt và các lỗi cách dùng: vi "
        "(tiếng Việt, mặc định) hoặc en (tiếng Anh)",
    },
    "quiet": {"en": "print nothing when valid", "vi": "không in gì khi hồ sơ hợp lệ"},
    "json": {
        "en": "print one JSON object: the verdict, the exit status, the reason's stable codes "
        "and its text in --lang and in English (or the report's lines)",
        "vi": "in một đối tượng JSON: kết luận, mã thoát, các mã ổn định của lý do và lời của "
        "lý do theo --lang và bằng tiếng Anh (hoặc các dòng của báo cáo)",
    },
    "help": {"en": "show this help message and exit", "vi": "hiện phần trợ giúp này rồi thoát"},
    "usage": {"en": "usage: ", "vi": "cách dùng: "},
    "positionals": {"en": "positional arguments", "vi": "đối số"},
    "options": {"en": "options", "vi": "tùy chọn"},
}


class _Parser(argparse.ArgumentParser):
    """argparse, its usage, help and usage errors said in the language asked (``lang``, read
    before parsing)."""

    lang: Literal["vi", "en"] = "vi"

    def error(self, message: str) -> NoReturn:
        if self.lang == "en":
            super().error(message)
        self.print_usage(sys.stderr)
        line = f"{self.prog}: {text('usage_error', self.lang)}: {reason(message, self.lang)}"
        self.exit(EXIT_UNREADABLE, printable(line) + "\n")

    def _usage_to(self, formatter: argparse.HelpFormatter) -> None:
        formatter.add_usage(
            self.usage,
            self._actions,
            self._mutually_exclusive_groups,
            prefix=HELP["usage"][self.lang],
        )

    def format_usage(self) -> str:
        formatter = self._get_formatter()
        self._usage_to(formatter)
        return formatter.format_help()

    def format_help(self) -> str:
        formatter = self._get_formatter()
        self._usage_to(formatter)
        formatter.add_text(self.description)
        for group in self._action_groups:
            formatter.start_section(group.title)
            formatter.add_text(group.description)
            formatter.add_arguments(group._group_actions)
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()


def _lang_of(argv: Sequence[str]) -> Literal["vi", "en"]:
    """The --lang argv asks for (vi unless it says en), before argparse can object to it."""
    for k, arg in enumerate(argv):
        if arg == "--lang" and k + 1 < len(argv):
            return "en" if argv[k + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg == "--lang=en" else "vi"
    return "vi"


def _parser(lang: Literal["vi", "en"] = "vi") -> _Parser:
    def said(key: str) -> str:
        return HELP[key][lang]

    parser = _Parser(prog="ballot-verify", description=said("description"), add_help=False)
    parser.lang = lang
    parser._positionals.title = said("positionals")
    parser._optionals.title = said("options")
    parser.add_argument("-h", "--help", action="help", help=said("help"))
    parser.add_argument("record", nargs="?", help=said("record"))
    parser.add_argument("--challenge", metavar="FILE", help=said("challenge"))
    parser.add_argument("--log-key", metavar="FINGERPRINT", type=_fingerprint, help=said("log_key"))
    parser.add_argument("--checkpoint", metavar="FILE", help=said("checkpoint"))
    parser.add_argument(
        "--witness", metavar="NAME:PUBKEY", action="append", default=[], help=said("witness")
    )
    parser.add_argument("--witnesses", metavar="FILE", help=said("witnesses"))
    parser.add_argument("--jobs", type=_jobs, default=default_jobs(), help=said("jobs"))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help=said("lang"))
    parser.add_argument("--quiet", action="store_true", help=said("quiet"))
    parser.add_argument("--json", action="store_true", help=said("json"))
    return parser


def reason(message: str, lang: Literal["vi", "en"]) -> str:
    """A failure's reason in ``lang``: English as the checks wrote it, or its translation from
    the catalogue (messages.py)."""
    return message if lang == "en" else explain(message, lang).text


class _Output:
    """Where the verdict goes: a line of text (escaped: a record's text never reaches the
    terminal raw) or, with --json, one JSON object."""

    def __init__(self, lang: Literal["vi", "en"], as_json: bool) -> None:
        self.lang, self.as_json = lang, as_json

    def failed(self, status: int, message: str, *, codes: Sequence[str] = ()) -> int:
        verdict = "invalid" if status == EXIT_INVALID else "unreadable"
        explained = explain(message, self.lang)
        said = message if self.lang == "en" else explained.text
        line = printable(f"{text(verdict, self.lang)}: {said}")
        if self.as_json:
            self._json(
                status,
                verdict,
                text=line,
                codes=[*codes, *explained.codes],
                reason=said,
                reason_en=message,
            )
        else:
            print(line, file=sys.stdout if status == EXIT_INVALID else sys.stderr)
        return status

    def succeeded(self, verdict: str, report: str, *, quiet: bool = False) -> int:
        if self.as_json:
            self._json(EXIT_VALID, verdict, report=report.splitlines())
        elif not quiet:
            sys.stdout.write(report)
        return EXIT_VALID

    def _json(self, status: int, verdict: str, **fields: object) -> None:
        answer = {"v": 1, "exit": status, "verdict": verdict, "lang": self.lang, **fields}
        print(json.dumps(answer, ensure_ascii=True, sort_keys=True))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the verifier; return the exit status (see the module docstring)."""
    parser = _parser(_lang_of(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    lang: Literal["vi", "en"] = "en" if args.lang == "en" else "vi"
    if (args.record is None) == (args.challenge is None):
        parser.error("give either a record or --challenge FILE")
    out = _Output(lang, args.json)
    if args.challenge is not None:
        return _challenge(args.challenge, out)
    try:
        record, header = read_record(args.record)
        checkpoint: SignedCheckpoint | None = None
        if args.checkpoint is not None:
            checkpoint = load_checkpoint(args.checkpoint)
        witnesses: list[Witness] = [parse_witness(value) for value in args.witness]
        if args.witnesses is not None:
            witnesses += load_witnesses(args.witnesses)
    except RecordDamaged as error:
        return out.failed(EXIT_INVALID, str(error))
    except (RecordError, InputError) as error:
        return out.failed(EXIT_UNREADABLE, str(error))
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
        return out.failed(EXIT_INVALID, str(failure))
    except Exception as error:  # a record that makes a check trip is not a verified record
        return _unchecked(out, error)
    return out.succeeded("valid", render(summary, lang), quiet=args.quiet)


def _unchecked(out: _Output, error: Exception) -> int:
    """A check tripped on the record (a bug the record found): INVALID, saying so."""
    lang, name = out.lang, type(error).__name__
    line = printable(
        f"{text('invalid', lang)}: {text('unchecked', lang)} ({name}: {reason(str(error), lang)})"
    )
    if out.as_json:
        explained = explain(str(error), lang)
        out._json(
            EXIT_INVALID,
            "invalid",
            text=line,
            codes=["unchecked", *explained.codes],
            reason=f"{text('unchecked', lang)} ({name}: {explained.text})",
            reason_en=f"{text('unchecked', 'en')} ({name}: {error})",
        )
    else:
        print(line)
    return EXIT_INVALID


def _challenge(path: str, out: _Output) -> int:
    try:
        challenge = load_challenge(path)
    except InputError as error:
        return out.failed(EXIT_UNREADABLE, str(error))
    try:
        opened = check_challenge(challenge)
    except VerificationFailed as failure:
        return out.failed(EXIT_INVALID, str(failure))
    return out.succeeded("opened", render_opened(opened, out.lang))


if __name__ == "__main__":
    sys.exit(main())
