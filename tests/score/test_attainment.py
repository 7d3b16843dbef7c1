"""Each target kind at its edges, through real CSV files and the whole pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import write_csv
from rhcalc.pipeline import score_files


def run(tmp_path: Path, catalog, rows: list[str], as_of: str | None = None) -> dict[tuple[str, str], dict]:
    path = write_csv(tmp_path / "sub.csv", rows)
    card = score_files([path], catalog, dt.date.fromisoformat(as_of) if as_of else None)
    return {(r.district, r.target.id): r.to_dict() for r in card.results}


def districts(period: str, indicator: str, values: list[str]) -> list[str]:
    return [f"{d},{period},{indicator},{v},,,," for d, v in zip(["甲区", "乙区", "丙区"], values)]


# --- at_least: city total over districts, pro-rated before the deadline --------------------------

def test_at_least_exactly_on_target_is_met(tmp_path, mini_catalog):
    rows = districts("2024", "lectures", ["40", "40", "40"])
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_lectures")]
    assert (r["actual"], r["target_value"], r["status"], r["attainment"]) == (120, 120, "met", 1)


def test_at_least_one_short_on_the_deadline_day_is_not_met(tmp_path, mini_catalog):
    rows = districts("2024", "lectures", ["40", "40", "39"])
    r = run(tmp_path, mini_catalog, rows, as_of="2024-12-31")[("测试市", "t_lectures")]
    assert r["status"] == "not_met"
    assert r["attainment"] == pytest.approx(119 / 120, abs=1e-4)


def test_at_least_before_deadline_compares_with_linear_expectation(tmp_path, mini_catalog):
    # Half the year (182 of 366 days = 49.7 %, printed 50 %): 50 % × 120 = 60 expected. 60 is on track, 59 behind.
    on = run(tmp_path, mini_catalog, districts("2024年1-6月", "lectures", ["20", "20", "20"]))[("测试市", "t_lectures")]
    assert on["status"] == "on_track"
    assert on["expected"] == 60 and on["how"]["elapsed_share"] == 0.5
    behind = run(tmp_path, mini_catalog, districts("2024年1-6月", "lectures", ["20", "20", "19"]))[("测试市", "t_lectures")]
    assert behind["status"] == "behind"


def test_quarters_are_summed_and_nested_periods_counted_once(tmp_path, mini_catalog):
    rows = ["甲区,2024Q1,lectures,10,,,,", "甲区,2024Q2,lectures,15,,,,", "甲区,2024年1-6月,lectures,25,,,,",
            "乙区,2024Q1,讲座场次,5,,,,"]
    r = run(tmp_path, mini_catalog, rows, as_of="2024-06-30")
    assert r[("甲区", "t_lectures_unit")]["actual"] == 25  # not 50: the half-year holds both quarters
    assert r[("乙区", "t_lectures_unit")]["actual"] == 5


def test_district_level_targets_are_judged_per_district(tmp_path, mini_catalog):
    rows = districts("2024", "lectures", ["10", "9", "12"])
    r = run(tmp_path, mini_catalog, rows)
    assert [r[(d, "t_lectures_unit")]["status"] for d in ("甲区", "乙区", "丙区")] == ["met", "not_met", "met"]


def test_one_district_is_not_a_city_total(tmp_path, mini_catalog):
    r = run(tmp_path, mini_catalog, ["甲区,2024,lectures,130,,,,"])
    assert ("测试市", "t_lectures") not in r
    assert r[("甲区", "t_lectures_unit")]["status"] == "met"


# --- rates: recomputed from parts, aggregated by summing parts ----------------------------------

def test_city_rate_sums_numerators_and_denominators(tmp_path, mini_catalog):
    rows = ["甲区,2023,abortion_rate,,10,1000,,", "乙区,2023,abortion_rate,,90,9000,,", "丙区,2023,abortion_rate,,10,1000,,",
            "甲区,2024,abortion_rate,,1,1000,,", "乙区,2024,abortion_rate,,98,9000,,", "丙区,2024,abortion_rate,,10,1000,,"]
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]
    # 2023: 110/11000 = 10 ‰; 2024: (1+98+10)/11000 ×1000 = 9.909 ‰; the mean of district rates
    # (1, 10.9 and 10) would be 7.3.
    assert r["actual"] == pytest.approx(9.909, abs=0.001)
    assert r["expected"] == pytest.approx(10.0)
    assert r["status"] == "met"


def test_zero_denominator_is_reported_and_gives_no_rate(tmp_path, mini_catalog):
    path = write_csv(tmp_path / "z.csv", ["测试市,2024,share,,0,0,,"])
    card = score_files([path], mini_catalog)
    assert [p.code for p in card.problems] == ["zero-denominator"]
    r = {x.target.id: x.to_dict() for x in card.results}["t_share"]
    assert r["status"] == "no_data" and r["actual"] is None


# --- trends ---------------------------------------------------------------------------------------

def test_trend_without_previous_period_is_no_data(tmp_path, mini_catalog):
    r = run(tmp_path, mini_catalog, ["测试市,2024,abortion_rate,8.5,,,,"])[("测试市", "t_abortion")]
    assert r["status"] == "no_data" and r["actual"] == 8.5


def test_trend_equal_to_previous_is_not_falling(tmp_path, mini_catalog):
    rows = ["测试市,2023,abortion_rate,8.5,,,,", "测试市,2024,abortion_rate,8.5,,,,"]
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]
    assert r["status"] == "not_met"
    assert r["how"]["compared_with"] == "2023"


def test_trend_before_deadline_compares_with_the_same_quarter_a_year_earlier(tmp_path, mini_catalog):
    # A seasonal rise from Q1 (7) to Q2 (8) is not a failure: Q2 fell against 2023Q2 (9).
    rows = ["测试市,2023Q2,abortion_rate,9,,,,", "测试市,2024Q1,abortion_rate,7,,,,", "测试市,2024Q2,abortion_rate,8,,,,"]
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]
    assert (r["status"], r["expected"], r["how"]["compared_with"]) == ("on_track", 9, "2023Q2")
    rows = ["测试市,2023Q2,abortion_rate,7.5,,,,", "测试市,2024Q1,abortion_rate,9,,,,", "测试市,2024Q2,abortion_rate,8,,,,"]
    assert run(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]["status"] == "behind"


def test_trend_with_only_the_quarter_before_has_nothing_to_compare_with(tmp_path, mini_catalog):
    rows = ["测试市,2024Q1,abortion_rate,9,,,,", "测试市,2024Q2,abortion_rate,8,,,,"]
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]
    assert (r["status"], r["how"]["reason"]) == ("no_data", "no_reference")


# --- per period -----------------------------------------------------------------------------------

def test_per_period_every_elapsed_quarter_must_reach_n(tmp_path, mini_catalog):
    ok = run(tmp_path, mini_catalog, ["甲区,2024Q1,drills,1,,,,", "甲区,2024Q2,drills,2,,,,"])[("甲区", "t_drills")]
    assert (ok["actual"], ok["target_value"], ok["expected"], ok["status"], ok["attainment"]) == (2, 4, 2, "on_track", 0.5)
    gap = run(tmp_path, mini_catalog, ["甲区,2024Q1,drills,1,,,,", "甲区,2024Q2,drills,0,,,,"])[("甲区", "t_drills")]
    assert gap["status"] == "behind" and gap["how"]["breached"] == ["2024Q2"]
    assert gap["how"]["slots"] == [{"period": "2024Q1", "figure": 1, "verdict": "pass"},
                                   {"period": "2024Q2", "figure": 0, "verdict": "breach"}]


def test_per_period_whole_year_met_and_an_unreported_quarter_is_unknown_not_failed(tmp_path, mini_catalog):
    full = [f"甲区,2024Q{q},drills,1,,,," for q in range(1, 5)]
    assert run(tmp_path, mini_catalog, full)[("甲区", "t_drills")]["status"] == "met"
    three = run(tmp_path, mini_catalog, full[:3], as_of="2024-12-31")[("甲区", "t_drills")]
    assert (three["status"], three["how"]["unknown"], three["actual"], three["expected"]) == ("met", ["2024Q4"], 3, 3)
    missed = run(tmp_path, mini_catalog, [*full[:3], "甲区,2024Q4,drills,0,,,,"], as_of="2024-12-31")[("甲区", "t_drills")]
    assert (missed["status"], missed["how"]["breached"]) == ("not_met", ["2024Q4"])


# --- milestones, coverage, at most, rank, monitor ---------------------------------------------------

def test_milestone_on_deadline_day(tmp_path, mini_catalog):
    done = run(tmp_path, mini_catalog, ["测试市,2024Q2,done,是,,,,"], as_of="2024-06-30")[("测试市", "t_done")]
    assert done["status"] == "met"
    late = run(tmp_path, mini_catalog, ["测试市,2024Q2,done,否,,,,"], as_of="2024-06-30")[("测试市", "t_done")]
    assert late["status"] == "not_met"
    early = run(tmp_path, mini_catalog, ["测试市,2024Q1,done,否,,,,"], as_of="2024-03-31")[("测试市", "t_done")]
    assert early["status"] == "on_track"


def test_coverage_is_share_of_units_answering_yes(tmp_path, mini_catalog):
    rows = ["甲区,2024,done,是,,,,", "乙区,2024,done,√,,,,", "丙区,2024,done,否,,,,"]
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_cover_units")]
    assert r["actual"] == pytest.approx(200 / 3, abs=1e-3)
    assert r["status"] == "not_met"
    assert r["how"]["not_covered"] == ["丙区"]


def test_coverage_from_numerator_and_denominator(tmp_path, mini_catalog):
    r = run(tmp_path, mini_catalog, ["测试市,2024,share,,12,12,,"])[("测试市", "t_share")]
    assert (r["actual"], r["status"]) == (100, "met")


def test_at_most_with_threshold(tmp_path, mini_catalog):
    assert run(tmp_path, mini_catalog, ["测试市,2024,fees,0,,,,"])[("测试市", "t_fees")]["status"] == "met"
    r = run(tmp_path, mini_catalog, ["测试市,2024,fees,1200,,,,"])[("测试市", "t_fees")]
    assert r["status"] == "not_met" and r["how"]["limit_source"] == "threshold"


def test_rank_top_third_of_peers(tmp_path, mini_catalog):
    # 16 peers: the top third is positions 1…6.
    assert run(tmp_path, mini_catalog, ["甲区,2024,position,6,,16,,"])[("甲区", "t_rank")]["status"] == "met"
    assert run(tmp_path, mini_catalog, ["甲区,2024,position,7,,16,,"])[("甲区", "t_rank")]["status"] == "not_met"


def test_rank_without_peers_is_among_the_plans_units(tmp_path, mini_catalog):
    # 测试市 has 3 units: without 分母 the top third is position 1 (was no_data: a 第1 counted for nothing).
    first = run(tmp_path, mini_catalog, ["甲区,2024,position,1,,,,"])[("甲区", "t_rank")]
    assert (first["status"], first["actual"], first["target_value"]) == ("met", 1, 1)
    how = first["how"]
    assert (how["peers"], how["peers_from"], how["peers_among"], how["best_position"], how["best_rule"]) == (
        3, "plan_units", "测试市", 1, "top_third")
    second = run(tmp_path, mini_catalog, ["甲区,2024,position,2,,,,"])[("甲区", "t_rank")]
    assert (second["status"], second["attainment"]) == ("not_met", 0.5)
    reported = run(tmp_path, mini_catalog, ["甲区,2024,position,2,,16,,"])[("甲区", "t_rank")]
    assert reported["status"] == "met" and reported["how"]["peers_from"] == "reported"  # a 分母 given is the peer count


def test_monitor_is_reported_never_judged(tmp_path, mini_catalog):
    r = run(tmp_path, mini_catalog, ["测试市,2024,lectures,3,,,,"])[("测试市", "t_watch")]
    assert (r["status"], r["actual"], r["attainment"]) == ("monitor", 3, None)


def test_as_of_defaults_to_end_of_latest_period_not_today(tmp_path, mini_catalog):
    path = write_csv(tmp_path / "a.csv", ["甲区,2024Q2,lectures,3,,,,"])
    assert score_files([path], mini_catalog).as_of == dt.date(2024, 6, 30)


def test_a_city_rate_is_not_one_district_rate(tmp_path, mini_catalog):
    # Rates typed without their parts cannot be summed: one district's rate is not the city's, whether
    # one or two districts report it in a period.
    rows = ["甲区,2023,abortion_rate,2.0,,,,", "甲区,2024,abortion_rate,2.1,,,,", "乙区,2024,abortion_rate,9.1,,,,"]
    r = run(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]
    assert r["status"] == "no_data" and r["actual"] is None
    # …and the result says why: both sent the rate without numerator and denominator.
    assert (r["how"]["reason"], r["how"]["parts_missing"]) == ("parts_missing", ["乙区", "甲区"])


def test_a_unit_of_another_plan_may_report_to_a_national_project(tmp_path, catalog):
    # 北京市 is Beijing's jurisdiction, but as a province it reports the migrant project's own indicators.
    rows = [f"{p},{y},mg_rh_service_trainees,3000,,,," for p in ("北京市", "浙江省") for y in range(2018, 2024)]
    path = write_csv(tmp_path / "m.csv", rows)
    card = score_files([path], catalog)
    assert {"全国", "北京市", "浙江省"} <= {r.district for r in card.results}
    trainees = {r.target.id: r for r in card.results}["mg_trainees_yearly"].evaluation
    figures = {s.period: s.figure for s in trainees.how.slots}
    assert figures["2018"] == 6000  # both provinces summed, 北京市 included
