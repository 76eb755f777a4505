"""Amounts for people: the one formatter every sentence of the engine uses (money.for_people)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_engine.money import for_people, to_fen


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (0.5, "0.50"),
        (12, "12"),
        (1800, "1,800"),
        (1800.0, "1,800"),
        (1747.37, "1,747.37"),
        (9999.99, "9,999.99"),
        (10000, "1万"),
        (30000, "3万"),
        (52000, "5.2万"),
        (52100, "5.21万"),
        (12345, "12,345"),
        (34947.45, "34,947.45"),
        (10000.5, "10,000.50"),
        (1234500, "123.45万"),
        (10_000_000, "1,000万"),
        (100_000_000, "1亿"),
        (150_000_000, "1.5亿"),
        (123_456_789, "123,456,789"),
        ("726.924", "726.92"),
        (Decimal("0.005"), "0.01"),
    ],
)
def test_an_amount_reads_the_way_people_write_it(value, shown):
    assert for_people(value) == shown


def test_a_negative_amount_is_refused_because_a_shortfall_is_said_in_words():
    with pytest.raises(ValueError):
        for_people(-1)


@given(st.decimals(min_value=0, max_value=100_000_000, places=2))
def test_no_amount_shows_zero_fen_or_a_minus_and_nothing_is_lost(value):
    shown = for_people(value)
    assert not shown.endswith(".00") and "-" not in shown
    if shown.endswith("亿"):
        back = Decimal(shown[:-1].replace(",", "")) * 100_000_000
    elif shown.endswith("万"):
        back = Decimal(shown[:-1].replace(",", "")) * 10_000
    else:
        back = Decimal(shown.replace(",", ""))
    assert back == to_fen(value)
