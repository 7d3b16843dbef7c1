"""Text as rhcalc compares it, and Chinese numerals: each purpose's rule, with examples written out by hand."""

from __future__ import annotations

import pytest

from rhcalc.common.numerals import chinese_digit, read_chinese, small_number
from rhcalc.common.text import fold, fold_chars, header_key, name_key, squeeze


@pytest.mark.parametrize(("typed", "read"), [
    ("\u3000１２０，８５．３％ ", "120,85.3%"),  # full-width digits and the ideographic space
    ("\xa0西城区\xa0", "西城区"),
    ("西 城 区", "西 城 区"),  # a cell keeps the spaces inside it
    (2024, "2024"),
])
def test_fold_is_a_cells_text(typed: object, read: str) -> None:
    assert fold(typed) == read


def test_squeeze_drops_every_space_a_document_or_a_period_has() -> None:
    assert squeeze("讲座 120\n场") == "讲座120场"
    assert squeeze("２０２４ 年　第二季度") == "2024年第二季度"


@pytest.mark.parametrize(("header", "key"), [(" 数 值 ", "数值"), ("数值(场)", "数值"), ("分子（例）", "分子"),
                                            ("备注：", "备注"), ("Value*", "value")])
def test_header_key(header: str, key: str) -> None:
    assert header_key(header) == key


def test_name_key_ignores_spaces_underscores_brackets_and_case() -> None:
    assert name_key("Induced_Abortion Rate") == "inducedabortionrate"
    assert name_key("人工流产率（‰）") == name_key("人工流产率(‰)") == "人工流产率‰"


def test_fold_chars_keeps_every_position() -> None:
    text = "讲座１２０场，覆盖率９８％"
    assert fold_chars(text) == "讲座120场,覆盖率98%" and len(fold_chars(text)) == len(text)
    assert fold_chars("㎡") == "㎡"  # it would become two characters: kept as typed


@pytest.mark.parametrize(("run", "value"), [("三", 3), ("十", 10), ("十四", 14), ("二十", 20), ("一百二十", 120),
                                           ("两千", 2000), ("五万", 50_000)])
def test_read_chinese(run: str, value: float) -> None:
    assert read_chinese(run) == value


def test_months_and_quarters_as_written() -> None:
    assert [small_number(t) for t in ("5", "05", "五", "十", "十一", "十二")] == [5, 5, 5, 10, 11, 12]
    assert [chinese_digit(q) for q in (1, 2, 3, 4)] == ["一", "二", "三", "四"]
