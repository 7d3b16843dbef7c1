"""The command line as users and cron jobs meet it: help, exit statuses, the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, write_csv
from goldens import check
from rhcalc.cli import app


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            for sub in cmd.commands:
                yield [name, sub]
        else:
            yield [name]


@pytest.mark.parametrize("command", list(_commands()), ids=" ".join)
def test_every_command_has_help_with_an_example(runner, command):
    """In Chinese by default, in English with RHCALC_LANG=en (or --lang en before --help)."""
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "示例：rhcalc" in result.output and "用法：rhcalc" in result.output
    english = runner.invoke(app, [*command, "--help"], env={"RHCALC_LANG": "en"})
    assert "Example: rhcalc" in english.output and "Usage: rhcalc" in english.output


def test_help_imports_no_heavy_library():
    code = "import sys; from rhcalc.cli import app; sys.argv=['rhcalc','--help']\ntry: app()\nexcept SystemExit: pass\n" \
           "heavy=[m for m in ('pandas','openpyxl','jinja2','smtplib','xlsxwriter','python_calamine','yaml','pydantic') if m in sys.modules]\n" \
           "print('HEAVY', heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out, out


def test_score_sample_json_contract(runner):
    result = runner.invoke(app, ["score", str(SAMPLES / "xicheng_mch_2024_q2.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-30"
    keys = {"district", "period", "plan", "target", "indicator", "actual", "target_value", "expected", "unit",
            "attainment", "status", "note"}
    assert data["results"] and all(keys <= r.keys() for r in data["results"])
    assert {r["status"] for r in data["results"]} <= {"met", "on_track", "behind", "not_met", "no_data", "monitor"}
    assert data["problems"] == []


def test_score_json_matches_golden(runner):
    result = runner.invoke(app, ["score", str(SAMPLES / "xicheng_mch_2024_q2.csv"), "--format", "json"])
    data = json.loads(result.stdout)
    data.pop("rhcalc")
    data["files"] = [Path(f).name for f in data["files"]]
    check("xicheng_mch_2024_q2.json", json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def test_json_equals_the_library_result(runner, catalog):
    from rhcalc.pipeline import score_files

    path = SAMPLES / "yueqing_pilot_2024_midterm.csv"
    cli = json.loads(runner.invoke(app, ["score", str(path), "-f", "json"]).stdout)
    lib = [r.to_dict() for r in score_files([path], catalog).results]
    assert cli["results"] == json.loads(json.dumps(lib, ensure_ascii=False))


def test_a_bad_file_is_reported_and_the_good_one_still_scored(runner, tmp_path):
    bad = tmp_path / "报表.xlsx"
    bad.write_bytes(b"this is not a workbook at all")
    result = runner.invoke(app, ["score", str(bad), str(SAMPLES / "xicheng_mch_2024_q2.csv"), "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["results"]
    assert [(p["file"], p["code"]) for p in data["problems"]] == [("报表.xlsx", "not-a-spreadsheet")]
    assert "Traceback" not in result.output


def test_a_bad_cell_names_file_row_and_column(runner, tmp_path):
    path = write_csv(tmp_path / "西城区.csv", ["西城区,2024Q1,xc_district_simulation_drills,约一百,,,,", "西城区,2024Q1,xc_district_simulation_drills,1,,,,"])
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["file"], problem["row"], problem["column"], problem["column_letter"], problem["code"]) == \
        ("西城区.csv", 2, "value", "D", "not-a-number")
    assert problem["message"] == "“约一百”不是数字"


def test_table_output_and_english(runner):
    result = runner.invoke(app, ["score", str(SAMPLES / "xicheng_mch_2024_q2.csv"), "--lang", "en"])
    assert result.exit_code == 0
    assert "As of 2024-06-30" in result.stdout and "behind" in result.stdout


def test_output_file_format_from_suffix(runner, tmp_path):
    out = tmp_path / "card.json"
    result = runner.invoke(app, ["score", str(SAMPLES / "xicheng_mch_2024_q2.csv"), "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"] == "2024-06-30"
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask, "a report is not a private temp file"


def test_as_of_changes_the_judgement(runner):
    path = str(SAMPLES / "xicheng_mch_2024_q2.csv")
    late = json.loads(runner.invoke(app, ["score", path, "-f", "json", "--as-of", "2024-12-31"]).stdout)
    assert late["as_of"] == "2024-12-31"
    assert "on_track" not in {r["status"] for r in late["results"]}


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(app, ["score", "x.csv", "--as-of", "June"]).exit_code == 2
    assert runner.invoke(app, ["score", "x.csv", "--plan", "nope"]).exit_code == 2
    bad = tmp_path / "cat"
    bad.mkdir()
    (bad / "a.yaml").write_text("targets: [{id: x}]\n", encoding="utf-8")
    result = runner.invoke(app, ["score", "x.csv", "--catalog", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    # Shown as a submission's problems are: the file, then each fault at its YAML path, in Chinese by default.
    assert result.stderr.splitlines()[:3] == ["问题 (3)", "a.yaml", "  ✗ 错误 targets[0] (id x).indicator：缺少必填项 [catalog-missing-key]"]
    english = runner.invoke(app, ["score", "x.csv", "--catalog", str(bad), "--lang", "en"])
    assert "  ✗ error targets[0] (id x).kind: Field required [catalog-missing-key]" in english.stderr.splitlines()


def test_plans_and_indicators(runner):
    plans = json.loads(runner.invoke(app, ["plans", "-f", "json"]).stdout)["plans"]
    assert {p["id"] for p in plans} == {"beijing_rh_2024", "yueqing_pilot_2024", "migrant_rh_2018", "tianjin_hebei_2021", "xicheng_mch_2024"}
    data = json.loads(runner.invoke(app, ["indicators", "-f", "json"]).stdout)
    target = data["targets"][0]
    assert {"id", "plan", "indicator", "kind", "value", "unit", "level", "start", "deadline", "source"} <= target.keys()
    assert set(target["source"]) == {"document", "quote"}
    assert {"id", "name_zh", "name_en", "unit"} <= data["indicators"][0].keys()
    one = runner.invoke(app, ["indicators", "人工流产率"])
    assert one.exit_code == 0 and "induced_abortion_rate" in one.stdout and "逐年下降" in one.stdout
    assert runner.invoke(app, ["indicators", "no_such_thing"]).exit_code == 2


def test_catalog_check(runner, mini_catalog_dir):
    ok = runner.invoke(app, ["catalog", "check"])
    assert ok.exit_code == 0 and "每句原文都逐字出自其文件" in ok.stdout
    assert runner.invoke(app, ["catalog", "check", str(mini_catalog_dir)]).exit_code == 0
    doc = mini_catalog_dir / "sources" / "doc.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("120", "12"), encoding="utf-8")
    bad = runner.invoke(app, ["catalog", "check", str(mini_catalog_dir)])
    assert bad.exit_code == 2 and "t_lectures" in bad.output


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.csv")) + sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_every_sample_scores_cleanly(runner, sample):
    result = runner.invoke(app, ["score", str(SAMPLES / sample), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # Cleanly: nothing but figures that look odd against their own history (the six-quarter samples
    # hold a few that are; checks_quality's tests say which), and those are warnings.
    odd = {"outlier", "denominator-jump", "repeated-figure", "cumulative-falls"}
    assert [p for p in data["problems"] if p["code"] not in odd] == [] and data["results"]
    assert all(p["severity"] == "warning" for p in data["problems"])


def test_a_stopping_error_keeps_brackets(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./rhcalc.toml here
    result = runner.invoke(app, ["batch", str(SAMPLES / "xicheng_mch_2024_q2.csv"), "--out", str(tmp_path / "r"), "--email"])
    assert result.exit_code == 2
    assert "[email]" in result.output and "[config-no-email]" in result.output, "a TOML table name is not rich markup"
