"""Data rows under a header → raw records in the long layout, wide sheets unpivoted.

A record keeps the raw cells (parsed later, so that a problem can quote what was typed) and
where each came from: the Excel row and the column of every field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from rhcalc.common.text import fold
from rhcalc.load.cells import cell_text
from rhcalc.load.header import Header

# The signature block under a table (填报人：张三  联系电话：… 审核人：…) ends the data, and so does
# 以下空白 (“blank below”), which official forms print under the last row.
_FOOTER = re.compile(
    r"^(填报人|填表人|联系人|联系电话|电话|审核人|负责人|单位负责人|统计负责人|主管领导|分管领导|填报日期|填表日期|"
    r"制表人|制表日期|报送日期|单位盖章|盖章|签字|注[:：1１]|说明[:：]|备注[:：]|数据来源|以下空白|以下无数据)"
)
# Statistical forms number their columns in a row under the header: 甲 | 乙 | 1 | 2 | 3 (栏次).
_COLUMN_NUMBER = re.compile(r"^(甲|乙|丙|丁|戊|栏次|序号|\d{1,2})$")
# A total row repeats the districts' figures: counting it would double every number.
TOTALS = re.compile(r"^(合计|总计|小计|累计|全市合计|全区合计|全县合计|全省合计|总数|合\s*计|总\s*计)$")


@dataclass(slots=True)
class RawRecord:
    row: int  # 1-based Excel row
    cells: dict[str, Any]  # field → raw cell value
    columns: dict[str, int] = field(default_factory=dict)  # field → 0-based column index
    alternate: Any = None  # the indicator's name when a code column comes first
    total: bool = False  # a 合计 row: reported, never used


def records(rows: list[list[Any]], header: Header, first_row: int = 1) -> list[RawRecord]:
    out: list[RawRecord] = []
    alt = header.alternates.get("indicator")
    names, indexes = tuple(header.fields), tuple(header.fields.values())
    pick, widest = _picker(indexes), max(indexes, default=-1)
    # One columns map for every record of a long sheet: records only read it.
    long_columns = dict(header.fields)
    for i in range(header.data_start, len(rows)):
        row = rows[i]
        first = row[0] if row else None
        if cell_text(first) is None:
            first = next((c for c in row if cell_text(c) is not None), _BLANK)
            if first is _BLANK:
                continue
        if _ends_data(first):
            break
        if i == header.data_start and all(_COLUMN_NUMBER.match(cell_text(c) or "")
                                          for c in row if cell_text(c) is not None):
            continue
        width = len(row)
        if width > widest:
            base = dict(zip(names, pick(row)))
        else:  # a short CSV line
            base = {name: row[j] if j < width else None for name, j in zip(names, indexes)}
        total = _is_total(base.get("district")) or _is_total(base.get("indicator"))
        if header.district_columns and "value" not in header.fields:
            out.extend(RawRecord(first_row + i, dict(base, district=d, value=row[j] if j < width else None),
                                 dict(header.fields, value=j, district=j), None, total)
                       for j, d in header.district_columns.items())
            continue
        if not header.wide:
            alternate = (row[alt] if alt < width else None) if alt is not None else None
            out.append(RawRecord(first_row + i, base, long_columns, alternate, total))
            continue
        for j, indicator in header.indicator_columns.items():
            cells = dict(base, indicator=indicator, value=row[j] if j < width else None)
            out.append(RawRecord(first_row + i, cells, dict(header.fields, value=j), None, total))
    return out


_BLANK = object()


def _picker(indexes: tuple[int, ...]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The cells at ``indexes`` of a row wide enough to hold them, as a tuple."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        return lambda row: (row[indexes[0]],)
    return lambda row: ()


def _ends_data(cell: Any) -> bool:
    return _footer_text(cell) if cell.__class__ is str else bool(_FOOTER.match(fold(cell)))


def _is_total(cell: Any) -> bool:
    return _total_text(cell) if cell.__class__ is str else bool(TOTALS.match(cell_text(cell) or ""))


# Cached: every row repeats its district and indicator, and every form the same signature line.
@lru_cache(maxsize=16_384)
def _footer_text(text: str) -> bool:
    return bool(_FOOTER.match(fold(text)))


@lru_cache(maxsize=16_384)
def _total_text(text: str) -> bool:
    return bool(TOTALS.match(cell_text(text) or ""))
