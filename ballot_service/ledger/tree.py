"""An append-only, in-memory RFC 9162 Merkle tree over leaf hashes.

Every complete (perfect) subtree hash is stored once, when its last leaf arrives:
``levels[h][i]`` is the hash of the 2^h leaves starting at leaf ``i·2^h``. Appending costs one
leaf hash plus, amortised, one node hash; MTH of any prefix D[0:n] (and of any range the proofs
need) is then O(log n) stored look-ups and O(log n) fresh node hashes.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import TreeError
from .hasher import EMPTY_ROOT, HASH_SIZE, hash_children, hash_leaf
from .proofs import consistency_proof, inclusion_proof


class MerkleTree:
    """Append-only Merkle tree; answers roots and proofs for every size up to :attr:`size`."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        for leaf_hash in leaf_hashes:
            self.append_leaf_hash(leaf_hash)

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return len(self._levels[0])

    def append(self, data: bytes) -> int:
        """Append an entry's bytes (hashed as a leaf); return its leaf index."""
        return self.append_leaf_hash(hash_leaf(data))

    def append_leaf_hash(self, leaf_hash: bytes) -> int:
        """Append an already computed leaf hash; return its leaf index."""
        if len(leaf_hash) != HASH_SIZE:
            raise TreeError(f"leaf hash has {len(leaf_hash)} bytes, expected {HASH_SIZE}")
        index = self.size
        self._levels[0].append(bytes(leaf_hash))
        # Close every perfect subtree whose last leaf this is: while the node is a right child.
        height, i = 0, index
        while i % 2 == 1:
            level = self._levels[height]
            parent = hash_children(level[i - 1], level[i])
            if height + 1 == len(self._levels):
                self._levels.append([])
            self._levels[height + 1].append(parent)
            height, i = height + 1, i // 2
        return index

    def leaf_hash(self, index: int) -> bytes:
        """Return the leaf hash at ``index`` (0 ≤ index < size)."""
        if not 0 <= index < self.size:
            raise TreeError(f"leaf index {index} out of range for tree size {self.size}")
        return self._levels[0][index]

    def root(self, size: int | None = None) -> bytes:
        """Return MTH(D[0:size]) (the current root when ``size`` is None; EMPTY_ROOT for 0)."""
        n = self.size if size is None else size
        if not 0 <= n <= self.size:
            raise TreeError(f"tree size {n} out of range: the tree has {self.size} leaves")
        if n == 0:
            return EMPTY_ROOT
        return self.subtree_hash(0, n)

    def subtree_hash(self, start: int, end: int) -> bytes:
        """Return MTH(D[start:end]) for 0 ≤ start < end ≤ size."""
        if not 0 <= start < end <= self.size:
            raise TreeError(
                f"range [{start}, {end}) is not a non-empty range of the {self.size} leaves"
            )
        return self._mth(start, end)

    def _mth(self, start: int, end: int) -> bytes:
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            # A perfect, aligned subtree: stored when its last leaf was appended.
            return self._levels[n.bit_length() - 1][start // n]
        k = 1 << ((n - 1).bit_length() - 1)  # the largest power of two smaller than n
        return hash_children(self._mth(start, start + k), self._mth(start + k, end))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return PATH(index, D[0:size]) (RFC 9162 §2.1.3.1); ``size`` defaults to the current."""
        return inclusion_proof(self, index, self.size if size is None else size)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Return PROOF(size1, D[0:size2]) (RFC 9162 §2.1.4.1); ``size2`` defaults to the size."""
        return consistency_proof(self, size1, self.size if size2 is None else size2)
