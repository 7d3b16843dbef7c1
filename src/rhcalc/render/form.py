"""`rhcalc template`: the fill-in form for what one plan asks of one district in one period.

The form is the canonical long layout with Chinese headers, so that it reads back exactly — also
after a clerk re-saves it as CSV (GBK or UTF-8 with BOM) or adds a title or a signature. Which
indicators a district is asked for: every indicator of the plan's targets whose window overlaps
the period, except — for a unit of a city plan — the city's own work (a yes/no done when *any*
unit did it, such as 市级工作，由北京市填报) and ranks, which are computed from the peers.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass
from pathlib import Path

from rhcalc.catalog.model import Aggregation, Catalog, Indicator, IndicatorType, Level, Plan
from rhcalc.common.errors import RhcalcError
from rhcalc.common.output import write_atomic
from rhcalc.common.periods import Period, parse_period, period_zh

HEADER = ["地区", "期间", "指标名称", "单位", "数值", "分子", "分母", "备注", "填报说明", "指标代码"]
VALUE, NUMERATOR, DENOMINATOR, NOTE, HINT, CODE = 4, 5, 6, 7, 8, 9  # columns of HEADER
SIGNATURE = ["填报人：", "", "联系电话：", "", "填报日期：", "", "审核人："]
FORMATS = (".xlsx", ".csv")
INSTRUCTIONS = [
    "填报说明",
    "1. 只填黄色单元格：数值、分子、分母、备注。地区、期间、指标代码请勿修改（工作表已保护，无需密码即可撤销保护）。",
    "2. 比率类指标（‰、%、1/10万）请填写分子和分母，系统按分子÷分母×系数计算；只有比率时可只填“数值”，"
    "但各区（单位）的比率要汇总为全市数时必须填分子和分母——只填比率无法汇总（说明列已注明）。",
    "3. 是/否类指标请在下拉框中选择“是”或“否”。",
    "4. 无数据请留空或填“—”，系统按“无数据”处理，不按 0 计算；确为 0 时请填 0。",
    "5. 数字可带千分位（1,200）；小数点用“.”（1.2，不写作 1,2）；百分比可直接填 85.3%。",
    "6. 可另存为 CSV（GBK 或 UTF-8 均可）报送；表头与指标代码须保留。",
    "7. 检查：rhcalc validate 本文件.xlsx —— 列出所有问题，不修改文件。",
]


class TemplateError(RhcalcError):
    """A plan, district or period the catalog does not know (located at the option that named it);
    the message says what it knows."""


@dataclass(frozen=True)
class Template:
    plan: Plan
    district: str
    period: Period
    indicators: tuple[Indicator, ...]
    rolled_up: frozenset[str] = frozenset()  # rates this unit's figures add to a city rate: parts required

    @property
    def title(self) -> str:
        """西城区2024年第三季度妇幼健康工作要点指标填报表 — the plan's name without the year and the district
        the title has said already (not 西城区2024年第三季度2024年西城区妇幼健康工作要点…)."""
        when = period_zh(self.period)
        plan = self.plan.name_zh
        year = f"{self.period.start.year}年"
        if when.startswith(year) and plan.startswith(year):
            plan = plan[len(year):]
        plan = plan.replace(self.district, "", 1) if plan.startswith(self.district) else plan
        return f"{self.district}{when}{plan}指标填报表"

    def rows(self) -> list[list[str]]:
        """One row per indicator, the figures left empty for the clerk."""
        return [[self.district, self.period.label, i.name_zh, i.unit, "", "", "", "", hint(i, i.id in self.rolled_up), i.id]
                for i in self.indicators]


def build_template(catalog: Catalog, plan_id: str, district: str, period: str) -> Template:
    plan = catalog.plans.get(plan_id)
    if plan is None:
        raise TemplateError.at("template-unknown-plan", "--plan", plan=plan_id, known=", ".join(catalog.plans))
    district = district.strip()
    units = plan.unit_names
    if district not in units and not plan.any_unit:
        close = difflib.get_close_matches(district, units, n=1, cutoff=0.3)
        raise TemplateError.at("template-not-a-unit", "--district", district=district, plan=plan_id, known="、".join(units),
                               suggestion=close[0] if close else "")
    try:
        when = parse_period(period)
    except ValueError:
        raise TemplateError.at("template-bad-period", "--period", period=period) from None
    indicators = requested(catalog, plan, district, when)
    if not indicators:
        raise TemplateError.at("template-nothing-asked", "--period", plan=plan_id, district=district, period=when.label,
                               start=plan.start, end=plan.end)
    is_unit = district != plan.jurisdiction
    rolled_up = frozenset(i.id for i in indicators if is_unit and i.aggregation is Aggregation.ratio)
    return Template(plan, district, when, tuple(indicators), rolled_up)


def requested(catalog: Catalog, plan: Plan, district: str, when: Period) -> list[Indicator]:
    """The indicators of the plan's targets open during ``when`` that ``district`` itself reports."""
    is_unit = district != plan.jurisdiction and (district in plan.units or plan.any_unit)
    seen: dict[str, Indicator] = {}
    for target in catalog.targets_of(plan.id):
        start, end = target.start or plan.start, target.deadline or plan.end
        if end < when.start or start > when.end:
            continue
        ind = catalog.indicators[target.indicator]
        if is_unit and target.level not in (Level.district, Level.institution) and not _rolls_up(ind):
            continue
        seen.setdefault(ind.id, ind)
    return list(seen.values())


def _rolls_up(ind: Indicator) -> bool:
    """A city target the units' own figures add up to (counts, rates, coverage), not the city's own work."""
    return ind.type is not IndicatorType.rank and ind.aggregation is not Aggregation.any


def asked(ind: Indicator) -> tuple[int, ...]:
    """The figure columns the clerk fills: the value; a rate's numerator and denominator; a rank's
    peer count (分母, “分母填参评区数”: left empty, the plan's units count)."""
    if ind.type is IndicatorType.rate:
        return VALUE, NUMERATOR, DENOMINATOR
    if ind.type is IndicatorType.rank:
        return VALUE, DENOMINATOR
    return (VALUE,)


def hint(ind: Indicator, rolled_up: bool = False) -> str:
    parts = [ind.hint_zh] if ind.hint_zh else []
    if ind.type is IndicatorType.rate:
        factor = f"{ind.factor:g}" if ind.factor else "1"
        parts.append(f"分子：{ind.numerator}；分母：{ind.denominator}；{ind.unit} = 分子 ÷ 分母 × {factor}")
        if rolled_up:
            parts.append("汇总为全市数，必须填分子和分母")
    elif ind.type is IndicatorType.yes_no:
        parts.append("下拉选择 是/否")
    return "；".join(parts)


def write_template(template: Template, out: Path) -> Path:
    """Write the form as .xlsx or .csv (from the suffix), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise TemplateError.at("template-bad-suffix", str(out), formats=" or ".join(FORMATS))
    write_atomic(out, form_bytes(template, suffix))
    return out


def form_bytes(template: Template, suffix: str = ".xlsx") -> bytes:
    """The form as the bytes of a .xlsx or .csv file (a reminder email attaches them)."""
    return _csv_bytes(template) if suffix.lower() == ".csv" else _xlsx_bytes(template)


def _csv_bytes(template: Template) -> bytes:
    """UTF-8 with a BOM: the one CSV encoding Chinese Excel opens correctly by double-click."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([template.title])
    writer.writerow(HEADER)
    writer.writerows(template.rows())
    return buf.getvalue().encode("utf-8-sig")


_WIDTHS = [10, 10, 40, 8, 12, 12, 12, 18, 60, 30]
_FIRST = 3  # 0-based row of the first indicator: title, a line of context, the header


def _xlsx_bytes(template: Template) -> bytes:
    """Title, context line, header (frozen), one row per indicator with input cells unlocked and
    yellow, 是/否 drop-downs, a signature block, and a 说明 sheet; the sheet is protected without a
    password so that a stray keystroke cannot change a code but nobody is locked out."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    styles = _styles(wb)
    ws = wb.add_worksheet("填报")
    ws.merge_range(0, 0, 0, len(HEADER) - 1, template.title, styles["title"])
    ws.merge_range(1, 0, 1, len(HEADER) - 1, f"方案：{template.plan.name_zh}（{template.plan.id}）  "
                   f"报告期：{template.period.label}  黄色单元格为填报项；无数据请留空或填“—”，不要填 0", styles["context"])
    ws.write_row(2, 0, HEADER, styles["header"])
    for col, width in enumerate(_WIDTHS):
        ws.set_column(col, col, width)
    # The ids are the last column: as wide as the longest, so that none runs past the printed page.
    ws.set_column(CODE, CODE, max([_WIDTHS[CODE], *(len(i.id) + 2 for i in template.indicators)]))
    for offset, (ind, row) in enumerate(zip(template.indicators, template.rows())):
        _write_indicator(ws, _FIRST + offset, ind, row, styles)
    last = _FIRST + len(template.indicators)
    ws.write_row(last + 1, 0, SIGNATURE, styles["signature"])
    for col in (1, 3, 5):
        ws.write_blank(last + 1, col, None, styles["input"])
    ws.freeze_panes(_FIRST, VALUE)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as long as it takes
    ws.repeat_rows(2)
    ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
    notes = wb.add_worksheet("说明")
    notes.set_column(0, 0, 110)
    for r, line in enumerate(INSTRUCTIONS):
        notes.write(r, 0, line, styles["header"] if r == 0 else styles["wrap"])
    wb.close()
    return buf.getvalue()


def _write_indicator(ws, r: int, ind: Indicator, row: list[str], styles: dict) -> None:  # type: ignore[no-untyped-def]
    for c in (0, 1, 2, 3, CODE):
        ws.write_string(r, c, row[c], styles["name" if c == 2 else "fixed"])
    # xlsxwriter cannot autofit, and LibreOffice does not refit on opening: size the row for its text
    # (a CJK character is about two width units).
    lines = max(math.ceil(len(row[2]) * 2 / _WIDTHS[2]), math.ceil(len(row[HINT]) * 2 / _WIDTHS[HINT]), 1)
    ws.set_row(r, 15 * lines)
    ws.write_string(r, HINT, row[HINT], styles["hint"])
    ws.write_blank(r, NOTE, None, styles["input"])
    is_rate = ind.type is IndicatorType.rate
    for c in (VALUE, NUMERATOR, DENOMINATOR):
        ws.write_blank(r, c, None, styles["input"] if c in asked(ind) else styles["off"])
    if ind.type is IndicatorType.yes_no:
        ws.data_validation(r, VALUE, r, VALUE, {"validate": "list", "source": ["是", "否"], "error_title": "是/否",
                                        "error_message": "请选择“是”或“否”；无数据请留空"})
        return
    if is_rate:
        ws.data_validation(r, NUMERATOR, r, DENOMINATOR, number_rule(r, NUMERATOR))
    elif DENOMINATOR in asked(ind):
        ws.data_validation(r, DENOMINATOR, r, DENOMINATOR, number_rule(r, DENOMINATOR))
    ws.data_validation(r, VALUE, r, VALUE, number_rule(r, VALUE, ind.max if is_rate else None))


# What the form's context line asks for when there is no figure; the reader takes each as no data.
NO_DATA_MARKS = ("—", "-", "/", "无")


def number_rule(r: int, c: int, most: float | None = None) -> dict[str, object]:
    """A number not below 0 (and not above ``most``) — or one of the marks for no data, “—” as the form's
    own title asks. A custom rule: Excel's decimal rule refuses “—”. Relative to the range's first cell."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    cell = xl_rowcol_to_cell(r, c)
    upper = f",{cell}<={most:g}" if most is not None else ""
    marks = ",".join(f'{cell}="{m}"' for m in NO_DATA_MARKS)
    message = f"请填写 0 到 {most:g} 之间的数字" if most is not None else "请填写不小于 0 的数字"
    return {"validate": "custom", "value": f"=OR(AND(ISNUMBER({cell}),{cell}>=0{upper}),{marks})", "error_type": "warning",
            "error_title": "数字", "error_message": f"{message}；无数据请留空或填“—”", "ignore_blank": True}


def _styles(wb) -> dict:  # type: ignore[no-untyped-def]
    border = {"border": 1, "border_color": "#BFBFBF", "valign": "vcenter"}
    return {
        "title": wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "context": wb.add_format({"font_color": "#595959", "italic": True}),
        "header": wb.add_format({**border, "bold": True, "bg_color": "#D9E1F2", "align": "center", "text_wrap": True}),
        "fixed": wb.add_format({**border, "bg_color": "#F2F2F2"}),
        "name": wb.add_format({**border, "bg_color": "#F2F2F2", "text_wrap": True}),
        "hint": wb.add_format({**border, "bg_color": "#F2F2F2", "text_wrap": True, "font_color": "#595959"}),
        "input": wb.add_format({**border, "bg_color": "#FFF2CC", "locked": False}),
        "off": wb.add_format({**border, "pattern": 8, "fg_color": "#D9D9D9"}),  # not asked: hatched, locked
        "signature": wb.add_format({"bold": True}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }
