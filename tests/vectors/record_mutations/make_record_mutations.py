"""Write tests/vectors/record_mutations/: base records and one JSON file per mutation case.

Run from the repository root:
    .venv/bin/python -m tests.vectors.record_mutations.make_record_mutations

The base records are built by tests/verifier/builder.py (deterministic for their seeds). Each
case names its base, the steps that make the mutated record (README.md: JSON Patch on the
parts, re-signing the log, container edits), the rule it exercises, and the verdict: the exit
status and the reason (a phrase of `ballot-verify --lang en`'s output). The generator replays
every case through `ballot-verify` and refuses to write a case whose verdict differs, so the
files always say what the verifier does; tests/vectors/record_mutations/test_record_mutations.py
replays them again in the suite.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ballot_service.ledger.keys import fingerprint, public_key_raw
from ballot_service.verifier.cli import main as ballot_verify

from ...verifier.builder import Spec, build
from .replay import HERE, build_case, load_base

BASES = {
    "poll": Spec(published=True, seed=21),
    "vote": Spec(kind="vote", ballots=4, trustees=4, threshold=3, decrypting=(4, 2, 3), seed=22),
    "poll-empty": Spec(ballots=0, spares=1, batches=1, seed=23),
    "vote-empty": Spec(kind="vote", ballots=0, spares=1, batches=1, seed=24),
}
OTHER_KEY = bytes(range(32)).hex()
"""A second Ed25519 private key (tests only): the forger's, or the key after a rotation."""


def private_hex(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def public_hex(private: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private))
    return public_key_raw(key.public_key()).hex()


def write_bases() -> None:
    for name, spec in BASES.items():
        built = build(spec)
        (HERE / "base" / f"{name}.zip").write_bytes(built.encode())
        meta = {
            "record": f"{name}.zip",
            "spec": {k: v for k, v in vars(spec).items() if v not in ((), None)},
            "log_private_key": private_hex(built.log_key),
            "log_key_fingerprint": fingerprint(built.log_key.public_key()),
            "note": "test key, deterministic from the seed: never a real service's",
        }
        (HERE / "base" / f"{name}.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )


class Base:
    """Indexes of a base record's log entries, to write patches against it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parts, self.header, self.meta = load_base(name)
        self.entries = self.parts["log"]["entries"]

    def at(self, event: str, nth: int = 0) -> int:
        return [i for i, e in enumerate(self.entries) if e["type"] == event][nth]

    def state(self, to_state: str) -> int:
        return next(
            i
            for i, e in enumerate(self.entries)
            if e["type"] == "state_changed" and e["data"]["to_state"] == to_state
        )


SIGN = {"op": "sign"}
Case = dict[str, Any]


def case(
    ident: str,
    base: str,
    issue: str,
    rule: str,
    what: str,
    steps: list[dict[str, Any]],
    exit_status: int,
    says: str,
    args: list[str] | None = None,
) -> Case:
    return {
        "case": ident,
        "issue": issue,
        "rule": rule,
        "mutation": what,
        "base": base,
        "steps": steps,
        "args": args or [],
        "expect": {"exit": exit_status, "ballot_verify_says": says},
    }


def patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"op": "patch", "patch": list(operations)}


def replace(path: str, value: Any) -> dict[str, Any]:
    return {"op": "replace", "path": path, "value": value}


def move(source: int, target: int) -> dict[str, Any]:
    """Move log entry ``source`` so that it ends up at index ``target``."""
    return {"op": "move", "from": f"/log/entries/{source}", "path": f"/log/entries/{target}"}


def issue_16(p: Base, v: Base, pe: Base, ve: Base) -> list[Case]:
    closed, result = p.at("poll_closed"), p.at("result")
    last_void, first_void = p.at("credential_voided", 1), p.at("credential_voided")
    published = p.at("published")
    genuine = p.parts["log"]["public_keys"][0]
    other = public_hex(OTHER_KEY)
    fp = p.meta["log_key_fingerprint"]
    grouped = " ".join(fp[i : i + 4] for i in range(0, 64, 4)).upper()
    last_note = p.parts["log"]["checkpoints"][-1]
    cosig = base64.b64encode(bytes(76)).decode()
    ceremony = p.state("key_ceremony")
    header = json.loads(json.dumps(p.header))
    return [
        case(
            "16.1-void-after-poll-closed",
            "poll",
            "16.1",
            "docs/RECORD.md §4",
            "the last credential_voided moved to just after poll_closed; log re-signed",
            [patch(move(last_void, closed)), SIGN],
            1,
            "credential_voided comes after poll_closed",
        ),
        case(
            "16.1-void-just-before-result",
            "poll",
            "16.1",
            "docs/RECORD.md §4",
            "the last credential_voided moved to just before result; log re-signed",
            [patch(move(last_void, result - 1)), SIGN],
            1,
            "credential_voided comes after poll_closed",
        ),
        case(
            "16.2-void-before-its-issue",
            "poll",
            "16.2",
            "docs/RECORD.md §4",
            "the first credential_voided moved before the credentials_issued entry listing it",
            [patch(move(first_void, p.at("credentials_issued", 1))), SIGN],
            1,
            "credential_voided before the credential was issued",
        ),
        case(
            "16.3-cards-before-election-key",
            "poll",
            "16.3",
            "docs/RECORD.md §4",
            "the first credentials_issued moved to just before election_key",
            [patch(move(p.at("credentials_issued"), p.at("election_key"))), SIGN],
            1,
            "credentials_issued comes before election_key",
        ),
        case(
            "16.4-more-ballots-than-present",
            "poll",
            "16.4",
            "docs/RECORD.md §2 (result: N ≤ P ≤ T)",
            "result.delegates_present = 5 with 6 ballots",
            [patch(replace("/result/delegates_present", 5))],
            1,
            "6 ballots collected exceed the 5 delegates present",
        ),
        case(
            "16.4-present-over-total",
            "poll",
            "16.4",
            "docs/RECORD.md §2 (result: N ≤ P ≤ T)",
            "result.delegates_present = T + 1",
            [patch(replace("/result/delegates_present", 9))],
            1,
            "delegates_present 9 is not a count ≤ 8 delegates",
        ),
        case(
            "16.4-total-delegates-zero",
            "vote",
            "16.4",
            "docs/RECORD.md §2 (manifest: T ≥ 1)",
            "manifest council.total_delegates = 0",
            [patch(replace("/manifest/council/total_delegates", 0))],
            1,
            "council.total_delegates 0 is not a count ≥ 1",
        ),
        case(
            "16.4-no-ballots-collected-valid",
            "poll-empty",
            "16.4",
            "docs/RECORD.md §2 (result: n = 0)",
            "none: N = 0 with the ballots-collected denominator, band no_ballots",
            [],
            0,
            "No ballots",
        ),
        case(
            "16.4-no-ballots-total-delegates-valid",
            "vote-empty",
            "16.4",
            "docs/RECORD.md §2 (result: n = 0)",
            "none: N = 0 with the total-delegates denominator, n = T, band retained",
            [],
            0,
            "[retained]",
        ),
        case(
            "16.4-no-ballots-total-delegates-claims-no-ballots",
            "vote-empty",
            "16.4",
            "docs/RECORD.md §2 (result: n = 0)",
            "official 0's band set to no_ballots although n = T",
            [patch(replace("/result/officials/0/band", "no_ballots"))],
            1,
            "result official 0: band is 'no_ballots', expected 'retained'",
        ),
        case(
            "16.5-entry-after-published",
            "poll",
            "16.5",
            "docs/RECORD.md §4",
            "a state_changed published → draft appended after published",
            [
                patch(
                    {
                        "op": "add",
                        "path": "/log/entries/-",
                        "value": {
                            **p.entries[published],
                            "type": "state_changed",
                            "data": {
                                **p.entries[p.state("published")]["data"],
                                "from_state": "published",
                                "to_state": "draft",
                            },
                        },
                    }
                ),
                SIGN,
            ],
            1,
            "state_changed comes after published",
        ),
        case(
            "16.6-cosignature-named-like-the-log",
            "poll",
            "16.6",
            "docs/LOG.md §5",
            "the last checkpoint gets a cosignature line named ballot_service/poll/1",
            [
                patch(
                    replace(
                        "/log/checkpoints/" + str(len(p.entries) - 1),
                        last_note + f"— ballot_service/poll/1 {cosig}\n",
                    )
                )
            ],
            1,
            "is named ballot_service/poll/1, like the log",
        ),
        case(
            "16.6-cosignature-of-a-witness-valid",
            "poll",
            "16.6",
            "docs/LOG.md §5",
            "the last checkpoint gets a cosignature line named witness.example (never checked)",
            [
                patch(
                    replace(
                        "/log/checkpoints/" + str(len(p.entries) - 1),
                        last_note + f"— witness.example {cosig}\n",
                    )
                )
            ],
            0,
            "1 witness cosignatures present, not checked",
        ),
        case(
            "16.7-record-json-not-canonical",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            "record.json written with spaces (same value)",
            [{"op": "member", "name": "record.json", "text": json.dumps(header, indent=1)}],
            1,
            "part record.json is not canonical JSON",
        ),
        case(
            "16.7-record-json-extra-key",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            'record.json with an extra key "note"',
            [
                {
                    "op": "member",
                    "name": "record.json",
                    "text": canonical(dict(header, note="x")),
                }
            ],
            1,
            "record.json has the keys",
        ),
        case(
            "16.7-record-json-missing-digest",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            "record.json's parts without voided",
            [
                {
                    "op": "member",
                    "name": "record.json",
                    "text": canonical(
                        dict(
                            header,
                            parts={k: v for k, v in header["parts"].items() if k != "voided"},
                        )
                    ),
                }
            ],
            1,
            "record.json must list exactly the parts",
        ),
        case(
            "16.7-record-json-other-version",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            "record.json v = 2",
            [{"op": "member", "name": "record.json", "text": canonical(dict(header, v=2))}],
            2,
            "version 2 is not supported",
        ),
        case(
            "16.7-record-json-other-format",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            "record.json names another format",
            [
                {
                    "op": "member",
                    "name": "record.json",
                    "text": canonical(dict(header, format="something/else")),
                }
            ],
            2,
            "does not name the election-record format",
        ),
        case(
            "16.7-record-json-not-json",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            "record.json is not JSON",
            [{"op": "member", "name": "record.json", "text": "format: election record"}],
            2,
            "record.json cannot be read",
        ),
        case(
            "16.7-part-digest-mismatch",
            "poll",
            "16.7",
            "docs/RECORD.md §1",
            "voided.json replaced by [] without updating its digest",
            [{"op": "member", "name": "voided.json", "text": "[]"}],
            1,
            "part voided does not match its digest",
        ),
        case(
            "16.also-manifest-extra-key",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (manifest keys)",
            "the manifest gets a key extra = 1",
            [patch({"op": "add", "path": "/manifest/extra", "value": 1})],
            1,
            "the manifest has fields",
        ),
        case(
            "16.also-manifest-poll-missing-place",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (manifest keys)",
            "manifest poll.place removed",
            [patch({"op": "remove", "path": "/manifest/poll/place"})],
            1,
            "poll has fields",
        ),
        case(
            "16.also-empty-official-name",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (strings are non-empty)",
            'official 0 named ""',
            [patch(replace("/manifest/officials/0/name", ""))],
            1,
            "official 0 name is empty",
        ),
        case(
            "16.also-empty-position",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (strings are non-empty)",
            'official 1 positions [""]',
            [patch(replace("/manifest/officials/1/positions", [""]))],
            1,
            "official 1 position is empty",
        ),
        case(
            "16.also-date-not-in-the-calendar",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (poll.date)",
            "poll.date = 2026-02-30",
            [patch(replace("/manifest/poll/date", "2026-02-30"))],
            1,
            "poll.date '2026-02-30' is not a calendar date",
        ),
        case(
            "16.also-date-other-form",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (poll.date)",
            "poll.date = 27/11/2026",
            [patch(replace("/manifest/poll/date", "27/11/2026"))],
            1,
            "is not a calendar date",
        ),
        case(
            "16.also-unknown-bloc",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (bloc)",
            "official 0 bloc = party",
            [patch(replace("/manifest/officials/0/bloc", "party"))],
            1,
            "official 0 bloc 'party' is not one of",
        ),
        case(
            "16.also-issued-count",
            "poll",
            "16 (also)",
            "docs/RECORD.md §3 (count = credentials listed)",
            "the first credentials_issued count + 1",
            [
                patch(
                    replace(
                        f"/log/entries/{p.at('credentials_issued')}/data/count",
                        p.entries[p.at("credentials_issued")]["data"]["count"] + 1,
                    )
                ),
                SIGN,
            ],
            1,
            "credentials_issued count differs from the credentials it lists",
        ),
        case(
            "16.also-no-key-ceremony-state",
            "poll",
            "16 (also)",
            "docs/RECORD.md §4 (a state_changed to key_ceremony exists)",
            "the state_changed draft → key_ceremony removed, the next one made draft → ready",
            [
                patch(
                    replace(f"/log/entries/{p.state('ready')}/data/from_state", "draft"),
                    {"op": "remove", "path": f"/log/entries/{ceremony}"},
                ),
                SIGN,
            ],
            1,
            "has no state_changed to key_ceremony",
        ),
        case(
            "16.also-public-key-unused",
            "poll",
            "16 (also), 10.16",
            "docs/RECORD.md §2 (log: public_keys)",
            "a second public key, which signed nothing, appended to public_keys",
            [patch({"op": "add", "path": "/log/public_keys/-", "value": other})],
            1,
            "log public key 1: has fingerprint",
        ),
        case(
            "16.also-public-key-twice",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (log: public_keys)",
            "the public key listed twice",
            [patch({"op": "add", "path": "/log/public_keys/-", "value": genuine})],
            1,
            "log public key 1: repeats an earlier key",
        ),
        case(
            "16.also-key-rotation-valid",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (log: public_keys)",
            "checkpoints from the 11th on signed by a second key, listed second",
            [
                {"op": "sign", "private_key": OTHER_KEY, "from": 10},
                patch({"op": "add", "path": "/log/public_keys/-", "value": other}),
            ],
            0,
            "Last checkpoint signed by: " + grouped_hex(fingerprint_of(OTHER_KEY)),
        ),
        case(
            "16.also-key-rotation-wrong-order",
            "poll",
            "16 (also)",
            "docs/RECORD.md §2 (log: public_keys)",
            "as the rotation case, with the second key listed first",
            [
                {"op": "sign", "private_key": OTHER_KEY, "from": 10},
                patch({"op": "add", "path": "/log/public_keys/0", "value": other}),
            ],
            1,
            "public_keys are not in the order in which they first sign a checkpoint",
        ),
        case(
            "16.also-log-key-upper-case-grouped",
            "poll",
            "16 (also)",
            "docs/RECORD.md §5 (--log-key)",
            "none; --log-key given in upper case, in groups of four",
            [],
            0,
            "signed by the key with the given fingerprint",
            ["--log-key", grouped],
        ),
        case(
            "16.also-log-key-malformed",
            "poll",
            "16 (also)",
            "docs/RECORD.md §5 (--log-key)",
            "none; --log-key of 63 hex digits (a usage error)",
            [],
            2,
            "is not a key fingerprint",
            ["--log-key", fp[:63]],
        ),
        case(
            "16.also-log-key-other",
            "poll",
            "16 (also)",
            "docs/RECORD.md §5 (--log-key)",
            "none; --log-key of another key",
            [],
            1,
            "log key: the log is signed by the key with fingerprint",
            ["--log-key", fingerprint_of(OTHER_KEY)],
        ),
    ]


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint_of(private: str) -> str:
    return fingerprint(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private)).public_key())


def grouped_hex(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, 64, 4))


def issue_10(p: Base) -> list[Case]:
    deep = "[" * 2000 + "]" * 2000
    return [
        case(
            "10.1-threshold-one",
            "poll",
            "10.1",
            "docs/RECORD.md §2 (2 ≤ k ≤ n)",
            "manifest threshold = 1 (a whole record built with k = 1 is refused alike: "
            "tests/security/test_verifier.py)",
            [patch(replace("/manifest/threshold", 1))],
            1,
            "threshold k = 1",
        ),
        case(
            "10.1-threshold-above-n",
            "poll",
            "10.1",
            "docs/RECORD.md §2 (2 ≤ k ≤ n)",
            "manifest threshold = 4 with 3 trustees",
            [patch(replace("/manifest/threshold", 4))],
            1,
            "threshold 4 is not within",
        ),
        case(
            "10.22-present-not-the-logged-one",
            "poll",
            "10.22",
            "docs/RECORD.md §3 (poll_opened delegates_present = the result's)",
            "result.delegates_present = 8 (within N ≤ P ≤ T) while poll_opened logged 7",
            [patch(replace("/result/delegates_present", 8))],
            1,
            "poll_opened delegates_present differs from the result part",
        ),
        case(
            "10.16-genuine-key-listed-beside-the-forgers",
            "poll",
            "10.16",
            "docs/RECORD.md §2 (log: public_keys)",
            "every checkpoint re-signed by another key; public_keys = [genuine, other]",
            [
                {"op": "sign", "private_key": OTHER_KEY},
                patch({"op": "add", "path": "/log/public_keys/-", "value": public_hex(OTHER_KEY)}),
            ],
            1,
            "log public key 0: has fingerprint",
        ),
        case(
            "10.18-deeply-nested-part",
            "poll",
            "10.18",
            "docs/RECORD.md §1 (limits: depth ≤ 32)",
            "voided.json = 2,000 nested arrays (digest updated)",
            [{"op": "member", "name": "voided.json", "text": deep, "digest": True}],
            1,
            "part voided.json is nested",
        ),
        case(
            "10.18-deeply-nested-record-json",
            "poll",
            "10.18",
            "docs/RECORD.md §1",
            "record.json = 2,000 nested arrays",
            [{"op": "member", "name": "record.json", "text": deep}],
            2,
            "record.json",
        ),
        case(
            "10.18-nested-33-deep",
            "poll",
            "10.18",
            "docs/RECORD.md §1 (limits: depth ≤ 32)",
            "result.json = 33 nested arrays (digest updated)",
            [{"op": "member", "name": "result.json", "text": "[" * 33 + "]" * 33, "digest": True}],
            1,
            "part result.json is nested deeper than 32 levels",
        ),
        case(
            "10.18-encrypted-member",
            "poll",
            "10.18",
            "docs/RECORD.md §1",
            "tally.json flagged as encrypted (general-purpose flag bit 0)",
            [{"op": "member_flags", "name": "tally.json", "value": 1}],
            1,
            "member tally.json is encrypted",
        ),
        case(
            "10.18-compression-bzip2",
            "poll",
            "10.18",
            "docs/RECORD.md §1",
            "ballots.json's compression method set to 12 (bzip2)",
            [{"op": "member_method", "name": "ballots.json", "value": 12}],
            1,
            "member ballots.json uses compression method 12",
        ),
        case(
            "10.19-member-over-its-limit",
            "poll",
            "10.19",
            "docs/RECORD.md §1 (limits)",
            "ballots.json's uncompressed size field set to 200 MiB",
            [{"op": "member_size", "name": "ballots.json", "value": 200 * 1024 * 1024}],
            1,
            "member ballots.json would inflate to 209715200 bytes, over its limit",
        ),
        case(
            "10.19-member-shrunk-like-a-bomb",
            "poll",
            "10.19",
            "docs/RECORD.md §1 (limits: at most 16 times)",
            "decryption.json's uncompressed size field set to 4 MiB (a few KB compressed)",
            [{"op": "member_size", "name": "decryption.json", "value": 4 * 1024 * 1024}],
            1,
            "never shrink more than 16 times",
        ),
    ]


def classic(p: Base, v: Base) -> list[Case]:
    ballot0 = p.parts["ballots"][0]
    response = ballot0["signature"]["response"]
    flipped = format((int(response[5], 16) + 1) % 16, "x")
    return [
        case("valid-poll", "poll", "-", "docs/RECORD.md", "none", [], 0, "VALID: election record"),
        case("valid-vote", "vote", "-", "docs/RECORD.md", "none", [], 0, "VALID: election record"),
        case(
            "ballot-signature-changed",
            "poll",
            "-",
            "docs/PROTOCOL.md §7",
            "one hex digit of ballot 0's signature response changed",
            [
                patch(
                    replace(
                        "/ballots/0/signature/response",
                        response[:5] + flipped + response[6:],
                    )
                )
            ],
            1,
            "INVALID: ballot 0",
        ),
        case(
            "tally-cells-swapped",
            "vote",
            "-",
            "docs/RECORD.md §2 (tally)",
            "two tally cells swapped",
            [
                patch(
                    replace("/tally/cells/0/1", v.parts["tally"]["cells"][1][0]),
                    replace("/tally/cells/1/0", v.parts["tally"]["cells"][0][1]),
                )
            ],
            1,
            "tally official 0 level 1: differs from the sum",
        ),
        case(
            "log-entry-deleted-not-re-signed",
            "poll",
            "-",
            "docs/LOG.md §5",
            "a ballot_cast entry deleted, checkpoints left as they were",
            [patch({"op": "remove", "path": f"/log/entries/{p.at('ballot_cast', 2)}"})],
            1,
            "log entry",
        ),
    ]


def verdict(data: bytes, args: list[str]) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "record.zip"
        path.write_bytes(data)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                code = ballot_verify([str(path), "--jobs", "1", "--lang", "en", *args])
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    return code, out.getvalue()


def main() -> None:
    for folder in ("base", "cases"):
        shutil.rmtree(HERE / folder, ignore_errors=True)
        (HERE / folder).mkdir()
    write_bases()
    p, v, pe, ve = (Base(name) for name in BASES)
    makers: list[Callable[[], list[Case]]] = [
        lambda: issue_16(p, v, pe, ve),
        lambda: issue_10(p),
        lambda: classic(p, v),
    ]
    for make in makers:
        for item in make():
            code, out = verdict(build_case(item), item["args"])
            expect = item["expect"]
            if code != expect["exit"] or expect["ballot_verify_says"] not in out:
                raise SystemExit(f"{item['case']}: ballot-verify says {code}: {out[:400]}")
            (HERE / "cases" / f"{item['case']}.json").write_text(
                json.dumps(item, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(f"{item['case']}: {code}")


if __name__ == "__main__":
    main()
