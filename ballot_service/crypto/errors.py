"""Exceptions raised by the crypto core; verification raises, it never returns False.

Every message names the object and the check that failed, e.g.
``ballot 3f2a…: official 7 level 2: 0/1 proof: challenge mismatch``.
"""

from __future__ import annotations


class VerificationError(Exception):
    """Base class: some input, proof or signature failed a check."""


class MalformedInput(VerificationError):
    """A structure has the wrong shape, type, length, version or range."""


class InvalidPoint(VerificationError):
    """A group element is not canonical, off the curve, outside the prime-order subgroup,
    or the identity where the identity is forbidden."""


class InvalidScalar(VerificationError):
    """A scalar encoding is not canonical (≥ ℓ) or a scalar is zero where zero is forbidden."""


class InvalidProof(VerificationError):
    """A zero-knowledge proof does not verify (recomputed challenge differs)."""


class InvalidSignature(VerificationError):
    """A Schnorr signature (ballot credential signature) does not verify."""


class InvalidShare(VerificationError):
    """A DKG share fails the Feldman check, or an encrypted share cannot be opened."""


class DecryptionError(VerificationError):
    """A decryption (tally, key file, discrete log) cannot be completed."""


class WrongPassphrase(DecryptionError):
    """A key file does not open with the given passphrase (or it was altered)."""


__all__ = [
    "DecryptionError",
    "InvalidPoint",
    "InvalidProof",
    "InvalidScalar",
    "InvalidShare",
    "InvalidSignature",
    "MalformedInput",
    "VerificationError",
    "WrongPassphrase",
]
