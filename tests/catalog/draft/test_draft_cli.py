"""`rhcalc catalog draft` as a user runs it: -o writes a catalog file and the document's text, which
`rhcalc catalog check` accepts as written; --format table says what was found and left out; bad
options exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import ROOT
from rhcalc.cli import app

XICHENG = ROOT / "indicators" / "sources" / "004_7f09631bde681911.txt"
DOC = "\n".join([
    "2025年某区妇幼健康工作要点",
    "一、重点工作",
    "为进一步加强妇幼健康工作，特制定本要点。",
    "全年开展青春健康教育讲座 120 场。各区要建立更年期保健工作室。",
    "实现AA级规范化门诊全覆盖。",
])


def _doc(tmp_path: Path) -> Path:
    path = tmp_path / "2025要点.txt"
    path.write_text(DOC, encoding="gbk")
    return path


def test_output_folder_passes_catalog_check(runner, tmp_path):
    out = tmp_path / "my-catalog"
    out.mkdir()
    shutil.copy(ROOT / "indicators" / "common.yaml", out)
    result = runner.invoke(app, ["catalog", "draft", str(_doc(tmp_path)), "--plan", "sample_2025", "-o", str(out / "sample_2025.yaml")])
    assert result.exit_code == 0, result.output
    assert (out / "sources" / "2025要点.txt").read_text(encoding="utf-8") == DOC  # GBK in, UTF-8 beside the YAML
    check = runner.invoke(app, ["catalog", "check", str(out)])
    assert check.exit_code == 0, check.output
    data = yaml.safe_load((out / "sample_2025.yaml").read_text(encoding="utf-8"))
    assert data["plan"]["document"] == "2025要点.txt"
    assert [(t["kind"], t.get("value"), t["source"]["quote"]) for t in data["targets"]] == [
        ("at_least", 120, "全年开展青春健康教育讲座 120 场"),
        ("milestone", None, "各区要建立更年期保健工作室"),
        ("coverage", 100, "实现AA级规范化门诊全覆盖"),
    ]
    assert data["targets"][0]["indicator"] == "youth_health_lectures"  # the common indicator, by its alias


def test_yaml_on_stdout_without_output(runner, tmp_path):
    result = runner.invoke(app, ["catalog", "draft", str(_doc(tmp_path)), "--plan", "sample_2025"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["plan"]["start"].isoformat() == "2025-01-01" and data["plan"]["level"] == "district"


def test_options_set_the_plan(runner, tmp_path):
    result = runner.invoke(app, ["catalog", "draft", str(_doc(tmp_path)), "--plan", "sample_2025", "--jurisdiction", "东城区",
                                 "--units", "甲街道,乙街道", "--start", "2025-03-01", "--deadline", "2026-02-28"])
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load(result.stdout)["plan"]
    assert (plan["jurisdiction"], plan["units"], str(plan["start"]), str(plan["end"])) == ("东城区", ["甲街道", "乙街道"], "2025-03-01", "2026-02-28")


def test_table_shows_what_was_left_out_and_why(runner, tmp_path):
    result = runner.invoke(app, ["catalog", "draft", str(_doc(tmp_path)), "--plan", "sample_2025", "--format", "table"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "标题" in out and "前言" in out  # 一、重点工作 · 为进一步加强…
    assert "at_least 120场" in out and "coverage 100%" in out
    assert "目标 3 个" in out
    en = runner.invoke(app, ["catalog", "draft", str(_doc(tmp_path)), "--plan", "sample_2025", "-f", "table", "--lang", "en"])
    assert "a section heading" in en.stdout and "3 targets" in en.stdout


def test_a_seed_document_drafts_into_a_checked_folder(runner, tmp_path):
    shutil.copy(ROOT / "indicators" / "common.yaml", tmp_path)
    result = runner.invoke(app, ["catalog", "draft", str(XICHENG), "--plan", "xicheng_mch_2025", "-o", str(tmp_path / "x.yaml"), "-q"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["catalog", "check", str(tmp_path)]).exit_code == 0


def test_bad_options_exit_2(runner, tmp_path):
    doc = str(_doc(tmp_path))
    for args in (["--plan", "Xicheng-2025"], ["--plan", "ok_2025", "--start", "2025/01/01"], ["--plan", "ok_2025", "--format", "pdf"]):
        result = runner.invoke(app, ["catalog", "draft", doc, *args])
        assert result.exit_code == 2, (args, result.output)
    assert runner.invoke(app, ["catalog", "draft", doc]).exit_code == 2  # --plan is required


def test_a_document_without_a_window_asks_for_start_and_deadline(runner, tmp_path):
    path = tmp_path / "无日期.txt"
    path.write_text("某区妇幼健康工作方案\n建立出生缺陷防治工作联席会议制度。", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "draft", str(path), "--plan", "nodate"])
    assert result.exit_code == 2 and "--start" in result.output and "Traceback" not in result.output
    ok = runner.invoke(app, ["catalog", "draft", str(path), "--plan", "nodate", "--start", "2025-01-01", "--deadline", "2025-12-31"])
    assert ok.exit_code == 0, ok.output


def test_another_document_already_in_sources_is_never_overwritten(runner, tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "2025要点.txt").write_text("另一个文件", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "draft", str(_doc(tmp_path)), "--plan", "sample_2025", "-o", str(tmp_path / "s.yaml")])
    assert result.exit_code == 2 and "[draft-source-clash]" in result.output and "2025要点.txt" in result.output
    assert (tmp_path / "sources" / "2025要点.txt").read_text(encoding="utf-8") == "另一个文件"
    assert not (tmp_path / "s.yaml").exists()


def test_a_document_with_no_commitment_exits_1(runner, tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("2025年某区工作要点\n坚持以人民健康为中心。\n加强组织领导。", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "draft", str(path), "--plan", "empty_2025"])
    assert result.exit_code == 1 and "[no-commitments]" in result.output
