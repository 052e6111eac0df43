"""Verify an election record completely, in a fixed order, stopping at the first failure.

1. manifest shape and fingerprint F (= record.json's, = every object's election bytes);
2. DKG: one verified commitment per trustee 1..n; election key K and every VK_m;
3. credentials: valid points, no duplicate; voided ⊆ credentials;
4. ballots: parse, verify_ballot, credential issued, not voided, used once, tracking code unique;
5. tally = the homomorphic sums of the ballots;
6. decryption: ≥ k trustees, every share verifies against VK_m, k lowest combine to the counts;
7. result: every field against the counts, the manifest and ballot_service.rules;
8. log: entries decode, checkpoints verify and fit the Merkle tree; its content agrees with
   every part (log_content.py);
9. optionally, a checkpoint saved earlier: the log extends it (not truncated, not forked);
10. optionally, named witnesses: each cosigned the log at its key moments (witness_checks.py).

Every failure raises VerificationFailed naming the object and the check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..ledger.checkpoint import SignedCheckpoint
from ..record.codec import ElectionRecord
from ..rules.kinds import Level, PollKind
from .ballot_checks import check_ballots, default_jobs
from .checkpoint_checks import check_earlier_checkpoint
from .count_checks import VerifiedResult, check_counting
from .errors import VerificationFailed
from .log_checks import decode_log
from .log_content import check_log_content
from .setup_checks import check_setup
from .witness_checks import Witness, check_witnesses


@dataclass(frozen=True)
class Summary:
    """What a successful verification checked and established (for the report)."""

    poll_id: str
    fingerprint: str
    kind: PollKind
    levels: tuple[Level, ...]
    officials: int
    trustees: int
    threshold: int
    trustees_decrypting: tuple[int, ...]
    credentials: int
    voided: int
    ballots: int
    dkg_proofs: int
    ballot_proofs: int
    share_proofs: int
    ballot_signatures: int
    log_id: str
    log_entries: int
    checkpoints: int
    cosignatures: int
    key_fingerprints: tuple[str, ...]
    signer: str
    """Fingerprint of the key that signed the last checkpoint (printed: a verifier compares it
    with the one the council published)."""
    earlier_checkpoint: int | None
    result: VerifiedResult
    log_key_pinned: bool = False
    """True when the caller gave that fingerprint (from outside the record) and it matched."""
    witnesses: tuple[str, ...] = ()
    """The witnesses named by the caller, each found to have cosigned every key moment."""
    cosignatures_checked: int = 0

    @property
    def proofs(self) -> int:
        """Zero-knowledge proofs verified (DKG Schnorr, ballot 0/1 and row, decryption)."""
        return self.dkg_proofs + self.ballot_proofs + self.share_proofs


def verify_record(
    record: ElectionRecord,
    header: Mapping[str, Any],
    *,
    jobs: int | None = None,
    checkpoint: SignedCheckpoint | None = None,
    log_key: str | None = None,
    witnesses: tuple[Witness, ...] = (),
) -> Summary:
    """Run checks 1–9 (see the module docstring); raise VerificationFailed at the first failure.

    ``jobs`` worker processes verify the ballots (default: one per core; 1 = this process).
    ``log_key``: the fingerprint (64 hex digits) of the log key, taken from outside the record
    (the minutes, the bulletin board); the last checkpoint must be signed by that key. Without
    it, the record's authenticity rests on its own public keys.
    """
    election = check_setup(record.manifest, header, record.dkg, record.credentials, record.voided)
    cast = check_ballots(record.ballots, election, jobs=jobs or default_jobs())
    ballots = len(cast.tracking_codes)
    verified = check_counting(
        record.tally, record.decryption, record.result, cast.sums, ballots, election
    )
    log = decode_log(record.log, election.poll_id)
    if log_key is not None and log.signer != log_key:
        raise VerificationFailed(
            "log key",
            f"the log is signed by the key with fingerprint {log.signer}, not "
            f"{log_key} as given: this record does not come from that service",
        )
    parts = {
        name: record.part(name) for name in ("dkg", "credentials", "voided", "tally", "decryption")
    }
    check_log_content(log.entries, election, parts, cast, verified)
    earlier = None if checkpoint is None else check_earlier_checkpoint(checkpoint, log)
    cosigned = check_witnesses(record.log["checkpoints"], log.entries, witnesses)
    k, levels = election.officials, len(election.levels)
    return Summary(
        poll_id=election.poll_id,
        fingerprint=election.fingerprint.hex(),
        kind=election.kind,
        levels=election.levels,
        officials=k,
        trustees=election.trustees,
        threshold=election.threshold,
        trustees_decrypting=verified.trustees_decrypting,
        credentials=len(election.credentials),
        voided=len(election.voided),
        ballots=ballots,
        dkg_proofs=election.trustees * election.threshold,
        ballot_proofs=ballots * k * (levels + 1),
        share_proofs=verified.share_proofs,
        ballot_signatures=ballots,
        log_id=log.log_id,
        log_entries=len(log.entries),
        checkpoints=log.checkpoints,
        cosignatures=log.cosignatures,
        key_fingerprints=log.key_fingerprints,
        signer=log.signer,
        earlier_checkpoint=earlier,
        result=verified,
        log_key_pinned=log_key is not None,
        witnesses=tuple(w.name for w in witnesses),
        cosignatures_checked=cosigned,
    )
