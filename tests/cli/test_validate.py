"""`rhcalc validate` and `rhcalc template` through the command line: exit statuses, output, parity
with the library, and never a traceback on the messy/broken corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rhcalc.cli import app

from conftest import MESSY  # noqa: E402
CASES: dict[str, dict] = json.loads((MESSY / "cases.json").read_text(encoding="utf-8"))
BROKEN = sorted(n for n, c in CASES.items() if "problems" in c)


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def test_a_clean_file_validates_with_exit_0(cli: CliRunner) -> None:
    result = cli.invoke(app, ["validate", str(MESSY / "clean.csv")])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout and "8 row(s)" in result.stdout


def test_notes_alone_do_not_fail_validation(cli: CliRunner) -> None:
    result = cli.invoke(app, ["validate", str(MESSY / "several_sheets.xlsx"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {p["severity"] for p in json.loads(result.stdout)["problems"]} == {"note"}


def test_every_problem_is_listed_with_its_place_and_exit_1(cli: CliRunner) -> None:
    result = cli.invoke(app, ["validate", str(MESSY / "bad_cells.csv"), "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    for code in ("not-a-number", "negative-count", "numerator-above-denominator", "rate-above-max",
                 "unknown-indicator", "unknown-period", "unknown-district", "not-yes-no", "duplicate-row"):
        assert code in result.stdout
    assert "bad_cells.csv\n" in result.stdout and "row 7 column B (期间): unrecognised period" in result.stdout
    assert "did you mean “西城区”" in result.stdout


def test_json_has_the_problems_shape_of_cli_md_and_equals_the_library(cli: CliRunner, catalog) -> None:  # type: ignore[no-untyped-def]
    from rhcalc.pipeline import validate_files

    files = [MESSY / "bad_cells.csv", MESSY / "password.xlsx", MESSY / "clean.csv"]
    result = cli.invoke(app, ["validate", *map(str, files), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    found = validate_files(files, catalog)
    assert data["problems"] == [p.to_dict("zh") for p in found.problems] and data["rows"] == found.rows
    first = data["problems"][0]
    assert {"file", "sheet", "row", "column", "severity", "code", "message"} <= first.keys()
    assert first == {**first, "file": "bad_cells.csv", "row": 2, "column": "数值", "column_letter": "D",
                     "code": "not-a-number", "severity": "error", "message": "“约一百”不是数字"}


def test_score_reports_the_same_problems_and_still_scores_the_good_file(cli: CliRunner) -> None:
    files = [str(MESSY / n) for n in ("clean.csv", "companion_dongcheng.csv", "bad_cells.csv", "truncated.xlsx")]
    scored = cli.invoke(app, ["score", *files, "--format", "json"])
    checked = cli.invoke(app, ["validate", *files, "--format", "json"])
    assert scored.exit_code == checked.exit_code == 1
    score_data = json.loads(scored.stdout)
    assert score_data["problems"] == json.loads(checked.stdout)["problems"]
    assert any(r["actual"] is not None for r in score_data["results"])


def test_no_file_of_the_corpus_gives_a_traceback(cli: CliRunner) -> None:
    result = cli.invoke(app, ["validate", *(str(MESSY / n) for n in BROKEN), str(MESSY / "missing.xlsx")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "Unexpected error" not in result.output and "内部错误" not in result.output
    assert "file-not-found" in result.stdout


def test_template_writes_the_form_and_says_so(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "西城区-2024Q2.xlsx"
    result = cli.invoke(app, ["template", "--plan", "beijing_rh_2024", "--district", "西城区", "--period", "2024年第二季度",
                              "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK") and str(out) in result.stderr
    csv_out = tmp_path / "form.csv"
    assert cli.invoke(app, ["template", "--plan", "xicheng_mch_2024", "--district", "西城区", "--period", "2024Q3",
                            "-o", str(csv_out), "-q"]).exit_code == 0
    assert "指标代码" in csv_out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(("args", "says"), [
    (["--plan", "beijing_rh_2024", "--district", "西城", "--period", "2024Q2"], "（是否为“西城区”？） [template-not-a-unit]"),
    (["--plan", "no_such_plan", "--district", "西城区", "--period", "2024Q2"], "beijing_rh_2024"),
    (["--plan", "beijing_rh_2024", "--district", "西城区", "--period", "第二季度"], "“第二季度”不是期间"),
])
def test_template_with_a_bad_choice_exits_2_with_the_known_names(cli: CliRunner, tmp_path: Path, args: list[str], says: str) -> None:
    result = cli.invoke(app, ["template", *args, "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert says in result.stderr and not (tmp_path / "x.xlsx").exists()


def test_template_help_loads_no_spreadsheet_library() -> None:
    code = ("import sys; from rhcalc.cli import app; sys.argv=['rhcalc','template','--help']\n"
            "try: app()\nexcept SystemExit: pass\n"
            "print('HEAVY', [m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'python_calamine') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_large_numbers_in_messages_are_written_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rhcalc.catalog.load import load_catalog
    from rhcalc.pipeline import validate_files

    path = tmp_path / "big.csv"
    path.write_text("district,period,indicator,value,numerator,denominator\n"
                    "西城区,2024,premarital_exam_rate,,2000001,2000000\n", encoding="utf-8")
    problems = validate_files([path], load_catalog()).problems
    assert [p.message("en") for p in problems] == ["numerator 2,000,001 is above denominator 2,000,000"]


def test_a_decimal_comma_is_a_problem_with_a_suggestion_never_a_guess(cli: CliRunner, tmp_path: Path) -> None:
    """建成现代产房 “1,0” used to be read as 10 (500 % of the target 2): now the cell is named, with the
    decimal point suggested, and the target has no data; 1,200 beside it is still 1,200."""
    path = tmp_path / "西城区.csv"
    path.write_text("地区,期间,指标名称,数值\n西城区,2024Q2,建成现代产房数,\"1,0\"\n西城区,2024Q2,xc_district_simulation_drills,\"1,200\"\n",
                    encoding="utf-8")
    result = cli.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [(p["code"], p["file"], p["sheet"], p["row"], p["column_letter"], p["column"], p["message"]) for p in out["problems"]] == [
        ("not-a-number", "西城区.csv", None, 2, "D", "数值", "“1,0”不是数字（是否为“1.0”？）")]
    assert out["rows"] == 1
    scored = json.loads(cli.invoke(app, ["score", str(path), "--format", "json", "--lang", "en"]).stdout)
    by_target = {r["target"]: r for r in scored["results"]}
    assert by_target["xc_modern_delivery_rooms"]["status"] == "no_data"
    assert by_target["xc_modern_delivery_rooms"]["actual"] is None
    assert scored["problems"][0]["message"] == "“1,0” is not a number (did you mean “1.0”?)"
