"""关爱生殖健康-我们在行动 (2018 pilot, 2019–2023 roll-out): yearly duties, a standing no-fee rule, 适时."""

from __future__ import annotations

import csv
import datetime as dt

from conftest import SAMPLES
from rhcalc.pipeline import read_files

PLAN = "migrant_rh_2018"
SAMPLE = SAMPLES / "migrant_rh_2018_provinces.csv"


def _target(catalog, tid):
    (t,) = [t for t in catalog.targets_of(PLAN) if t.id == tid]
    return t


def _rule(t):
    return (t.measure.value, t.test.value, t.holds.value, t.pace.value if t.pace else None,
            t.frequency.value if t.frequency else None)


def test_publicity_inspection_and_activities_are_duties_of_every_year(catalog):
    yearly = {t.id for t in catalog.targets_of(PLAN) if t.kind.value == "per_period"}
    assert yearly == {
        "mg_public_science_publicity", "mg_rh_education_activities", "mg_trainees_yearly",
        "mg_national_media_reports", "mg_activity_day_publicity", "mg_portal_publicity",
        "mg_newspaper_publicity", "mg_funding_self_raised", "mg_project_inspection",
    }
    for tid in yearly - {"mg_trainees_yearly"}:
        t = _target(catalog, tid)
        assert _rule(t) == ("done", "done", "every_period", None, "year"), tid
        assert (t.start, t.deadline) == (dt.date(2018, 1, 1), dt.date(2023, 12, 31)), tid


def test_every_trainee_counts_and_the_qualification_is_watched(catalog):
    t = _target(catalog, "mg_trainees_yearly")
    assert (t.indicator, t.value) == ("mg_rh_service_trainees", 10000)
    assert _rule(t) == ("total", "at_least", "every_period", None, "year")
    qualified = _target(catalog, "mg_trainee_qualification")
    assert qualified.kind.value == "monitor"
    # The qualified share is of all trainees: the same people the 10000 counts.
    rate = catalog.indicators[qualified.indicator]
    assert rate.denominator == catalog.indicators["mg_rh_service_trainees"].name_zh


def test_shishi_100_units_judged_at_the_end_only(catalog):
    t = _target(catalog, "mg_excellent_units_100")
    assert (t.value, t.deadline) == (100, dt.date(2023, 12, 31))
    assert _rule(t) == ("total", "at_least", "by_deadline", "none", None)


def test_no_fees_holds_in_every_year(catalog):
    t = _target(catalog, "mg_no_consultation_fees")
    assert (t.threshold, t.value) == (0, None)
    assert _rule(t) == ("total", "at_most", "every_period", None, "year")


def test_services_expand_every_year_of_the_roll_out(catalog):
    t = _target(catalog, "mg_rollout_expand_services")
    assert _rule(t) == ("total", "up", "every_step", None, "year")
    assert (t.start, t.deadline, t.compare.value) == (dt.date(2019, 1, 1), dt.date(2023, 12, 31), "year_on_year")


def test_sample_reads_without_a_problem_and_covers_every_target(catalog):
    assert read_files([SAMPLE], catalog).problems == []  # (what looks odd against history: checks/test_quality.py)
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        reported = {catalog.resolve_indicator(r[2]) for r in list(csv.reader(fh))[2:]}
    assert {t.indicator for t in catalog.targets_of(PLAN)} - reported == set()
