"""The one count of a Decimal's digits after the point (:func:`app.decimals.decimal_places`),
used by the codec and by the roster's compiled columns, as named cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.decimals import decimal_places

CASES = {
    "whole": ("100", 0),
    "whole in exponent form": ("1E+2", 0),
    "trailing zeros": ("3.650", 2),
    "zero with places": ("0.000", 0),
    "negative": ("-0.50", 1),
    "one hundredth of a per cent": ("5.1525", 4),
    # past the default context's 28 digits, where normalize() would round away the last one
    "29 digits": ("99999999.123456789012345678901", 21),
    "30 decimals": ("0.000000000000000000000000000001", 30),
}


@pytest.mark.parametrize("name", list(CASES))
def test_decimal_places(name: str) -> None:
    text, places = CASES[name]
    assert decimal_places(Decimal(text)) == places


def test_the_roster_and_the_codec_count_alike() -> None:
    """The roster's scales and the codec's limit take the one count (no second definition)."""
    from app.codec import display, numbers
    from app.roster import columns, exprs

    for module in (display, numbers, columns, exprs):
        assert module.decimal_places is decimal_places
