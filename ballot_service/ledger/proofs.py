"""Inclusion and consistency proofs of RFC 9162 §2.1.3–§2.1.4: construction, then verification.

Construction needs only MTH of ranges of the tree (:class:`SubtreeHashes`); verification needs
only hashes. Proofs are lists of 32-byte hashes in the RFC's order (from the leaf upwards).

Exact preconditions (a violation raises, never returns False):

* inclusion: 0 ≤ index < size; every hash is 32 bytes; the proof has exactly
  :func:`inclusion_proof_length` (index, size) hashes.
* consistency: 0 ≤ size1 ≤ size2; the proof has exactly
  :func:`consistency_proof_length` (size1, size2) hashes (0 when size1 = 0 or size1 = size2);
  for size1 = size2 the roots must be equal; for size1 = 0 root1 must be MTH({}).
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Protocol

from .errors import ConsistencyProofError, InclusionProofError, TreeError
from .hasher import EMPTY_ROOT, HASH_SIZE, hash_children


class SubtreeHashes(Protocol):
    """What proof construction needs from a tree: its size and MTH(D[start:end])."""

    @property
    def size(self) -> int: ...

    def subtree_hash(self, start: int, end: int) -> bytes: ...


def _split(n: int) -> int:
    """Return k, the largest power of two smaller than n (n ≥ 2), as in RFC 9162 §2.1.1."""
    return 1 << ((n - 1).bit_length() - 1)


# --- construction -------------------------------------------------------------------------


def inclusion_proof(tree: SubtreeHashes, index: int, size: int) -> list[bytes]:
    """Return PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, for 0 ≤ index < size ≤ tree.size."""
    if not 0 <= index < size <= tree.size:
        raise TreeError(
            f"no inclusion proof for leaf index {index} in tree size {size} "
            f"(need 0 ≤ index < size ≤ {tree.size})"
        )
    path: list[bytes] = []  # collected root-first, returned leaf-first
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append(tree.subtree_hash(start + k, end))
            end = start + k
        else:
            path.append(tree.subtree_hash(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(tree: SubtreeHashes, size1: int, size2: int) -> list[bytes]:
    """Return PROOF(size1, D[0:size2]) = SUBPROOF(size1, D[0:size2], true) of RFC 9162 §2.1.4.1.

    Requires 0 ≤ size1 ≤ size2 ≤ tree.size; the proof is empty when size1 = 0 or size1 = size2.
    """
    if not 0 <= size1 <= size2 <= tree.size:
        raise TreeError(
            f"no consistency proof from size {size1} to size {size2} "
            f"(need 0 ≤ size1 ≤ size2 ≤ {tree.size})"
        )
    if size1 in (0, size2):
        return []
    path: list[bytes] = []  # collected root-first, returned leaf-first
    start, end, m, whole = 0, size2, size1, True
    while True:
        n = end - start
        if m == n:
            if not whole:
                path.append(tree.subtree_hash(start, end))
            break
        k = _split(n)
        if m <= k:
            path.append(tree.subtree_hash(start + k, end))
            end = start + k
        else:
            path.append(tree.subtree_hash(start, start + k))
            start, m, whole = start + k, m - k, False
    path.reverse()
    return path


# --- expected lengths -----------------------------------------------------------------------


def inclusion_proof_length(index: int, size: int) -> int:
    """Return the exact number of hashes in PATH(index, D[0:size]) (0 ≤ index < size).

    The paths from the leaf and from the last leaf share the top of the tree; below the point
    where they part (``inner`` levels) every level contributes a sibling, and above it only the
    levels where the leaf is a right child (the ``border``) do.
    """
    inner = (index ^ (size - 1)).bit_length()
    border = (index >> inner).bit_count()
    return inner + border


def consistency_proof_length(size1: int, size2: int) -> int:
    """Return the exact number of hashes in PROOF(size1, D[0:size2]) (0 ≤ size1 ≤ size2)."""
    if size1 in (0, size2):
        return 0
    level = (size1 & -size1).bit_length() - 1  # trailing zero bits of size1
    node, last = (size1 - 1) >> level, (size2 - 1) >> level
    seed = 0 if node == 0 else 1  # size1 not a power of two: its last subtree hash comes first
    return seed + inclusion_proof_length(node, last + 1)


# --- verification ---------------------------------------------------------------------------


def _check_hash(error: type[Exception], what: str, value: bytes) -> None:
    if len(value) != HASH_SIZE:
        raise error(f"{what} has {len(value)} bytes, expected {HASH_SIZE}")


def _check_int(error: type[Exception], what: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise error(f"{what} must be a non-negative integer, got {value!r}")


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """Return the root that ``proof`` yields for ``leaf_hash`` at ``index`` (RFC 9162 §2.1.3.2)."""
    _check_int(InclusionProofError, "leaf index", index)
    _check_int(InclusionProofError, "tree size", size)
    if index >= size:
        raise InclusionProofError(f"leaf index {index} is not below tree size {size}")
    _check_hash(InclusionProofError, "leaf hash", leaf_hash)
    for i, p in enumerate(proof):
        _check_hash(InclusionProofError, f"proof[{i}]", p)
    want = inclusion_proof_length(index, size)
    if len(proof) != want:
        raise InclusionProofError(
            f"inclusion proof for leaf index {index} in tree size {size} has {len(proof)} "
            f"hashes, expected {want}"
        )
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:  # unreachable after the length check; kept as the RFC states it
            raise InclusionProofError(f"inclusion proof for size {size} is too long")
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hash_children(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise InclusionProofError(f"inclusion proof for size {size} is too short")
    return r


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that leaf_hash is leaf ``index`` of the tree of ``size`` leaves with ``root``.

    Raises :class:`InclusionProofError` naming the index, size and proof length on failure.
    """
    _check_hash(InclusionProofError, "root", root)
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof)
    if not hmac.compare_digest(computed, root):
        raise InclusionProofError(
            f"inclusion proof ({len(proof)} hashes) for leaf index {index} in tree size {size} "
            f"yields root {computed.hex()}, expected {root.hex()}"
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree of size2 leaves with root2 extends the tree of size1 with root1.

    RFC 9162 §2.1.4.2, plus the trivial cases: size1 = size2 needs an empty proof and equal
    roots; size1 = 0 needs an empty proof and root1 = MTH({}). Raises
    :class:`ConsistencyProofError` naming the sizes and proof length on failure.
    """
    _check_int(ConsistencyProofError, "size1", size1)
    _check_int(ConsistencyProofError, "size2", size2)
    if size1 > size2:
        raise ConsistencyProofError(f"size1 {size1} is greater than size2 {size2}")
    _check_hash(ConsistencyProofError, "root1", root1)
    _check_hash(ConsistencyProofError, "root2", root2)
    for i, p in enumerate(proof):
        _check_hash(ConsistencyProofError, f"proof[{i}]", p)
    want = consistency_proof_length(size1, size2)
    if len(proof) != want:
        raise ConsistencyProofError(
            f"consistency proof from size {size1} to size {size2} has {len(proof)} hashes, "
            f"expected {want}"
        )
    if size1 == 0:
        if not hmac.compare_digest(root1, EMPTY_ROOT):
            raise ConsistencyProofError(
                f"root1 {root1.hex()} of size 0 is not the empty tree hash {EMPTY_ROOT.hex()}"
            )
        return
    if size1 == size2:
        if not hmac.compare_digest(root1, root2):
            raise ConsistencyProofError(
                f"equal sizes {size1} but root1 {root1.hex()} differs from root2 {root2.hex()}"
            )
        return
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # size1 is a power of two: its root is a node of the tree
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:  # unreachable after the length check; kept as the RFC states it
            raise ConsistencyProofError(
                f"consistency proof from size {size1} to size {size2} is too long"
            )
        if fn & 1 or fn == sn:
            fr, sr = hash_children(c, fr), hash_children(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = hash_children(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ConsistencyProofError(
            f"consistency proof from size {size1} to size {size2} is too short"
        )
    if not hmac.compare_digest(fr, root1):
        raise ConsistencyProofError(
            f"consistency proof ({len(proof)} hashes) from size {size1} to size {size2} yields "
            f"root1 {fr.hex()}, expected {root1.hex()}"
        )
    if not hmac.compare_digest(sr, root2):
        raise ConsistencyProofError(
            f"consistency proof ({len(proof)} hashes) from size {size1} to size {size2} yields "
            f"root2 {sr.hex()}, expected {root2.hex()}"
        )
