"""Counting: the homomorphic tally, the committee's decryption shares, and the result.

Only sums are ever decrypted: the tally of each (official, level) over the ballots cast.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..crypto.ballot_verify import tally_cells
from ..crypto.elgamal import Ciphertext
from ..crypto.errors import VerificationError
from ..crypto.group import Point
from ..crypto.threshold import (
    DecryptionShare,
    DiscreteLog,
    combine_shares,
    verify_decryption_share,
)
from ..ledger.canonical import canonical_json
from ..models import DecryptionShareRow, Poll, User
from ..record.result import ResultPart, build_result
from . import ceremony, ledger_log, manifest, polls, voting
from .errors import Conflict, ServiceError


def compute_tally(poll: Poll) -> dict[str, Any]:
    """Sum the ballots' ciphertexts per (official, level); store and log the tally's hash."""
    polls.require_state(poll, "closed")
    if poll.tally is not None:
        raise Conflict(_l("The tally is computed already."))
    cast = voting.ballots(poll)
    # Every ballot was verified when cast: tally_cells checks the sums, not each term again.
    sums = tally_cells([b.body for b in cast], officials=len(poll.rated), levels=poll.levels)
    cells = [[cell.to_dict() for cell in row] for row in sums]
    tally = {"ballots": len(cast), "cells": cells}
    poll.tally = canonical_json(tally).decode("utf-8")
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "tally",
        {"ballots": len(cast), "tally_hash": hashlib.sha256(canonical_json(tally)).hexdigest()},
    )
    return tally


def tally(poll: Poll) -> dict[str, Any]:
    if poll.tally is None:
        raise Conflict(_l("The poll is not closed and tallied yet."))
    result: dict[str, Any] = json.loads(poll.tally)
    return result


def tally_ciphertexts(poll: Poll) -> list[list[Ciphertext]]:
    return [
        [Ciphertext.from_dict(cell, allow_identity=True) for cell in row]
        for row in tally(poll)["cells"]
    ]


def posted_shares(poll: Poll) -> dict[int, list[list[dict[str, Any]]]]:
    rows = db.session.scalars(
        select(DecryptionShareRow)
        .where(DecryptionShareRow.poll_id == poll.id)
        .order_by(DecryptionShareRow.trustee_index)
    )
    return {row.trustee_index: row.body["shares"] for row in rows}  # type: ignore[misc]


def post_decryption(poll: Poll, member: User, shares: list[list[dict[str, Any]]]) -> None:
    """Accept member m's decryption shares of every tally cell, each with a valid proof; m is
    the acting member's seat."""
    polls.require_state(poll, "closed")
    trustee = polls.seat(poll, member).index
    if trustee in posted_shares(poll):
        raise Conflict(_l("Member %(index)s has already decrypted.", index=trustee))
    cells = tally_ciphertexts(poll)
    if len(shares) != len(cells) or any(len(r) != poll.levels for r in shares):
        raise ServiceError(_l("Send one share for every official and level."))
    key = ceremony.verification_keys(poll)[trustee]
    fingerprint = bytes.fromhex(poll.fingerprint or "")
    try:
        for i, row in enumerate(shares):
            for j, item in enumerate(row):
                share = DecryptionShare.from_dict(item)
                if share.trustee != trustee:
                    raise ServiceError(_l("A share is signed for another member."))
                verify_decryption_share(fingerprint, share, cells[i][j], key, official=i, level=j)
    except VerificationError as error:
        raise ServiceError(
            _l("The decryption share was refused: %(reason)s", reason=str(error))
        ) from error
    db.session.add(
        DecryptionShareRow(poll_id=poll.id, trustee_index=trustee, body={"shares": shares})
    )
    db.session.flush()
    ledger_log.append_poll(poll, "decryption_share", {"member": trustee, "shares": shares})


def decrypt(poll: Poll) -> ResultPart:
    """Combine the k lowest-indexed members' shares; compute, store and log the result.

    The poll stays closed: `lifecycle.decrypt` marks it tallied.
    """
    polls.require_state(poll, "closed")
    posted = posted_shares(poll)
    k = poll.threshold or 0
    if len(posted) < k:
        raise Conflict(
            _l("%(have)s of the %(need)s members needed have decrypted.", have=len(posted), need=k)
        )
    ballots = tally(poll)["ballots"]
    dlog = DiscreteLog(ballots)
    counts = []
    for i, row in enumerate(tally_ciphertexts(poll)):
        levels = []
        for j, cell in enumerate(row):
            shares = {
                m: Point.from_hex(posted[m][i][j]["share"], allow_identity=True) for m in posted
            }
            levels.append(
                dlog.solve(combine_shares(cell, shares, k), what=f"official {i} level {j}")
            )
        counts.append((levels, ballots - sum(levels)))
    result = build_result(
        manifest.load(poll), counts, ballots=ballots, delegates_present=poll.delegates_present or 0
    )
    poll.result = canonical_json(result).decode("utf-8")
    db.session.flush()
    ledger_log.append_poll(
        poll,
        "result",
        {
            "ballots": ballots,
            "counts": [
                {"index": row["index"], "levels": row["counts"], "blank": row["blank"]}
                for row in result["officials"]
            ],
        },
    )
    return result
