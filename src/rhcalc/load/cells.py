"""Cell values as people type them in Chinese Excel and WPS → numbers, yes/no, periods, or nothing.

“—”, “/”, “无”, blank mean *nothing to report* and become None, never 0: a district that did
not report must not look like a district that did nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rhcalc.common.numerals import AFTER_DIGITS
from rhcalc.common.text import fold
from rhcalc.common.periods import Period, month_span, period_of

NOTHING = {"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "暂无", "不适用", "n/a", "na", "none", "null", "nan", "#n/a", "…", "..."}
YES = {"是", "有", "已完成", "完成", "已", "已建立", "已开展", "√", "✓", "✔", "y", "yes", "true", "1", "对", "达标"}
NO = {"否", "未", "未完成", "没有", "未开展", "×", "✗", "✘", "x", "n", "no", "false", "0", "不达标"}
# “是（3月12日已召开）”, “否，因疫情推迟”: the answer first, a remark after it.
_YES_NO_WITH_REMARK = re.compile(r"^(是|否|有|无|√|×)[\s,，。.;；:：(（、].*$")

_UNIT_SUFFIX = re.compile(
    r"(?:场次|场|人次|人|所|家|次|个|项|例|名|份|期|天|户|所学校|%|‰|‱|元|万元|分|星)$"
)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
# A comma is a thousands separator only between groups of three digits after a first group of one
# to three (1,200 · 12,000 · 1,234,567.5); “0,500” groups no thousands. Any other comma is refused:
# 1,2 and 1,0 are decimal commas (a European habit, or a slip for “.”), and read as 12 and 10 they
# made 建成现代产房 “500% 达标”.
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
# Excel's 1900 date system: serial 1 is 1900-01-01, but Excel counts a 29 Feb 1900 that never was.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials 20000…80000 are 1954…2119: a 5-digit whole number in a period column is a date whose
# format was lost (a CSV export, a cell reformatted as a number), never a year.
_SERIALS = range(20_000, 80_001)


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: ``value`` None means nothing to report; ``error`` set when unreadable."""

    value: float | None
    error: str | None = None  # a problem code
    percent: bool = False  # typed with % (85.3%): the share, not a count
    permille: bool = False
    suggestion: str | None = None  # what was probably meant, for the problem's message


_NOTHING = Parsed(None)
_NOT_A_NUMBER = Parsed(None, "not-a-number")


def is_nothing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return fold(value).lower() in NOTHING


def parse_number(value: object) -> Parsed:
    """1,200 · １２０ · 85.3% · 12‰ · 120场 · 5千人 · ' 7 ' → a float; 约一百 → not-a-number."""
    if value.__class__ is str:
        return _number_text(value)  # type: ignore[arg-type]
    if value.__class__ is float:
        if value != value:
            return _NOTHING
        return _NOT_A_NUMBER if math.isinf(value) else Parsed(value)  # type: ignore[arg-type]
    return _number(value)


@lru_cache(maxsize=65_536)
def _number_text(text: str) -> Parsed:
    # Cached (Parsed is frozen, so one object can serve every cell): a sheet repeats the same
    # texts — —, 是, 85.3% — and the unit suffixes are stripped by a loop of regexes.
    return _number(text)


def _number(value: object) -> Parsed:
    if isinstance(value, bool):
        return Parsed(float(value))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return Parsed(None) if math.isnan(value) else Parsed(None, "not-a-number")
        return Parsed(float(value))
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return Parsed(None, "not-a-number")  # a date typed where a count belongs
    if is_nothing(value):
        return Parsed(None)
    typed = text = fold(value).replace(" ", "").replace("'", "")  # NFKC: “，” is “,”
    percent = text.endswith("%")
    permille = text.endswith("‰")
    multiplier = 1.0
    previous = None
    while text and text != previous:  # “5千人” → “5千” → 5 × 1000; “120场次” → 120
        previous = text
        text = _UNIT_SUFFIX.sub("", text)
        if text and text[-1] in AFTER_DIGITS and multiplier == 1.0:
            multiplier = AFTER_DIGITS[text[-1]]
            text = text[:-1]
    if "," in text:
        if not _THOUSANDS.match(text):
            return Parsed(None, "not-a-number", suggestion=typed.replace(",", ".") if _DECIMAL_COMMA.match(text) else None)
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return Parsed(None, "not-a-number")
    number = float(text) * multiplier
    if math.isinf(number) or math.isnan(number):
        return Parsed(None, "not-a-number")
    return Parsed(number, percent=percent, permille=permille)


def parse_yes_no(value: object) -> Parsed:
    """是/否, √/×, 有/无, Y/N, 1/0 → 1.0 / 0.0. 无 is *no* here: in a yes/no column it answers the question."""
    if value.__class__ is str:
        return _yes_no_text(value)  # type: ignore[arg-type]
    return _yes_no(value)


@lru_cache(maxsize=4_096)
def _yes_no_text(text: str) -> Parsed:
    return _yes_no(text)


def _yes_no(value: object) -> Parsed:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return Parsed(None)
        if value in (0, 1):
            return Parsed(float(value))
        return Parsed(None, "not-yes-no")
    if value is None:
        return Parsed(None)
    text = fold(value).lower()
    remark = _YES_NO_WITH_REMARK.match(text)
    if remark:
        text = remark.group(1)
    if text in YES:
        return Parsed(1.0)
    if text in NO or text == "无":
        return Parsed(0.0)
    if text in NOTHING:
        return Parsed(None)
    return Parsed(None, "not-yes-no")


def parse_period_cell(value: object) -> Period:
    """A period cell → Period; ValueError when it is none. Text, a year (2024), an Excel date,
    or a date serial (45413) are periods; 2024.1 as a *number* is refused, since Excel shows
    a typed 2024.10 (October) as 2024.1 too."""
    if isinstance(value, bool):
        raise ValueError("a yes/no is not a period")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            text = repr(value)
            if re.fullmatch(r"\d{4}\.1", text):
                raise ValueError("ambiguous: January or October")
            return period_of(text)
        if int(value) in _SERIALS:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
            return month_span(day.year, day.month, day.year, day.month)
        return period_of(int(value))
    if isinstance(value, str):
        value = fold(value)
    return period_of(value)


def cell_text(value: object) -> str | None:
    """A text cell (district, note, indicator) → stripped NFKC text, None when blank; 2024.0 → '2024'."""
    if value.__class__ is str:
        return fold(value) or None  # type: ignore[arg-type]
    if value.__class__ is float:  # the figures of a workbook; their text is plain ASCII already
        if value != value:
            return None
        return str(int(value)) if value.is_integer() else repr(value)  # type: ignore[attr-defined]
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = fold(value)
    return text or None
