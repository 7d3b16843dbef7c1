"""The bundled samples: every status and kind is exercised, and each workbook twin scores like its CSV."""

from __future__ import annotations

from conftest import SAMPLES
from rhcalc.pipeline import score_files

TWINS = [
    ("xicheng_mch_2024_q2.csv", "西城区-2024Q2.xlsx"),
    ("beijing_rh_2024_districts.csv", "北京市-各区-2025Q2.xlsx"),
    ("tianjin_hebei_2021_years.csv", "河北区-2021-2024-gbk.csv"),
]


def _numbers(card):
    return sorted((r.district, r.target.id, r.status.value, r.evaluation.actual) for r in card.results)


def test_workbook_twins_score_like_their_csv(catalog):
    for csv_name, twin in TWINS:
        assert _numbers(score_files([SAMPLES / csv_name], catalog)) == _numbers(score_files([SAMPLES / twin], catalog)), twin


def test_samples_exercise_every_status_and_kind(catalog):
    statuses, kinds = set(), set()
    for path in SAMPLES.glob("*.csv"):
        card = score_files([path], catalog)
        statuses |= {r.status.value for r in card.results}
        kinds |= {r.target.kind.value for r in card.results if r.status.value != "no_data"}
    assert statuses == {"met", "on_track", "behind", "not_met", "no_data", "monitor"}
    assert kinds == {"at_least", "at_most", "coverage", "per_period", "trend_down", "trend_up", "milestone", "rank", "monitor"}


def test_beijing_city_totals_come_from_sixteen_districts(catalog):
    card = score_files([SAMPLES / "beijing_rh_2024_districts.csv"], catalog)
    city = {r.target.id: r for r in card.results if r.district == "北京市"}
    universities = city["bj_peer_edu_universities_20"].evaluation
    assert universities.target_value == 20 and universities.status.value == "on_track"
    coverage = city["bj_youth_work_coverage"].evaluation
    assert coverage.how.units == 16
