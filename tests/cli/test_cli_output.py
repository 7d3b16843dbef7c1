"""-o without losing a file: never over an input of the same run, never over an existing file
without --force, never a plain-text table under a name that promises another format."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rhcalc.cli import app

from conftest import SAMPLES  # noqa: E402

SAMPLE = SAMPLES / "xicheng_mch_2024_q2.csv"
FORM = ["template", "--plan", "xicheng_mch_2024", "--district", "西城区", "--period", "2024Q2"]


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    path = tmp_path / "西城区-2024Q2.csv"
    shutil.copy(SAMPLE, path)
    return path


def _refused(result, path: Path) -> None:  # noqa: ANN001
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert path.name in result.stderr


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_score_never_writes_over_its_own_input(runner, submission: Path, force: list[str]) -> None:  # noqa: ANN001
    before = submission.read_bytes()
    other = submission.parent / "other.csv"
    shutil.copy(SAMPLE, other)
    for spelling in (submission, submission.parent / "sub" / ".." / submission.name):
        result = runner.invoke(app, ["score", str(other), str(submission), "-f", "csv", "-o", str(spelling), *force])
        _refused(result, submission)
        assert "是本次读取的文件，不能用输出覆盖它" in result.stderr and "is an input of this run" not in result.stderr
    assert submission.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links here")
def test_the_same_file_under_another_name_is_still_the_input(runner, submission: Path) -> None:  # noqa: ANN001
    linked, symlinked = submission.parent / "硬链接.csv", submission.parent / "符号链接.csv"
    os.link(submission, linked)
    symlinked.symlink_to(submission)
    before = submission.read_bytes()
    for alias in (linked, symlinked):
        _refused(runner.invoke(app, ["score", str(submission), "-f", "csv", "-o", str(alias), "--force"]), alias)
    assert submission.read_bytes() == before


def test_score_replaces_an_existing_report_only_with_force(runner, submission: Path, tmp_path: Path) -> None:  # noqa: ANN001
    report = tmp_path / "report.json"
    report.write_text("last quarter's report", encoding="utf-8")
    result = runner.invoke(app, ["score", str(submission), "-o", str(report)])
    _refused(result, report)
    assert "report.json 已存在；要替换它请加 --force" in result.stderr
    english = runner.invoke(app, ["score", str(submission), "-o", str(report), "--lang", "en"])
    assert "exists: add --force to replace it" in english.stderr and "已存在" not in english.stderr
    assert report.read_text(encoding="utf-8") == "last quarter's report"
    assert runner.invoke(app, ["score", str(submission), "-o", str(report), "--force", "-q"]).exit_code == 0
    assert report.read_text(encoding="utf-8").startswith("{")


def test_template_does_not_replace_a_filled_form_without_force(runner, tmp_path: Path) -> None:  # noqa: ANN001
    form = tmp_path / "西城区-2024Q2.xlsx"
    form.write_bytes(b"a form the clerk has filled in")
    result = runner.invoke(app, [*FORM, "-o", str(form)])
    _refused(result, form)
    assert form.read_bytes() == b"a form the clerk has filled in"
    assert runner.invoke(app, [*FORM, "-o", str(form), "--force", "-q"]).exit_code == 0
    assert form.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("name", ["report.xls", "report.pdf", "report.txt", "report"])
def test_an_output_suffix_that_names_no_format_is_a_usage_error(runner, submission: Path, tmp_path: Path, name: str) -> None:  # noqa: ANN001
    result = runner.invoke(app, ["score", str(submission), "-o", str(tmp_path / name)])
    _refused(result, tmp_path / name)
    assert ".json .csv .md .html .xlsx" in result.stderr
    assert not (tmp_path / name).exists()


def test_an_explicit_format_may_go_under_any_name(runner, submission: Path, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "report.txt"
    assert runner.invoke(app, ["score", str(submission), "-f", "table", "-o", str(out), "-q"]).exit_code == 0
    assert "西城区" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["score"], ["template"]])
def test_force_is_in_the_help(runner, command: list[str]) -> None:  # noqa: ANN001
    result = runner.invoke(app, [*command, "--help"])
    assert "--force" in result.stdout and "输出文件已存在时覆盖" in result.stdout
