"""`rhcalc score --format F -o OUT` through the CLI runner, and reports replaced only by complete new ones."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rhcalc.cli import app
from rhcalc.common.output import write_atomic
from rhcalc.render import RENDERERS, Renderer
from rhcalc.score.model import Scorecard
from conftest import SAMPLES as SAMPLE_DIR
from test_render_support import HOSTILE, SAMPLES, render, scored

FORMATS = ["csv", "md", "html", "xlsx", "json", "table"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_score_writes_each_format(runner, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"card{RENDERERS[fmt].suffix}"
    result = runner.invoke(app, ["score", str(HOSTILE), "-f", fmt, "-o", str(out), "--explain", "-q"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data and not list(tmp_path.glob(".*.tmp"))
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames[0] == "概览"
    elif fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
    elif fmt == "json":
        assert all("explain" in r and "quote" in r for r in json.loads(data)["results"])


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_a_report_names_its_input_without_the_folder(runner, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """A report is forwarded: it names the file it was made from, never where it sat on someone's PC."""
    folder = tmp_path / "用户" / "桌面"
    folder.mkdir(parents=True)
    given = folder / "西城区-2024Q2.xlsx"
    given.write_bytes((SAMPLE_DIR / "西城区-2024Q2.xlsx").read_bytes())
    out = tmp_path / f"card{RENDERERS[fmt].suffix}"
    assert runner.invoke(app, ["score", str(given), "-o", str(out), "-q"]).exit_code == 0
    if fmt == "xlsx":
        import zipfile

        with zipfile.ZipFile(out) as book:
            text = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    else:
        text = out.read_text(encoding="utf-8")
    assert "西城区-2024Q2.xlsx" in text
    assert "桌面" not in text and str(tmp_path) not in text


def test_format_follows_the_output_suffix(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "card.xlsx"
    assert runner.invoke(app, ["score", str(HOSTILE), "-o", str(out), "-q"]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_the_terminal_view_is_plain_text_in_a_pipe(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["score", str(SAMPLES["beijing_rh_2024_districts"])])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout and "各区情况 (16)" in result.stdout


def test_xlsx_to_stdout_is_a_usage_error(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["score", str(HOSTILE), "-f", "xlsx"])
    assert result.exit_code == 2
    assert "-o" in result.output


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_english_labels_on_stdout(runner, fmt: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["score", str(SAMPLES["beijing_rh_2024_districts"]), "-f", fmt, "--lang", "en"])
    assert result.exit_code == 0
    assert "Attainment" in result.stdout and "达成率" not in result.stdout


def test_a_failing_renderer_leaves_the_old_report(runner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "card.html"
    out.write_text("yesterday's complete report", encoding="utf-8")

    def broken(card: Scorecard, **_: object) -> str:
        raise RuntimeError("renderer died half-way")

    monkeypatch.setitem(RENDERERS, "html", Renderer("html:render_html", suffix=".html"))
    monkeypatch.setattr(Renderer, "load", lambda self: broken)
    result = runner.invoke(app, ["score", str(HOSTILE), "-o", str(out), "--force"])
    assert result.exit_code == 1
    # rhcalc's own failure, said so in the default language, with no traceback
    assert "rhcalc 内部错误（不是输入文件的问题）：RuntimeError: renderer died half-way" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert out.read_text(encoding="utf-8") == "yesterday's complete report"
    assert [p.name for p in tmp_path.iterdir()] == ["card.html"]


def test_a_write_interrupted_before_the_rename_leaves_the_old_report(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "card.xlsx"
    out.write_bytes(b"old")
    new = render(scored("hostile"), "xlsx")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomic(out, new)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["card.xlsx"]
    monkeypatch.undo()
    write_atomic(out, new)
    assert out.read_bytes() == new


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_scorecard_renders(fmt: str) -> None:
    card = Scorecard(None, [], [], scored("hostile").catalog)
    assert render(card, fmt) is not None
