"""Percentages, integers and dates as the minutes print them."""

from datetime import date
from fractions import Fraction

import pytest

from ballot_service.rules.formatting import (
    format_date_numeric,
    format_date_vi,
    format_int,
    format_percent,
    round_half_up,
)
from ballot_service.rules.results import percent


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (percent(25, 47), "53,19%", "53.19%"),  # 53.1914…
        (percent(75, 88), "85,23%", "85.23%"),  # 85.2272…
        (percent(1, 8), "12,50%", "12.50%"),  # exact 12.5
        (percent(1, 32), "3,13%", "3.13%"),  # 3.125: half-up, where banker's gives 3.12
        (percent(1, 160), "0,63%", "0.63%"),  # 0.625: half-up, where banker's gives 0.62
        (percent(201, 20000), "1,01%", "1.01%"),  # 1.005: floats round this to 1.00
        (Fraction(100499, 100000), "1,00%", "1.00%"),  # 1.00499 stays down
        (percent(2, 3), "66,67%", "66.67%"),
        (percent(1, 3), "33,33%", "33.33%"),
        (Fraction(0), "0,00%", "0.00%"),
        (100, "100,00%", "100.00%"),
        (Fraction(99995, 1000), "100,00%", "100.00%"),  # 99.995 carries into the units
        (Fraction(123456789, 100), "1.234.567,89%", "1,234,567.89%"),
    ],
)
def test_format_percent(value: Fraction, vi: str, en: str) -> None:
    assert format_percent(value, "vi") == vi
    assert format_percent(value, "en") == en


def test_percent_refuses_floats_and_negatives() -> None:
    with pytest.raises(TypeError, match="exact"):
        format_percent(12.5, "vi")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="-1/2"):
        format_percent(Fraction(-1, 2), "vi")


def test_round_half_up_exact() -> None:
    assert round_half_up(Fraction(5, 2), 0) == 3
    assert round_half_up(Fraction(49, 20), 0) == 2
    assert round_half_up(Fraction(1, 200), 2) == 1


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (1234, "1.234", "1,234"),
        (1234567, "1.234.567", "1,234,567"),
        (-1234, "-1.234", "-1,234"),
    ],
)
def test_format_int(value: int, vi: str, en: str) -> None:
    assert format_int(value, "vi") == vi
    assert format_int(value, "en") == en


def test_dates() -> None:
    assert format_date_vi(date(2026, 11, 27)) == "ngày 27 tháng 11 năm 2026"
    assert format_date_vi(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert format_date_vi(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert format_date_numeric(date(2026, 11, 27)) == "27/11/2026"
    assert format_date_numeric(date(2026, 1, 5)) == "05/01/2026"
