"""Digits after the point of a ``Decimal``, counted exactly: one definition for the codec (how
many decimals a typed number has, how it is shown) and the roster's compiled columns (their
scale). It imports nothing of the app, so the roster's command does not load the codec for it."""

from __future__ import annotations

from decimal import Decimal


def decimal_places(value: Decimal) -> int:
    """Digits after the point ``value`` needs: trailing zeros not counted, 0 for whole numbers
    (``Decimal("3.650")`` -> 2, ``Decimal("1E+2")`` -> 0). Counted on the digits themselves:
    ``normalize()`` would round a value of more than 28 digits (the default context's)."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - zeros)
