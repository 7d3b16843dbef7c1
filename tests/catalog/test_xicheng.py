"""The Xicheng 2024 catalog reads its document the way a statistician does (issue 13).

Every expectation here is written out by hand from the document (indicators/sources/
004_7f09631bde681911.txt): which rates must hold all year, which duties recur, which words set a
direction, which numbers rhcalc supplies and where they come from.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from conftest import SAMPLES
from rhcalc.catalog.model import Holds, Kind, Pace, Target
from rhcalc.catalog.model import Test as RuleTest  # not "Test…": pytest would try to collect it

PLAN = "xicheng_mch_2024"
THIS_DOCUMENT = "2024年西城区妇幼健康工作要点（本文件）"

# A rate the document wants at a level all year: the year's rate must pass, never the latest
# quarter alone, never pro-rated.
STANDING_RATES = {
    "xc_refraction_mch_hospital_full_coverage": 100,  # 儿童屈光筛查和远视储备监测服务全覆盖
    "xc_death_case_review_all": 100,  # 严格死亡病例评审
    "xc_neonatal_transport_entry": 100,  # 确保危重新生儿转运系统信息录入及时准确
    "xc_hiv_mtct_elimination": 2,  # 确保实现消除目标 …
    "xc_congenital_syphilis_elimination": 50,
    "xc_hbv_mtct_elimination": 1,
    "xc_emtct_maternal_testing": 95,
    "xc_emtct_hiv_art": 95,
    "xc_emtct_syphilis_treatment": 95,
}
# 实现…全覆盖 of clinics or institutions: a stock built up during the year, judged by the deadline.
END_STATES = {"xc_aa_clinic_full_coverage", "xc_pac_full_coverage", "xc_one_click_archive_full_coverage"}

QUARTERLY = {"xc_quarterly_plan_data_analysis", "xc_district_drill_quarterly", "xc_quarterly_critical_case_review"}

# 定期 … without a count: at least once in the year (11 duties), and 开展分级分类培训.
AT_LEAST_ONCE_A_YEAR = {
    "xc_community_monitoring_reports", "xc_maternal_safety_trainings", "xc_maternal_safety_special_inspections",
    "xc_maternal_safety_flight_inspections", "xc_typical_case_exchanges", "xc_maternal_safety_indicator_analyses",
    "xc_qc_result_bulletins", "xc_child_care_quality_reviews", "xc_birth_cert_institution_assessments",
    "xc_birth_cert_warning_trainings", "xc_tech_qc_random_checks", "xc_tiered_trainings",
}

# One sentence, several distinct things measured: the only quotes more than one target may share.
SHARED_QUOTES = {
    frozenset({"xc_mch_hospital_performance_score_up", "xc_mch_hospital_star_level_up"}),
    frozenset({"xc_adolescent_clinic_pilot", "xc_menopause_studio_pilot"}),
    frozenset({"xc_maternal_safety_trainings", "xc_maternal_safety_special_inspections",
               "xc_maternal_safety_flight_inspections"}),
    frozenset({"xc_hiv_mtct_elimination", "xc_congenital_syphilis_elimination", "xc_hbv_mtct_elimination",
               "xc_emtct_maternal_testing", "xc_emtct_hiv_art", "xc_emtct_syphilis_treatment"}),
}


@pytest.fixture(scope="module")
def xc(catalog) -> dict[str, Target]:  # type: ignore[no-untyped-def]
    return {t.id: t for t in catalog.targets_of(PLAN)}


def test_standing_rates_hold_in_every_year_at_their_level(xc, catalog):
    for tid, level in STANDING_RATES.items():
        t = xc[tid]
        assert (t.holds, t.frequency.value if t.frequency else None, t.pace, t.limit) == \
            (Holds.every_period, "year", None, level), tid
    for tid in END_STATES:
        assert (xc[tid].holds, xc[tid].pace, xc[tid].limit) == (Holds.by_deadline, Pace.projection, 100), tid
    # Any other rate with a number must be sorted into one of the two readings above.
    rated = {t.id for t in xc.values() if catalog.indicators[t.indicator].type.value == "rate" and t.limit is not None}
    assert rated == set(STANDING_RATES) | END_STATES


def test_regular_duties_are_judged_at_least_once_a_year(xc):
    for tid in AT_LEAST_ONCE_A_YEAR:
        t = xc[tid]
        assert (t.kind, t.test, t.holds, t.frequency.value, t.limit) == \
            (Kind.at_least, RuleTest.at_least, Holds.every_period, "year", 1), tid
        assert t.threshold_source.document == THIS_DOCUMENT and t.threshold_source.clause in t.source.quote, tid
    # Every 定期 in a quote is a duty judged — except a 定期…机制, which is the mechanism set up once.
    regular = {t.id for t in xc.values() if "定期" in t.source.quote and "机制" not in t.source.quote}
    assert regular == AT_LEAST_ONCE_A_YEAR - {"xc_tiered_trainings"}
    assert {t.id for t in xc.values() if "定期" in t.source.quote and "机制" in t.source.quote} == \
        {"xc_community_capacity_monitoring_mechanism", "xc_manager_training_mechanism"}


def test_quarterly_words_are_judged_every_quarter(xc):
    assert {t.id for t in xc.values() if "季度" in t.source.quote} == QUARTERLY
    for tid in QUARTERLY:
        assert (xc[tid].kind, xc[tid].holds, xc[tid].frequency.value) == (Kind.per_period, Holds.every_period, "quarter")
    assert xc["xc_district_drill_quarterly"].value == 1  # 每季度至少组织 1 次


def test_a_direction_is_judged_year_on_year_and_持续_at_every_step(xc):
    directions = {t.id: t for t in xc.values() if t.test in (RuleTest.up, RuleTest.down)}
    assert {tid for tid, t in directions.items() if t.holds is Holds.every_step} == \
        {"xc_mch_hospital_performance_score_up", "xc_mch_hospital_star_level_up"}
    for tid, t in directions.items():
        assert t.compare is not None and t.compare.value == "year_on_year", tid
        assert ("持续" in t.source.quote) == (t.holds is Holds.every_step), tid
    assert len(directions) == 10


def test_no_commitment_is_scored_twice(xc):
    by_indicator = Counter(t.indicator for t in xc.values())
    assert [i for i, n in by_indicator.items() if n > 1] == []
    by_quote: dict[str, set[str]] = {}
    for t in xc.values():
        by_quote.setdefault(t.source.quote, set()).add(t.id)
    assert {frozenset(ids) for ids in by_quote.values() if len(ids) > 1} == SHARED_QUOTES
    # A monitor never sits beside a judged target on its quote (it would restate it).
    for t in xc.values():
        if t.kind is Kind.monitor:
            assert by_quote[t.source.quote] == {t.id}, t.id


def test_merged_duplicates_are_gone_and_keep_the_better_id(xc, catalog):
    assert "xc_menopause_four_improvements" not in xc and "xc_menopause_four_improvements" not in catalog.indicators
    assert "四改善" in xc["xc_menopause_comfort_action"].source.quote
    assert "xc_theme_publicity_events" not in xc and xc["xc_theme_campaign_series"].kind is Kind.milestone
    assert "16+X" in xc["xc_child_health_brand_project"].source.quote


def test_every_threshold_says_where_it_comes_from(xc):
    supplied = {tid: t for tid, t in xc.items() if t.threshold is not None}
    assert set(supplied) == AT_LEAST_ONCE_A_YEAR | (set(STANDING_RATES) - {"xc_refraction_mch_hospital_full_coverage"})
    for tid, t in supplied.items():
        src = t.threshold_source
        assert src and src.document and src.clause and src.note, tid
        if src.document != THIS_DOCUMENT:
            # A national or international criterion is not Xicheng's own number, and says so.
            assert "并非西城区自定" in src.note and t.review, tid
    outside = {tid: t.threshold_source.document.split("，")[0][:3] for tid, t in supplied.items()
               if t.threshold_source.document != THIS_DOCUMENT}
    assert outside == {"xc_hiv_mtct_elimination": "WHO", "xc_congenital_syphilis_elimination": "WHO",
                       "xc_hbv_mtct_elimination": "消除艾", "xc_emtct_maternal_testing": "WHO",
                       "xc_emtct_hiv_art": "WHO", "xc_emtct_syphilis_treatment": "WHO"}


def test_elimination_is_judged_on_impact_and_process(xc):
    impact = {tid: xc[tid].test for tid in ("xc_hiv_mtct_elimination", "xc_congenital_syphilis_elimination",
                                             "xc_hbv_mtct_elimination")}
    process = {tid: xc[tid].test for tid in ("xc_emtct_maternal_testing", "xc_emtct_hiv_art", "xc_emtct_syphilis_treatment")}
    assert set(impact.values()) == {RuleTest.at_most} and set(process.values()) == {RuleTest.at_least}


def test_the_issues_missing_commitments_are_judged(xc):
    for words in ("严格死亡病例评审", "确保危重新生儿转运系统信息录入及时准确", "打造16+X儿童健康促进新模式"):
        judged = [t.id for t in xc.values() if words in t.source.quote and t.kind is not Kind.monitor]
        assert judged, words


def test_至达标_is_not_any_rise(xc):
    t = xc["xc_premarital_exam_rate_up"]
    assert t.kind is Kind.monitor and "达标" in t.source.quote and "达标" in (t.review or "")
    assert [u.id for u in xc.values() if u.indicator == "premarital_exam_rate" and u.test is RuleTest.up] == []


def test_milestones_carry_no_frequency(xc):
    for t in xc.values():
        if t.kind is Kind.milestone:
            assert not any(w in t.source.quote for w in ("每季度", "按季度", "每年", "每月")), t.id
            assert "定期" not in t.source.quote or "机制" in t.source.quote, t.id


def test_counts_by_kind_after_the_re_read(xc):
    assert Counter(t.kind.value for t in xc.values()) == {
        "milestone": 82, "at_least": 14, "coverage": 9, "trend_up": 7, "at_most": 3, "per_period": 3,
        "trend_down": 3, "monitor": 2, "rank": 1}
    assert Counter(t.holds.value for t in xc.values()) == {"by_deadline": 97, "every_period": 25, "every_step": 2}


@pytest.mark.parametrize("sample", ["xicheng_mch_2024_q2.csv", "xicheng_mch_2024_year.csv"])
def test_the_samples_give_every_judged_target_a_figure(xc, catalog, sample):
    with open(SAMPLES / sample, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    reported = {catalog.resolve_indicator(r[2]) for r in rows}
    assert None not in reported, "every indicator in the sample is known to the catalog"
    missing = sorted(t.id for t in xc.values() if t.kind is not Kind.monitor and t.indicator not in reported)
    assert missing == []
    # …and the loader takes every row of it without a word (no indicator dropped as unknown).
    from rhcalc.pipeline import read_files

    assert read_files([SAMPLES / sample], catalog).problems == []
