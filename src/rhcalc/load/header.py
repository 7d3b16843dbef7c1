"""Finding the header row and naming its columns.

Real workbooks put a title (often merged across the sheet), blank rows and sometimes a
units line above the header, so the header is the first row of the top 30 whose cells
name enough known fields; it is never assumed to be row 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("district", "period", "indicator", "value", "numerator", "denominator", "unit", "note")

# cli.md's aliases plus what Chinese Excel forms actually say. Keys are normalised (see header_key).
ALIASES: dict[str, tuple[str, ...]] = {
    "district": ("district", "地区", "区县", "区", "县区", "区县名称", "地区名称", "填报单位", "单位名称", "机构名称",
                 "行政区", "行政区划", "所属区", "城市", "省份", "省", "区域", "unit_name", "reporting_unit"),
    "period": ("period", "期间", "报告期", "时间", "统计期间", "统计时间", "报告期间", "填报期间", "年度", "季度",
               "月份", "时期", "年份"),
    "indicator": ("indicator", "指标", "指标代码", "指标名称", "指标id", "项目", "指标项", "考核指标", "indicator_id",
                  "indicator_name", "code"),
    "value": ("value", "数值", "实际值", "完成值", "本期值", "本期数", "填报值", "完成数", "完成情况", "实际完成",
              "本期完成", "数量", "结果", "actual"),
    "numerator": ("numerator", "分子", "分子数"),
    "denominator": ("denominator", "分母", "分母数"),
    "unit": ("unit", "单位", "计量单位", "单位(计量)"),
    "note": ("note", "备注", "说明", "notes", "comment", "remarks"),
}


def header_key(text: Any) -> str:
    """Fold full-width forms, spaces, case and trailing colons/brackets: ' 数 值 ' → 数值, 分子（例） → 分子."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"[(（\[【].*?[)）\]】]$", "", s)  # 数值(场) → 数值
    return s.rstrip(":：*")


_LOOKUP = {header_key(alias): name for name, aliases in ALIASES.items() for alias in aliases}


@dataclass
class Header:
    row_index: int  # index into Grid.rows
    fields: dict[str, int]  # canonical field → column index
    indicator_columns: dict[int, str] = field(default_factory=dict)  # wide layout: column → indicator id
    texts: dict[int, str] = field(default_factory=dict)  # column → header as typed

    @property
    def wide(self) -> bool:
        return "indicator" not in self.fields and bool(self.indicator_columns)


def find_header(rows: list[list[Any]], resolve: Callable[[str], str | None], scan: int = 30) -> Header | None:
    """The first row that reads as a long header (indicator + value/numerator) or a wide one
    (district or period + at least one indicator column)."""
    for i, row in enumerate(rows[:scan]):
        fields: dict[str, int] = {}
        indicators: dict[int, str] = {}
        texts: dict[int, str] = {}
        for j, cell in enumerate(row):
            if cell is None or str(cell).strip() == "":
                continue
            texts[j] = str(cell).strip()
            name = _LOOKUP.get(header_key(cell))
            if name and name not in fields:
                fields[name] = j
                continue
            ind = resolve(str(cell))
            if ind:
                indicators[j] = ind
        long_ok = "indicator" in fields and ({"value", "numerator"} & fields.keys())
        wide_ok = ({"district", "period"} & fields.keys()) and indicators
        if long_ok:
            return Header(i, fields, {}, texts)
        if wide_ok:
            # In a wide sheet 单位 is not a column of units of measure but never an indicator either.
            return Header(i, fields, indicators, texts)
    return None
