"""The history database: values by district, period and indicator; resubmissions; the send ledger."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import write_csv
from rhcalc.batch.history import History, load_history
from rhcalc.common.frames import COLUMNS
from rhcalc.pipeline import read_files
from rhcalc.score.scoring import score_frame


def _frame(paths: list[Path], catalog) -> pd.DataFrame:  # noqa: ANN001
    return read_files(paths, catalog).frame


def _q1(tmp_path: Path, lectures: str = "12", with_drills: bool = True) -> Path:
    rows = [f"甲区,2024Q1,lectures,{lectures},,,场,", "甲区,2024Q1,abortion_rate,,30,10000,‰,"]
    if with_drills:
        rows.append("甲区,2024Q1,drills,1,,,次,")
    return write_csv(tmp_path / "甲区-2024Q1.csv", rows)


def test_stored_rows_come_back_as_a_submission_frame(tmp_path: Path, mini_catalog) -> None:
    frame = _frame([_q1(tmp_path)], mini_catalog)
    db = tmp_path / "h.sqlite"
    with History(db) as history:
        assert history.store(frame) == 1
        assert history.store(frame) == 0  # the same figures again: nothing rewritten
    back = load_history(db, ["甲区"], ["lectures", "abortion_rate", "drills"])
    assert list(back.columns) == COLUMNS
    cols = ["district", "period", "period_start", "period_end", "indicator", "value", "numerator", "denominator", "_file", "_row"]
    pd.testing.assert_frame_equal(back[cols].sort_values("indicator").reset_index(drop=True),
                                  frame[cols].sort_values("indicator").reset_index(drop=True), check_dtype=False)


def test_load_filters_by_district_indicator_and_date(tmp_path: Path, mini_catalog) -> None:
    import datetime as dt

    q2 = write_csv(tmp_path / "乙区.csv", ["乙区,2024Q2,lectures,9,,,场,", "乙区,2024Q1,lectures,8,,,场,"])
    with History(tmp_path / "h.sqlite") as history:
        history.store(_frame([_q1(tmp_path), q2], mini_catalog))
        assert set(history.load(["乙区"], ["lectures"])["period"]) == {"2024Q1", "2024Q2"}
        assert list(history.load(["乙区"], ["lectures"], until=dt.date(2024, 3, 31))["period"]) == ["2024Q1"]
        assert history.load([], ["lectures"]).empty


def test_a_resubmitted_file_replaces_its_rows(tmp_path: Path, mini_catalog) -> None:
    other = write_csv(tmp_path / "补报.csv", ["甲区,2024Q1,fees,0,,,元,"])
    with History(tmp_path / "h.sqlite") as history:
        history.store(_frame([_q1(tmp_path), other], mini_catalog))
        # The corrected file: a new figure, and the drills row taken out.
        history.store(_frame([_q1(tmp_path, lectures="13", with_drills=False)], mini_catalog))
        rows = history.load(["甲区"], ["lectures", "drills", "fees", "abortion_rate"]).set_index("indicator")
    assert rows.loc["lectures", "value"] == 13
    assert "drills" not in rows.index  # gone with the row removed from the file
    assert rows.loc["fees", "_file"] == "补报.csv"  # another file's rows for the same period stay


def test_history_feeds_trends(tmp_path: Path, mini_catalog) -> None:
    """The city's abortion rate (a roll-up of its districts) in 2024Q2 compares with 2023Q2 from the history."""
    q1 = write_csv(tmp_path / "q1.csv", ["甲区,2023Q2,abortion_rate,,30,10000,‰,", "乙区,2023Q2,abortion_rate,,20,8000,‰,",
                                         "丙区,2023Q2,abortion_rate,,10,2000,‰,"])
    q2 = write_csv(tmp_path / "q2.csv", ["甲区,2024Q2,abortion_rate,,25,10000,‰,", "乙区,2024Q2,abortion_rate,,18,8000,‰,",
                                         "丙区,2024Q2,abortion_rate,,10,2000,‰,"])
    with History(tmp_path / "h.sqlite") as history:
        history.store(_frame([q1], mini_catalog))
        earlier = history.load(["甲区", "乙区", "丙区"], ["abortion_rate"])
    frame = _frame([q2], mini_catalog)
    alone = next(r for r in score_frame(frame, mini_catalog).results if r.target.id == "t_abortion")
    trend = next(r for r in score_frame(frame, mini_catalog, history=earlier).results if r.target.id == "t_abortion")
    assert alone.status.value == "no_data"  # nothing to compare with
    assert trend.district == "测试市" and trend.evaluation.how.compared_with == "2023Q2"
    assert trend.status.value == "on_track"  # 53/20000 after 60/20000 a year earlier: falling
    assert [p for p, _ in trend.history] == ["2023Q2", "2024Q2"]


def test_ledger_records_each_delivery_once(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as history:
        assert not history.delivered("A@x.org", "h1")
        history.record_sent("A@x.org", "h1", "<m1@x>", "2024Q1/甲区")
        history.record_sent("a@x.org", "h1", "<m2@x>", "2024Q1/甲区")  # addresses compare without case
        assert history.delivered("a@X.org", "h1") and not history.delivered("a@x.org", "h2")
        assert [(d.recipient, d.message_id) for d in history.ledger()] == [("a@x.org", "<m1@x>")]


def test_report_state(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as history:
        assert history.reports() == {}
        history.save_report("2024Q1/甲区", "abc", {"2024Q1/甲区.xlsx": "f00"})
        assert history.reports() == {"2024Q1/甲区": ("abc", {"2024Q1/甲区.xlsx": "f00"})}
    with History(tmp_path / "h.sqlite") as history:  # committed, not only seen by the connection that wrote it
        assert history.reports() == {"2024Q1/甲区": ("abc", {"2024Q1/甲区.xlsx": "f00"})}
        with history.batched():
            history.save_report("2024Q1/乙区", "def", {})
        assert set(history.reports()) == {"2024Q1/甲区", "2024Q1/乙区"}
    with History(tmp_path / "h.sqlite") as history:
        assert set(history.reports()) == {"2024Q1/甲区", "2024Q1/乙区"}


def test_a_resubmitted_return_without_a_figure_no_longer_counts_its_old_one(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    """A district's newer file for a period is its whole return: the figure an older file had and the
    new one leaves out is not taken from the history, so the run gives what any later run gives."""
    from conftest import write_quarter
    from rhcalc.cli import app

    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    batch = ["batch", str(tmp_path / "in"), "--out", str(out), "--catalog", str(mini_catalog_dir), "--jobs", "1"]
    assert runner.invoke(app, batch).exit_code == 0
    write_csv(tmp_path / "in" / "甲区-2024Q1.csv", ["甲区,2024Q1,lectures,40,,,场,"])  # no abortion figure now
    assert runner.invoke(app, batch).exit_code == 0
    page = (out / "2024Q1" / "乙区.html").read_text(encoding="utf-8")
    # 乙区's figure in the city's rate: 20/8000 beside 丙区's 25/9000 only (甲区's 30/10000 of the
    # first file is gone): its share of the cases 20/45 = 44%, the city 45/17000 = 2.65‰ (not 75/27000 = 2.78‰)
    assert '<td class="num">44%（人流）</td>\n        <td class="num">2.65‰</td>' in page
    assert "2.78‰" not in page
