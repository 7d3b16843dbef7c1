"""Who has reported: the returns of real district files against the Beijing plan's 16 districts, with
arrival dates from the files' mtimes; every expected value written out by hand."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import rows_as_read, write_csv
from rhcalc.pipeline import read_files
from rhcalc.score.completeness import Rules, completeness, report_groups, returns_in

BEIJING = ["东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区", "通州区", "顺义区",
           "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区"]


def district_file(folder: Path, district: str, period: str, arrived: dt.date, volunteers: int = 120,
                  suffix: str = "") -> Path:
    """A district's quarterly return of two Beijing-only indicators, its mtime the day it arrived (noon)."""
    path = write_csv(folder / f"{district}-{period}{suffix}.csv", [
        f"{district},{period},bj_peer_volunteers,{volunteers},,,人,",
        f"{district},{period},bj_pac_institutions,3,,,家,",
    ])
    moment = dt.datetime.combine(arrived, dt.time(12)).timestamp()
    os.utime(path, (moment, moment))
    return path


def mtimes(paths: list[Path]) -> dict[str, dt.date]:
    return {p.name: dt.datetime.fromtimestamp(p.stat().st_mtime).date() for p in paths}


def returns_of(paths: list[Path], catalog, checked: dt.date, rules: Rules = Rules()):  # noqa: ANN001, ANN201
    """Returns are read from the rows as loaded: a resubmission's rows are still there, before the checks
    across files keep only the newest of each figure."""
    frame = rows_as_read(paths, catalog)
    return completeness(catalog, returns_in(frame), mtimes(paths), checked, rules)


def test_sixteen_districts_two_missing_one_late(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    sent = [d for d in BEIJING if d not in ("怀柔区", "延庆区")]
    paths = [district_file(tmp_path, d, "2024Q2", dt.date(2024, 7, 16) if d == "丰台区" else dt.date(2024, 7, 8))
             for d in sent]
    c = returns_of(paths, catalog, checked=dt.date(2024, 7, 20))
    [p] = c.periods
    assert (p.plan, p.jurisdiction, p.period, p.end, p.due) == ("beijing_rh_2024", "北京市", "2024Q2",
                                                                 dt.date(2024, 6, 30), dt.date(2024, 7, 10))
    assert [(u.unit, u.overdue) for u in p.state("missing")] == [("怀柔区", True), ("延庆区", True)]
    [late] = p.state("late")
    assert (late.unit, late.arrived, late.days_late, late.files) == ("丰台区", dt.date(2024, 7, 16), 6,
                                                                     ("丰台区-2024Q2.csv",))
    assert len(p.state("on_time")) == 13 and len(p.received) == 14 and p.partial
    d = p.to_dict()
    assert (d["units_expected"], d["units_reported"], d["on_time"], d["late"], d["missing"]) == (16, 14, 13, 1, 2)
    assert [u["unit"] for u in d["units"]] == BEIJING  # the plan's order


def test_on_the_due_day_is_on_time_and_a_day_after_is_late(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    paths = [district_file(tmp_path, "东城区", "2024Q2", dt.date(2024, 7, 10)),
             district_file(tmp_path, "西城区", "2024Q2", dt.date(2024, 7, 11))]
    [p] = returns_of(paths, catalog, checked=dt.date(2024, 7, 10)).periods
    assert [(u.unit, u.state, u.days_late) for u in p.units[:2]] == [("东城区", "on_time", None), ("西城区", "late", 1)]
    # Checked on the due day, the 14 without a file are missing but not yet overdue.
    missing = p.state("missing")
    assert len(missing) == 14 and not any(u.overdue for u in missing)


def test_due_days_from_the_rules_and_per_plan(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    paths = [district_file(tmp_path, "东城区", "2024Q2", dt.date(2024, 7, 14))]
    [p] = returns_of(paths, catalog, dt.date(2024, 8, 1), Rules(due_days=15)).periods
    assert (p.due, p.units[0].state) == (dt.date(2024, 7, 15), "on_time")
    [p] = returns_of(paths, catalog, dt.date(2024, 8, 1), Rules(15, {"beijing_rh_2024": 3})).periods
    assert (p.due, p.units[0].state, p.units[0].days_late) == (dt.date(2024, 7, 3), "late", 11)


def test_each_quarter_of_a_backlog_has_its_own_returns(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    paths = [district_file(tmp_path, "东城区", q, dt.date(2024, 12, 1)) for q in ("2024Q1", "2024Q2", "2024Q3")]
    paths.append(district_file(tmp_path, "西城区", "2024Q3", dt.date(2024, 10, 5)))
    c = returns_of(paths, catalog, dt.date(2024, 12, 1))
    assert [(p.period, [u.unit for u in p.received]) for p in c.periods] == [
        ("2024Q1", ["东城区"]), ("2024Q2", ["东城区"]), ("2024Q3", ["东城区", "西城区"])]
    assert [u.state for u in c.periods[2].received] == ["late", "on_time"]
    assert c.ending(dt.date(2024, 9, 30)).periods == (c.periods[2],)


def test_a_resubmission_keeps_the_first_arrival(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    first = district_file(tmp_path, "东城区", "2024Q2", dt.date(2024, 7, 5))
    second = district_file(tmp_path, "东城区", "2024Q2", dt.date(2024, 7, 20), volunteers=125, suffix="-第二版")
    [p] = returns_of([first, second], catalog, dt.date(2024, 8, 1)).periods
    u = p.units[0]
    assert (u.state, u.arrived, u.files) == ("on_time", dt.date(2024, 7, 5), (first.name, second.name))


def test_an_annual_file_answers_for_the_fourth_quarter(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    paths = [district_file(tmp_path, "东城区", "2024Q4", dt.date(2025, 1, 5)),
             district_file(tmp_path, "西城区", "2024Q4", dt.date(2025, 1, 6)),
             district_file(tmp_path, "朝阳区", "2024", dt.date(2025, 1, 7))]
    [p] = returns_of(paths, catalog, dt.date(2025, 2, 1)).periods
    assert p.period == "2024Q4" and [u.unit for u in p.received] == ["东城区", "西城区", "朝阳区"]


def test_a_district_plan_has_nobody_to_chase(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    """西城区's own work points (xicheng_mch_2024) list no units: no table, and its file is no Beijing return."""
    path = write_csv(tmp_path / "西城区.csv", ["西城区,2024Q2,xc_district_simulation_drills,1,,,次,"])
    assert not returns_of([path], catalog, dt.date(2024, 8, 1))


@pytest.mark.parametrize("seen, expected", [((), ["广东省", "河南省"]), (("四川省",), ["四川省", "广东省", "河南省"])])
def test_a_national_plan_expects_the_units_seen(tmp_path: Path, catalog, seen, expected) -> None:  # noqa: ANN001
    """The migrant plan takes any province: those in the files, and those earlier runs saw (``seen``)."""
    lines = (Path(__file__).parents[2] / "sample_data" / "migrant_rh_2018_provinces.csv").read_text(encoding="utf-8").splitlines()
    guangdong = [line for line in lines[2:] if line.startswith("广东省,") and ",2019年," in line]
    henan = [line.replace("广东省", "河南省", 1) for line in guangdong]
    path = write_csv(tmp_path / "provinces.csv", guangdong + henan, header=lines[1])
    frame = read_files([path], catalog).frame
    c = completeness(catalog, returns_in(frame), {}, dt.date(2020, 3, 1), seen={"migrant_rh_2018": seen})
    [p] = [p for p in c.periods if p.plan == "migrant_rh_2018"]
    assert sorted(u.unit for u in p.units) == sorted(expected) and p.expected_from == "seen"
    assert [u.unit for u in p.state("missing")] == [u for u in expected if u not in ("广东省", "河南省")]


def test_a_backlog_is_a_report_period_per_quarter_oldest_first(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    quarters = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2"]
    paths = [district_file(tmp_path, d, q, dt.date(2025, 7, 1)) for q in quarters for d in ("东城区", "西城区")]
    paths.append(district_file(tmp_path, "朝阳区", "2024Q2", dt.date(2025, 7, 1)))
    groups = report_groups(returns_in(rows_as_read(paths, catalog)))
    assert [(label, districts) for label, _, districts in groups] == [
        ("2024Q1", ["东城区", "西城区"]), ("2024Q2", ["东城区", "朝阳区", "西城区"]), ("2024Q3", ["东城区", "西城区"]),
        ("2024Q4", ["东城区", "西城区"]), ("2025Q1", ["东城区", "西城区"]), ("2025Q2", ["东城区", "西城区"])]


def test_a_district_s_annual_and_fourth_quarter_files_are_one_report_period(tmp_path: Path, catalog) -> None:  # noqa: ANN001
    paths = [district_file(tmp_path, "东城区", "2024Q4", dt.date(2025, 1, 5)),
             district_file(tmp_path, "东城区", "2024", dt.date(2025, 1, 5)),
             district_file(tmp_path, "西城区", "2024", dt.date(2025, 1, 5))]
    groups = report_groups(returns_in(rows_as_read(paths, catalog)))
    assert [(label, end, districts) for label, end, districts in groups] == [
        ("2024", dt.date(2024, 12, 31), ["西城区"]), ("2024Q4", dt.date(2024, 12, 31), ["东城区"])]
