"""What each district put into a city roll-up, and who holds a city target back.

Three districts report lectures, an abortion rate with its parts, a mechanism (是/否) and fees; the
expected figures and shares are worked out by hand below.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import write_csv
from rhcalc.score.scoring import score_files

ROWS = [
    "甲区,2024Q1,lectures,30,,,场,", "甲区,2024Q2,lectures,10,,,场,",
    "乙区,2024Q1,lectures,5,,,场,", "乙区,2024Q2,lectures,5,,,场,",
    "丙区,2024Q1,lectures,0,,,场,",
    "甲区,2024Q2,abortion_rate,,30,10000,‰,", "乙区,2024Q2,abortion_rate,,10,5000,‰,", "丙区,2024Q2,abortion_rate,,10,5000,‰,",
    "甲区,2023Q2,abortion_rate,,20,10000,‰,", "乙区,2023Q2,abortion_rate,,15,5000,‰,", "丙区,2023Q2,abortion_rate,,10,5000,‰,",
    "甲区,2024Q2,done,是,,,,", "乙区,2024Q2,done,否,,,,",
    "甲区,2024Q2,fees,0,,,元,", "乙区,2024Q2,fees,200,,,元,", "丙区,2024Q2,fees,50,,,元,",
]


@pytest.fixture
def card(tmp_path, mini_catalog):
    return score_files([write_csv(tmp_path / "city.csv", ROWS)], mini_catalog, dt.date(2024, 6, 30))


def city(card, target):
    [r] = [r for r in card.results if r.target.id == target and r.district == "测试市"]
    return r


def test_a_count_is_shared_out_by_district(card):
    r = city(card, "t_lectures")  # 50 of 120 by mid-year: behind (60 expected)
    assert r.evaluation.actual == 50 and r.status.value == "behind"
    assert [(f.unit, f.value, f.share) for f in r.parts] == [("甲区", 40, 0.8), ("乙区", 10, 0.2), ("丙区", 0, 0.0)]
    assert r.to_dict()["unit_figures"][0] == {"district": "甲区", "actual": 40, "numerator": None, "denominator": None,
                                              "share": 0.8, "reference": None}


def test_a_rate_keeps_its_parts_and_its_share_of_the_cases(card):
    r = city(card, "t_abortion")  # (30+10+10)/20000 = 2.5‰ against 45/20000 = 2.25‰ a year before: up, behind
    assert r.status.value == "behind"
    by_unit = {f.unit: f for f in r.parts}
    assert (by_unit["甲区"].value, by_unit["甲区"].numerator, by_unit["甲区"].denominator) == (3.0, 30, 10000)
    assert by_unit["甲区"].share == pytest.approx(0.6) and by_unit["乙区"].share == pytest.approx(0.2)
    assert by_unit["甲区"].reference == 2.0 and by_unit["乙区"].reference == 3.0


def test_who_holds_a_city_target_back(card):
    from rhcalc.score.contributions import held_back

    def of(target):
        r = city(card, target)
        return held_back(r.target, card.catalog.indicators[r.target.indicator], r.evaluation, r.parts)

    assert of("t_lectures").lowest == ("丙区", "乙区", "甲区")  # a total no district reaches alone
    assert of("t_abortion").failing == ("甲区",)  # 2‰ → 3‰: its own rate rose; 乙区 fell, 丙区 stayed
    assert of("t_fees").highest == ("乙区", "丙区")  # 不收取任何费用: those that charged, most first
    cover = of("t_cover_units")  # 甲区 是, 乙区 否, 丙区 nothing
    assert (cover.failing, cover.not_reported) == (("乙区",), ("丙区",))


def test_a_districts_own_result_has_no_parts(card):
    assert all(r.parts == () for r in card.results if r.district != "测试市")
