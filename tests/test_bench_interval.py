"""bench/roster.py's interval for the median of the pairs' ratios, by which the speed goal is
judged met or not: the order statistics of a binomial (n, 1/2), as tables give them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from roster import median_interval  # noqa: E402


@pytest.mark.parametrize(("n", "low", "high", "coverage"), [
    (6, 1, 6, 0.96875), (9, 2, 8, 0.9609375), (15, 4, 12, 0.96484375), (20, 6, 15, 0.9586)])
def test_the_interval_is_the_tables_order_statistics(n: int, low: int, high: int,
                                                     coverage: float) -> None:
    """The k-th smallest and largest of n values, at least 95 % (Conover, table A3)."""
    values = [float(v) for v in range(n, 0, -1)]  # (unordered: sorted by the function)
    got = median_interval(values)
    assert got is not None
    assert (got[0], got[1]) == (low, high)
    assert got[2] == pytest.approx(coverage, abs=1e-4)


def test_too_few_values_give_no_interval() -> None:
    assert median_interval([4.1, 4.2, 4.3, 4.4, 4.5]) is None
