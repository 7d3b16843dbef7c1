"""`rhcalc batch` without email: the files it writes, reruns, broken input, the lock, history across runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import write_csv, write_quarter
from rhcalc.batch.run import BatchOptions, run_batch, run_lock
from rhcalc.cli import app

DISTRICTS = ["甲区", "乙区", "丙区"]


def _batch(runner, src: Path, out: Path, catalog: Path, *extra: str):  # noqa: ANN001, ANN202
    return runner.invoke(app, ["batch", str(src), "--out", str(out), "--catalog", str(catalog), "--jobs", "1", *extra])


def _snapshot(out: Path) -> dict[str, tuple[int, str]]:
    """Every file under DIR with its mtime and sha256 (the lock file aside)."""
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".rhcalc.lock"}


def test_writes_a_scorecard_per_district_the_summary_and_run_json(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    files = write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(out), "--catalog", str(mini_catalog_dir), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    for name in [*DISTRICTS, "summary"]:
        assert (out / "2024Q1" / f"{name}.xlsx").stat().st_size > 0
        assert (out / "2024Q1" / f"{name}.html").stat().st_size > 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {i["file"]: i["sha256"] for i in run["inputs"]} == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert run["exit"] == 0 and run["problems"] == []
    reports = {r["name"]: r for r in run["reports"]}
    assert set(reports) == {f"2024Q1/{d}" for d in DISTRICTS} | {"2024Q1/summary"}
    assert sum(reports["2024Q1/summary"]["counts"].values()) > sum(reports["2024Q1/甲区"]["counts"].values()) > 0
    assert len(run["written"]) == 8
    assert (out / "history.sqlite").exists()


def test_a_rerun_rewrites_nothing(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir).exit_code == 0
    before = _snapshot(out)
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 0
    assert _snapshot(out) == before  # reports, run.json and history.sqlite untouched
    assert "没有变化：3 个文件与上次运行相同，4 个报告原样保留" in again.stderr  # batch/unchanged.py


def test_force_renders_again(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    before = _snapshot(out)
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--force").exit_code == 0
    after = _snapshot(out)
    assert after["2024Q1/甲区.xlsx"][0] != before["2024Q1/甲区.xlsx"][0]
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["written"]


def _resubmitted(runner, tmp_path: Path, catalog_dir: Path, lectures: int, drills: int) -> set[str]:  # type: ignore[no-untyped-def]
    """The files under out/ that a second run rewrites after 甲区 sends its 2024Q1 file again with these figures."""
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    _batch(runner, tmp_path / "in", out, catalog_dir)
    before = _snapshot(out)
    write_csv(tmp_path / "in" / "甲区-2024Q1.csv", [f"甲区,2024Q1,lectures,{lectures},,,场,", f"甲区,2024Q1,drills,{drills},,,次,",
                                                   "甲区,2024Q1,abortion_rate,,30,10000,‰,", "甲区,2024Q1,done,是,,,是/否,"])
    assert _batch(runner, tmp_path / "in", out, catalog_dir).exit_code == 0
    after = _snapshot(out)
    return {k for k in after if after[k] != before.get(k)}


def test_a_changed_file_rewrites_its_report_and_the_summary_only(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    # 甲区 corrects its drills (1 → 0), a target judged district by district: nobody else's figures move.
    changed = _resubmitted(runner, tmp_path, mini_catalog_dir, lectures=12, drills=0)
    assert {"2024Q1/甲区.xlsx", "2024Q1/summary.html", "run.json"} <= changed
    assert not changed & {"2024Q1/乙区.xlsx", "2024Q1/乙区.html", "2024Q1/丙区.xlsx"}


def test_a_changed_city_figure_rewrites_the_reports_of_the_districts_that_share_it(runner, tmp_path: Path,
                                                                                   mini_catalog_dir: Path) -> None:
    """A district's report shows its share of each city total: 甲区's lectures (12 → 40) change 乙区's share."""
    changed = _resubmitted(runner, tmp_path, mini_catalog_dir, lectures=40, drills=1)
    assert {"2024Q1/甲区.xlsx", "2024Q1/乙区.xlsx", "2024Q1/丙区.html", "2024Q1/summary.html"} <= changed


def test_a_broken_file_is_reported_and_the_others_processed(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    (tmp_path / "in" / "丁区.xlsx").write_text("这不是表格", encoding="utf-8")
    (tmp_path / "in" / "~$甲区-2024Q1.xlsx").write_bytes(b"excel lock file")  # skipped: Excel's, not a submission
    out = tmp_path / "out"
    result = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert result.exit_code == 1
    assert "ERROR 丁区.xlsx" in result.stderr
    assert (out / "2024Q1" / "甲区.xlsx").exists()
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [p["file"] for p in run["problems"]] == ["丁区.xlsx"] and run["exit"] == 1
    assert [i["file"] for i in run["inputs"]] == ["丁区.xlsx", "丙区-2024Q1.csv", "乙区-2024Q1.csv", "甲区-2024Q1.csv"]


def test_one_log_line_per_file_and_quiet(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    result = _batch(runner, tmp_path / "in", tmp_path / "out", mini_catalog_dir)
    lines = [line for line in result.stderr.splitlines() if " 行，问题 " in line]
    assert len(lines) == 3 and all(line[:4].isdigit() for line in lines)  # timestamped, one per file
    quiet = _batch(runner, tmp_path / "in", tmp_path / "out2", mini_catalog_dir, "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_a_second_run_over_the_same_folder_exits_2(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    with run_lock(out):
        result = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert result.exit_code == 2
    assert f"{out}\n  ✗ 错误 " in result.stderr and "[run-locked]" in result.stderr
    assert not (out / "2024Q1").exists()
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir).exit_code == 0  # released


def test_trend_compares_with_the_previous_run(tmp_path: Path, mini_catalog_dir: Path) -> None:
    """2023Q2's run, then 2024Q2's over its files only: the city's 逐年下降 compares 2024Q2 with the same
    quarter a year earlier, from the history (82/27000 = 3.04‰ → 79/27000 = 2.93‰: falling)."""
    out = tmp_path / "out"
    write_quarter(tmp_path / "q1", "2023Q2")
    write_quarter(tmp_path / "q2", "2024Q2")
    first = run_batch(BatchOptions((tmp_path / "q1",), out, mini_catalog_dir, jobs=1))
    second = run_batch(BatchOptions((tmp_path / "q2",), out, mini_catalog_dir, jobs=1))
    fresh = run_batch(BatchOptions((tmp_path / "q2",), tmp_path / "fresh", mini_catalog_dir, jobs=1))
    assert [r.name for r in first.reports] == ["2023Q2/丙区", "2023Q2/乙区", "2023Q2/甲区", "2023Q2/summary"]
    summary = next(r for r in second.reports if r.is_summary)
    trend = next(r for r in summary.card.results if r.target.id == "t_abortion")
    assert trend.evaluation.how.compared_with == "2023Q2"
    assert trend.status.value == "on_track"
    assert [p for p, _ in trend.history] == ["2023Q2", "2024Q2"]
    alone = next(r for r in next(r for r in fresh.reports if r.is_summary).card.results if r.target.id == "t_abortion")
    assert alone.status.value == "no_data"
    assert (out / "2023Q2" / "甲区.html").exists() and (out / "2024Q2" / "甲区.html").exists()


def test_report_period_is_each_districts_latest(tmp_path: Path, mini_catalog_dir: Path) -> None:
    """A late district lands in its own period; cumulative 1–6月 rows do not move a quarterly file."""
    (tmp_path / "in").mkdir()
    write_csv(tmp_path / "in" / "甲区.csv", ["甲区,2024Q2,lectures,5,,,场,", "甲区,2024年1-6月,drills,2,,,次,"])
    write_csv(tmp_path / "in" / "乙区.csv", ["乙区,2024Q1,lectures,5,,,场,"])
    run = run_batch(BatchOptions((tmp_path / "in",), tmp_path / "out", mini_catalog_dir, jobs=1))
    assert sorted(r.name for r in run.reports) == ["2024Q1/summary", "2024Q1/乙区", "2024Q2/summary", "2024Q2/甲区"]
    late = next(r for r in run.reports if r.district == "乙区")
    assert late.card.as_of.isoformat() == "2024-03-31"


def test_names_are_safe_for_the_file_system() -> None:
    from rhcalc.batch.reports import safe_name

    assert safe_name("西城区") == "西城区"
    assert safe_name("a/b\\c:d*?") == "a_b_c_d_"
    assert safe_name("..") == "_"


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_results_in_parallel(tmp_path: Path, mini_catalog_dir: Path, jobs: int) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    run = run_batch(BatchOptions((tmp_path / "in",), tmp_path / f"out{jobs}", mini_catalog_dir, jobs=jobs))
    assert [(r.name, r.content_hash) for r in run.reports] == [
        (r.name, r.content_hash) for r in run_batch(BatchOptions((tmp_path / "in",), tmp_path / "o", mini_catalog_dir, jobs=1)).reports]


def test_the_output_folder_inside_the_input_is_not_read_back(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "in" / "reports"
    assert _batch(runner, tmp_path / "in", out, mini_catalog_dir).exit_code == 0
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 0 and "没有变化：3 个文件与上次运行相同" in again.stderr  # its 8 reports are not inputs
    forced = _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--force")
    assert forced.exit_code == 0 and "待读取文件 3 个" in forced.stderr


def test_a_progress_bar_on_a_terminal(tmp_path: Path, mini_catalog_dir: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from rhcalc.batch.progress import BarReporter, make_reporter

    write_quarter(tmp_path / "in", "2024Q1")
    (tmp_path / "in" / "坏.csv").write_bytes(b"")
    buf = StringIO()
    reporter = make_reporter(Console(file=buf, force_terminal=True, width=100), quiet=False)
    assert isinstance(reporter, BarReporter)
    try:
        run_batch(BatchOptions((tmp_path / "in",), tmp_path / "out", mini_catalog_dir, jobs=1), reporter)
    finally:
        reporter.close()
    assert "坏.csv" in buf.getvalue() and "2024Q1/summary" in buf.getvalue()


@pytest.mark.parametrize("command", ["batch", "send"])
def test_help_imports_neither_pandas_nor_smtplib_nor_sqlite3(command: str) -> None:
    import subprocess
    import sys

    code = (f"import sys; from rhcalc.cli import app; sys.argv = ['rhcalc', '{command}', '--help']\n"
            "try: app()\nexcept SystemExit: pass\n"
            # (not ssl: typer's own pydantic brings asyncio and ssl into any subcommand's help)
            "print('HEAVY', [m for m in ('pandas', 'smtplib', 'sqlite3', 'tomllib', 'rhcalc.batch.run') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out and "rhcalc.toml" in out


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_scores_and_reports_what_score_does(jobs: int, tmp_path: Path, runner) -> None:  # noqa: ANN001
    """``rhcalc batch`` and ``rhcalc score`` over the same files: the same results (each report
    period's summary holds every result of its period; score judges each district as of its latest,
    the batch writes its earlier returns' periods too: 乐清市's midterm file), the same problems in the
    same order; and read in one process or in several, the same reports with the same content hashes."""
    import shutil

    from conftest import MESSY, SAMPLES

    src = tmp_path / "in"
    src.mkdir()
    for path in sorted(SAMPLES.glob("*.csv")) + sorted(MESSY.glob("*.xlsx"))[:6]:
        shutil.copy(path, src)
    files = sorted(src.iterdir(), key=lambda p: p.name)
    scored = runner.invoke(app, ["score", *map(str, files), "--format", "json"])
    data = json.loads(scored.stdout)
    run = run_batch(BatchOptions((src,), tmp_path / "out", jobs=jobs))
    # Each district's latest: 乐清市's full file, 西城区's 2025Q2 (its 2024Q2 and annual files are
    # earlier returns, with summaries of their own); the others have one period each.
    latest = [report for report in run.reports if report.is_summary and report.period in ("2023", "2024-07~2024-08", "2024", "2025Q2")]
    assert [r.to_dict() for report in latest for r in report.card.results] == data["results"]
    assert {"2024-03~2024-04/summary", "2024Q2/summary", "2024Q4/summary"} <= {r.name for r in run.reports}
    assert [p.to_dict() for p in run.problems] == data["problems"]
    assert data["problems"] and len({r["as_of"] for r in data["results"]}) > 1, "several periods and problems to compare"
    serial = run_batch(BatchOptions((src,), tmp_path / "serial", jobs=1))
    assert [(r.name, r.content_hash) for r in run.reports] == [(r.name, r.content_hash) for r in serial.reports]


def test_a_folder_offers_every_file_score_reads(tmp_path: Path) -> None:
    from rhcalc.batch.inputs import discover

    for name in ("a.csv", "b.tsv", "c.txt", "d.xlsb", "e.xlsx", "f.XLS", "g.ods", "h.xlsm", "notes.md", "~$e.xlsx", ".hidden.csv"):
        (tmp_path / name).write_bytes(b"x")
    assert [f.display for f in discover([tmp_path])] == ["a.csv", "b.tsv", "c.txt", "d.xlsb", "e.xlsx", "f.XLS", "g.ods", "h.xlsm"]

