"""Exceptions of the ledger package; every message names the values that failed."""

from __future__ import annotations


class LedgerError(Exception):
    """Base class of every error raised by ``ballot_service.ledger``."""


class TreeError(LedgerError):
    """A request to the in-memory tree is out of range (a caller's bug)."""


class InclusionProofError(LedgerError):
    """An inclusion proof does not verify (RFC 9162 §2.1.3.2)."""


class ConsistencyProofError(LedgerError):
    """A consistency proof does not verify (RFC 9162 §2.1.4.2)."""


class CheckpointError(LedgerError):
    """A checkpoint is malformed or its signature does not verify."""


class CosignatureError(CheckpointError):
    """A witness cosignature is malformed or does not verify."""


class KeyFileError(LedgerError):
    """A key file is missing, malformed or has unsafe permissions."""


class CanonicalJSONError(LedgerError):
    """A value cannot be encoded as, or bytes are not, canonical JSON."""


class EntryError(LedgerError):
    """A log entry is malformed or does not match its event type's schema."""
