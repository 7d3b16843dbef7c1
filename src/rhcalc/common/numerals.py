"""Chinese numerals, read and written: 三孩 → 3, 十四五 → 14, 一百二十 → 120, 5千 → 5000; the 二 of 第二季度.

One reading for the catalog's quotes (``catalog.quotes``), the draft's figures, a period's month
or quarter (``common.periods``) and a figure a clerk typed with a multiplier (``load.cells``).
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# Written after Arabic digits (5千人, 1.2万): the multipliers a figure may carry.
AFTER_DIGITS = {c: MULTIPLIERS[c] for c in "千万亿"}
RUN = re.compile(r"[零一二两三四五六七八九十百千万]+")  # a run of Chinese numerals in text
_WRITTEN = "零一二三四五六七八九"


def read_chinese(run: str) -> float:
    """A run of Chinese numerals as one number: 十四 → 14, 二十 → 20, 一百二十 → 120, 十 → 10."""
    total, current = 0, 0
    for ch in run:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * MULTIPLIERS[ch]
            current = 0
    return float(total + current)


def small_number(text: str) -> int:
    """A month or quarter as written: 5, 05, 五, 十一 → an int."""
    return int(text) if text.isdigit() else int(read_chinese(text))


def chinese_digit(n: int) -> str:
    """0…9 as one Chinese numeral: 2 → 二 (第二季度)."""
    return _WRITTEN[n]
