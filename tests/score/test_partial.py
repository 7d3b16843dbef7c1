"""A city roll-up while some of its districts have not reported (score/partial.py): what it stands on,
and when it is still judged. The mini plan of conftest.py expects 甲区, 乙区 and 丙区."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import write_csv
from rhcalc.pipeline import read_files
from rhcalc.score.scoring import score_frame

YEAR_END = dt.date(2024, 12, 31)


def city(tmp_path: Path, catalog, rows: list[str], target: str, **options) -> dict:  # noqa: ANN001, ANN003
    frame = read_files([write_csv(tmp_path / "s.csv", rows)], catalog).frame
    card = score_frame(frame, catalog, YEAR_END, **options)
    [r] = [r.to_dict() for r in card.results if r.district == "测试市" and r.target.id == target]
    return r


def test_every_unit_reported_is_not_partial(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    r = city(tmp_path, mini_catalog, ["甲区,2024,lectures,50,,,,", "乙区,2024,lectures,50,,,,", "丙区,2024,lectures,20,,,,"],
             "t_lectures")
    assert (r["units_reported"], r["units_expected"], r["partial"], r["status"]) == (3, 3, False, "met")


def test_a_total_already_reached_stands(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    # 70 + 50 = 120 of 120 without 丙区: whatever 丙区 did can only add to it.
    r = city(tmp_path, mini_catalog, ["甲区,2024,lectures,70,,,,", "乙区,2024,lectures,50,,,,"], "t_lectures")
    assert (r["units_reported"], r["units_expected"], r["partial"], r["status"]) == (2, 3, True, "met")


def test_a_total_short_of_its_target_is_not_judged_yet(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    # 70 + 49 = 119 of 120: 丙区's figure could reach the target.
    r = city(tmp_path, mini_catalog, ["甲区,2024,lectures,70,,,,", "乙区,2024,lectures,49,,,,"], "t_lectures")
    assert (r["partial"], r["status"], r["how"]["reason"]) == (True, "no_data", "partial")
    assert r["actual"] == 119  # the figure is shown, not judged


def test_a_ceiling_already_exceeded_stands_and_one_kept_does_not(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    over = city(tmp_path, mini_catalog, ["甲区,2024,fees,50,,,,", "乙区,2024,fees,0,,,,"], "t_fees")
    assert (over["partial"], over["status"]) == (True, "not_met")  # 50 > 0: 丙区 cannot undo it
    kept = city(tmp_path, mini_catalog, ["甲区,2024,fees,0,,,,", "乙区,2024,fees,0,,,,"], "t_fees")
    assert (kept["partial"], kept["status"]) == (True, "no_data")  # 丙区 may have charged


RATE = ["甲区,2024,abortion_rate,,10,1000,,", "乙区,2024,abortion_rate,,90,9000,,",
        "甲区,2023,abortion_rate,,12,1000,,", "乙区,2023,abortion_rate,,99,9000,,", "丙区,2023,abortion_rate,,10,1000,,"]


@pytest.mark.parametrize(("min_reported", "status"), [(2 / 3, "met"), (0.67, "no_data"), (0.8, "no_data")])
def test_a_rate_stands_when_enough_units_reported(tmp_path: Path, mini_catalog, min_reported: float, status: str) -> None:  # noqa: ANN001
    # 2024 from 2 of 3 districts: 100/10000 = 10 ‰ after 2023's 121/11000 = 11 ‰. Two thirds reported:
    # judged at a share of exactly 2/3, not above it (the default 0.8 included).
    r = city(tmp_path, mini_catalog, RATE, "t_abortion", min_reported=min_reported)
    assert (r["units_reported"], r["units_expected"], r["partial"], r["status"]) == (2, 3, True, status)


def test_coverage_names_the_unit_that_sent_nothing_and_is_judged(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    r = city(tmp_path, mini_catalog, ["甲区,2024Q2,done,是,,,,", "乙区,2024Q2,done,是,,,,"], "t_cover_units")
    assert (r["units_reported"], r["units_expected"], r["partial"]) == (2, 3, True)
    assert r["status"] != "no_data" and r["how"]["not_reported"] == ["丙区"]
