"""Finding the header row and naming its columns.

Real workbooks put a title (often merged across the sheet), blank rows and sometimes a
units line above the header, so the header is the first row of the top 30 whose cells
name enough known fields; it is never assumed to be row 1. Statistical forms often split
it over two rows (本期完成情况 merged above 数值 | 分子 | 分母): the pair is read as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rhcalc.common.text import fold, header_key, squeeze

# cli.md's aliases plus what Chinese Excel forms actually say. Keys are normalised (common.text.header_key).
ALIASES: dict[str, tuple[str, ...]] = {
    "district": ("district", "地区", "区县", "区", "县区", "区县名称", "地区名称", "填报单位", "单位名称", "机构名称",
                 "行政区", "行政区划", "所属区", "城市", "省份", "省", "区域", "unit_name", "reporting_unit",
                 "报送单位", "填报地区", "区县(单位)"),
    "period": ("period", "期间", "报告期", "时间", "统计期间", "统计时间", "报告期间", "填报期间", "年度", "季度",
               "月份", "时期", "年份", "统计周期", "报告时间"),
    "indicator": ("indicator", "指标", "指标代码", "指标名称", "指标id", "项目", "指标项", "考核指标", "indicator_id",
                  "indicator_name", "code", "指标编码", "项目名称", "监测指标"),
    "value": ("value", "数值", "实际值", "完成值", "本期值", "本期数", "填报值", "完成数", "完成情况", "实际完成",
              "本期完成", "数量", "结果", "actual", "本期", "本期完成数", "本期实际", "实际数", "指标值", "值"),
    "numerator": ("numerator", "分子", "分子数", "分子值"),
    "denominator": ("denominator", "分母", "分母数", "分母值"),
    "unit": ("unit", "单位", "计量单位", "单位(计量)"),
    "note": ("note", "备注", "说明", "notes", "comment", "remarks"),
}


_LOOKUP = {header_key(alias): name for name, aliases in ALIASES.items() for alias in aliases}
_CODES = {header_key(a) for a in ("指标代码", "指标编码", "指标id", "indicator_id", "code")}


def field_of(text: Any) -> str | None:
    """The canonical field a header names; bilingual headers (数值 Value, 分子/Numerator) by either half."""
    return _field_of(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=16_384)
def _field_of(text: str) -> str | None:
    # Cached: every return of a form repeats the same header texts.
    key = header_key(text)
    if key in _LOOKUP:
        return _LOOKUP[key]
    halves = [h for h in (re.sub(r"[a-z_ /]+", "", key), re.sub(r"[^a-z_]+", "", key)) if h and h != key]
    return next((_LOOKUP[h] for h in halves if h in _LOOKUP), None)


@lru_cache(maxsize=16_384)
def indicator_of(text: str, resolve: Callable[[str], str | None]) -> str | None:
    """A wide layout's column header → indicator id: 青春健康教育讲座场次（场） is the indicator.

    Cached by (text, resolve): a bound ``catalog.resolve_indicator`` hashes by its catalog's
    identity, and the catalog is frozen."""
    found = resolve(text)
    if found is None:
        bare = re.sub(r"[(（\[【][^)）\]】]*[)）\]】]\s*$", "", fold(text))
        found = resolve(bare) if bare and bare != text else None
    return found


@dataclass
class Header:
    row_index: int  # index into Grid.rows of the (first) header row
    fields: dict[str, int]  # canonical field → column index
    indicator_columns: dict[int, str] = field(default_factory=dict)  # wide layout: column → indicator id
    texts: dict[int, str] = field(default_factory=dict)  # column → header as typed
    data_start: int = 0  # index of the first row under the header
    alternates: dict[str, int] = field(default_factory=dict)  # 指标名称 beside 指标代码: the fallback column
    district_columns: dict[int, str] = field(default_factory=dict)  # 指标 | 东城区 | 西城区 …: column → district

    @property
    def wide(self) -> bool:
        return "indicator" not in self.fields and bool(self.indicator_columns)


def find_header(rows: list[list[Any]], resolve: Callable[[str], str | None], scan: int = 30,
                context: bool = False, districts: frozenset[str] = frozenset()) -> Header | None:
    """The first row (or pair of rows) that reads as a long header (indicator + value/numerator),
    a wide one (district or period + indicator columns) or a city's summary (indicator + one column
    per district in ``districts``). With ``context`` (district and period known from the title or
    the file name) a wide header needs only two indicator columns."""
    for i, row in enumerate(rows[:scan]):
        header = _read_row(row, resolve, i, districts)
        below = _read_row(rows[i + 1], resolve, i, districts) if i + 1 < len(rows) else None
        if below is not None and _completes(header, below):
            header = _merge(header, below)
        if _usable(header, context):
            return header
    return None


def _read_row(row: list[Any], resolve: Callable[[str], str | None], index: int,
              districts: frozenset[str] = frozenset()) -> Header:
    header = Header(index, {}, {}, {}, index + 1)
    for j, cell in enumerate(row):
        if cell is None or isinstance(cell, (int, float)):
            continue
        text = _header_text(cell if cell.__class__ is str else str(cell))
        if text is None:
            continue
        header.texts[j] = text
        name = field_of(text)
        if name == "indicator" and "indicator" in header.fields and header_key(text) in _CODES:
            # An id column beats a name column wherever it stands: ids do not change when names do.
            header.alternates["indicator"] = header.fields.pop("indicator")
        if name and name not in header.fields:
            header.fields[name] = j
        elif name == "indicator" and "indicator" not in header.alternates:
            header.alternates["indicator"] = j
        elif name is None and (ind := indicator_of(text, resolve)):
            header.indicator_columns[j] = ind
        elif name is None and (district := _district_text(text)) in districts:
            header.district_columns[j] = district
    return header


@lru_cache(maxsize=16_384)
def _header_text(text: str) -> str | None:
    """Runs of white space as one space, stripped; None for a blank cell."""
    return re.sub(r"\s+", " ", text).strip() if text.strip() else None


@lru_cache(maxsize=16_384)
def _district_text(text: str) -> str:
    return squeeze(text)


def _completes(top: Header, below: Header) -> bool:
    """The row below adds value/numerator/denominator under columns that the top row leaves blank or
    labels with a group (本期完成情况 merged over three columns) — a two-row header."""
    added = {f: j for f, j in below.fields.items() if f not in top.fields or top.fields[f] == j}
    if not {"value", "numerator", "denominator"} & added.keys():
        return False
    return not any(f in top.fields and top.fields[f] != j for f, j in added.items()) and len(below.fields) < 5


def _merge(top: Header, below: Header) -> Header:
    fields = dict(top.fields)
    texts = dict(top.texts)
    for f, j in below.fields.items():
        fields[f] = j
        texts[j] = below.texts[j]
    merged_cols = set(below.fields.values())
    return Header(top.row_index, fields, {j: i for j, i in top.indicator_columns.items() if j not in merged_cols},
                  texts, top.row_index + 2, dict(top.alternates))


def _usable(header: Header, context: bool) -> bool:
    fields = header.fields.keys()
    if "indicator" in fields and {"value", "numerator"} & fields:
        return True
    if "indicator" in fields and "district" not in fields and len(header.district_columns) >= 2:
        return True
    wide_needs = 1 if {"district", "period"} & fields else (2 if context else 10**9)
    return "indicator" not in fields and len(header.indicator_columns) >= wide_needs
