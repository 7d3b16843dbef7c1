"""Every period form a submission uses → a closed date interval with a canonical label.

Forms: 2024, 2024年, 2024年全年, 2024Q2, 2024-Q2, 2024年第二季度, 2024年二季度, 2024年前三季度,
2024-05, 2024/5, 2024年5月, 2024年1-6月, 2024年3月-4月, 2024上半年, 2023-09~2024-08, 2023年9月-2024年8月,
an Excel date or a datetime (read as its month). And back: a period as a Chinese title says it
(``period_zh``: 2024Q2 → 2024年第二季度), which reads back to the same period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from rhcalc.common.numerals import chinese_digit, small_number
from rhcalc.common.text import squeeze


@dataclass(frozen=True, order=True, slots=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """The canonical spelling: 2024, 2024Q2, 2024-05, or 2024-01~2024-06."""
        return _label(self.start, self.end)

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return self.label


# Cached: a national run asks for the same few labels hundreds of thousands of times, and one
# string object per label is shared by every result that carries it.
@lru_cache(maxsize=4096)
def _label(s: dt.date, e: dt.date) -> str:
    if s.day != 1 or e != _month_end(e.year, e.month):
        return f"{s.isoformat()}~{e.isoformat()}"
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    if months == 12 and s.month == 1:
        return str(s.year)
    if months == 3 and s.month in (1, 4, 7, 10):
        return f"{s.year}Q{(s.month - 1) // 3 + 1}"
    if months == 1:
        return f"{s.year}-{s.month:02d}"
    return f"{s.year}-{s.month:02d}~{e.year}-{e.month:02d}"


def as_date(x: object) -> dt.date:
    """A date from pandas, which may hand back a datetime for a date column."""
    return x.date() if isinstance(x, dt.datetime) else x  # type: ignore[return-value]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_span(y1: int, m1: int, y2: int, m2: int) -> Period:
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        raise ValueError("month out of range")
    p = Period(dt.date(y1, m1, 1), _month_end(y2, m2))
    if p.start > p.end:
        raise ValueError("period ends before it starts")
    return p


_Y = r"(\d{4})\s*年?"
_M = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_SEP = r"\s*(?:-|~|～|—|–|至|到)\s*"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_Y}$"), "year"),
    (re.compile(r"^(\d{4})\s*[-/]?\s*Q([1-4])$", re.I), "quarter"),
    (re.compile(rf"^{_Y}\s*第?\s*([1-4一二三四])\s*季度?$"), "quarter"),
    (re.compile(rf"^{_Y}\s*(上|下)半年$"), "half"),
    (re.compile(rf"^{_Y}\s*前\s*([1-4一二三四])\s*(?:个)?季度$"), "first_quarters"),
    (re.compile(rf"^{_Y}\s*(?:全年|1-12月|一至十二月)$"), "year"),
    (re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"), "month"),
    (re.compile(rf"^{_Y}\s*{_M}\s*月(?:份)?$"), "month"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),
    (re.compile(rf"^{_Y}\s*{_M}\s*月?{_SEP}{_M}\s*月(?:份)?$"), "month_range"),
    (re.compile(rf"^(\d{{4}})\s*[-/.年]\s*{_M}\s*月?{_SEP}(\d{{4}})\s*[-/.年]\s*{_M}\s*月?$"), "window"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})T?(?:\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"), "date"),
]


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Read a period as people write it; ValueError when it is not one."""
    s = squeeze(str(text))
    s = s.removesuffix("年度") if re.fullmatch(r"\d{4}年度", s) else s
    for pattern, form in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groups()
        y = int(g[0])
        if form == "year":
            return month_span(y, 1, y, 12)
        if form == "quarter":
            q = small_number(g[1])
            return month_span(y, 3 * q - 2, y, 3 * q)
        if form == "first_quarters":  # 前三季度: January to the end of the third quarter
            q = small_number(g[1])
            return month_span(y, 1, y, 3 * q)
        if form == "half":
            return month_span(y, 1, y, 6) if g[1] == "上" else month_span(y, 7, y, 12)
        if form == "month":
            return month_span(y, small_number(g[1]), y, small_number(g[1]))
        if form == "month_range":
            return month_span(y, small_number(g[1]), y, small_number(g[2]))
        if form == "window":
            return month_span(y, small_number(g[1]), int(g[2]), small_number(g[3]))
        if form == "date":
            # An Excel date cell in a period column means its month (people type 2024-05 and Excel keeps 2024-05-01).
            d = dt.date(y, int(g[1]), int(g[2]))
            return month_span(d.year, d.month, d.year, d.month)
    raise ValueError(f"not a period: {text!r}")


def period_of(value: object) -> Period:
    """A cell's value (text, a year as a number, an Excel date) → Period."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return month_span(value.year, value.month, value.year, value.month)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse_period(str(value))


def periods_in(start: dt.date, end: dt.date, months: int) -> list[Period]:
    """Consecutive calendar periods of ``months`` months covering start…end (quarters start in Jan/Apr/Jul/Oct)."""
    first = (start.month - 1) // months * months + 1
    y, m = start.year, first
    out = []
    while dt.date(y, m, 1) <= end:
        m2, y2 = m + months - 1, y
        while m2 > 12:
            m2, y2 = m2 - 12, y2 + 1
        out.append(month_span(y, m, y2, m2))
        m, y = m2 + 1, y2
        if m > 12:
            m, y = 1, y + 1
    return out


def period_zh(p: Period) -> str:
    """2024Q2 → 2024年第二季度, as the title of a Chinese form says it."""
    label, months = p.label, p.months
    if p.start.day != 1:
        return label
    y, m = p.start.year, p.start.month
    if months == 12 and m == 1:
        return f"{y}年"
    if months == 3 and m in (1, 4, 7, 10):
        return f"{y}年第{chinese_digit((m - 1) // 3 + 1)}季度"
    if months == 1:
        return f"{y}年{m}月"
    if p.end.year == y:
        return f"{y}年{m}-{p.end.month}月"
    return f"{y}年{m}月-{p.end.year}年{p.end.month}月"
