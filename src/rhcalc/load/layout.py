"""Data rows under a header → raw records in the long layout, wide sheets unpivoted.

A record keeps the raw cells (parsed later, so that a problem can quote what was typed) and
where each came from: the Excel row and the column of every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rhcalc.load.cells import cell_text, normalise_text
from rhcalc.load.header import Header

# The signature block under a table (填报人：张三  联系电话：… 审核人：…) ends the data.
_FOOTER = re.compile(r"^(填报人|填表人|联系人|联系电话|电话|审核人|负责人|单位负责人|统计负责人|填报日期|填表日期|制表人|制表日期|报送日期|注[:：]|说明[:：]|备注[:：])")


@dataclass
class RawRecord:
    row: int  # 1-based Excel row
    cells: dict[str, Any]  # field → raw cell value
    columns: dict[str, int] = field(default_factory=dict)  # field → 0-based column index


def records(rows: list[list[Any]], header: Header, first_row: int = 1) -> list[RawRecord]:
    out: list[RawRecord] = []
    width_fields = header.fields
    for i in range(header.row_index + 1, len(rows)):
        row = rows[i]
        excel_row = first_row + i
        present = [c for c in row if cell_text(c) is not None]
        if not present:
            continue
        if _FOOTER.match(normalise_text(present[0])):
            break
        get = lambda j: row[j] if j < len(row) else None  # noqa: E731 - tiny accessor
        base = {name: get(j) for name, j in width_fields.items()}
        if not header.wide:
            out.append(RawRecord(excel_row, base, dict(width_fields)))
            continue
        for j, indicator in header.indicator_columns.items():
            cells = dict(base, indicator=indicator, value=get(j))
            columns = dict(width_fields, value=j)
            out.append(RawRecord(excel_row, cells, columns))
    return out
