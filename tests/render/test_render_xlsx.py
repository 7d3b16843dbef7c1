"""The workbook read back with openpyxl: sheets, fills, number formats, frozen header, print setup."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from rhcalc.render.labels import STATUS_COLOURS, status_label, word
from test_render_support import BEIJING, has_cjk, json_results, render, scored


@pytest.fixture(scope="module")
def workbook():  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render(scored(BEIJING), "xlsx", explain=True)))


def _header(ws, row: int = 3) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {c.value: c.column for c in ws[row] if c.value}


def test_sheets_summary_plan_and_league(workbook) -> None:  # type: ignore[no-untyped-def]
    # 问题: the sample's figures that look odd against their own earlier quarters (warnings)
    assert workbook.sheetnames == ["汇总", "beijing_rh_2024", "各区排名 beijing_rh_2024", "问题"]


def test_summary_counts_per_plan_and_district(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["汇总"]
    head = _header(ws, 4)
    rows = {ws.cell(r, head["地区"]).value: r for r in range(5, ws.max_row + 1)}
    assert len(rows) == 17  # the city and its 16 districts
    results = json_results(scored(BEIJING))
    for district, r in rows.items():
        mine = [x for x in results if x["district"] == district]
        assert ws.cell(r, head["合计"]).value == len(mine)
        assert ws.cell(r, head["达标"]).value == sum(x["status"] == "met" for x in mine)
    assert ws.cell(4, head["未达标"]).fill.fgColor.rgb.endswith(STATUS_COLOURS["not_met"][0].lstrip("#"))


def test_results_sheet_fills_formats_and_freeze(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["beijing_rh_2024"]
    head = _header(ws)
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A3")
    statuses = set()
    for r in range(4, ws.max_row + 1):
        status = ws.cell(r, head["状态"])
        code = next(k for k in STATUS_COLOURS if status_label(k, "zh") == status.value)
        assert status.fill.fgColor.rgb.endswith(STATUS_COLOURS[code][0].lstrip("#"))
        statuses.add(code)
        att = ws.cell(r, head["达成率"])
        if att.value is not None:
            assert isinstance(att.value, (int, float)) and att.number_format == "0%"
        actual = ws.cell(r, head["实际"])
        if actual.value is not None:
            assert isinstance(actual.value, (int, float))
    assert {"met", "on_track", "behind", "monitor"} <= statuses
    assert ws.column_dimensions["D"].width > 10  # the target title, sized to its text
    assert ws.cell(4, head["原文"]).value and ws.cell(4, head["计算说明"]).value


def test_print_setup_landscape_a4_one_page_wide(workbook) -> None:  # type: ignore[no-untyped-def]
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # absent means 1
        assert ws.print_title_rows


def test_league_ranks_districts_with_status_fills_and_quotes(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["各区排名 beijing_rh_2024"]
    head = _header(ws)
    assert ws.freeze_panes == "C4"
    ranks = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)]
    assert len(ranks) == 16 and ranks == sorted(ranks) and ranks[0] == 1
    quotes = [ws.cell(3, c).comment for c in range(3, 3 + 6)]
    assert all(q is not None and "“" in q.text for q in quotes)
    cell = ws.cell(4, 3)
    assert cell.fill.fgColor.rgb.endswith(STATUS_COLOURS["met"][0].lstrip("#"))
    assert head[word("rank", "zh")] == 1


def test_english_workbook_labels(tmp_path) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(render(scored(BEIJING), "xlsx", lang="en")))
    assert wb.sheetnames[0] == "Summary"
    ws = wb["beijing_rh_2024"]
    assert not any(has_cjk(str(c.value)) for c in ws[3] if c.value)
    assert not has_cjk(str(ws["A1"].value))
