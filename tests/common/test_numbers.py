"""How every format writes a number with its unit (common/numbers.fmt)."""

from __future__ import annotations

import pytest

from rhcalc.common.numbers import fmt


@pytest.mark.parametrize(("value", "unit", "text"), [
    (1, "institutions", "1 institution"),     # one of a thing in the singular (English)
    (2, "institutions", "2 institutions"),
    (1.5, "cases", "1.5 cases"),
    (1.004, "schools", "1 school"),           # as printed: two decimals make it 1
    (-1, "points", "-1 point"),
    (1, "people", "1 person"),
    (1, "×10k yuan", "1 ×10k yuan"),
    (1, "家", "1 家"),                        # Chinese measure words have no number
    (1200, "人", "1,200 人"),
    (85.3, "%", "85.3%"),
    (None, "场", "—"),
])
def test_a_number_with_its_unit(value: float | None, unit: str, text: str) -> None:
    assert fmt(value, unit) == text
