"""The published RFC 6962 reference tree (tests/vectors/ledger_rfc6962.json, provenance inside)."""

from __future__ import annotations

from typing import Any

import pytest

from ballot_service.ledger.errors import ConsistencyProofError, InclusionProofError
from ballot_service.ledger.hasher import empty_root, hash_children, hash_leaf
from ballot_service.ledger.proofs import verify_consistency, verify_inclusion
from ballot_service.ledger.tree import MerkleTree

from . import reference

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def _tree(v: dict[str, Any]) -> MerkleTree:
    tree = MerkleTree()
    for leaf in v["leaves"]:
        tree.append(bytes.fromhex(leaf))
    return tree


def _hashes(items: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in items]


def test_empty_root(rfc6962: dict[str, Any]) -> None:
    assert empty_root().hex() == rfc6962["empty_root"]
    assert MerkleTree().root() == empty_root()


def test_hash_prefixes() -> None:
    # SHA-256(0x00) and SHA-256(0x01 || 0x00*64), checked with an independent tool (sha256sum).
    assert hash_leaf(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert hash_children(b"\x00" * 32, b"\x00" * 32) != hash_leaf(b"\x00" * 64)


def test_roots_for_every_size(rfc6962: dict[str, Any]) -> None:
    tree = _tree(rfc6962)
    leaves = [bytes.fromhex(x) for x in rfc6962["leaves"]]
    for size_text, root in rfc6962["roots"].items():
        size = int(size_text)
        assert tree.root(size).hex() == root
        assert reference.mth(leaves[:size]).hex() == root


@pytest.mark.parametrize("case", range(7))
def test_inclusion_vectors(rfc6962: dict[str, Any], case: int) -> None:
    v = rfc6962["inclusion"][case]
    tree = _tree(rfc6962)
    index, size, proof = v["index"], v["size"], _hashes(v["proof"])
    root = bytes.fromhex(rfc6962["roots"][str(size)])
    assert tree.inclusion_proof(index, size) == proof
    verify_inclusion(tree.leaf_hash(index), index, size, proof, root)
    for desc, probe in _inclusion_probes(index, size, proof, root, tree.leaf_hash(index)):
        with pytest.raises(InclusionProofError):
            verify_inclusion(*probe)
            pytest.fail(f"verified a corrupted inclusion proof: {desc}")


@pytest.mark.parametrize("case", range(5))
def test_consistency_vectors(rfc6962: dict[str, Any], case: int) -> None:
    v = rfc6962["consistency"][case]
    tree = _tree(rfc6962)
    size1, size2, proof = v["size1"], v["size2"], _hashes(v["proof"])
    root1 = bytes.fromhex(rfc6962["roots"][str(size1)])
    root2 = bytes.fromhex(rfc6962["roots"][str(size2)])
    assert tree.consistency_proof(size1, size2) == proof
    verify_consistency(size1, size2, proof, root1, root2)
    if not proof:
        return
    for desc, probe in _consistency_probes(size1, size2, proof, root1, root2):
        with pytest.raises(ConsistencyProofError):
            verify_consistency(*probe)
            pytest.fail(f"verified a corrupted consistency proof: {desc}")


def _flip(h: bytes, bit: int) -> bytes:
    return bytes([h[0] ^ bit]) + h[1:]


def _inclusion_probes(
    index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes
) -> list[tuple[str, tuple[bytes, int, int, list[bytes], bytes]]]:
    probes: list[tuple[str, tuple[bytes, int, int, list[bytes], bytes]]] = [
        ("index + 1", (leaf, index + 1, size, proof, root)),
        ("index ^ 2", (leaf, index ^ 2, size, proof, root)),
        ("size * 2", (leaf, index, size * 2, proof, root)),
        ("size // 2", (leaf, index, size // 2, proof, root)),
        ("wrong leaf", (SOME_HASH, index, size, proof, root)),
        ("empty root", (leaf, index, size, proof, empty_root())),
        ("random root", (leaf, index, size, proof, SOME_HASH)),
        ("trailing root", (leaf, index, size, [*proof, root], root)),
        ("preceding root", (leaf, index, size, [root, *proof], root)),
        ("short leaf hash", (leaf[:31], index, size, proof, root)),
    ]
    if index > 0:
        probes.append(("index - 1", (leaf, index - 1, size, proof, root)))
    for i in range(len(proof)):
        bad = [*proof]
        bad[i] = _flip(bad[i], 8)
        probes.append((f"proof[{i}] bit 3", (leaf, index, size, bad, root)))
    if proof:
        probes.append(("removed last", (leaf, index, size, proof[:-1], root)))
        probes.append(("empty proof", (leaf, index, size, [], root)))
    if len(proof) > 1:
        probes.append(("inserted", (leaf, index, size, [proof[0], SOME_HASH, *proof[1:]], root)))
        swapped = [proof[1], proof[0], *proof[2:]]
        probes.append(("swapped siblings", (leaf, index, size, swapped, root)))
    return probes


def _consistency_probes(
    size1: int, size2: int, proof: list[bytes], root1: bytes, root2: bytes
) -> list[tuple[str, tuple[int, int, list[bytes], bytes, bytes]]]:
    probes: list[tuple[str, tuple[int, int, list[bytes], bytes, bytes]]] = [
        ("size1 - 1", (size1 - 1, size2, proof, root1, root2)),
        ("size1 + 1", (size1 + 1, size2, proof, root1, root2)),
        ("size1 ^ 2", (size1 ^ 2, size2, proof, root1, root2)),
        ("size2 * 2", (size1, size2 * 2, proof, root1, root2)),
        ("size2 // 2", (size1, size2 // 2, proof, root1, root2)),
        ("wrong root1", (size1, size2, proof, SOME_HASH, root2)),
        ("wrong root2", (size1, size2, proof, root1, SOME_HASH)),
        ("swapped roots", (size1, size2, proof, root2, root1)),
        ("empty proof", (size1, size2, [], root1, root2)),
        ("trailing root1", (size1, size2, [*proof, root1], root1, root2)),
        ("trailing root2", (size1, size2, [*proof, root2], root1, root2)),
        ("preceding root1", (size1, size2, [root1, *proof], root1, root2)),
        ("preceding root2", (size1, size2, [root2, *proof], root1, root2)),
        ("preceding proof[0]", (size1, size2, [proof[0], *proof], root1, root2)),
        ("truncated", (size1, size2, proof[:-1], root1, root2)),
        ("short hash", (size1, size2, [proof[0][:31], *proof[1:]], root1, root2)),
    ]
    for i in range(len(proof)):
        bad = [*proof]
        bad[i] = _flip(bad[i], 16)
        probes.append((f"proof[{i}] bit 4", (size1, size2, bad, root1, root2)))
    if len(proof) > 1:
        swapped = [proof[1], proof[0], *proof[2:]]
        probes.append(("swapped", (size1, size2, swapped, root1, root2)))
    return probes
