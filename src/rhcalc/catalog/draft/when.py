"""Deadlines and windows in a clause: 到2025年, 年底前, 2024年3-4月, 2018年1月至2018年12月, 7月份, 中期."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from rhcalc.catalog.draft import rules

Window = tuple[dt.date, dt.date]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid_months(*months: int) -> bool:
    return all(1 <= m <= 12 for m in months)


def window_in(text: str, plan: Window) -> Window | None:
    """The window a clause states, or None. Months without a year take the plan's year."""
    if m := rules.YEAR_MONTH_SPAN.search(text):
        y1, m1, y2, m2 = (int(m[k]) for k in ("y1", "m1", "y2", "m2"))
        if _valid_months(m1, m2) and (y1, m1) <= (y2, m2):
            return dt.date(y1, m1, 1), month_end(y2, m2)
    if m := rules.YEAR_MONTHS.search(text):
        y, m1, m2 = int(m["y"]), int(m["m1"]), int(m["m2"])
        if _valid_months(m1, m2) and m1 <= m2:
            return dt.date(y, m1, 1), month_end(y, m2)
    if m := rules.YEAR_SPAN.search(text):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 <= y2:
            return dt.date(y1, 1, 1), dt.date(y2, 12, 31)
    return None


def deadline_in(text: str, plan: Window) -> dt.date | None:
    """到2025年 → 2025-12-31; 年底前 → the end of the plan's last year."""
    for m in rules.BY_YEAR.finditer(text):
        year = int(m["y"])
        # A year inside a name (《“健康中国2030”规划纲要》, “十四五”) is no deadline.
        marked = m.group().startswith(("到", "至", "于", "在")) or m.group().endswith(("前", "底", "末"))
        if marked and plan[0].year - 1 <= year <= plan[1].year + 10:
            return dt.date(year, 12, 31)
    if m := rules.BY_MONTH.search(text):
        month = int(m["m"])
        if _valid_months(month):
            year = next((y for y in range(plan[0].year, plan[1].year + 1) if plan[0] <= month_end(y, month) <= plan[1]), plan[1].year)
            return month_end(year, month)
    if rules.BY_YEAR_END.search(text):
        return dt.date(plan[1].year, 12, 31)
    return None


def single_month(text: str, within: Window) -> Window | None:
    """7月份 inside a window of 2024-07…2024-08 → July 2024."""
    m = rules.ONE_MONTH.search(text)
    if not m or not _valid_months(int(m["m"])):
        return None
    month = int(m["m"])
    for year in range(within[0].year, within[1].year + 1):
        first = dt.date(year, month, 1)
        if within[0] <= first <= within[1]:
            return first, month_end(year, month)
    return None


def midterm(plan: Window) -> dt.date:
    """The middle of a plan: 2021–2030 → 2025-12-31 (the end of the month before its midpoint)."""
    middle = plan[0] + (plan[1] - plan[0]) // 2
    if middle == month_end(middle.year, middle.month):
        return middle
    return middle.replace(day=1) - dt.timedelta(days=1)


def months(window: Window) -> int:
    return (window[1].year - window[0].year) * 12 + window[1].month - window[0].month + 1


def is_time_only(text: str) -> bool:
    """A clause that only says when (到2025年, （一）2023 年 9-10 月, 7月份): it belongs to the next."""
    body = rules.HEADING_START.sub("", text).strip()
    body = re.sub(r"\s+", "", body)
    return bool(re.fullmatch(r"(?:到|至|于|在)?\d{4}年(?:\d{1,2}(?:月)?[-－—~至到]\d{1,2}月|\d{1,2}月(?:[-－—~至到]\d{4}年\d{1,2}月)?)?(?:底|末)?(?:前)?"
                             r"|\d{1,2}月份?|年底前|年内|全年", body))
