"""Judgement v2: each test × when × pace at its edges, and the cases the statistician's review found.

Every expected number is worked out by hand in the comment beside it. Each test writes a one-plan
catalog of its own (the target under test, its quote in the document) and real CSV rows.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from conftest import write_csv
from rhcalc.catalog.load import load_catalog
from rhcalc.pipeline import score_files

PLAN = """
plan:
  id: p
  name_zh: 测试方案
  name_en: Test plan
  issuer: 测试
  document: doc.txt
  jurisdiction: 甲区
  level: district
  start: {start}
  end: {end}
indicators:
  - {{id: screening, name_zh: 筛查率, name_en: Screening rate, type: rate, unit: "%", numerator: 已筛查, denominator: 应筛查, factor: 100, max: 100}}
  - {{id: mortality, name_zh: 死亡率, name_en: Mortality, type: rate, unit: 1/10万, numerator: 死亡数, denominator: 活产数, factor: 100000}}
  - {{id: abortion, name_zh: 人工流产率, name_en: Abortion rate, type: rate, unit: ‰, numerator: 人流, denominator: 育龄妇女, factor: 1000}}
  - {{id: programmes, name_zh: 惠民项目数, name_en: Programmes funded, type: count, unit: 项}}
  - {{id: units, name_zh: 优秀单位数, name_en: Units promoted, type: count, unit: 家}}
  - {{id: lectures, name_zh: 讲座场次, name_en: Lectures, type: count, unit: 场}}
  - {{id: duty, name_zh: 开展筛查服务, name_en: Screening service run, type: yes_no, unit: 是/否}}
targets:
  - id: t
    indicator: {indicator}
    source: {{quote: {quote}}}
{rule}
"""


def judged(tmp_path: Path, rows: list[str], *, indicator: str, quote: str, rule: str, as_of: str | None = None,
           start: str = "2021-01-01", end: str = "2030-12-31") -> dict:
    folder = tmp_path / "catalog"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    body = textwrap.indent(textwrap.dedent(rule).strip(), "    ")
    (folder / "p.yaml").write_text(PLAN.format(start=start, end=end, indicator=indicator, quote=quote, rule=body),
                                   encoding="utf-8")
    (folder / "sources" / "doc.txt").write_text(f"……{quote}……", encoding="utf-8")
    catalog = load_catalog(folder)
    data = write_csv(tmp_path / "s.csv", rows)
    card = score_files([data], catalog, dt.date.fromisoformat(as_of) if as_of else None)
    [result] = [r.to_dict() for r in card.results if r.target.id == "t"]
    return result


def years(indicator: str, figures: dict[int, str]) -> list[str]:
    """Rows of 甲区, one per year; a figure "n/d" is a rate's numerator and denominator."""
    out = []
    for year, fig in figures.items():
        num, _, den = fig.partition("/")
        out.append(f"甲区,{year},{indicator},,{num},{den},," if den else f"甲区,{year},{indicator},{fig},,,,")
    return out


STANDING_RATE = """
kind: at_least
threshold: 98
threshold_source: {document: 中国儿童发展纲要（2021—2030年）, clause: 新生儿遗传代谢性疾病筛查率达到98%以上}
holds: every_period
frequency: year
"""


# --- a standing rate holds every year; it does not build up over the decade --------------------------

def test_a_standing_rate_of_40_percent_in_2024_is_behind_not_on_track(tmp_path):
    # The old engine pro-rated 98 % over 2021–2030: 40 % by 2024-12-31 beat 98 % × 39.2 % = 38.4 %.
    r = judged(tmp_path, years("screening", {2024: "40/100"}), indicator="screening",
               quote="开展新生儿筛查", rule=STANDING_RATE)
    assert (r["status"], r["how"]["breached"]) == ("behind", ["2024"])
    assert r["how"]["unknown"] == ["2021", "2022", "2023"]  # not reported: unknown, not failed


@pytest.mark.parametrize("breach_year", [2021, 2025, 2030])
def test_a_breach_in_the_first_a_middle_or_the_last_year_stays_a_breach(tmp_path, breach_year):
    figures = {y: "99/100" for y in range(2021, 2031)}
    figures[breach_year] = "97/100"
    before = judged(tmp_path, years("screening", {y: f for y, f in figures.items() if y <= max(breach_year, 2025)}),
                    indicator="screening", quote="开展新生儿筛查", rule=STANDING_RATE)
    if breach_year <= 2025:  # judged as of the end of 2025: behind, naming the year
        assert (before["status"], before["how"]["breached"]) == ("behind", [str(breach_year)])
    after = judged(tmp_path, years("screening", figures), indicator="screening", quote="开展新生儿筛查",
                   rule=STANDING_RATE)
    # 9 of 10 years at ≥ 98 %: the deadline has passed → not met, naming the year that broke it.
    how = after["how"]
    assert (after["status"], how["breached"], how["passed_periods"], how["judged_periods"], how["window_periods"]) == (
        "not_met", [str(breach_year)], 9, 10, 10)
    # The figure shown is the latest year's, against the level: 97 % if 2030 broke it, else 99 %.
    assert (after["actual"], after["target_value"], after["period"]) == (97 if breach_year == 2030 else 99, 98, "2030")


def test_every_year_at_the_level_is_on_track_then_met_on_the_deadline_day(tmp_path):
    figures = {y: "98/100" for y in range(2021, 2025)}  # exactly 98 % passes "98%以上"
    r = judged(tmp_path, years("screening", figures), indicator="screening", quote="开展新生儿筛查", rule=STANDING_RATE)
    assert (r["status"], r["actual"], r["target_value"], r["attainment"]) == ("on_track", 98, 98, 1)
    assert (r["how"]["passed_periods"], r["how"]["judged_periods"], r["how"]["window_periods"]) == (4, 4, 10)
    full = judged(tmp_path, years("screening", {y: "98/100" for y in range(2021, 2031)}), indicator="screening",
                  quote="开展新生儿筛查", rule=STANDING_RATE, as_of="2030-12-31")
    assert full["status"] == "met"


def test_a_year_is_the_rate_of_its_quarters_summed(tmp_path):
    # 2024: (95 + 99) / (100 + 100) = 97 % — below 98 %, although Q2 alone is 99 %.
    rows = ["甲区,2024Q1,screening,,95,100,,", "甲区,2024Q2,screening,,99,100,,"]
    r = judged(tmp_path, rows, indicator="screening", quote="开展新生儿筛查", rule=STANDING_RATE)
    assert r["how"]["slots"][-1] == {"period": "2024", "figure": 97, "verdict": "breach"}


def test_a_standing_stock_is_its_number_every_year(tmp_path):
    # 保障25项惠民项目经费: 11 funded in 2024 was on track against 25 × 39.2 % ≈ 10; it is 25 every year.
    rule = "kind: at_least\nvalue: 25\nmeasure: level\nholds: every_period\nfrequency: year"
    r = judged(tmp_path, years("programmes", {2023: "25", 2024: "11"}), indicator="programmes",
               quote="保障25项政府惠民项目经费", rule=rule)
    assert (r["status"], r["how"]["breached"]) == ("behind", ["2024"])


# --- a duty of every year ---------------------------------------------------------------------------

def test_a_yearly_duty_done_in_2022_and_not_in_2024_is_a_breach(tmp_path):
    rule = "kind: per_period\nfrequency: year"
    r = judged(tmp_path, years("duty", {2022: "是", 2024: "否"}), indicator="duty", quote="开展产前筛查", rule=rule)
    assert (r["status"], r["how"]["breached"], r["how"]["unknown"]) == ("behind", ["2024"], ["2021", "2023"])


def test_a_quarter_still_running_is_pending_not_failed(tmp_path):
    # 每季度 at least one lecture; as of 2024-05-15 Q2 is not over: 0 so far is not yet a breach.
    rule = "kind: per_period\nvalue: 1\nfrequency: quarter"
    rows = ["甲区,2024Q1,lectures,1,,,,", "甲区,2024-04,lectures,0,,,,"]
    r = judged(tmp_path, rows, indicator="lectures", quote="每季度至少 1 场讲座", rule=rule, as_of="2024-05-15",
               start="2024-01-01", end="2024-12-31")
    assert (r["status"], [s["verdict"] for s in r["how"]["slots"]]) == ("on_track", ["pass", "pending"])


def test_one_quarters_file_judges_what_it_knows(tmp_path):
    # A Q3 file alone: Q1 and Q2 are unknown, not missed (the old engine said 1 / 4 期 进度落后).
    rule = "kind: per_period\nvalue: 1\nfrequency: quarter"
    r = judged(tmp_path, ["甲区,2024Q3,lectures,2,,,,"], indicator="lectures", quote="每季度至少 1 场讲座",
               rule=rule, start="2024-01-01", end="2024-12-31")
    assert (r["status"], r["how"]["unknown"], r["actual"], r["expected"]) == ("on_track", ["2024Q1", "2024Q2"], 1, 1)


# --- 持续保持 at most, every year -------------------------------------------------------------------

def test_a_year_above_the_limit_does_not_disappear_when_the_next_is_below(tmp_path):
    rule = """
    kind: at_most
    threshold: 12
    threshold_source: {document: 中国妇女发展纲要（2021—2030年）, clause: 孕产妇死亡率下降到12/10万以下}
    holds: every_period
    frequency: year
    """
    # 2022: 2 / 12,000 × 100,000 = 16.67/10万 > 12; 2023: 1 / 12,000 = 8.33/10万.
    r = judged(tmp_path, years("mortality", {2022: "2/12000", 2023: "1/12000"}), indicator="mortality",
               quote="持续保持在低水平", rule=rule)
    assert (r["status"], r["how"]["breached"]) == ("behind", ["2022"])
    assert r["how"]["slots"][1]["figure"] == pytest.approx(16.6667, abs=1e-3)


# --- 逐年: year on year, never the quarter before --------------------------------------------------

EVERY_STEP = "kind: trend_down\nholds: every_step"


def test_year_on_year_quarters_ignore_a_seasonal_rise(tmp_path):
    # Q1 → Q2 rises (7 → 8) but each quarter fell against the same quarter a year earlier (9 → 7, 10 → 8).
    rows = ["甲区,2023Q1,abortion,9,,,,", "甲区,2023Q2,abortion,10,,,,", "甲区,2024Q1,abortion,7,,,,",
            "甲区,2024Q2,abortion,8,,,,"]
    r = judged(tmp_path, rows, indicator="abortion", quote="人工流产率逐年下降", rule=EVERY_STEP,
               start="2024-01-01", end="2024-12-31")
    assert r["status"] == "on_track"
    assert [(s["period"], s["reference_period"], s["verdict"]) for s in r["how"]["steps"]] == [
        ("2024Q1", "2023Q1", "pass"), ("2024Q2", "2023Q2", "pass")]


def test_year_on_year_across_a_year_boundary(tmp_path):
    # 2023Q4 against 2022Q4 (6 → 5, down) and 2024Q1 against 2023Q1 (5 → 5.5, up: a breach).
    rows = ["甲区,2022Q4,abortion,6,,,,", "甲区,2023Q1,abortion,5,,,,", "甲区,2023Q4,abortion,5,,,,",
            "甲区,2024Q1,abortion,5.5,,,,"]
    r = judged(tmp_path, rows, indicator="abortion", quote="人工流产率逐年下降", rule=EVERY_STEP,
               start="2023-10-01", end="2024-09-30")
    assert (r["status"], r["how"]["breached"]) == ("behind", ["2024Q1"])


def test_two_annual_rates_of_a_pilot_year_that_straddles_them(tmp_path):
    # A 2023-09…2024-08 pilot: the 2023 and 2024 annual rates overlap it and count (the old engine: no_data).
    # 2022: 12‰, 2023: 11‰ (down), 2024: 10‰ (down) → met: the deadline has passed by the end of 2024.
    r = judged(tmp_path, years("abortion", {2022: "12", 2023: "11", 2024: "10"}), indicator="abortion",
               quote="人工流产率逐年下降", rule=EVERY_STEP, start="2023-09-01", end="2024-08-31")
    assert r["status"] == "met" and "breached" not in r["how"]
    assert [s["period"] for s in r["how"]["steps"]] == ["2023", "2024"]


def test_a_plain_trend_compares_with_the_same_period_a_year_earlier(tmp_path):
    r = judged(tmp_path, ["甲区,2023Q2,abortion,9,,,,", "甲区,2024Q1,abortion,7,,,,", "甲区,2024Q2,abortion,8,,,,"],
               indicator="abortion", quote="人工流产率下降", rule="kind: trend_down", start="2024-01-01",
               end="2024-12-31")
    assert (r["status"], r["how"]["compared_with"], r["expected"]) == ("on_track", "2023Q2", 9)


# --- pace: 适时, linear, projection -------------------------------------------------------------------

def test_shishi_sets_no_pace_judged_at_the_deadline_only(tmp_path):
    rule = "kind: at_least\nvalue: 100\npace: none"
    mid = judged(tmp_path, years("units", {2019: "10"}), indicator="units", quote="适时推广 100 家优秀单位",
                 rule=rule, start="2018-01-01", end="2023-12-31")
    # Linear would have expected 100 × 2/6 = 33 by 2019: behind. 适时: nothing is expected before 2023.
    assert (mid["status"], mid["expected"]) == ("on_track", None)
    late = judged(tmp_path, years("units", {2019: "10", 2023: "70"}), indicator="units", quote="适时推广 100 家优秀单位",
                  rule=rule, start="2018-01-01", end="2023-12-31")
    assert (late["status"], late["actual"]) == ("not_met", 80)


def test_a_linear_projection_that_reaches_the_total_exactly(tmp_path):
    # 50 lectures over 2024-01…2024-06 (182 days). By 2024-03-31 (91 days): 10 + 10 + 5 = 25.
    # Projected: 25 × 182 / 91 = 50 → reaches; expected by now: 50 % × 50 = 25 → on track.
    rows = ["甲区,2024-01,lectures,10,,,,", "甲区,2024-02,lectures,10,,,,", "甲区,2024-03,lectures,5,,,,"]
    r = judged(tmp_path, rows, indicator="lectures", quote="开展讲座 50 场", rule="kind: at_least\nvalue: 50",
               start="2024-01-01", end="2024-06-30")
    assert (r["status"], r["projected"], r["expected"], r["how"]["projection"]["method"]) == ("on_track", 50, 25, "linear")
    short = judged(tmp_path, rows[:2] + ["甲区,2024-03,lectures,4,,,,"], indicator="lectures", quote="开展讲座 50 场",
                   rule="kind: at_least\nvalue: 50", start="2024-01-01", end="2024-06-30")
    assert (short["status"], short["projected"]) == ("behind", 48)  # 24 × 2 = 48


def test_a_compound_growth_projection_decides_a_level_before_its_deadline(tmp_path):
    # 50 % in 2022, 72 % in 2024: CAGR = (72/50)^(1/2) − 1 = 20 %; one more year to 2025: 72 × 1.2 = 86.4 %.
    rule = "kind: at_least\nvalue: 86.4"
    rows = years("screening", {2022: "50", 2024: "72"})
    r = judged(tmp_path, rows, indicator="screening", quote="筛查率达到86.4%", rule=rule, start="2022-01-01",
               end="2025-12-31")
    assert (r["status"], r["projected"]) == ("on_track", 86.4)
    assert r["how"]["projection"]["growth"] == 0.2 and r["how"]["projection"]["method"] == "cagr"
    slower = judged(tmp_path, years("screening", {2022: "50", 2024: "71"}), indicator="screening",
                    quote="筛查率达到86.4%", rule=rule, start="2022-01-01", end="2025-12-31")
    # (71/50)^(1/2) = 1.19164; 71 × 1.19164 = 84.61 < 86.4 → behind.
    assert (slower["status"], slower["projected"]) == ("behind", 84.61)


def test_one_figure_has_no_projection_and_is_judged_where_it_stands(tmp_path):
    r = judged(tmp_path, years("screening", {2024: "72"}), indicator="screening", quote="筛查率达到86.4%",
               rule="kind: at_least\nvalue: 86.4", start="2022-01-01", end="2025-12-31")
    assert (r["status"], r["projected"], r["how"]["expected_rule"]) == ("behind", None, "no_projection")


def test_a_projection_stops_at_the_indicators_ceiling(tmp_path):
    # 60 % → 90 % in a year grows 50 % a year; carried on it would exceed 100 % of the population.
    r = judged(tmp_path, years("screening", {2022: "60", 2023: "90"}), indicator="screening",
               quote="筛查率达到100%", rule="kind: at_least\nvalue: 100", start="2022-01-01", end="2025-12-31")
    assert (r["status"], r["projected"]) == ("on_track", 100)


# --- the catalog refuses rules that make no sense ------------------------------------------------------

@pytest.mark.parametrize("rule, fault", [
    ("kind: trend_down\nholds: every_period\nfrequency: year", "a direction is judged by_deadline or every_step"),
    ("kind: at_least\nvalue: 5\nholds: every_step", "every_step needs a direction"),
    ("kind: at_least\nvalue: 5\nholds: every_period", "every_period needs a frequency"),
    ("kind: at_least\nvalue: 5\nholds: every_period\nfrequency: year\npace: linear", "pace is for by_deadline targets"),
    ("kind: at_least\nvalue: 5\nmeasure: level\npace: linear", "pace linear builds up a total"),
    ("kind: at_least\nthreshold: 5", "a threshold needs its threshold_source"),
    ("kind: trend_down\nvalue: 5", "a direction with a number is at_least / at_most"),
])
def test_catalog_check_refuses_combinations_that_make_no_sense(tmp_path, rule, fault):
    from rhcalc.catalog.model import CatalogError

    with pytest.raises(CatalogError) as caught:
        judged(tmp_path, [], indicator="lectures", quote="讲座 5 场", rule=rule)
    assert any(fault in p.message("en") for p in caught.value.problems), caught.value
