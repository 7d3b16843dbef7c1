"""District and period a sheet leaves out of its columns but states elsewhere.

Most hand-made returns have no 地区 or 期间 column: the title says it (西城区2024年第二季度妇幼
健康指标报表), or the sheet is named 2024Q2, or the file 西城区-2024Q2.xlsx. The title wins over
the sheet name, which wins over the file name; a column in the table wins over all of them,
and every inference is reported as a note so the clerk can see what was assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from rhcalc.catalog.model import Catalog
from rhcalc.common.text import fold
from rhcalc.common.periods import Period, parse_period

# Lines that carry a date which is not the period reported (填报日期：2024年7月5日).
_NOT_PERIOD = re.compile(r"(填报|填表|报送|制表|打印|审核)(日期|时间)|日期[:：]")
_YEAR = re.compile(r"(19|20|21)\d{2}")
_LONGEST_PERIOD_TEXT = 24


@dataclass(frozen=True)
class Inferred:
    value: str | Period
    source: str  # title | sheet | file
    row: int | None = None  # 1-based Excel row of the title


@dataclass(frozen=True)
class Context:
    district: Inferred | None = None
    period: Inferred | None = None

    @property
    def complete(self) -> bool:
        return self.district is not None and self.period is not None


def infer_context(catalog: Catalog, title_rows: list[list[Any]], sheet: str | None, file: str,
                  first_row: int = 1) -> Context:
    """District and period from the title rows above the header, the sheet name, the file name."""
    sources: list[tuple[str, str, int | None]] = []
    for i, row in enumerate(title_rows):
        for cell in row:
            if isinstance(cell, str) and cell.strip():
                sources.append((fold(cell), "title", first_row + i))
    if sheet:
        sources.append((fold(sheet), "sheet", None))
    sources.append((fold(PurePath(file).stem), "file", None))
    names = _known_names(catalog)
    district = period = None
    for text, source, row in sources:
        if district is None and (found := find_district(text, names, catalog)):
            district = Inferred(found, source, row)
        if period is None and not _NOT_PERIOD.search(text) and (p := find_period(text)):
            period = Inferred(p, source, row)
    return Context(district, period)


def _known_names(catalog: Catalog) -> list[str]:
    # The longest first (西城区 before 西城), then in order: a tie never depends on a set's order.
    return sorted(catalog.unit_names(), key=lambda n: (-len(n), n))


def find_district(text: str, names: list[str], catalog: Catalog) -> str | None:
    """The most specific known unit named in ``text``: 北京市西城区… → 西城区, not 北京市."""
    found = [n for n in names if n in text]
    if not found:
        return None
    parents = {p.jurisdiction for p in catalog.plans.values() for n in found if n in p.units}
    specific = [n for n in found if n not in parents] or found
    return specific[0]


def find_period(text: str) -> Period | None:
    """The longest period phrase in free text: …2024年第二季度妇幼… → 2024Q2."""
    text = text.replace(" ", "")
    for m in _YEAR.finditer(text):
        start = m.start()
        for end in range(min(len(text), start + _LONGEST_PERIOD_TEXT), start + 3, -1):
            piece = text[start:end]
            if end < len(text) and text[end].isdigit():
                continue  # 2024 must not be read out of 20245
            if (period := _period_or_none(piece)) is not None:
                return period
    return None


@lru_cache(maxsize=65_536)
def _period_or_none(piece: str) -> Period | None:
    # Cached, failures too: every title tries the same pieces after its year (…2024年第二季度妇幼…),
    # and a refused piece costs an exception.
    try:
        return parse_period(piece)
    except ValueError:
        return None
