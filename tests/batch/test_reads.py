"""A rerun reads only the files that changed (issue 17, batch/reads.py): what the others gave is
taken from history.sqlite, and the run's results and report files are those of a full run."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from conftest import write_csv, write_quarter
from rhcalc.cli import app

HEADER = ["district", "period", "indicator", "value", "numerator", "denominator", "unit", "note"]


def _batch(runner, src: Path, out: Path, catalog: Path, *extra: str):  # noqa: ANN001, ANN202
    return runner.invoke(app, ["batch", str(src), "--out", str(out), "--catalog", str(catalog), "--jobs", "1", *extra])


def _workbook(path: Path, lectures: int) -> Path:
    """甲区's return as a workbook, in the long layout (the sheet is 填报)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "填报"
    for row in (HEADER, ["甲区", "2024Q1", "lectures", lectures, None, None, "场", None],
                ["甲区", "2024Q1", "drills", 1, None, None, "次", None],
                ["甲区", "2024Q1", "abortion_rate", None, 30, 10000, "‰", None],
                ["甲区", "2024Q1", "done", "是", None, None, "是/否", None]):
        sheet.append(row)
    book.save(path)
    return path


def _inputs(folder: Path, damaged: bool = True) -> Path:
    """甲区's workbook; 乙区's CSV with a cell that is not a number (a read problem) and a numerator
    above its denominator (a row problem); 丙区's CSV; and, ``damaged``, 丁区.xlsx cut short."""
    write_quarter(folder, "2024Q1", districts=["丙区"])
    _workbook(folder / "甲区-2024Q1.xlsx", 12)
    write_csv(folder / "乙区-2024Q1.csv", ["乙区,2024Q1,lectures,8,,,场,", "乙区,2024Q1,drills,约一百,,,次,",
                                          "乙区,2024Q1,abortion_rate,,20,8000,‰,", "乙区,2024Q1,share,,120,100,%,"])
    if damaged:
        (folder / "丁区.xlsx").write_bytes(b"PK\x03\x04 cut short")
    return folder


def _run_json(out: Path) -> dict:
    """run.json without what differs from one run to the next: the time, what this run wrote."""
    data = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("finished_at", "written")}


def _report_files(out: Path) -> dict[str, object]:
    """Every report file's bytes; a workbook's parts but docProps/core.xml, which holds the second it was made."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if not path.is_file() or name in ("run.json", "history.sqlite", ".rhcalc.lock"):
            continue
        data = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                files[name] = {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}
        else:
            files[name] = data
    return files


def _entries(out: Path) -> list[str]:
    with sqlite3.connect(out / "history.sqlite") as conn:
        return sorted(name for (name,) in conn.execute("SELECT file FROM reads"))


def test_one_changed_file_is_the_only_one_read_and_the_run_is_a_full_runs(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                                       reads: list[str]) -> None:
    folder, out = _inputs(tmp_path / "in", damaged=False), tmp_path / "out"
    assert _batch(runner, folder, out, mini_catalog_dir).exit_code == 1  # 乙区's problems are errors
    assert len(reads) == 3
    _workbook(folder / "甲区-2024Q1.xlsx", 13)  # corrected
    again = _batch(runner, folder, out, mini_catalog_dir)
    assert again.exit_code == 1, again.output
    assert reads[3:] == ["甲区-2024Q1.xlsx"]
    # The files not read are still counted, each with its rows and problems
    assert "ERROR 乙区-2024Q1.csv：2 行，问题 2 个 — 乙区-2024Q1.csv:3:D(value): “约一百”不是数字" in again.stderr
    assert "丙区-2024Q1.csv：4 行，问题 0 个" in again.stderr
    assert "文件 3 个" in again.stderr
    fresh = tmp_path / "fresh"
    assert _batch(runner, folder, fresh, mini_catalog_dir).exit_code == 1
    assert _run_json(out) == _run_json(fresh)
    assert _report_files(out) == _report_files(fresh)
    assert _entries(out) == ["丙区-2024Q1.csv", "乙区-2024Q1.csv", "甲区-2024Q1.xlsx"]


def test_an_unchanged_files_problems_stand_where_they_were(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                             reads: list[str]) -> None:
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _batch(runner, folder, out, mini_catalog_dir)
    assert len(reads) == 4
    _workbook(folder / "甲区-2024Q1.xlsx", 13)
    assert _batch(runner, folder, out, mini_catalog_dir).exit_code == 1
    # 丁区.xlsx too: what a reader met in a damaged workbook may be the machine's (batch/reads.py)
    assert sorted(reads[4:]) == ["丁区.xlsx", "甲区-2024Q1.xlsx"]
    problems = json.loads((out / "run.json").read_text(encoding="utf-8"))["problems"]
    assert [(p["code"], p["file"], p["sheet"], p["row"], p["column_letter"], p["column"]) for p in problems] == [
        ("corrupt-workbook", "丁区.xlsx", None, None, None, None),
        ("not-a-number", "乙区-2024Q1.csv", None, 3, "D", "value"),
        ("numerator-above-denominator", "乙区-2024Q1.csv", None, 5, "E", "numerator"),
    ]
    assert problems[1]["message"] == "“约一百”不是数字"
    fresh = tmp_path / "fresh"
    _batch(runner, folder, fresh, mini_catalog_dir)
    assert _run_json(out) == _run_json(fresh)
    assert _report_files(out) == _report_files(fresh)
    summary = (out / "2024Q1" / "summary.html").read_text(encoding="utf-8")  # where the reports list them
    assert "丁区.xlsx" in summary and "约一百" in summary and "约一百" in (out / "2024Q1" / "乙区.html").read_text(encoding="utf-8")
    assert _entries(out) == ["丙区-2024Q1.csv", "乙区-2024Q1.csv", "甲区-2024Q1.xlsx"]  # none for the damaged one


@pytest.mark.parametrize("stored", [
    b"\x00\x01 garbage, not zlib",
    "text where the bytes were",
    b"x\x9c\xcbH\xcd\xc9\xc9\x07\x00\x06,\x02\x15",  # zlib, but of “hello”: not JSON
    "json:{\"format\": 1, \"columns\": {}, \"read\": [], \"rows\": []}",  # no column
    "json:{\"format\": 2, \"columns\": {}, \"read\": [], \"rows\": []}",  # another layout
    "swap:value",  # a column of another length than the rest
    "swap:problem",  # a problem of a code rhcalc does not declare
    "swap:district",  # two districts where the codes were left out for one value on every row
], ids=["garbage", "text", "not-json", "no-columns", "other-format", "short-column", "unknown-code", "one-value-column"])
def test_a_damaged_entry_is_read_again(runner, tmp_path: Path, mini_catalog_dir: Path, reads: list[str],
                                       stored: bytes | str) -> None:
    import zlib

    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _batch(runner, folder, out, mini_catalog_dir)
    db = sqlite3.connect(out / "history.sqlite")
    [(blob,)] = db.execute("SELECT result FROM reads WHERE file='乙区-2024Q1.csv'")
    if isinstance(stored, str) and stored.startswith(("json:", "swap:")):
        entry = json.loads(zlib.decompress(blob)) if stored.startswith("swap:") else json.loads(stored[5:])
        if stored == "swap:value":
            entry["columns"]["value"].append(1.0)
        elif stored == "swap:problem":
            entry["read"][0]["code"] = "no-such-code"
        elif stored == "swap:district":
            entry["columns"]["district"][0].append("甲区")
        stored = zlib.compress(json.dumps(entry).encode())
    with db:
        db.execute("UPDATE reads SET result=? WHERE file='乙区-2024Q1.csv'", (stored,))
    db.close()
    again = _batch(runner, folder, out, mini_catalog_dir, "--lang", "en")  # another language: not an idle rerun
    assert again.exit_code == 1, again.output
    assert sorted(reads[4:]) == ["丁区.xlsx", "乙区-2024Q1.csv"]
    fresh = tmp_path / "fresh"
    _batch(runner, folder, fresh, mini_catalog_dir, "--lang", "en")
    assert _run_json(out) == _run_json(fresh)
    # Stored again whole: the next full run (another language) reads only the damaged workbook
    before = len(reads)
    assert _batch(runner, folder, out, mini_catalog_dir).exit_code == 1
    assert reads[before:] == ["丁区.xlsx"]


def test_another_catalog_reads_every_file_again(runner, tmp_path: Path, mini_catalog_dir: Path, reads: list[str]) -> None:
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _batch(runner, folder, out, mini_catalog_dir)
    edited = tmp_path / "edited"
    shutil.copytree(mini_catalog_dir, edited)
    plan = edited / "mini.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("value: 120,", "value: 30,"), encoding="utf-8")
    assert _batch(runner, folder, out, edited).exit_code == 1
    assert sorted(reads[4:]) == sorted(reads[:4])
    assert len(_entries(out)) == 3  # the entries of the other catalog are gone (the damaged workbook has none)


def test_a_renamed_file_is_read_again_under_its_new_name(runner, tmp_path: Path, mini_catalog_dir: Path,
                                                         reads: list[str]) -> None:
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _batch(runner, folder, out, mini_catalog_dir)
    (folder / "乙区-2024Q1.csv").rename(folder / "乙区-第一季度.csv")
    assert _batch(runner, folder, out, mini_catalog_dir).exit_code == 1
    assert sorted(reads[4:]) == ["丁区.xlsx", "乙区-第一季度.csv"]
    problems = json.loads((out / "run.json").read_text(encoding="utf-8"))["problems"]
    assert {p["file"] for p in problems if p["code"] != "corrupt-workbook"} == {"乙区-第一季度.csv"}
    assert _entries(out) == ["丙区-2024Q1.csv", "乙区-第一季度.csv", "甲区-2024Q1.xlsx"]  # the old name's entry is gone


def test_force_reads_every_file_again(runner, tmp_path: Path, mini_catalog_dir: Path, reads: list[str]) -> None:
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _batch(runner, folder, out, mini_catalog_dir)
    assert _batch(runner, folder, out, mini_catalog_dir, "--force").exit_code == 1
    assert sorted(reads[4:]) == sorted(reads[:4])
    assert _entries(out) == ["丙区-2024Q1.csv", "乙区-2024Q1.csv", "甲区-2024Q1.xlsx"]


def test_a_stored_read_comes_back_value_for_value(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    """Types included: a date stays a date, a missing figure NaN, a row number an int, a sheet None."""
    from rhcalc.batch.reads import decode, encode
    from rhcalc.common.frames import pack
    from rhcalc.common.problems import Location, Problem
    from rhcalc.pipeline import read_files

    class Capture:
        def __init__(self) -> None:
            self.reads: list = []

        def recall(self, f):  # noqa: ANN001, ANN202
            return None

        def learn(self, f, read) -> None:  # noqa: ANN001
            self.reads.append(repr(read))
            self.reads.append(encode(read))

    folder = _inputs(tmp_path / "in")
    capture = Capture()
    read_files(sorted(folder.iterdir()), mini_catalog, known=capture)
    texts, blobs = capture.reads[::2], capture.reads[1::2]
    assert len(blobs) == 4 and all(isinstance(b, bytes) for b in blobs)
    assert [repr(decode(b)) for b in blobs] == texts
    assert "datetime.date(2024, 3, 31)" in texts[1] and "nan" in texts[1] and "'_row': [2, 3, 4, 5]" in texts[1]
    odd = Problem("not-a-number", Location("x.csv", None, 2), {"value": ("a", "tuple")})
    assert encode((pack([]), [odd], [])) is None  # a parameter JSON would not give back as it was: not stored


def test_a_problem_as_plain_values_and_back() -> None:
    from rhcalc.common.problems import Location, Problem

    problem = Problem("not-a-number", Location("乙区.csv", "填报", 3, "数值", "D"), {"value": "约一百"})
    plain = problem.to_plain()
    assert plain == {"code": "not-a-number", "location": {"file": "乙区.csv", "sheet": "填报", "row": 3, "column": "数值",
                                                          "column_letter": "D"}, "params": {"value": "约一百"}}
    assert Problem.from_plain(json.loads(json.dumps(plain))) == problem
    for bad in ({**plain, "code": "no-such-code"}, {**plain, "location": {**plain["location"], "row": "3"}},
                {**plain, "location": {"sheet": "填报"}}, {**plain, "params": {"value": ["约一百"]}},
                {**plain, "extra": 1}, ["not-a-number"]):
        with pytest.raises(ValueError):
            Problem.from_plain(bad)
