"""Tree, proof construction and verification against the literal RFC 9162 reference."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballot_service.ledger import tree as tree_module
from ballot_service.ledger.errors import ConsistencyProofError, InclusionProofError, TreeError
from ballot_service.ledger.hasher import EMPTY_ROOT, hash_leaf
from ballot_service.ledger.proofs import (
    consistency_proof_length,
    inclusion_proof_length,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from ballot_service.ledger.tree import MerkleTree

from . import reference

MAX_SIZE = 300


def _leaves(n: int, salt: bytes = b"") -> list[bytes]:
    return [salt + i.to_bytes(4, "big") for i in range(n)]


def _tree(leaves: list[bytes]) -> MerkleTree:
    tree = MerkleTree()
    for leaf in leaves:
        tree.append(leaf)
    return tree


@st.composite
def trees(draw: st.DrawFn) -> tuple[list[bytes], MerkleTree]:
    n = draw(st.integers(1, MAX_SIZE))
    leaves = _leaves(n, draw(st.binary(max_size=8)))
    return leaves, _tree(leaves)


# --- agreement with the reference -----------------------------------------------------------


def test_exhaustive_small_trees() -> None:
    """Every root, every inclusion proof, every consistency proof for sizes up to 33."""
    leaves = _leaves(33, b"x")
    tree = _tree(leaves)
    for n in range(0, 34):
        assert tree.root(n) == reference.mth(leaves[:n])
        for i in range(n):
            want = reference.path(i, leaves[:n])
            assert tree.inclusion_proof(i, n) == want
            assert len(want) == inclusion_proof_length(i, n)
            verify_inclusion(hash_leaf(leaves[i]), i, n, want, tree.root(n))
        for m in range(0, n + 1):
            want = reference.proof(m, leaves[:n]) if 0 < m < n else []
            assert tree.consistency_proof(m, n) == want
            assert len(want) == consistency_proof_length(m, n)
            verify_consistency(m, n, want, tree.root(m), tree.root(n))


@settings(max_examples=40, deadline=None)
@given(data=st.data(), t=trees())
def test_inclusion_matches_reference(
    data: st.DataObject, t: tuple[list[bytes], MerkleTree]
) -> None:
    leaves, tree = t
    for _ in range(5):
        size = data.draw(st.integers(1, len(leaves)))
        index = data.draw(st.integers(0, size - 1))
        want = reference.path(index, leaves[:size])
        root = reference.mth(leaves[:size])
        assert tree.root(size) == root
        assert tree.inclusion_proof(index, size) == want
        verify_inclusion(hash_leaf(leaves[index]), index, size, want, root)
        if want:  # any single-bit change of any proof hash breaks it
            j = data.draw(st.integers(0, len(want) - 1))
            bit = data.draw(st.integers(0, 255))
            flipped = bytearray(want[j])
            flipped[bit // 8] ^= 1 << (bit % 8)
            bad = [*want[:j], bytes(flipped), *want[j + 1 :]]
            named = f"leaf index {index} in tree size {size}"
            with pytest.raises(InclusionProofError, match=named):
                verify_inclusion(hash_leaf(leaves[index]), index, size, bad, root)
        other = data.draw(st.integers(0, size - 1))
        if other != index:  # distinct leaves: a proof never proves another index
            with pytest.raises(InclusionProofError):
                verify_inclusion(hash_leaf(leaves[index]), other, size, want, root)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), t=trees())
def test_consistency_matches_reference(
    data: st.DataObject, t: tuple[list[bytes], MerkleTree]
) -> None:
    leaves, tree = t
    for _ in range(5):
        size2 = data.draw(st.integers(1, len(leaves)))
        size1 = data.draw(st.integers(0, size2))
        want = reference.proof(size1, leaves[:size2]) if 0 < size1 < size2 else []
        root1, root2 = reference.mth(leaves[:size1]), reference.mth(leaves[:size2])
        assert tree.consistency_proof(size1, size2) == want
        verify_consistency(size1, size2, want, root1, root2)
        if want:
            j = data.draw(st.integers(0, len(want) - 1))
            bad = [*want]
            bad[j] = bytes([bad[j][0] ^ 1]) + bad[j][1:]
            with pytest.raises(ConsistencyProofError, match=f"size {size1} to size {size2}"):
                verify_consistency(size1, size2, bad, root1, root2)
            with pytest.raises(ConsistencyProofError):
                verify_consistency(size1, size2, want, root2, root1)


@settings(max_examples=30, deadline=None)
@given(t=trees(), extra=st.integers(1, 40))
def test_appending_never_changes_old_roots(t: tuple[list[bytes], MerkleTree], extra: int) -> None:
    leaves, tree = t
    before = [tree.root(n) for n in range(len(leaves) + 1)]
    for leaf in _leaves(extra, b"more"):
        tree.append(leaf)
    assert [tree.root(n) for n in range(len(leaves) + 1)] == before
    verify_consistency(
        len(leaves),
        tree.size,
        tree.consistency_proof(len(leaves)),
        before[-1],
        tree.root(),
    )


# --- known bad cases, with messages that name the values ------------------------------------

LEAVES = _leaves(13, b"bad")
TREE = _tree(LEAVES)


def _incl(index: int, size: int) -> tuple[bytes, list[bytes], bytes]:
    return hash_leaf(LEAVES[index]), TREE.inclusion_proof(index, size), TREE.root(size)


def test_inclusion_index_not_below_size() -> None:
    leaf, proof, root = _incl(12, 13)
    with pytest.raises(InclusionProofError, match="leaf index 13 is not below tree size 13"):
        verify_inclusion(leaf, 13, 13, proof, root)
    with pytest.raises(InclusionProofError, match="leaf index 0 is not below tree size 0"):
        verify_inclusion(leaf, 0, 0, [], EMPTY_ROOT)
    with pytest.raises(InclusionProofError, match="non-negative"):
        verify_inclusion(leaf, -1, 13, proof, root)


def test_inclusion_wrong_size() -> None:
    leaf, proof, root = _incl(5, 13)
    with pytest.raises(InclusionProofError, match="in tree size 6 has 4 hashes, expected 2"):
        verify_inclusion(leaf, 5, 6, proof, root)
    with pytest.raises(InclusionProofError, match="in tree size 26 has 4 hashes, expected 5"):
        verify_inclusion(leaf, 5, 26, proof, root)
    leaf, proof, root = _incl(12, 13)
    with pytest.raises(InclusionProofError, match="in tree size 14 has 2 hashes, expected 3"):
        verify_inclusion(leaf, 12, 14, proof, root)


def test_inclusion_proof_does_not_bind_the_size() -> None:
    """RFC 9162 property (docs/LOG.md): the root, not the proof, binds the size.

    Leaf 5 sits in the same left subtree of sizes 12 and 13, so the size-13 proof also
    "verifies" with size 12 against the size-13 root. Verifiers must take (size, root) together
    from one signed checkpoint; this test pins the property so nobody relies on the contrary.
    """
    leaf, proof, root = _incl(5, 13)
    verify_inclusion(leaf, 5, 12, proof, root)
    with pytest.raises(InclusionProofError):
        verify_inclusion(leaf, 5, 12, proof, TREE.root(12))


def test_inclusion_over_long_and_short_proofs() -> None:
    leaf, proof, root = _incl(5, 13)
    assert len(proof) == 4
    with pytest.raises(InclusionProofError, match="has 5 hashes, expected 4"):
        verify_inclusion(leaf, 5, 13, [*proof, proof[-1]], root)
    with pytest.raises(InclusionProofError, match="has 3 hashes, expected 4"):
        verify_inclusion(leaf, 5, 13, proof[:-1], root)
    with pytest.raises(InclusionProofError, match="has 0 hashes, expected 4"):
        verify_inclusion(leaf, 5, 13, [], root)
    with pytest.raises(InclusionProofError, match=r"proof\[2\] has 31 bytes"):
        verify_inclusion(leaf, 5, 13, [*proof[:2], proof[2][:31], proof[3]], root)


def test_inclusion_swapped_siblings_and_wrong_root() -> None:
    leaf, proof, root = _incl(5, 13)
    with pytest.raises(InclusionProofError, match="yields root"):
        verify_inclusion(leaf, 5, 13, [proof[1], proof[0], *proof[2:]], root)
    with pytest.raises(InclusionProofError, match=f"expected {TREE.root(12).hex()}"):
        verify_inclusion(leaf, 5, 13, proof, TREE.root(12))
    with pytest.raises(InclusionProofError, match="root has 0 bytes"):
        verify_inclusion(leaf, 5, 13, proof, b"")


def test_root_from_inclusion_proof_single_leaf() -> None:
    leaf = hash_leaf(b"data")
    assert root_from_inclusion_proof(leaf, 0, 1, []) == leaf
    with pytest.raises(InclusionProofError, match="has 1 hashes, expected 0"):
        root_from_inclusion_proof(leaf, 0, 1, [leaf])


def test_consistency_size1_greater_than_size2() -> None:
    with pytest.raises(ConsistencyProofError, match="size1 8 is greater than size2 7"):
        verify_consistency(8, 7, [], TREE.root(8), TREE.root(7))


def test_consistency_trivial_cases() -> None:
    verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)
    verify_consistency(0, 13, [], EMPTY_ROOT, TREE.root())
    verify_consistency(7, 7, [], TREE.root(7), TREE.root(7))
    with pytest.raises(ConsistencyProofError, match="equal sizes 7 but root1"):
        verify_consistency(7, 7, [], TREE.root(7), TREE.root(8))
    with pytest.raises(ConsistencyProofError, match="size 7 to size 7 has 1 hashes, expected 0"):
        verify_consistency(7, 7, [EMPTY_ROOT], TREE.root(7), TREE.root(7))
    with pytest.raises(ConsistencyProofError, match="of size 0 is not the empty tree hash"):
        verify_consistency(0, 13, [], TREE.root(1), TREE.root())
    with pytest.raises(ConsistencyProofError, match="from size 0 to size 13 has 1 hashes"):
        verify_consistency(0, 13, [EMPTY_ROOT], EMPTY_ROOT, TREE.root())


def test_consistency_bad_proofs() -> None:
    proof, root1, root2 = TREE.consistency_proof(6, 13), TREE.root(6), TREE.root(13)
    n = len(proof)
    verify_consistency(6, 13, proof, root1, root2)
    with pytest.raises(ConsistencyProofError, match=f"has 0 hashes, expected {n}"):
        verify_consistency(6, 13, [], root1, root2)
    with pytest.raises(ConsistencyProofError, match=f"has {n + 1} hashes, expected {n}"):
        verify_consistency(6, 13, [*proof, root2], root1, root2)
    with pytest.raises(ConsistencyProofError, match=f"has {n - 1} hashes, expected {n}"):
        verify_consistency(6, 13, proof[:-1], root1, root2)
    with pytest.raises(ConsistencyProofError, match="yields root"):
        verify_consistency(6, 13, [proof[1], proof[0], *proof[2:]], root1, root2)
    with pytest.raises(ConsistencyProofError, match="yields root2"):
        verify_consistency(6, 13, proof, root1, TREE.root(12))
    with pytest.raises(ConsistencyProofError, match="yields root1"):
        verify_consistency(6, 13, proof, TREE.root(5), root2)
    with pytest.raises(ConsistencyProofError, match="size 6 to size 12"):
        verify_consistency(6, 12, proof, root1, TREE.root(12))


def test_construction_preconditions() -> None:
    with pytest.raises(TreeError, match="leaf index 13 in tree size 13"):
        TREE.inclusion_proof(13)
    with pytest.raises(TreeError, match="leaf index 0 in tree size 14"):
        TREE.inclusion_proof(0, 14)
    with pytest.raises(TreeError, match="from size 9 to size 8"):
        TREE.consistency_proof(9, 8)
    with pytest.raises(TreeError, match="tree size 14 out of range"):
        TREE.root(14)
    with pytest.raises(TreeError, match="leaf hash has 3 bytes"):
        MerkleTree().append_leaf_hash(b"abc")
    with pytest.raises(TreeError, match="leaf index 13 out of range"):
        TREE.leaf_hash(13)


def test_hundred_thousand_leaves_cost_logarithmic_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Roots and proofs over 100,000 leaves take O(log n) fresh node hashes (the stored perfect
    subtrees do the rest), counted rather than timed: a timed test fails on a busy machine."""
    tree = MerkleTree(hash_leaf(i.to_bytes(8, "big")) for i in range(100_000))
    counted: list[int] = []
    real = tree_module.hash_children

    def counting(left: bytes, right: bytes) -> bytes:
        counted.append(1)
        return real(left, right)

    monkeypatch.setattr(tree_module, "hash_children", counting)
    log_n = (100_000).bit_length()  # 17
    roots = []
    for n in (1, 65_536, 99_999, 100_000):
        counted.clear()
        roots.append(tree.root(n))
        assert len(counted) <= log_n, n
    counted.clear()
    proof = tree.consistency_proof(77_777)
    incl = tree.inclusion_proof(54_321)
    assert len(counted) <= 4 * log_n * log_n  # each proof node is one O(log n) subtree hash
    verify_consistency(77_777, 100_000, proof, tree.root(77_777), roots[-1])
    verify_inclusion(tree.leaf_hash(54_321), 54_321, 100_000, incl, roots[-1])
    assert roots[0] == tree.leaf_hash(0)
