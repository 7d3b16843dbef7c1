"""Reports whose inputs are gone are removed — only those rhcalc wrote, recorded in history.sqlite."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rhcalc.batch.cleanup import record_inputs, remove_stale
from rhcalc.batch.history import History


def written(out: Path, history: History, name: str, inputs: list[Path]) -> list[Path]:
    """A report as the batch leaves it: its two files, their sha256 in ``reports``, its inputs recorded."""
    files = {f"{name}.xlsx": b"PK workbook", f"{name}.html": b"<!doctype html>"}
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    history.save_report(name, "hash-" + name, {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()})
    record_inputs(history.conn, {name: inputs})
    return [out / rel for rel in files]


def test_a_report_whose_input_is_gone_is_removed(tmp_path: Path) -> None:
    out, typo = tmp_path / "reports", tmp_path / "in" / "海定区.xlsx"
    typo.parent.mkdir()
    typo.write_bytes(b"x")
    with History(out / "history.sqlite") as history:
        files = written(out, history, "2024Q2/海定区", [typo])
        written(out, history, "2024Q2/海淀区", [tmp_path / "in" / "海淀区.xlsx"])
        typo.unlink()
        removed = remove_stale(history.conn, out, made={"2024Q2/海淀区"}, read=set())
        assert removed.reports == ["2024Q2/海定区"] and removed.kept == []
        assert not any(f.exists() for f in files) and "2024Q2/海定区" not in history.reports()
        assert (out / "2024Q2" / "海淀区.xlsx").exists()  # its folder stays: another report is in it


def test_a_report_its_read_input_no_longer_gives_is_removed_and_its_folder(tmp_path: Path) -> None:
    out, source = tmp_path / "reports", tmp_path / "in" / "海淀区.xlsx"
    source.parent.mkdir()
    source.write_bytes(b"corrected")
    with History(out / "history.sqlite") as history:
        written(out, history, "2024Q1/海淀区", [source])  # the file now says 2024Q2
        removed = remove_stale(history.conn, out, made={"2024Q2/海淀区"}, read={source})
    assert removed.reports == ["2024Q1/海淀区"] and not (out / "2024Q1").exists()


def test_a_run_over_part_of_the_folder_removes_nothing(tmp_path: Path) -> None:
    out, other = tmp_path / "reports", tmp_path / "in" / "东城区.xlsx"
    other.parent.mkdir()
    other.write_bytes(b"x")
    with History(out / "history.sqlite") as history:
        files = written(out, history, "2024Q2/东城区", [other])
        assert remove_stale(history.conn, out, made={"2024Q2/西城区"}, read={tmp_path / "in" / "西城区.xlsx"}).reports == []
    assert all(f.exists() for f in files)


def test_a_changed_report_file_is_kept_and_named(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    with History(out / "history.sqlite") as history:
        xlsx, html = written(out, history, "2024Q2/海定区", [tmp_path / "gone.xlsx"])
        xlsx.write_bytes(b"someone's notes")
        removed = remove_stale(history.conn, out, made=set(), read=set())
    assert removed.kept == ["2024Q2/海定区.xlsx"] and xlsx.exists() and not html.exists()


def test_a_report_without_recorded_inputs_is_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    (out / "2024Q2").mkdir(parents=True)
    (out / "2024Q2" / "summary.html").write_bytes(b"old")
    with History(out / "history.sqlite") as history:
        history.save_report("2024Q2/summary", "h", {"2024Q2/summary.html": hashlib.sha256(b"old").hexdigest()})
        assert remove_stale(history.conn, out, made=set(), read=set()).reports == []
    assert (out / "2024Q2" / "summary.html").exists()
