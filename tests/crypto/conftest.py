"""Shared fixtures and hypothesis strategies for the crypto tests."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ballot_service.crypto.elgamal import KeyPair  # noqa: E402
from ballot_service.crypto.group import ORDER, Scalar  # noqa: E402

settings.register_profile("crypto", max_examples=25, deadline=None)
settings.load_profile("crypto")

FP = hashlib.sha256(b"tests/crypto election").digest()

scalars = st.integers(min_value=0, max_value=ORDER - 1).map(Scalar)
nonzero_scalars = st.integers(min_value=1, max_value=ORDER - 1).map(Scalar)


@pytest.fixture(scope="session")
def election() -> KeyPair:
    return KeyPair.generate()
