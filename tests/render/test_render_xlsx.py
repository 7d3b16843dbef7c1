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


PLAN = "北京市生殖健康促进行动实施方案"


def test_sheets_overview_plan_and_league_named_in_chinese(workbook) -> None:  # type: ignore[no-untyped-def]
    # 问题: the sample's figures that look odd against their own earlier quarters (warnings)
    assert workbook.sheetnames == ["概览", PLAN, "各区排名", "问题"]
    assert workbook.active.title == "概览"


def test_overview_counts_chart_and_attention(workbook) -> None:  # type: ignore[no-untyped-def]
    """The first sheet: whose and when, each status with its count and meaning, a native chart over the
    counts, and the targets behind or not met, worst first, with their reasons."""
    ws = workbook["概览"]
    assert ws["A1"].value == "北京市 2025Q2 达标情况"
    assert "/" not in ws["A2"].value.split("文件：")[-1]  # the file by name, never its folder
    counts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, 11)}
    card = scored(BEIJING).counts()
    assert counts == {status_label(s, "zh"): card[s] for s in ("not_met", "behind", "on_track", "met", "no_data", "monitor")}
    assert ws.cell(6, 3).value.startswith("期限未到")  # what 进度落后 means, beside its count
    assert ws.cell(5, 1).fill.fgColor.rgb.endswith(STATUS_COLOURS["not_met"][0].lstrip("#"))
    assert len(ws._charts) == 1
    head_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "需关注")
    head = {ws.cell(head_row, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(head_row, c).value}
    listed = [ws.cell(r, head["状态"]).value for r in range(head_row + 1, ws.max_row + 1) if ws.cell(r, 1).value]
    assert listed == ["进度落后"] * card["behind"]
    assert ws.cell(head_row + 1, head["原因"]).value


def test_milestones_read_yes_no(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[PLAN]
    head = _header(ws)
    kinds = [(ws.cell(r, head["类型"]).value, ws.cell(r, head["实际"]).value, ws.cell(r, head["达成率"]).value)
             for r in range(4, ws.max_row + 1)]
    milestones = [(actual, att) for kind, actual, att in kinds if kind == "节点" and actual is not None]
    assert milestones and all(actual in ("是", "否") and att is None for actual, att in milestones)


def test_results_sheet_fills_formats_and_freeze(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook[PLAN]
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
            assert isinstance(actual.value, (int, float)) or actual.value in ("是", "否")
    assert {"met", "on_track", "behind", "monitor"} <= statuses
    assert ws.column_dimensions["F"].width > 10  # the target title, sized to its text
    assert ws.cell(4, head["原文"]).value and ws.cell(4, head["计算说明"]).value


def test_print_setup_landscape_a4_one_page_wide(workbook) -> None:  # type: ignore[no-untyped-def]
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # absent means 1
        assert ws.print_title_rows


def test_league_ranks_districts_with_status_fills_and_quotes(workbook) -> None:  # type: ignore[no-untyped-def]
    ws = workbook["各区排名"]
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
    assert wb.sheetnames[0] == "Overview"
    ws = wb["Beijing Reproductive Health Pro"]  # the plan's name, cut to Excel's 31 characters
    assert not any(has_cjk(str(c.value)) for c in ws[3] if c.value)
    assert not has_cjk(str(ws["A1"].value))
