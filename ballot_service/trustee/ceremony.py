"""`ballot-trustee ceremony`: the member's part of the key ceremony, from the console.

The same steps as the ceremony page (static/js/ceremony/), through the same JSON API:
make the transport key and the polynomial, post the commitments with their proofs, show every
member's transport-key fingerprint to compare aloud, send each other member its share encrypted
to that member's transport key, open and check (Feldman) the shares received, write the key file
(passphrase-encrypted, mode 0600) and only then confirm (or complain, naming the senders of bad
shares); once the election key is fixed, cosign its checkpoint as a witness.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..crypto import dkg, keyfile
from ..crypto.errors import VerificationError
from ..crypto.group import BASE, Scalar
from ..crypto.share_transport import (
    EncryptedShare,
    TransportKeyPair,
    decrypt_share,
    encrypt_share,
)
from . import witness
from .client import ServiceError, Session

POLL_SECONDS = 1.0


def transport_fingerprint(public: bytes) -> str:
    """What the members read aloud: the first 16 bytes of SHA-256(E_m), in groups of 4 hex."""
    digest = hashlib.sha256(public).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def _wait(
    session: Session, poll: int, ready: Callable[[dict[str, Any]], bool], what: str, timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    announced = False
    while True:
        state: dict[str, Any] = session.get_json(f"/committee/api/polls/{poll}/ceremony")
        if state["state"] != "key_ceremony" and not state.get("election_key"):
            raise ServiceError(f"the poll left the key ceremony (now {state['state']})")
        if ready(state):
            return state
        if time.monotonic() > deadline:
            raise ServiceError(f"gave up waiting for {what}")
        if not announced:
            print(f"waiting for {what}…", flush=True)
            announced = True
        time.sleep(POLL_SECONDS)


def _passphrase() -> str:
    given = os.environ.get("BALLOT_KEY_PASSPHRASE")
    if given:
        return given
    while True:
        first = getpass.getpass("Passphrase for your key file (8 characters or more): ")
        if len(first) < keyfile.MIN_PASSPHRASE:
            print("too short", file=sys.stderr)
            continue
        if getpass.getpass("Again: ") == first:
            return first
        print("the two passphrases differ", file=sys.stderr)


def _confirm_fingerprints(state: dict[str, Any], assume_yes: bool) -> bool:
    print("Transport-key fingerprints: each member reads theirs aloud; compare every line.")
    for member in state["members"]:
        body = state["commitments"][str(member["index"])]
        fp = transport_fingerprint(bytes.fromhex(body["transport_key"]))
        print(f"  {member['index']}. {member['name']}: {fp}")
    if assume_yes:
        return True
    return input("Do all of them match what the members read? [y/N] ").strip().lower() in {
        "y",
        "yes",
        "c",
        "có",
    }


def _receive(
    shares: list[dict[str, Any]],
    fingerprint: bytes,
    me: int,
    own: TransportKeyPair,
    published: dict[int, dkg.DkgCommitment],
) -> tuple[dict[int, Scalar], list[int]]:
    """Open and Feldman-check each share; a share that fails names its sender."""
    received: dict[int, Scalar] = {}
    complaints: list[int] = []
    for body in shares:
        sealed = EncryptedShare.from_dict(body)
        sender = published[sealed.sender]
        try:
            share = decrypt_share(fingerprint, sealed, own, sender.transport_key)
            dkg.verify_share(me, share, sender)
        except VerificationError as error:
            print(f"share from member {sealed.sender} is bad: {error}", file=sys.stderr)
            complaints.append(sealed.sender)
            continue
        received[sealed.sender] = share
    return received, complaints


def run_ceremony(args: argparse.Namespace, session: Session) -> int:
    poll, path = args.poll, Path(args.key_file)
    if path.exists():
        print(f"ballot-trustee: {path} exists; choose a new key file name", file=sys.stderr)
        return 2
    api = f"/committee/api/polls/{poll}/ceremony"
    state = session.get_json(api)
    if state["state"] != "key_ceremony":
        print(f"ballot-trustee: the poll is {state['state']}, not in its key ceremony")
        return 2
    me, k, n = state["me"], state["threshold"], len(state["members"])
    fingerprint = bytes.fromhex(state["fingerprint"])
    passphrase = _passphrase()
    print(f"member {me} of {n}; {k} are needed to decrypt")

    polynomial = dkg.Polynomial.generate(k)
    transport = TransportKeyPair.generate()
    message = dkg.make_commitment(fingerprint, me, polynomial, transport.public)
    session.post_json(api + "/commitment", message.to_dict())
    print(f"your transport-key fingerprint: {transport_fingerprint(transport.public)}")

    state = _wait(
        session,
        poll,
        lambda s: len(s["commitments"]) == n,
        "every member's commitments",
        args.timeout,
    )
    published = {int(m): dkg.DkgCommitment.from_dict(c) for m, c in state["commitments"].items()}
    for c in published.values():
        dkg.verify_commitment(c, fingerprint, trustees=n, threshold=k)
    if published[me].transport_key != transport.public:
        raise ServiceError("the service shows another transport key for you: stop the ceremony")
    if not _confirm_fingerprints(state, args.yes):
        print("Fingerprints differ: no share sent. Tell the committee; stop the ceremony.")
        return 1
    shares = [
        encrypt_share(
            fingerprint, me, transport, m, published[m].transport_key, polynomial.evaluate(m)
        ).to_dict()
        for m in range(1, n + 1)
        if m != me
    ]
    session.post_json(api + "/shares", {"shares": shares})
    state = _wait(
        session,
        poll,
        lambda s: all(m["shares"] for m in s["members"]),
        "every member's shares",
        args.timeout,
    )
    mine = session.get_json(api + "/shares")["shares"]
    received, complaints = _receive(mine, fingerprint, me, transport, published)
    if complaints:
        session.post_json(api + "/confirm", {"complaints": sorted(complaints)})
        print(f"complained about member(s) {sorted(complaints)}; the ceremony starts again")
        return 1
    received[me] = polynomial.evaluate(me)
    secret = dkg.combine_received_shares(received, n)
    if secret * BASE != dkg.verification_key(me, list(published.values())):
        raise ServiceError("your combined share does not match its verification key")
    sealed = keyfile.seal_key(fingerprint, me, secret, passphrase, log_n=args.log_n)
    witness.write_private(path, json.dumps(sealed.to_dict(), indent=1).encode("utf-8"))
    print(f"key file written: {path} (keep it and its passphrase safe)")
    key = witness.witness_private_key(fingerprint, me, secret)
    session.post_json(api + "/confirm", {"complaints": [], "witness_key": witness.public_hex(key)})
    print("confirmed: every share passed the check")
    _wait(session, poll, lambda s: bool(s.get("election_key")), "the election key", args.timeout)
    witness.cosign_latest(session, poll, me, key, witness.state_path(path))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "ceremony",
        help="take part in the key ceremony of a poll",
        description=(
            "Make your part of the election key on this computer and write your key file. The "
            "service only relays: your secrets never leave this computer unencrypted."
        ),
    )
    parser.add_argument("--poll", type=int, required=True, help="the poll's number")
    parser.add_argument("--key-file", required=True, help="where to write your key file (new)")
    parser.add_argument(
        "--yes",
        action="store_true",
        help="do not ask to confirm the fingerprints (when they were compared another way)",
    )
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds to wait for the other members"
    )
    parser.add_argument(
        "--log-n",
        type=int,
        default=keyfile.DEFAULT_LOG_N,
        choices=range(keyfile.MIN_LOG_N, keyfile.MAX_LOG_N + 1),
        metavar="LOG_N",
        help=f"scrypt cost 2^LOG_N for the key file (default {keyfile.DEFAULT_LOG_N})",
    )
    parser.set_defaults(run=run_ceremony)
