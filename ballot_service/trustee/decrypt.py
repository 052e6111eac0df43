"""``ballot-trustee decrypt``: a member's decryption share, computed on the member's computer.

Opens the member's key file with the passphrase (prompted, or BALLOT_KEY_PASSPHRASE), checks it
is this poll's and this member's (as the service knows the login), computes the decryption share
of every tally cell with its proof, and posts them. Nothing is posted when any check fails; the
key file and the passphrase never leave the computer.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..crypto.elgamal import Ciphertext
from ..crypto.errors import MalformedInput, VerificationError, WrongPassphrase
from ..crypto.group import BASE, Point
from ..crypto.keyfile import KeyFile, open_key
from ..crypto.threshold import make_decryption_share
from .client import Session

MAX_KEY_FILE = 64 * 1024
PASSPHRASE_ENV = "BALLOT_KEY_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret

_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "unreadable": "Không đọc được tệp khóa {path}: {reason}",
        "not_json": "Tệp {path} không phải là tệp khóa (không phải JSON).",
        "not_key_file": "Tệp {path} không phải là tệp khóa của thành viên: {reason}",
        "not_closed": "Cuộc bỏ phiếu đang ở trạng thái {state}: chỉ giải mã khi đã kết thúc.",
        "decrypted": "Kết quả đã được giải mã; không cần phần giải mã nữa.",
        "already": "Bạn (thành viên {member}) đã gửi phần giải mã rồi.",
        "other_poll": "Tệp khóa này thuộc về cuộc bỏ phiếu khác (hoặc lễ tạo khóa khác).",
        "other_member": (
            "Tệp khóa này là của thành viên {other}; bạn là thành viên {me}. "
            "Mỗi thành viên giải mã bằng tệp khóa của mình."
        ),
        "wrong_passphrase": "Sai cụm mật khẩu, hoặc tệp khóa đã bị sửa. Không có gì được gửi.",
        "wrong_key": "Tệp khóa này không chứa khóa của bạn từ lễ tạo khóa của cuộc bỏ phiếu này.",
        "bad_tally": "Dữ liệu kiểm phiếu từ máy chủ không hợp lệ: {reason}",
        "sent": "Đã gửi phần giải mã của thành viên {member}: {have}/{need} thành viên đã giải mã.",
        "result": "Đủ số thành viên: kết quả đã được tính, kiểm tra và ghi vào nhật ký.",
        "prompt": "Cụm mật khẩu của tệp khóa: ",
    },
    "en": {
        "unreadable": "Cannot read the key file {path}: {reason}",
        "not_json": "{path} is not a key file (it is not JSON).",
        "not_key_file": "{path} is not a member's key file: {reason}",
        "not_closed": "The poll is {state}: decryption comes once it is closed.",
        "decrypted": "The result is decrypted already; no more share is needed.",
        "already": "You (member {member}) have sent your decryption share already.",
        "other_poll": "This key file belongs to another poll (or another key ceremony).",
        "other_member": (
            "This key file belongs to member {other}; you are member {me}. "
            "Each member decrypts with their own key file."
        ),
        "wrong_passphrase": "Wrong passphrase, or the key file was altered. Nothing was sent.",
        "wrong_key": "This key file does not hold your key from this poll's key ceremony.",
        "bad_tally": "The tally from the service is not valid: {reason}",
        "sent": "Member {member}'s decryption share is in: {have} of {need} members decrypted.",
        "result": "Enough members: the result is computed, checked and logged.",
        "prompt": "Passphrase of the key file: ",
    },
}


class Refused(Exception):
    """A check failed before anything was posted; the message is for the member."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "decrypt",
        help="post your decryption share of a closed poll's tally",
        description=(
            "Open your key file (passphrase prompted, or from the environment variable "
            f"{PASSPHRASE_ENV}), compute your decryption share of the poll's tally with its "
            "proofs, and post it. Exit 0 when posted, 1 when a check refused it (nothing "
            "posted), 2 when the service refused it or could not be reached."
        ),
    )
    parser.add_argument("--poll", type=int, required=True, help="the poll's number")
    parser.add_argument("--key-file", type=Path, required=True, help="your key file (JSON)")
    parser.set_defaults(run=run)


def load_key_file(path: Path, text: dict[str, str]) -> KeyFile:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_FILE + 1)
    except OSError as error:
        raise Refused(text["unreadable"].format(path=path, reason=error.strerror)) from None
    try:
        data = json.loads(raw)
    except ValueError:
        raise Refused(text["not_json"].format(path=path)) from None
    try:
        return KeyFile.from_dict(data)
    except MalformedInput as error:
        raise Refused(text["not_key_file"].format(path=path, reason=error)) from None


def shares_for(
    status: dict[str, Any], key_file: KeyFile, passphrase: str, text: dict[str, str]
) -> list[list[dict[str, object]]]:
    """Check the key file against what the service says of this member and poll, open it, and
    compute the shares of every tally cell: [[share dict, …], …]."""
    if status["decrypted"]:
        raise Refused(text["decrypted"])
    if status["state"] != "closed" or status["tally"] is None:
        raise Refused(text["not_closed"].format(state=status["state"]))
    if status["member"] in status["posted"]:
        raise Refused(text["already"].format(member=status["member"]))
    if key_file.election.hex() != status["election"]:
        raise Refused(text["other_poll"])
    if key_file.trustee != status["member"]:
        raise Refused(text["other_member"].format(other=key_file.trustee, me=status["member"]))
    try:
        secret = open_key(key_file, passphrase)
    except WrongPassphrase:
        raise Refused(text["wrong_passphrase"]) from None
    try:
        expected = Point.from_hex(status["verification_key"], what="verification key")
        cells = [
            [Ciphertext.from_dict(cell, allow_identity=True) for cell in row]
            for row in status["tally"]["cells"]
        ]
    except (VerificationError, KeyError, TypeError) as error:
        raise Refused(text["bad_tally"].format(reason=error)) from None
    if secret * BASE != expected:
        raise Refused(text["wrong_key"])
    if len(cells) != status["officials"] or any(len(r) != status["levels"] for r in cells):
        raise Refused(text["bad_tally"].format(reason="shape"))
    return [
        [
            make_decryption_share(
                key_file.election, key_file.trustee, secret, cell, official=i, level=j
            ).to_dict()
            for j, cell in enumerate(row)
        ]
        for i, row in enumerate(cells)
    ]


def run(args: argparse.Namespace, session: Session) -> int:
    text = _TEXT[args.lang]
    path = f"/committee/api/polls/{args.poll}/decryption"
    try:
        key_file = load_key_file(args.key_file, text)
        status = session.get_json(path)
        passphrase = os.environ.get(PASSPHRASE_ENV) or getpass.getpass(text["prompt"])
        shares = shares_for(status, key_file, passphrase, text)
    except Refused as refused:
        print(f"ballot-trustee: {refused}", file=sys.stderr)
        return 1
    answer = session.post_json(path, {"shares": shares})
    print(
        text["sent"].format(
            member=answer["member"], have=len(answer["posted"]), need=answer["threshold"]
        )
    )
    if answer["decrypted"]:
        print(text["result"])
    return 0
