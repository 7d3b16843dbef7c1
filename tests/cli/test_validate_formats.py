"""Each command offers the formats it renders and no other; `validate -o problems.xlsx` (or .csv) writes
the problem list a city office sends back to the district. Expected rows are written out by hand from
the files of tests/data/messy/."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from rhcalc.cli import app

from conftest import MESSY  # noqa: E402
FILES = [str(MESSY / n) for n in ("bad_cells.csv", "password.xlsx")]

# bad_cells.csv (a GBK file, long layout, no sheet; 3 of its 12 rows usable), then password.xlsx:
# files in the order they were read, in each file by sheet, row and column.
ROWS_ZH = [
    ["bad_cells.csv", None, 2, "D 数值", "错误", "not-a-number", "“约一百”不是数字"],
    ["bad_cells.csv", None, 3, "D 数值", "错误", "negative-count", "计数不能为负数：-3"],
    ["bad_cells.csv", None, 4, "E 分子", "错误", "numerator-above-denominator", "分子 400 大于分母 300"],
    ["bad_cells.csv", None, 5, "D 数值", "错误", "rate-above-max", "120 超过可能的最大值 100"],
    ["bad_cells.csv", None, 6, "C 指标", "错误", "unknown-indicator", "未知指标“青春讲座场次”（是否为“青春健康教育讲座场次”？）"],
    ["bad_cells.csv", None, 7, "B 期间", "错误", "unknown-period", "无法识别的期间“2024年第五季度”"],
    ["bad_cells.csv", None, 8, "A 地区", "错误", "unknown-district", "“西城”不在北京市生殖健康促进行动实施方案的单位名单中（是否为“西城区”？）"],
    ["bad_cells.csv", None, 9, "D 数值", "错误", "not-yes-no", "“也许”不是 是/否"],
    ["bad_cells.csv", None, 11, "D 数值", "错误", "duplicate-row", "同一地区、期间、指标重复填报且数值不同（另见第 10 行）"],
    ["password.xlsx", None, None, None, "错误", "encrypted-workbook", "工作簿有密码保护，请另存为无密码文件"],
]
HEAD_ZH = ["文件", "工作表", "行", "列", "级别", "代码", "说明"]
HEAD_EN = ["File", "Sheet", "Row", "Column", "Severity", "Code", "Message"]


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(("command", "offered"), [
    (["validate"], "<table|json|csv|xlsx>"), (["plans"], "<table|json>"), (["indicators"], "<table|json>"),
    (["score"], "<table|json|csv|md|html|xlsx>"),  # RENDERERS' order (render/__init__.py)
])
def test_help_lists_only_the_formats_a_command_renders(cli: CliRunner, command: list[str], offered: str) -> None:
    result = cli.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and f"--format {offered}" in result.output


@pytest.mark.parametrize("args", [
    ["plans", "-f", "csv"], ["plans", "--format", "xlsx"], ["indicators", "-f", "html"], ["indicators", "-f", "md"],
    ["validate", str(MESSY / "clean.csv"), "-f", "md"], ["validate", str(MESSY / "clean.csv"), "-f", "html"],
])
def test_a_format_the_command_does_not_render_is_a_usage_error(cli: CliRunner, args: list[str]) -> None:
    result = cli.invoke(app, args)
    assert result.exit_code == 2 and "不是可选的值" in result.stderr and result.stdout == ""


def test_validate_refuses_an_output_suffix_it_does_not_write(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "problems.html"
    result = cli.invoke(app, ["validate", str(MESSY / "bad_cells.csv"), "-o", str(out)])
    assert result.exit_code == 2 and "validate 只写 table, json, csv, xlsx，不写 html" in result.stderr
    assert not out.exists()


def test_validate_xlsx_needs_a_file(cli: CliRunner) -> None:
    result = cli.invoke(app, ["validate", str(MESSY / "bad_cells.csv"), "-f", "xlsx"])
    assert result.exit_code == 2 and "xlsx 是二进制格式，需要用 -o 指定输出文件" in result.stderr and result.stdout == ""


def _sheet_rows(path: Path) -> tuple[object, list[list[object]]]:
    ws = load_workbook(path)["问题" if "问题" in load_workbook(path).sheetnames else "Problems"]
    return ws, [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]


def test_validate_writes_the_problem_list_as_a_workbook(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "问题清单.xlsx"
    result = cli.invoke(app, ["validate", *FILES, "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and result.stderr == f"→ {out}\n"
    ws, rows = _sheet_rows(out)
    assert ws["A1"].value == "数据问题清单"
    assert ws["A2"].value == "文件 2 个 · 可用数据行 2 · 错误 10 · 警告 0 · 提示 0"  # 西城 (no unit of a plan) is not used
    assert [c.value for c in ws[4]] == HEAD_ZH
    assert rows == ROWS_ZH
    assert ws["E5"].fill.fgColor.rgb == "FFFFC7CE" and ws["E5"].font.color.rgb == "FF9C0006"  # an error
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:G14"
    assert ws.print_title_rows == "$4:$4" and ws.page_setup.orientation == "landscape"


def test_notes_alone_make_a_list_with_exit_0(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "notes.xlsx"
    assert cli.invoke(app, ["validate", str(MESSY / "several_sheets.xlsx"), "-o", str(out)]).exit_code == 0
    ws, rows = _sheet_rows(out)
    assert ws["A2"].value == "文件 1 个 · 可用数据行 8 · 错误 0 · 警告 0 · 提示 2"
    assert rows == [["several_sheets.xlsx", "下拉列表", None, None, "提示", "sheet-hidden", "工作表“下拉列表”已隐藏，未读取"],
                    ["several_sheets.xlsx", "图表", None, None, "提示", "sheet-skipped", "工作表“图表”没有可识别的数据表，已跳过"]]
    assert ws["E5"].fill.fgColor.rgb == "FFEDEDED"  # a note greyed, like “no data”


def test_validate_workbook_in_english_and_for_a_clean_file(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "problems.xlsx"
    assert cli.invoke(app, ["validate", FILES[1], "--lang", "en", "-o", str(out), "-q"]).exit_code == 1
    ws, rows = _sheet_rows(out)
    assert [ws["A1"].value, ws["A2"].value] == ["Problems found in the submissions",
                                                "1 file(s) · usable rows 0 · error 1 · warning 0 · note 0"]
    assert [c.value for c in ws[4]] == HEAD_EN
    assert rows == [["password.xlsx", None, None, None, "error", "encrypted-workbook",
                     "the workbook is password-protected; save a copy without a password"]]
    clean = tmp_path / "clean.xlsx"
    result = cli.invoke(app, ["validate", str(MESSY / "clean.csv"), "-f", "xlsx", "-o", str(clean)])
    assert result.exit_code == 0
    ws, rows = _sheet_rows(clean)
    assert ws["A2"].value == "文件 1 个 · 可用数据行 8 · 错误 0 · 警告 0 · 提示 0"
    assert rows == [["未发现问题", None, None, None, None, None, None]]


def test_validate_csv_has_the_same_rows(cli: CliRunner) -> None:
    result = cli.invoke(app, ["validate", *FILES, "--format", "csv"])
    assert result.exit_code == 1
    text = result.stdout_bytes.decode("utf-8")  # .stdout turns \r\n into \n
    assert text.startswith("\ufeff文件,工作表,行,列,级别,代码,说明\r\n") and text.endswith("文件\r\n")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[1:] == [["" if x is None else str(x) for x in r] for r in ROWS_ZH]


def test_validate_table_and_json_are_unchanged(cli: CliRunner, tmp_path: Path) -> None:
    clean = cli.invoke(app, ["validate", str(MESSY / "clean.csv")])
    assert clean.exit_code == 0 and clean.stdout == "✓ 1 file(s), 8 row(s), no problems\n"
    assert cli.invoke(app, ["validate", str(MESSY / "clean.csv"), "-q"]).stdout == ""
    data = json.loads(cli.invoke(app, ["validate", FILES[1], "-f", "json"]).stdout)
    assert data == {"files": [FILES[1]], "rows": 0, "problems": [
        {"file": "password.xlsx", "sheet": None, "row": None, "column": None, "column_letter": None, "severity": "error",
         "code": "encrypted-workbook", "message": "工作簿有密码保护，请另存为无密码文件"}]}
    text = tmp_path / "problems.txt"
    assert cli.invoke(app, ["validate", FILES[0], "-o", str(text)]).exit_code == 2  # .txt names no format
    assert cli.invoke(app, ["validate", FILES[0], "-f", "table", "-o", str(text)]).exit_code == 1
    assert text.read_text(encoding="utf-8").splitlines()[:3] == [
        "问题 (9)", "bad_cells.csv", "  ✗ 错误 第2行D列（数值）：“约一百”不是数字 [not-a-number]"]
