"""Numbers with their units and comparators: 不少于20所, 5 千人以上, 至少 1 次, 4.0‰, 10/10万.

A Chinese numeral counts as a figure only with a comparator (至少一次, 一个或多个): in running text
一次/三个一/五项制度 name things rather than set a number. Arabic figures with a unit are figures.
Values are read with the catalog's own numeral reading (``common.numerals.read_chinese``), so that every
value the draft writes is one ``catalog check`` reads from the same quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rhcalc.catalog.draft import rules
from rhcalc.common.numerals import MULTIPLIERS, read_chinese


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # the catalog's unit (人, %, 1/10万)
    type: str  # count | rate
    factor: int | None
    comparator: str | None  # at_least | at_most | None (not written)
    start: int  # span in the clause
    end: int


def quantities(text: str) -> list[Quantity]:
    """Every figure of a clause (normalized text), in order."""
    blocked = [m.span() for m in rules.NOT_A_QUANTITY.finditer(text)]
    found = []
    for m in rules.NUMBER_UNIT.finditer(text):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        num, mult = m["num"], m["mult"]
        chinese = not num[0].isdigit()
        value = read_chinese(num) if chinese else float(num)
        if mult:
            value *= MULTIPLIERS[mult]
        comparator = _comparator(text, m.start(), m.end())
        if chinese and comparator is None:
            continue
        unit, kind, factor = rules.UNITS[m["unit"]]
        found.append(Quantity(value, unit, kind, factor, comparator, m.start(), m.end()))
    return found


def _comparator(text: str, start: int, end: int) -> str | None:
    before = re.sub(r"\s+", "", text[max(0, start - 8):start])
    after = re.sub(r"\s+", "", text[end:end + 6])
    # The longest word decides: 不少于 is at least, though it ends in 少于.
    words = [(len(w), "at_most") for w in rules.AT_MOST_BEFORE if before.endswith(w)]
    words += [(len(w), "at_least") for w in rules.AT_LEAST_BEFORE if before.endswith(w)]
    words += [(len(w), "at_most") for w in rules.AT_MOST_AFTER if after.startswith(w)]
    words += [(len(w), "at_least") for w in rules.AT_LEAST_AFTER if after.startswith(w)]
    return max(words)[1] if words else None


def respective(text: str) -> tuple[list[str], list[Quantity], str | None] | None:
    """``A、B、C分别下降到4.0‰、4.5‰、10/10万`` → ([A, B, C], [three quantities], at_most)."""
    at = text.find(rules.RESPECTIVELY)
    if at < 0:
        return None
    names = [n for n in rules.LIST_SEPARATORS.split(text[:at]) if n.strip()]
    values = [q for q in quantities(text) if q.start > at]
    if len(names) >= 2 and len(values) == 1:
        values = values * len(names)  # 孕产妇系统管理率和3岁以下儿童系统管理率分别达到90%以上
    if len(names) < 2 or len(names) != len(values):
        return None
    verb = re.sub(r"\s+", "", text[at + len(rules.RESPECTIVELY):values[0].start])
    comparator = "at_most" if verb.startswith(rules.AT_MOST_BEFORE) else "at_least" if verb.startswith(rules.AT_LEAST_BEFORE) else None
    comparator = comparator or values[-1].comparator
    return [n.strip() for n in names], values, comparator
