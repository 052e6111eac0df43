"""Run the browser ledger verifier's node tests (tests/ledger_js/*.test.mjs) inside pytest.

Also hands node every inclusion and consistency proof of a 40-leaf tree made by the Python
ledger, so the Python ↔ JavaScript cross-check covers more than the published vectors.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ballot_service.ledger.tree import MerkleTree

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")
SIZE = 40


def _python_proofs() -> dict[str, object]:
    tree = MerkleTree()
    for i in range(SIZE):
        tree.append(f"entry {i}".encode())
    return {
        "leaf_hashes": [tree.leaf_hash(i).hex() for i in range(SIZE)],
        "roots": [tree.root(n).hex() for n in range(SIZE + 1)],
        "inclusion": [
            [i, n, [p.hex() for p in tree.inclusion_proof(i, n)]]
            for n in range(1, SIZE + 1)
            for i in range(n)
        ],
        "consistency": [
            [m, n, [p.hex() for p in tree.consistency_proof(m, n)]]
            for n in range(SIZE + 1)
            for m in range(n + 1)
        ],
    }


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_node_ledger_tests(tmp_path: Path) -> None:
    proofs = tmp_path / "proofs.json"
    proofs.write_text(json.dumps(_python_proofs()))
    env = {**os.environ, "LEDGER_JS_PROOFS": str(proofs)}
    result = subprocess.run(  # fixed argv: the node binary and our test directory
        [str(NODE), "--test", str(HERE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    counts = dict(re.findall(r"^# (tests|pass|fail|skipped) (\d+)$", output, re.MULTILINE))
    assert counts.get("fail") == "0" and counts.get("skipped") == "0", output
    assert int(counts.get("pass", "0")) >= 11, output
