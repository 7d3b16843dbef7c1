"""A rerun over unchanged inputs (issue 17): recognised by content hash, nothing read, nothing written;
a changed catalog, config, input or report file makes it run in full."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import write_csv, write_quarter
from rhcalc.cli import app


def _batch(runner, src: Path, out: Path, catalog: Path, *extra: str):  # noqa: ANN001, ANN202
    return runner.invoke(app, ["batch", str(src), "--out", str(out), "--catalog", str(catalog), "--jobs", "1", *extra])


def _snapshot(out: Path) -> dict[str, tuple[int, str]]:
    """Every file under DIR with its mtime and sha256 (the lock file aside)."""
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".rhcalc.lock"}


def _first_run(runner, tmp_path: Path, catalog: Path) -> Path:  # noqa: ANN001
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    assert _batch(runner, tmp_path / "in", out, catalog).exit_code == 0
    return out


def test_nothing_changed_reads_nothing_and_leaves_every_file_as_it_was(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                                        reads: list[str]) -> None:
    out = _first_run(runner, tmp_path, mini_catalog_dir)
    assert len(reads) == 3
    before = _snapshot(out)
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 0, again.output
    assert len(reads) == 3  # no file read the second time
    assert _snapshot(out) == before  # reports, run.json, history.sqlite: same bytes, same times
    assert "没有变化：3 个文件与上次运行相同，4 个报告原样保留，未读取、未写入任何文件" in again.stderr
    english = _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--lang", "en")
    assert english.exit_code == 0
    assert "nothing changed" not in english.stderr  # another language is other reports: scored and written again,
    assert len(reads) == 3  # from what the files gave when last read (batch/reads.py)
    assert "nothing changed: 3 file(s) as in the last run, 4 report(s) left as they are; nothing read or written" in \
        _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--lang", "en").stderr
    assert len(reads) == 3


def test_a_changed_catalog_rescores(runner, tmp_path: Path, mini_catalog_dir: Path, reads: list[str]) -> None:
    out = _first_run(runner, tmp_path, mini_catalog_dir)
    before = _snapshot(out)
    plan = mini_catalog_dir / "mini.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("value: 120,", "value: 30,"), encoding="utf-8")
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 0, again.output
    assert len(reads) == 6  # the files are checked against another catalog: read again
    after = _snapshot(out)
    assert after["2024Q1/summary.html"] != before["2024Q1/summary.html"]  # t_lectures is judged against 30 now


def test_a_changed_config_rescores(runner, tmp_path: Path, mini_catalog_dir: Path, reads: list[str]) -> None:
    config = tmp_path / "rhcalc.toml"
    config.write_text("# no email yet\n", encoding="utf-8")
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--config", str(config)).exit_code == 0
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--config", str(config)).exit_code == 0
    assert len(reads) == 3
    config.write_text("# no email yet, still\n", encoding="utf-8")
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--config", str(config))
    assert again.exit_code == 0 and "没有变化" not in again.stderr
    assert len(reads) == 3  # rescored from what the files gave when last read: the config does not change reading


def test_a_changed_input_or_an_edited_report_runs_in_full(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                          reads: list[str]) -> None:
    out = _first_run(runner, tmp_path, mini_catalog_dir)
    write_csv(tmp_path / "in" / "甲区-2024Q1.csv", ["甲区,2024Q1,lectures,40,,,场,"])
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir).exit_code == 0
    assert reads[3:] == ["甲区-2024Q1.csv"]  # the other two from what they gave last time (batch/reads.py)
    report = out / "2024Q1" / "乙区.html"
    written = report.read_bytes()
    report.write_bytes(written + b"<!-- edited -->")
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir).exit_code == 0
    assert len(reads) == 4
    assert report.read_bytes() == written  # the full run put rhcalc's report back
    (out / "2024Q1" / "丙区.xlsx").unlink()
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir).exit_code == 0
    assert len(reads) == 4 and (out / "2024Q1" / "丙区.xlsx").is_file()


def test_force_and_a_broken_file(runner, tmp_path: Path, mini_catalog_dir: Path, reads: list[str]) -> None:
    out = _first_run(runner, tmp_path, mini_catalog_dir)
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--force").exit_code == 0
    assert len(reads) == 6
    (tmp_path / "in" / "丁区.csv").write_bytes(b"\x00\x01 not a table")
    first = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert first.exit_code == 1 and reads[6:] == ["丁区.csv"]
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 1 and len(reads) == 7  # the same inputs: the same exit, nothing read
    assert "上次运行发现的" in again.stderr


def test_the_record_is_in_the_history_not_beside_it(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    out = _first_run(runner, tmp_path, mini_catalog_dir)
    db = tmp_path / "elsewhere.sqlite"
    shutil.copy(out / "history.sqlite", db)
    (out / "history.sqlite").unlink()
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 0 and "没有变化" not in again.stderr  # no history: no record, a full run


def test_the_same_inputs_run_again_once_a_due_day_has_passed(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                              reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """丙区's 2024Q1 return is missing; it is due on 2024-04-10 (the quarter's end + 10 days). Until then
    a rerun over the same files is idle; on 2024-04-11 the same files give another table (丙区 overdue),
    so the run is a full one again, and run.json says so."""
    import datetime as dt
    import json

    import rhcalc.batch.run as batch_run

    import os

    for path in write_quarter(tmp_path / "in", "2024Q1", districts=["甲区", "乙区"]):
        arrived = dt.datetime(2024, 4, 2, 9, 0).timestamp()  # the arrival is the file's time
        os.utime(path, (arrived, arrived))
    out = tmp_path / "out"
    for day, idle in (("2024-04-05", False), ("2024-04-10", True), ("2024-04-11", False), ("2024-04-12", True)):
        monkeypatch.setattr(batch_run, "_today", lambda options, day=day: dt.date.fromisoformat(day))
        result = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
        assert result.exit_code in (0, 1)
        assert ("没有变化" in result.stderr) is idle, day
        assert len(reads) == 2, day  # read once: the full run on the 11th rescores what they gave (batch/reads.py)
    [period] = json.loads((out / "run.json").read_text(encoding="utf-8"))["completeness"]
    assert [(u["unit"], u["state"], u["overdue"]) for u in period["units"]] == [
        ("甲区", "on_time", False), ("乙区", "on_time", False), ("丙区", "missing", True)]
