"""Figures that look wrong against their own history: each warning at its edges, with earlier quarters
stored in a real history.sqlite and the current quarter read from a real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_csv
from rhcalc.batch.history import History
from rhcalc.checks_quality import Thresholds, check_quality
from rhcalc.pipeline import read_files

QUARTERS = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2"]


def quarter_rows(district: str, period: str, lectures: float | None = None, drills: float | None = None,
                 rate: tuple[int, int] | None = None, done: str | None = None) -> list[str]:
    rows = []
    if lectures is not None:
        rows.append(f"{district},{period},lectures,{lectures:g},,,场,")
    if drills is not None:
        rows.append(f"{district},{period},drills,{drills:g},,,次,")
    if rate is not None:
        rows.append(f"{district},{period},abortion_rate,,{rate[0]},{rate[1]},‰,")
    if done is not None:
        rows.append(f"{district},{period},done,{done},,,是/否,")
    return rows


def checked(path: Path, catalog):  # noqa: ANN001, ANN201
    read = read_files([path], catalog)
    assert not read.problems
    return read.frame


def quality(tmp_path: Path, catalog, earlier: dict[str, list[str]], now: list[str],  # noqa: ANN001
            thresholds: Thresholds = Thresholds()) -> list:
    """Store each earlier quarter's file in history.sqlite, then check the current file against it."""
    with History(tmp_path / "history.sqlite") as history:
        for period, rows in earlier.items():
            history.store(checked(write_csv(tmp_path / f"甲区-{period}.csv", rows), catalog))
        current = checked(write_csv(tmp_path / "甲区-now.csv", now), catalog)
        stored = history.load(["甲区"], ["lectures", "drills", "abortion_rate", "done"])
    return check_quality(current, catalog, thresholds, earlier=stored)


def places(problems: list) -> list[tuple]:
    return [(p.code, p.location.file, p.location.sheet, p.location.row, p.location.column, p.location.column_letter)
            for p in problems]


@pytest.mark.parametrize("before, now, fires", [
    (100, 300, False),  # exactly 3×: not more than 3×
    (100, 301, True),
    (300, 100, False),  # exactly a third
    (300, 99, True),
    (0, 500, False),  # a previous 0 is no base for a ratio
    (50, 0, True),
    (8, 2, False),  # both below the floor of 10: chance, not a typo
])
def test_the_ratio_rule_at_its_edges(tmp_path: Path, mini_catalog, before: int, now: int, fires: bool) -> None:  # noqa: ANN001
    found = quality(tmp_path, mini_catalog, {"2024Q1": quarter_rows("甲区", "2024Q1", lectures=before)},
                    quarter_rows("甲区", "2024Q2", lectures=now))
    assert places(found) == ([("outlier", "甲区-now.csv", None, 2, "value", "D")] if fires else [])


def test_the_ratio_rule_says_its_numbers(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    [up] = quality(tmp_path, mini_catalog, {"2024Q1": quarter_rows("甲区", "2024Q1", lectures=1200)},
                   quarter_rows("甲区", "2024Q2", lectures=12000))
    assert up.severity.value == "warning"
    assert up.message() == "12,000 可能有误：是上期（2024Q1：1,200）的 10 倍，超过 3 倍"
    assert up.message("en") == "12,000 may be wrong: 10× the previous figure (2024Q1: 1,200), more than 3×"
    assert (up.params["rule"], up.params["previous"], up.params["factor"]) == ("ratio", 1200, 10)
    [down] = quality(tmp_path / "down", mini_catalog, {"2024Q1": quarter_rows("甲区", "2024Q1", lectures=1200)},
                     quarter_rows("甲区", "2024Q2", lectures=120))
    assert down.message() == "120 可能有误：是上期（2024Q1：1,200）的 0.1 倍，不到三分之一"
    assert down.message("en") == "120 may be wrong: 0.1× the previous figure (2024Q1: 1,200), less than 1/3 of it"


# Four quarters near 100 (median 101, deviations 1 3 3 1: MAD 2), then 150: 1.5× the last, so only a
# z-score can see it: 0.6745 × (150 − 101) / 2 = 16.525.
STEADY = {"2023Q2": 100, "2023Q3": 104, "2023Q4": 98, "2024Q1": 102}


def test_the_z_score_needs_four_earlier_periods(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    earlier = {q: quarter_rows("甲区", q, lectures=v) for q, v in STEADY.items()}
    [found] = quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024Q2", lectures=150))
    assert places([found]) == [("outlier", "甲区-now.csv", None, 2, "value", "D")]
    assert found.params["rule"] == "z" and found.params["z"] == 16.53
    assert found.message() == "150 可能有误：修正 z 分数 16.5，超过 3.5（此前 4 期 2023Q2–2024Q1 的中位数 101，MAD 2）"
    assert found.message("en") == ("150 may be wrong: modified z-score 16.5, beyond 3.5 (median 101 and MAD 2 of the "
                                   "4 earlier periods 2023Q2–2024Q1)")
    del earlier["2023Q2"]  # three earlier periods: no z-score
    assert quality(tmp_path / "three", mini_catalog, earlier, quarter_rows("甲区", "2024Q2", lectures=150)) == []


@pytest.mark.parametrize("now, fires", [
    (121, False),  # z = 0.6745 × 20 / 2 = 6.7, but 20 from the median of 101 is within a fifth of it (20.2)
    (122, True),   # 21 from it: more than a fifth
    (80, True),    # 21 below it
    (81, False),
])
def test_a_z_score_needs_a_change_of_more_than_a_fifth(tmp_path: Path, mini_catalog, now: int, fires: bool) -> None:  # noqa: ANN001
    """A series that barely moves has a tiny MAD: an ordinary change gets a huge z-score. Within
    ``z_min_change`` (0.2) of the median it is no outlier; ``z_min_change = 0`` is the plain rule."""
    earlier = {q: quarter_rows("甲区", q, lectures=v) for q, v in STEADY.items()}
    found = quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024Q2", lectures=now))
    assert [p.params["rule"] for p in found] == (["z"] if fires else [])
    plain = quality(tmp_path / "plain", mini_catalog, earlier, quarter_rows("甲区", "2024Q2", lectures=now),
                    Thresholds(z_min_change=0))
    assert [p.params["rule"] for p in plain] == ["z"]


def test_a_history_without_spread_gives_no_z_score(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    earlier = {q: quarter_rows("甲区", q, lectures=100) for q in QUARTERS[:5]}
    assert quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024Q2", lectures=150)) == []


def test_thresholds_come_from_the_caller(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    earlier = {"2024Q1": quarter_rows("甲区", "2024Q1", lectures=100)}
    now = quarter_rows("甲区", "2024Q2", lectures=250)
    assert quality(tmp_path, mini_catalog, earlier, now) == []
    assert places(quality(tmp_path / "2x", mini_catalog, earlier, now, Thresholds(ratio=2))) == [
        ("outlier", "甲区-now.csv", None, 2, "value", "D")]


@pytest.mark.parametrize("denominator, fires, change", [(15000, False, ""), (15001, True, "+50.01%"),
                                                        (5000, False, ""), (4000, True, "−60%")])
def test_a_denominator_changing_by_more_than_half(tmp_path: Path, mini_catalog, denominator: int, fires: bool,  # noqa: ANN001
                                                  change: str) -> None:
    earlier = {"2024Q1": quarter_rows("甲区", "2024Q1", rate=(30, 10000))}
    found = quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024Q2", rate=(30 * denominator // 10000, denominator)))
    found = [p for p in found if p.code == "denominator-jump"]
    assert bool(found) is fires
    if fires:
        assert places(found) == [("denominator-jump", "甲区-now.csv", None, 2, "denominator", "F")]
        assert found[0].message() == f"分母（育龄妇女）{denominator:,} 较上期（2024Q1：10,000）变化 {change}，超过 50%"


def test_a_copied_form(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    figures = {"lectures": 14, "drills": 1, "rate": (28, 10000), "done": "是"}
    earlier = {"2024Q1": quarter_rows("甲区", "2024Q1", **figures)}
    [found] = quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024Q2", **figures))
    assert places([found]) == [("repeated-figure", "甲区-now.csv", None, 2, None, None)]
    assert found.message() == "甲区 2024Q2 的全部 3 项数字与上期（2024Q1）完全相同：是否误交了上期报表？"
    # One figure changed, or only two figures to compare (是/否 are not counted): no warning.
    changed = quarter_rows("甲区", "2024Q2", **{**figures, "drills": 2})
    assert quality(tmp_path / "changed", mini_catalog, earlier, changed) == []
    two = {"lectures": 14, "drills": 1, "done": "是"}
    assert quality(tmp_path / "two", mini_catalog, {"2024Q1": quarter_rows("甲区", "2024Q1", **two)},
                   quarter_rows("甲区", "2024Q2", **two)) == []


def test_a_year_to_date_count_that_falls(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    earlier = {"2024Q1": quarter_rows("甲区", "2024年1-3月", lectures=30)}
    [found] = quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024年1-6月", lectures=25))
    assert places([found]) == [("cumulative-falls", "甲区-now.csv", None, 2, "value", "D")]
    assert found.message() == "年初至今累计 25 低于此前的累计数（2024Q1：30）"
    assert quality(tmp_path / "same", mini_catalog, earlier, quarter_rows("甲区", "2024年1-6月", lectures=30)) == []


def test_the_other_periods_of_the_files_given_are_history(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    """``score`` and ``validate`` have no database: a file's own earlier quarters are the series."""
    path = write_csv(tmp_path / "甲区.csv", [*quarter_rows("甲区", "2024Q1", lectures=1200),
                                             *quarter_rows("甲区", "2024Q2", lectures=12000)])
    assert places(check_quality(checked(path, mini_catalog), mini_catalog)) == [("outlier", "甲区.csv", None, 3, "value", "D")]


def test_yes_no_and_history_rows_are_not_flagged(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    """A stored figure is compared with, never warned about; 是/否 are no series to judge."""
    earlier = {"2023Q4": quarter_rows("甲区", "2023Q4", lectures=10), "2024Q1": quarter_rows("甲区", "2024Q1", lectures=900, done="否")}
    assert quality(tmp_path, mini_catalog, earlier, quarter_rows("甲区", "2024Q2", lectures=800, done="是")) == []


def test_districts_checked_a_few_at_a_time_give_the_same_warnings(tmp_path: Path, mini_catalog, monkeypatch) -> None:  # noqa: ANN001
    """A national batch checks its districts in groups (each check reads one district's own series)."""
    import rhcalc.checks_quality as quality_module

    rows = [*quarter_rows("甲区", "2024Q1", lectures=1200, rate=(28, 10000)), *quarter_rows("甲区", "2024Q2", lectures=12000, rate=(28, 10000)),
            *quarter_rows("乙区", "2024Q1", lectures=14, drills=1, rate=(10, 5000)),
            *quarter_rows("乙区", "2024Q2", lectures=14, drills=1, rate=(10, 5000)),
            *quarter_rows("丙区", "2024Q1", drills=40), *quarter_rows("丙区", "2024Q2", drills=4)]
    frame = checked(write_csv(tmp_path / "all.csv", rows), mini_catalog)
    # 甲区's lectures ×10, 乙区's whole form as last quarter's, 丙区's drills a tenth
    expected = [("outlier", "all.csv", None, 4, "value", "D"), ("repeated-figure", "all.csv", None, 9, None, None),
                ("outlier", "all.csv", None, 13, "value", "D")]
    assert places(check_quality(frame, mini_catalog)) == expected
    monkeypatch.setattr(quality_module, "DISTRICTS_AT_ONCE", 1)
    assert places(check_quality(frame, mini_catalog)) == expected
