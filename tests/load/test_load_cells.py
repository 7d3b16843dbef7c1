"""Cell and period parsing: examples from real forms, and Hypothesis properties (never a crash; a
number formatted as clerks write it parses back to itself)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rhcalc.load.cells import Parsed, parse_number, parse_period_cell, parse_yes_no
from rhcalc.load.context import find_period
from rhcalc.common.periods import Period, month_span, parse_period
from rhcalc.common.periods import period_zh

FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789,.%"}


@pytest.mark.parametrize(("typed", "value"), [
    ("1,200", 1200), ("１２０", 120), ("８５．３％", 85.3), (" 7 ", 7), ("85.3%", 85.3), ("12‰", 12), ("120场", 120),
    ("5千人", 5000), ("1.2万", 12000), ("３场次", 3), (1200.0, 1200), (True, 1), ("1，200", 1200), ("\u30003\u3000", 3),
])
def test_numbers_as_people_type_them(typed: object, value: float) -> None:
    assert parse_number(typed).value == pytest.approx(value)


@pytest.mark.parametrize("typed", ["", " ", "—", "——", "-", "/", "无", "空", "暂无", "不适用", "N/A", None, float("nan")])
def test_nothing_to_report_is_never_zero(typed: object) -> None:
    parsed = parse_number(typed)
    assert parsed.value is None and parsed.error is None


@pytest.mark.parametrize("typed", ["约一百", "12-15", "见附件", "1.2.3", dt.date(2024, 5, 1), float("inf")])
def test_what_is_not_a_number_says_so(typed: object) -> None:
    assert parse_number(typed).error == "not-a-number"


@pytest.mark.parametrize(("typed", "value"), [
    ("1,200", 1200), ("12,000", 12000), ("1,234,567", 1234567), ("1,234,567.25", 1234567.25), ("-1,200", -1200),
    ("12,000元", 12000), ("１２，０００", 12000), ("1，234，567", 1234567), ("1,200场", 1200),
])
def test_a_comma_between_thousands_is_a_separator(typed: str, value: float) -> None:
    assert parse_number(typed) == Parsed(value)


@pytest.mark.parametrize(("typed", "suggestion"), [
    ("1,2", "1.2"), ("1,0", "1.0"), ("1,20", "1.20"), ("12,00", "12.00"), ("１，２", "1.2"), ("1，0", "1.0"),
    ("0,500", "0.500"), ("85,3%", "85.3%"), ("1,2千", "1.2千"), ("1,2345", "1.2345"), ("1,00,000", None),
    ("1,2,3", None), (",5", None), ("1,200,5", None), ("12,000,", None),
])
def test_any_other_comma_is_not_a_number_with_the_decimal_point_suggested(typed: str, suggestion: str | None) -> None:
    assert parse_number(typed) == Parsed(None, "not-a-number", suggestion=suggestion)


digit_groups = st.lists(st.text("0123456789", min_size=1, max_size=5), min_size=2, max_size=4)


@given(digit_groups, st.booleans(), st.sampled_from(["", "%", "场", ".5"]))
def test_commas_are_thousands_only_in_groups_of_three(groups: list[str], full_width: bool, tail: str) -> None:
    """The rule written out on its own: a first group of 1–3 digits not starting with 0, then
    groups of exactly 3. Anything else is refused, with “a.b” suggested for a single comma
    between digits (full-width digits and commas are the same to NFKC)."""
    text = ",".join(groups) + tail
    if full_width:
        text = text.translate(FULL_WIDTH)
    parsed = parse_number(text)
    thousands = 1 <= len(groups[0]) <= 3 and groups[0][0] != "0" and all(len(g) == 3 for g in groups[1:])
    if thousands:
        assert parsed.error is None
        assert parsed.value == pytest.approx(float("".join(groups) + (tail if tail == ".5" else "")))
    else:
        single = f"{groups[0]}.{groups[1]}{tail}" if len(groups) == 2 and tail != ".5" else None  # 1,2.5: no guess
        assert parsed == Parsed(None, "not-a-number", suggestion=single)


@pytest.mark.parametrize(("typed", "answer"), [
    ("是", 1), ("否", 0), ("√", 1), ("×", 0), ("有", 1), ("无", 0), ("Y", 1), ("n", 0), (1, 1), (0.0, 0), (True, 1),
    ("是（已于3月召开）", 1), ("否，因故推迟", 0), ("—", None), ("", None),
])
def test_yes_no_in_every_spelling(typed: object, answer: float | None) -> None:
    assert parse_yes_no(typed).value == answer


@pytest.mark.parametrize(("typed", "label"), [
    (2024, "2024"), (2024.0, "2024"), ("2024年第二季度", "2024Q2"), (dt.date(2024, 5, 1), "2024-05"),
    (dt.datetime(2024, 5, 17, 9, 30), "2024-05"), (45413, "2024-05"), (45413.0, "2024-05"), ("２０２４Ｑ２", "2024Q2"),
    (2024.05, "2024-05"), (2024.12, "2024-12"), ("2024.1", "2024-01"),
])
def test_periods_as_text_numbers_dates_and_date_serials(typed: object, label: str) -> None:
    assert parse_period_cell(typed).label == label


@pytest.mark.parametrize("typed", [2024.1, "2024年第五季度", "上季度", 12, True, "", None])
def test_what_is_not_a_period_or_is_ambiguous_is_refused(typed: object) -> None:
    # 2024.1 as a *number* may be a typed 2024.10 (October): Excel shows both alike.
    with pytest.raises((ValueError, TypeError)):
        parse_period_cell(typed)


cells = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(),
                  st.booleans(), st.dates(), st.datetimes())


@given(cells)
def test_cell_parsing_never_crashes(value: object) -> None:
    for parse in (parse_number, parse_yes_no):
        parsed = parse(value)
        assert (parsed.value is None) or (parsed.error is None)
    try:
        parse_period_cell(value)
    except ValueError:
        pass


@given(st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from(["{:,}", "{}", " {} ", "{}场", "{}人", "{}%", "{}‰"]), st.booleans())
def test_a_formatted_number_parses_back_to_itself(number, form: str, full_width: bool) -> None:  # type: ignore[no-untyped-def]
    text = form.format(number.normalize() if number == number.to_integral() else number)
    if full_width:
        text = text.translate(FULL_WIDTH)
    parsed = parse_number(text)
    assert parsed.error is None
    assert parsed.value == pytest.approx(float(number), rel=1e-12, abs=1e-12)
    assert parsed.percent == ("%" in form)


periods = st.builds(
    lambda y, m, n: month_span(y, m, *_add(y, m, n - 1)),
    st.integers(1990, 2100), st.integers(1, 12), st.sampled_from([1, 2, 3, 6, 12, 24]),
)


def _add(y: int, m: int, months: int) -> tuple[int, int]:
    total = y * 12 + m - 1 + months
    return total // 12, total % 12 + 1


@settings(max_examples=200)
@given(periods)
def test_a_period_label_and_its_chinese_title_parse_back(period: Period) -> None:
    assert parse_period(period.label) == period
    assert parse_period(period_zh(period)) == period
    assert find_period(f"西城区{period_zh(period)}妇幼健康指标报表") == period
    assert parse_period_cell(unicodedata.normalize("NFKC", period.label)) == period
