"""乐清市生殖健康促进创新试点 (2023-09…2024-08): the catalog reads the pilot the way the document means it."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from conftest import SAMPLES
from rhcalc.pipeline import read_files, score_files

PLAN = "yueqing_pilot_2024"
SAMPLE_FILES = ["yueqing_pilot_2024_full.csv", "yueqing_pilot_2024_midterm.csv"]


def _target(catalog, tid):
    (t,) = [t for t in catalog.targets_of(PLAN) if t.id == tid]
    return t


def _rule(t):
    return (t.measure.value, t.test.value, t.holds.value, t.pace.value if t.pace else None,
            t.frequency.value if t.frequency else None, t.compare.value if t.compare else None)


def test_abortion_rate_falls_year_on_year(catalog):
    # 人工流产率逐年下降: every year against the year before, a year overlapping the pilot included.
    t = _target(catalog, "yq_abortion_rate_down")
    assert _rule(t) == ("level", "down", "every_step", None, "year", "year_on_year")
    assert (t.start, t.deadline) == (dt.date(2023, 9, 1), dt.date(2024, 8, 31))


def test_the_brand_is_scored_once(catalog):
    branded = [t.id for t in catalog.targets_of(PLAN) if "品牌" in t.source.quote]
    assert branded == ["yq_feature_brand"]
    assert _target(catalog, "yq_feature_brand").kind.value == "milestone"
    assert {"yq_brand_youth_rh", "yq_brand_abortion_care"}.isdisjoint(catalog.indicators)


def test_repeat_abortions_and_postpartum_pregnancies_are_rates(catalog):
    # A count of repeat abortions falls whenever abortions fall; a count of postpartum pregnancies
    # whenever births fall. The document means a share.
    repeat = catalog.indicators[_target(catalog, "yq_repeat_abortions_down").indicator]
    assert (repeat.type.value, repeat.denominator, repeat.factor) == ("rate", "人工流产例数", 100)
    postpartum = catalog.indicators[_target(catalog, "yq_postpartum_unintended_down").indicator]
    assert (postpartum.type.value, postpartum.denominator, postpartum.factor) == ("rate", "产妇数", 100)


def test_every_task_delivered_is_judged_at_the_end(catalog):
    # 确保各项行动落到实处: all of the task list (各 → 100 %), with no build-up before the pilot ends.
    t = _target(catalog, "yq_task_delivery")
    assert (t.kind.value, t.value) == ("coverage", 100)
    assert _rule(t) == ("level", "at_least", "by_deadline", "none", None, None)


@pytest.mark.parametrize("tid", ["yq_youth_edu_base", "yq_youth_friendly", "yq_service_process",
                                 "yq_contraception_mgmt", "yq_frontline_publicity"])
def test_end_states_are_reached_by_the_pilot_end(catalog, tid):
    t = _target(catalog, tid)
    assert (t.kind.value, t.deadline) == ("milestone", dt.date(2024, 8, 31))


def test_undated_regular_work_is_watched_with_a_reason(catalog):
    # 定期 / 持续做好 with no period: no frequency can be read, so watched, and a reviewer is told why.
    for tid in ("yq_school_activities", "yq_volunteer_services", "yq_coordination_meetings", "yq_exchange_supervision"):
        t = _target(catalog, tid)
        assert t.kind.value == "monitor" and t.review is not None, tid
        assert "周期" in t.review or "频次" in t.review, tid


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_samples_read_without_a_problem(catalog, name):
    assert read_files([SAMPLES / name], catalog).problems == []
    card = score_files([SAMPLES / name], catalog)
    assert {r.target.plan for r in card.results} == {PLAN}


def test_the_full_sample_has_figures_for_every_target(catalog):
    with open(SAMPLES / "yueqing_pilot_2024_full.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    reported = {catalog.resolve_indicator(r[2]) for r in rows}
    assert {t.indicator for t in catalog.targets_of(PLAN)} - reported == set()
    # 逐年: the calendar years 2022 and 2023 (2023 overlaps the pilot) beside the pilot years.
    periods = {r[1] for r in rows if catalog.resolve_indicator(r[2]) == "induced_abortion_rate"}
    assert {"2022", "2023", "2022-09~2023-08", "2023-09~2024-08"} <= periods
