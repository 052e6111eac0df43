"""The device crypto in headless Chromium: the encryption Worker loads libsodium's WebAssembly
under the app's Content-Security-Policy ('wasm-unsafe-eval', never 'unsafe-eval'), and the
ballots it makes (from scratch, and prepared before the marks) pass Python's verify_ballot and
open to the marks; without 'wasm-unsafe-eval'
the WebAssembly is refused (so the policy is really enforced in this test)."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pytest

from ballot_service.crypto.ballot_types import BallotNonces
from ballot_service.crypto.ballot_verify import ReceivedBallot, open_ballot, verify_ballot
from ballot_service.crypto.elgamal import KeyPair
from ballot_service.web.security import CSP
from tests.device_js import browser_harness as harness

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(harness.CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"{harness.CHROMIUM} is missing (in CI the browser tests must run)",
    ),
]

FINGERPRINT = hashlib.sha256(b"device crypto in chromium").digest()


def test_the_app_csp_allows_webassembly_and_nothing_like_eval() -> None:
    script_src = next(d for d in CSP.split("; ") if d.startswith("script-src "))
    assert script_src.split()[1:] == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-eval'" not in CSP.split() and "unsafe-inline" not in CSP


def test_worker_ballots_verify_in_python_under_the_app_csp() -> None:
    key = KeyPair.generate()
    with harness.serve(CSP) as base:
        result = harness.run_worker(
            base,
            election=FINGERPRINT,
            key=key.public.hex(),
            token=secrets.token_bytes(16),
            officials=6,
            levels=3,
            runs=1,
            prepared_runs=2,
        )
    assert result["ok"], result
    assert [made["prepared"] for made in result["ballots"]] == [False, False, True, True]
    for made in result["ballots"]:
        received = ReceivedBallot.from_dict(made["ballot"])
        ballot = verify_ballot(received, FINGERPRINT, key.public, officials=6, levels=3)
        assert made["tracking_code"] == ballot.tracking_code()
        assert made["short_code"] == ballot.short_code()
        opened = open_ballot(ballot, BallotNonces.from_dict(made["nonces"]), key.public)
        assert list(opened.choices) == made["choices"]


def test_without_wasm_unsafe_eval_the_webassembly_is_refused() -> None:
    strict = CSP.replace(" 'wasm-unsafe-eval'", "")
    assert "wasm-unsafe-eval" not in strict
    key = KeyPair.generate()
    with harness.serve(strict) as base:
        result = harness.run_worker(
            base,
            election=FINGERPRINT,
            key=key.public.hex(),
            token=secrets.token_bytes(16),
            officials=1,
            levels=2,
            runs=0,
        )
    assert not result["ok"], result
    assert "WebAssembly" in result["message"] and "Content Security" in result["message"], result
