"""What Windows does differently, simulated where it can be: a report open in Excel cannot be replaced."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import write_quarter
from rhcalc.cli import app


def test_a_report_open_in_another_program_is_named_and_written_next_run(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import rhcalc.common.output as output

    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    args = ["batch", str(tmp_path / "in"), "--out", str(out), "--catalog", str(mini_catalog_dir), "--jobs", "1"]
    real_replace, tries = os.replace, []

    def excel_has_it(src: str, dst: Path) -> None:  # what Windows answers while Excel has the file open
        if Path(dst).name == "甲区.xlsx":
            tries.append(dst)
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real_replace(src, dst)

    monkeypatch.setattr(output, "_WINDOWS", True)
    monkeypatch.setattr(output.os, "replace", excel_has_it)
    monkeypatch.setattr(output.time, "sleep", lambda s: None)
    held = runner.invoke(app, args)
    assert held.exit_code == 1, held.stderr
    assert "未替换：2024Q1/甲区.xlsx 正被其他程序（Excel、WPS？）打开" in held.stderr
    assert len(tries) == output.REPLACE_TRIES  # tried again before giving up (a virus scanner lets go quickly)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["in_use"] == ["2024Q1/甲区.xlsx"] and run["exit"] == 1
    assert "2024Q1/甲区.html" in run["written"] and (out / "2024Q1" / "乙区.xlsx").exists()
    assert not (out / "2024Q1" / "甲区.xlsx").exists() and not list(out.rglob("*.tmp"))
    monkeypatch.setattr(output.os, "replace", real_replace)  # the file was closed
    later = runner.invoke(app, args)
    assert later.exit_code == 0, later.stderr
    assert (out / "2024Q1" / "甲区.xlsx").exists()
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["written"] == ["2024Q1/甲区.xlsx", "2024Q1/甲区.html"]


def test_elsewhere_a_refused_rename_is_an_error_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rhcalc.common.output as output

    calls = []
    monkeypatch.setattr(output, "_WINDOWS", False)
    monkeypatch.setattr(output.os, "replace", lambda *a: calls.append(a) or (_ for _ in ()).throw(PermissionError(13, "denied")))
    with pytest.raises(PermissionError) as caught:
        output.write_atomic(tmp_path / "x.txt", "x")
    assert not isinstance(caught.value, output.FileInUse) and len(calls) == 1
    assert not list(tmp_path.iterdir())  # the temporary file went with it


def test_no_more_workers_than_windows_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    import rhcalc.common.pool as workers

    monkeypatch.setattr(workers.sys, "platform", "win32")
    assert workers.usable(64) == 61 and workers.usable(2) == 2
    monkeypatch.setattr(workers.sys, "platform", "linux")
    assert workers.usable(64) == 64
