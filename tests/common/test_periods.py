"""Every period form of domain.md reads to its interval; nothing else does."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rhcalc.common.periods import Period, parse_period, period_of, periods_in

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "2024"),
        ("2024年", D(2024, 1, 1), D(2024, 12, 31), "2024"),
        ("2024年度", D(2024, 1, 1), D(2024, 12, 31), "2024"),
        ("2024Q2", D(2024, 4, 1), D(2024, 6, 30), "2024Q2"),
        ("2024-q3", D(2024, 7, 1), D(2024, 9, 30), "2024Q3"),
        ("2024年第二季度", D(2024, 4, 1), D(2024, 6, 30), "2024Q2"),
        ("2024年第4季度", D(2024, 10, 1), D(2024, 12, 31), "2024Q4"),
        ("2024-05", D(2024, 5, 1), D(2024, 5, 31), "2024-05"),
        ("2024/5", D(2024, 5, 1), D(2024, 5, 31), "2024-05"),
        ("2024年5月", D(2024, 5, 1), D(2024, 5, 31), "2024-05"),
        ("２０２４年５月", D(2024, 5, 1), D(2024, 5, 31), "2024-05"),
        ("2024年1-6月", D(2024, 1, 1), D(2024, 6, 30), "2024-01~2024-06"),
        ("2024年3-4月", D(2024, 3, 1), D(2024, 4, 30), "2024-03~2024-04"),
        ("2023 年 9-10 月", D(2023, 9, 1), D(2023, 10, 31), "2023-09~2023-10"),
        ("2024上半年", D(2024, 1, 1), D(2024, 6, 30), "2024-01~2024-06"),
        ("2024年前三季度", D(2024, 1, 1), D(2024, 9, 30), "2024-01~2024-09"),
        ("2024年全年", D(2024, 1, 1), D(2024, 12, 31), "2024"),
        ("2023-09~2024-08", D(2023, 9, 1), D(2024, 8, 31), "2023-09~2024-08"),
        ("2023年9月-2024年8月", D(2023, 9, 1), D(2024, 8, 31), "2023-09~2024-08"),
        ("2024-05-01 00:00:00", D(2024, 5, 1), D(2024, 5, 31), "2024-05"),
    ],
)
def test_period_forms(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "上季度", "2024Q5", "2024年13月", "2024年6-3月", "去年", "20245"])
def test_not_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_cells_of_other_types():
    assert period_of(2024.0).label == "2024"
    assert period_of(dt.datetime(2024, 5, 17)).label == "2024-05"


def test_quarters_and_bimonths_cover_a_window():
    assert [p.label for p in periods_in(D(2024, 1, 1), D(2024, 12, 31), 3)] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert len(periods_in(D(2023, 9, 1), D(2024, 8, 31), 2)) == 6


@given(st.text(max_size=20))
def test_parse_never_crashes(text):
    try:
        p = parse_period(text)
    except ValueError:
        return
    assert isinstance(p, Period) and p.start <= p.end


@given(st.integers(1990, 2100), st.integers(1, 12), st.integers(0, 30))
def test_a_label_parses_back_to_itself(year, month, extra):
    start = D(year, month, 1)
    end_year, end_month = divmod(month - 1 + extra, 12)
    p = periods_in(start, start, 1)[0] if extra == 0 else Period(start, periods_in(D(year + end_year, end_month + 1, 1), D(year + end_year, end_month + 1, 1), 1)[0].end)
    assert parse_period(p.label) == p
