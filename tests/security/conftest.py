"""Fixtures of the security regression suite."""

from ..verifier.conftest import built, run  # noqa: F401 (the verifier's record and CLI runner)
