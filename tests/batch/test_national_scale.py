"""Many reporting units: summaries stay readable and rendering in parallel writes what serial would."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import SAMPLES, write_csv
from rhcalc.catalog.load import load_catalog
from rhcalc.render import RENDERERS
from rhcalc.render.sections import DETAIL_LIMIT
from rhcalc.pipeline import score_files

PLAN = """
plan: {id: counties, name_zh: 县级方案, name_en: County plan, issuer: 测试, document: doc.txt, jurisdiction: 全国,
       level: national, start: 2024-01-01, end: 2024-12-31, any_unit: true}
indicators:
  - {id: drills, name_zh: 演练次数, name_en: Drills, type: count, unit: 次}
targets:
  - {id: t_drills, indicator: drills, kind: at_least, value: 2, level: district, title_zh: 演练至少2次, source: {quote: 至少 2 次}}
"""


@pytest.fixture
def counties(tmp_path: Path):
    folder = tmp_path / "cat"
    (folder / "sources").mkdir(parents=True)
    (folder / "counties.yaml").write_text(textwrap.dedent(PLAN), encoding="utf-8")
    (folder / "sources" / "doc.txt").write_text("至少 2 次", encoding="utf-8")
    catalog = load_catalog(folder)
    n = DETAIL_LIMIT + 5
    rows = [f"示例{i:03d}县,2024,drills,{i % 4},,,," for i in range(n)]
    card = score_files([write_csv(tmp_path / "all.csv", rows)], catalog)
    return card, n


def test_many_units_summary_counts_per_target_instead_of_every_row(counties):
    card, n = counties
    assert len(card.results) == n
    html = RENDERERS["html"].load()(card, lang="zh", explain=True)
    assert 'class="results by-target"' in html
    assert 'data-district="示例007县"' not in html  # no per-unit result rows
    assert html.count("示例007县") == 1  # the league ranking names it, with its counts
    md = RENDERERS["md"].load()(card, lang="zh")
    assert "示例007县" not in md  # an email body lists targets, not 2,850 counties
    assert "| 演练至少2次 | 23 |" in md  # 23 of 45 counties not met (i % 4 < 2)


def test_parallel_report_files_equal_serial(tmp_path, counties):
    from rhcalc.batch.writing import PARALLEL_FROM, Job, Settings, write_report_files
    from rhcalc.batch.reports import Report
    from rhcalc.score.model import Scorecard

    card, n = counties
    jobs = []
    for i, r in enumerate(card.results[: PARALLEL_FROM + 2]):
        sub = Scorecard(card.as_of, [r], [], card.catalog, [])
        jobs.append(Job(Report("2024", r.district, r.district, sub, "zh"), [f"{i}.html", f"{i}.xlsx"], None))
    # The summary is rendered by a process of its own; its result still comes back in its place.
    jobs.insert(3, Job(Report("2024", None, "全国", card, "zh"), ["summary.html", "summary.xlsx"], None))

    def run(out, workers, jobs=jobs):
        done = []
        write_report_files(jobs, Settings(out, ("html", "xlsx"), "zh", force=False), workers,
                           lambda job, d: done.append((job.names, d)))
        return done

    serial, forked = run(tmp_path / "a", 1), run(tmp_path / "b", 2)
    assert [names for names, _ in serial] == [job.names for job in jobs]  # in the order given
    # Same reports (content hashes) and files; not the files' sha256: an xlsx carries the second it was made.
    assert [(d.content_hash, sorted(d.files)) for _, d in serial] == [(d.content_hash, sorted(d.files)) for _, d in forked]
    assert all(d.written for _, d in forked)
    assert (tmp_path / "b" / "0.html").read_bytes() == (tmp_path / "a" / "0.html").read_bytes()
    # Stored as written and still intact on disk: kept, not rendered again.
    again = [Job(job.report, job.names, (d.content_hash, d.files)) for job, (_, d) in zip(jobs, forked)]
    (tmp_path / "b" / "1.html").write_bytes(b"edited by hand")
    kept = run(tmp_path / "b", 2, again)
    assert [d.written for _, d in kept] == [i == 1 for i in range(len(jobs))]
    assert (tmp_path / "b" / "1.html").read_bytes() == (tmp_path / "a" / "1.html").read_bytes()


def test_scoring_in_parallel_judges_as_serial(monkeypatch, catalog):
    """Every sample at once (city roll-ups, ranks, trends, coverage): forked judging gives the same
    results, in the same order."""
    import rhcalc.score.scoring as score
    from rhcalc.pipeline import read_files

    samples = sorted(p for p in SAMPLES.glob("*.csv"))
    frame = read_files(samples, catalog).frame
    serial = score.score_frame(frame, catalog)
    monkeypatch.setattr(score, "PARALLEL_FROM", 1)
    forked = score.score_frame(frame, catalog, jobs=3)
    assert len(serial.results) > 300
    assert [r.state() for r in forked.results] == [r.state() for r in serial.results]


def test_a_summary_that_fails_to_render_stops_the_run_with_its_name(tmp_path, counties):
    from rhcalc.batch.writing import PARALLEL_FROM, Job, Settings, write_report_files
    from rhcalc.batch.reports import Report

    card, _ = counties
    jobs = [Job(Report("2024", None, "全国", card, "zh"), ["summary.nope"], None)]
    jobs += [Job(Report("2024", f"县{i}", f"县{i}", card, "zh"), [f"{i}.nope"], None) for i in range(PARALLEL_FROM)]
    from rhcalc.common.errors import RunStopped

    with pytest.raises(RunStopped) as caught:
        write_report_files(jobs, Settings(tmp_path, ("nope",), "zh", force=False), 2, lambda job, done: None)
    [problem] = caught.value.problems
    assert (problem.code, problem.location.file) == ("run-failed", "2024/summary")
    assert problem.message("zh").startswith("生成报告失败：KeyError")
