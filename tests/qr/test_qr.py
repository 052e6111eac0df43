"""The JS QR encoder (static/js/qr.js) against Python's qrcode, module for module.

For many inputs — random bytes of every length class up to version 12 and a few larger, the
ballot-card URL, UTF-8 text — the JS symbol must be exactly the one qrcode draws with the same
version, level and mask; the JS version must be qrcode's smallest fit; and the JS mask must be
the one a literal reading of ISO/IEC 18004:2015 §7.8.3 (reference_penalty below) scores lowest.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import MODE_8BIT_BYTE, QRData

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")
LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _js(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = subprocess.run(  # fixed argv: the node binary and our script; input on stdin
        [str(NODE), str(HERE / "qr_matrix.mjs")],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: list[dict[str, Any]] = json.loads(result.stdout)
    return answer


def _python(data: bytes, ecc: str, version: int | None, mask: int | None) -> qrcode.QRCode:
    symbol = qrcode.QRCode(
        version=version, error_correction=LEVELS[ecc], border=0, mask_pattern=mask
    )
    symbol.add_data(QRData(data, mode=MODE_8BIT_BYTE))
    symbol.make(fit=version is None)
    return symbol


def _rows(symbol: qrcode.QRCode) -> list[str]:
    return ["".join("1" if dark else "0" for dark in row) for row in symbol.get_matrix()]


def reference_penalty(rows: list[str]) -> int:
    """N1 + N2 + N3 + N4 of ISO/IEC 18004:2015 §7.8.3.2, Table 11, read literally: runs of
    5 + i same-colour modules score 3 + i; each 2×2 block of one colour 3; each 1:1:3:1:1 pattern
    with 4 light modules before or after it (the quiet zone counts as light) 40; and 10 for each
    full 5 % the dark share is away from 50 %."""
    size = len(rows)
    lines = rows + ["".join(row[x] for row in rows) for x in range(size)]
    score = 0
    for line in lines:
        run = 1
        for i in range(1, size + 1):
            if i < size and line[i] == line[i - 1]:
                run += 1
                continue
            if run >= 5:
                score += 3 + run - 5
            run = 1
        padded = "0000" + line + "0000"
        for pattern in ("10111010000", "00001011101"):
            score += 40 * sum(
                1 for at in range(len(padded) - 10) if padded[at : at + 11] == pattern
            )
    for y in range(size - 1):
        for x in range(size - 1):
            if rows[y][x] == rows[y][x + 1] == rows[y + 1][x] == rows[y + 1][x + 1]:
                score += 3
    dark = sum(row.count("1") for row in rows)
    score += 10 * (abs(100 * dark - 50 * size * size) // (5 * size * size))
    return score


def _inputs() -> list[tuple[bytes, str]]:
    draw = random.Random(18004)
    cases: list[tuple[bytes, str]] = []
    for length in [*range(0, 60), *range(60, 280, 7), 330, 500, 700]:
        ecc = "M" if length % 3 else "Q"
        cases.append((draw.randbytes(length), ecc))
    for ecc in ("L", "H"):
        cases += [(draw.randbytes(n), ecc) for n in (5, 17, 40, 90, 150)]
    cases.append(("Thẻ phiếu — ballot card · lấy phiếu tín nhiệm".encode(), "M"))
    for poll in (1, 42, 12345):
        token = bytes(draw.randrange(32, 127) for _ in range(26))
        cases.append((b"https://hoitruong.local/vote/%d#" % poll + token, "M"))
        cases.append((b"https://192.168.1.20:8443/vote/%d#" % poll + token, "Q"))
    return cases


def test_js_symbols_are_qrcodes_module_for_module() -> None:
    cases = _inputs()
    answers = _js([{"data": data.hex(), "ecc": ecc} for data, ecc in cases])
    versions = set()
    for (data, ecc), answer in zip(cases, answers, strict=True):
        fitted = _python(data, ecc, None, None)
        assert answer["version"] == fitted.version, (data.hex(), ecc)
        same = _python(data, ecc, answer["version"], answer["mask"])
        assert answer["rows"] == _rows(same), (data.hex(), ecc, answer["version"], answer["mask"])
        versions.add(answer["version"])
    assert set(range(1, 13)) <= versions, versions


def test_js_mask_is_the_lowest_reference_penalty() -> None:
    cases = _inputs()[::4]
    answers = _js([{"data": data.hex(), "ecc": ecc} for data, ecc in cases])
    masks = set()
    for (data, ecc), answer in zip(cases, answers, strict=True):
        scores = [
            reference_penalty(_rows(_python(data, ecc, answer["version"], mask)))
            for mask in range(8)
        ]
        assert answer["mask"] == scores.index(min(scores)), (data.hex(), ecc, scores)
        assert answer["penalty"] == min(scores)
        masks.add(answer["mask"])
    assert len(masks) >= 4, masks  # the choice really varies with the data


def test_every_forced_mask_matches() -> None:
    draw = random.Random(7)
    cases = [(draw.randbytes(n), ecc, m) for n in (3, 70, 160) for ecc in "MQ" for m in range(8)]
    answers = _js([{"data": d.hex(), "ecc": e, "mask": m} for d, e, m in cases])
    for (data, ecc, mask), answer in zip(cases, answers, strict=True):
        assert answer["mask"] == mask
        assert answer["rows"] == _rows(_python(data, ecc, answer["version"], mask))


def test_node_qr_tests() -> None:
    result = subprocess.run(  # fixed argv: the node binary and our test file
        [str(NODE), "--test", str(HERE / "qr.test.mjs")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 8" in result.stdout, result.stdout
