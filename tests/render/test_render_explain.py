"""The one line of arithmetic per result (explain.py) and the number formats every report shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_csv
from rhcalc.common.numbers import fmt, pct
from rhcalc.render.explain import explain, value_text
from rhcalc.pipeline import score_files


@pytest.mark.parametrize("x, unit, shown", [
    (1200, "人", "1,200 人"), (2.1349, "‰", "2.13‰"), (85.0, "%", "85%"), (None, "场", "—"), (float("nan"), None, "—"),
    (18.25, "/10万", "18.25/10万"), (3, "", "3"), (-0.0, None, "0"),
])
def test_fmt(x: float | None, unit: str | None, shown: str) -> None:
    assert fmt(x, unit) == shown


@pytest.mark.parametrize("x, shown", [(0.5, "50%"), (1.0, "100%"), (0.996, "99.6%"), (0.9999, "99.9%"), (1.05, "105%"), (None, "—")])
def test_pct_never_rounds_up_to_100(x: float | None, shown: str) -> None:
    assert pct(x) == shown


def test_yes_no_reads_as_words() -> None:
    assert (value_text(1, "", True, "zh"), value_text(0, "", True, "en"), value_text(None, "", True, "zh")) == ("是", "no", "—")


def lines(tmp_path: Path, catalog, rows: list[str], lang: str = "zh") -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    card = score_files([write_csv(tmp_path / "s.csv", rows)], catalog)
    return {(r.district, r.target.id): explain(r, card, lang) for r in card.results}


def test_at_least_spells_out_the_expected_progress(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    rows = ["甲区,2024年1-6月,lectures,20,,,,", "乙区,2024年1-6月,lectures,20,,,,", "丙区,2024年1-6月,lectures,24,,,,"]
    got = lines(tmp_path, mini_catalog, rows)[("测试市", "t_lectures")]
    assert got == "讲座场次 64 场 ÷ 目标 120 场 = 53%；截至 2024-06-30 应完成 50%×120 场 = 60 场 → 进度正常（3 个区中 3 个已上报）"
    en = lines(tmp_path, mini_catalog, rows, "en")[("测试市", "t_lectures")]
    assert en == "Lectures 64 events ÷ target 120 events = 53%; by 2024-06-30 50%×120 events = 60 events expected → on track (3 of 3 districts reported)"


def test_trend_names_the_period_and_the_change_in_points(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    rows = ["测试市,2023年1-6月,abortion_rate,,160,100000,,", "测试市,2024年1-6月,abortion_rate,,140,100000,,"]
    got = lines(tmp_path, mini_catalog, rows)[("测试市", "t_abortion")]
    assert got == "人工流产率 1.4‰ (140/100,000)，对比 2023-01~2023-06 1.6‰，下降 0.2‰ → 进度正常"


def test_coverage_across_units_names_those_not_done(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    rows = ["甲区,2024Q2,done,否,,,,", "乙区,2024Q2,done,是,,,,", "丙区,2024Q2,done,是,,,,"]
    got = lines(tmp_path, mini_catalog, rows)[("测试市", "t_cover_units")]
    assert got.startswith("2/3 个单位已完成 = 66.67%（未完成：甲区）")


def test_per_period_lists_each_period(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    rows = ["甲区,2024Q1,drills,1,,,,", "甲区,2024Q2,drills,0,,,,", "乙区,2024Q2,drills,1,,,,"]
    got = lines(tmp_path, mini_catalog, rows)[("甲区", "t_drills")]
    assert got == "每季度须 ≥ 1 次（2024Q1: 1 次, 2024Q2: 0 次）：已判 2 期中 1 期达到（共 4 期）；未达到：2024Q2 → 进度落后"


def test_at_most_says_which_side_of_the_limit(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    rows = ["甲区,2024Q2,fees,50,,,,", "乙区,2024Q2,fees,0,,,,"]
    got = lines(tmp_path, mini_catalog, rows)
    assert got[("测试市", "t_fees")] == "收费金额 50 元 > 上限 0 元（阈值依据：测试方案“不收取任何费用”） → 进度落后（3 个区中 2 个已上报）"
