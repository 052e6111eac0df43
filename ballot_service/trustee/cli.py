"""The ``ballot-trustee`` command: global options, login, and one sub-command per task.

Each task module (ceremony, decrypt) exposes ``register(subparsers)``, which adds its
sub-command and sets ``run(args, session) -> int`` as the parser's default ``run``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence

from . import ceremony, decrypt, witness
from .client import ServiceError, Session

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
COMMANDS: list[Register] = [
    ceremony.register,
    witness.register,
    decrypt.register,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ballot-trustee",
        description=(
            "A counting-committee member's client: take part in the key ceremony and the "
            "decryption from your own computer. Your secrets never leave it."
        ),
    )
    parser.add_argument("--server", required=True, help="the service's address, https://…")
    parser.add_argument("--user", required=True, help="your username on the service")
    parser.add_argument(
        "--cafile", help="the hall's CA certificate (from the set-up page), when not installed"
    )
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    password = os.environ.get("BALLOT_PASSWORD") or getpass.getpass("Password: ")
    try:
        session = Session(args.server, cafile=args.cafile, lang=args.lang)
        session.login(args.user, password)
        code: int = args.run(args, session)
    except ServiceError as error:
        print(f"ballot-trustee: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
