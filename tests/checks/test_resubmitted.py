"""A district's 第二版 beside its first file: the newer figures are used and the older file is told so,
by name — not 20 duplicate-row errors pinned on the clean original."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from conftest import rows_as_read, write_csv
from rhcalc.checks import check_across
from rhcalc.checks_resubmitted import supersede


def arrived(path: Path, moment: dt.datetime) -> Path:
    os.utime(path, (moment.timestamp(), moment.timestamp()))
    return path


def rows_checked_one_by_one(paths: list[Path], catalog):  # noqa: ANN001, ANN201
    return rows_as_read(paths, catalog)


def mtimes(paths: list[Path]) -> dict[str, dt.datetime]:
    return {p.name: dt.datetime.fromtimestamp(p.stat().st_mtime) for p in paths}


def twenty_rows(district: str, lectures: int) -> list[str]:
    return [f"{district},2024-{m:02d},lectures,{lectures if m == 6 else 10},,,场," for m in range(1, 7)] + \
           [f"{district},2024-{m:02d},drills,1,,,次," for m in range(1, 7)] + \
           [f"{district},2024-{m:02d},fees,0,,,元," for m in range(1, 7)] + \
           [f"{district},2024Q2,done,是,,,是/否,", f"{district},2024Q1,done,是,,,是/否,"]


def test_the_newer_file_supersedes_the_older(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    first = arrived(write_csv(tmp_path / "甲区-2024Q2.csv", twenty_rows("甲区", 12)), dt.datetime(2024, 7, 5, 9, 30))
    second = arrived(write_csv(tmp_path / "甲区-2024Q2-第二版.csv", twenty_rows("甲区", 15)), dt.datetime(2024, 7, 12, 16, 5))
    frame = rows_checked_one_by_one([first, second], mini_catalog)
    assert len(frame) == 40
    kept, notes = supersede(frame, mtimes([first, second]))
    assert set(kept["_file"]) == {"甲区-2024Q2-第二版.csv"} and len(kept) == 20
    assert kept.loc[(kept["indicator"] == "lectures") & (kept["period"] == "2024-06"), "value"].tolist() == [15]
    [note] = notes
    assert (note.code, note.severity.value, note.location.file) == ("superseded", "note", "甲区-2024Q2.csv")
    assert note.message() == ("甲区 2024-01、2024-02、2024-03、2024-04、2024-05、2024-06、2024Q1、2024Q2：本文件（2024-07-05 09:30）"
                              "的 20 项数据已被较新的 甲区-2024Q2-第二版.csv（2024-07-12 16:05）取代，不再使用")
    assert "甲区-2024Q2-第二版.csv" in note.message("en") and "(2024-07-05 09:30)" in note.message("en")
    _, problems = check_across(kept, mini_catalog)
    assert [p.code for p in problems] == []  # no duplicate-row left


def test_order_is_by_arrival_not_by_name(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    """A 第二版 that came first is the older one: the arrival decides, not the file name."""
    v2 = arrived(write_csv(tmp_path / "甲区-第二版.csv", twenty_rows("甲区", 15)), dt.datetime(2024, 7, 1))
    v1 = arrived(write_csv(tmp_path / "甲区.csv", twenty_rows("甲区", 12)), dt.datetime(2024, 7, 2))
    kept, [note] = supersede(rows_checked_one_by_one([v2, v1], mini_catalog), mtimes([v2, v1]))
    assert set(kept["_file"]) == {"甲区.csv"} and note.location.file == "甲区-第二版.csv"


def test_forms_with_different_indicators_are_both_used(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    """The health commission's form and the family-planning association's for the same district and
    quarter: nothing of either is replaced. Where they share a figure, only that figure is."""
    health = write_csv(tmp_path / "卫健委.csv", ["甲区,2024Q2,lectures,12,,,场,", "甲区,2024Q2,drills,1,,,次,"])
    association = write_csv(tmp_path / "计生协.csv", ["甲区,2024Q2,fees,0,,,元,", "甲区,2024Q2,drills,2,,,次,"])
    arrived(health, dt.datetime(2024, 7, 3))
    arrived(association, dt.datetime(2024, 7, 4))
    kept, [note] = supersede(rows_checked_one_by_one([health, association], mini_catalog), mtimes([health, association]))
    assert sorted(zip(kept["indicator"], kept["_file"])) == [("drills", "计生协.csv"), ("fees", "计生协.csv"),
                                                               ("lectures", "卫健委.csv")]
    assert (note.location.file, note.params["count"], note.params["newer"]) == ("卫健委.csv", 1, "计生协.csv")


def test_one_file_alone_is_left_as_it_is(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "甲区.csv", twenty_rows("甲区", 12))
    frame = rows_checked_one_by_one([path], mini_catalog)
    kept, notes = supersede(frame, mtimes([path]))
    assert kept is frame and notes == []
