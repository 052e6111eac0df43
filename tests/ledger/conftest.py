"""Shared fixtures for the ledger tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


@pytest.fixture(scope="session")
def rfc6962() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / "ledger_rfc6962.json").read_text())
    return data
