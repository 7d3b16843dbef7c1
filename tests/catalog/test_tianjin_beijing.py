"""What a statistician checks in the Tianjin Hebei and Beijing catalog files after the re-reading.

Each commitment scored once and judged the way its document means it: standing rates hold in every
year, duties of every year are per period, 不断/持续 with a direction holds at every step, and every
number rhcalc supplies says where it comes from — a national goal is not passed off as the district's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from rhcalc.catalog.model import Frequency, Holds, IndicatorType, Kind, Measure
from rhcalc.catalog.model import Test as Rule  # not Test*: pytest would try to collect it

TIANJIN, BEIJING = "tianjin_hebei_2021", "beijing_rh_2024"


def _targets(catalog, plan):  # type: ignore[no-untyped-def]
    return {t.id: t for t in catalog.targets_of(plan)}


@pytest.mark.parametrize("plan", [TIANJIN, BEIJING])
def test_each_commitment_is_scored_once(catalog, plan) -> None:  # type: ignore[no-untyped-def]
    targets = list(_targets(catalog, plan).values())
    judged = [t for t in targets if t.kind is not Kind.monitor]
    # One indicator judged once; one sentence may name two indicators (孕产妇和婴儿死亡率).
    twice = [i for i, n in Counter(t.indicator for t in judged).items() if n > 1]
    assert twice == []
    assert len({(t.indicator, t.source.quote) for t in targets}) == len(targets)
    # A monitor beside its own judged target (same indicator or same quote) restates it.
    for m in (t for t in targets if t.kind is Kind.monitor):
        beside = [t.id for t in judged if t.indicator == m.indicator or t.source.quote == m.source.quote]
        assert beside == [], (m.id, beside)


@pytest.mark.parametrize("plan", [TIANJIN, BEIJING])
def test_every_threshold_says_where_it_comes_from(catalog, plan) -> None:  # type: ignore[no-untyped-def]
    for t in _targets(catalog, plan).values():
        if t.threshold is not None:
            src = t.threshold_source
            assert src and src.document and src.clause and src.note, t.id
            # rhcalc's number stands in for the document's words: say whose number it is.
            assert "本文件" in src.document or "不是" in src.note, t.id


@pytest.mark.parametrize("plan", [TIANJIN, BEIJING])
def test_a_direction_kept_up_holds_at_every_step(catalog, plan) -> None:  # type: ignore[no-untyped-def]
    for t in _targets(catalog, plan).values():
        if t.test in (Rule.up, Rule.down) and any(w in t.source.quote for w in ("不断", "逐年")):
            assert t.holds is Holds.every_step and t.frequency is Frequency.year, t.id


def test_tianjin_standing_levels_hold_every_year(catalog) -> None:  # type: ignore[no-untyped-def]
    targets = _targets(catalog, TIANJIN)
    standing = {  # target: (test, number) — the cases, written out by hand
        "tj_newborn_metabolic_screening": (Rule.at_least, 98), "tj_newborn_hearing_screening": (Rule.at_least, 90),
        "tj_child_health_mgmt": (Rule.at_least, 90), "tj_child_eye_exam": (Rule.at_least, 90),
        "tj_benefit_projects_25": (Rule.at_least, 25),
        "tj_maternal_mortality_low": (Rule.at_most, 12), "tj_infant_mortality_low": (Rule.at_most, 5),
    }
    for tid, (test, number) in standing.items():
        t = targets[tid]
        assert (t.test, t.limit, t.measure) == (test, number, Measure.level), tid
        assert (t.holds, t.frequency, t.pace) == (Holds.every_period, Frequency.year, None), tid
        assert (t.start, t.deadline) == (dt.date(2021, 1, 1), dt.date(2030, 12, 31)), tid
    # The 25 is the document's own; the rates' levels are rhcalc's, read from national goals.
    assert targets["tj_benefit_projects_25"].value == 25
    national = {tid for tid, t in targets.items() if t.threshold_source and "纲要" in t.threshold_source.document}
    assert national == set(standing) - {"tj_benefit_projects_25"}
    assert all("不是河北区" in targets[tid].threshold_source.note for tid in national)


def test_tianjin_services_are_duties_of_every_year(catalog) -> None:  # type: ignore[no-untyped-def]
    targets = _targets(catalog, TIANJIN)
    yes_no = {tid: t for tid, t in targets.items() if catalog.indicators[t.indicator].type is IndicatorType.yes_no}
    one_off = {tid for tid, t in yes_no.items() if t.kind is Kind.milestone}
    # Only what the text says to set up once: the mechanism, the development plan, the fund, the evaluations.
    assert one_off == {"tj_linkage_mechanism", "tj_in_development_plan", "tj_red_cross_fund",
                       "tj_midterm_evaluation", "tj_final_evaluation"}
    yearly = {tid for tid, t in yes_no.items() if t.kind is Kind.per_period}
    assert yearly == set(yes_no) - one_off and len(yearly) == 23
    for tid in yearly:
        t = targets[tid]
        assert (t.holds, t.frequency, t.test, t.deadline) == (Holds.every_period, Frequency.year, Rule.done, dt.date(2030, 12, 31)), tid
    for tid in ("tj_pregnancy_risk_screening", "tj_prenatal_screening_diagnosis", "tj_pit_fissure_sealant",
                "tj_female_worker_checkup", "tj_campaign_day_events"):
        assert tid in yearly


def test_tianjin_new_disability_cases_are_not_judged(catalog) -> None:  # type: ignore[no-untyped-def]
    # 新发现残疾儿童数 rises when screening widens: neither a fall nor a rise is success.
    on_it = [t for t in catalog.targets if t.indicator == "tj_child_disability_new_cases"]
    assert on_it and all(t.kind is Kind.monitor and t.review for t in on_it)


def test_beijing_actions_and_directions(catalog) -> None:  # type: ignore[no-untyped-def]
    targets = _targets(catalog, BEIJING)
    for tid in ("bj_anxin_action", "bj_shuxin_action", "bj_science_events", "bj_tcm_medicine_training", "bj_new_media_publicity"):
        t = targets[tid]
        assert (t.holds, t.frequency) == (Holds.every_period, Frequency.year), tid
    # 扩大/推广/推行 with a countable object give a direction: judged, not only monitored.
    for t in targets.values():
        if any(w in t.source.quote for w in ("扩大", "推广", "推行")):
            assert t.test is Rule.up, t.id
    # Full coverage is where the plan starts for the menopause studios: kept every year, not built up.
    studios = targets["bj_menopause_studio_coverage"]
    assert (studios.measure, studios.limit, studios.holds, studios.pace) == (Measure.units, 100, Holds.every_period, None)
    assert targets["bj_peer_edu_universities_20"].holds is Holds.by_deadline
