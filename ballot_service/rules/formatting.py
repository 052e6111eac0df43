"""Numbers, percentages and dates as the Vietnamese and English minutes print them."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from ballot_service.rules.kinds import Lang

_SEPARATORS: dict[str, tuple[str, str]] = {"vi": (".", ","), "en": (",", ".")}
"""Per language: (thousands separator, decimal separator)."""


def format_int(value: int, lang: Lang) -> str:
    """Return an integer with thousands separators: "1.234" (vi) or "1,234" (en)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"format_int needs an int, got {value!r}")
    thousands = _SEPARATORS[lang][0]
    digits = f"{abs(value):,}".replace(",", thousands)
    return f"-{digits}" if value < 0 else digits


def round_half_up(value: Fraction, places: int) -> int:
    """Return value·10^places rounded half-up, for value ≥ 0 (exact, no floats)."""
    if value < 0 or places < 0:
        raise ValueError(f"half-up rounding needs value ≥ 0 and places ≥ 0, got {value}, {places}")
    factor: int = 10**places
    scaled = value * factor
    return (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)


def format_percent(value: Fraction | int, lang: Lang) -> str:
    """Return a percentage (value already in percent) with two decimals, half-up: "53,19%".

    Floats are refused: a percentage must come exact from the counts.
    """
    if isinstance(value, bool) or not isinstance(value, (Fraction, int)):
        raise TypeError(f"format_percent needs an exact Fraction or int, got {value!r}")
    hundredths = round_half_up(Fraction(value), 2)
    whole, cents = divmod(hundredths, 100)
    return f"{format_int(whole, lang)}{_SEPARATORS[lang][1]}{cents:02d}%"


def format_date_vi(day: date) -> str:
    """Return the Vietnamese long date, "ngày 27 tháng 11 năm 2026".

    As Decree 30/2020/NĐ-CP on administrative documents asks, a day below 10 and the
    months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2026").
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date_numeric(day: date) -> str:
    """Return the date as dd/mm/yyyy, "27/11/2026"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
