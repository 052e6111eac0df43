"""The two numbers that define the group: the field prime p and the subgroup order ℓ."""

from __future__ import annotations

from typing import Final

FIELD_PRIME: Final = 2**255 - 19
"""p, the field prime of Curve25519 / Ed25519."""

ORDER: Final = 2**252 + 27742317777372353535851937790883648493
"""ℓ, the order of the prime-order subgroup (RFC 8032 §5.1)."""
