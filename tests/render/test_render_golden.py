"""Golden files for the layouts: md, csv, the terminal table and html. Review a diff like code; rewrite
them with

    RHCALC_UPDATE_GOLDEN=1 python -m pytest tests/render/test_render_golden.py

The version string is replaced by <version>; nothing else in these outputs depends on time.
The hostile case scores tests/data/hostile/ against the bundled Xicheng targets, so a catalog edit
there (a new target, a new title) is a legitimate reason to rewrite its goldens.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from conftest import write_csv
from goldens import check
from rhcalc.pipeline import score_files
from rhcalc.score.model import Scorecard
from test_render_support import render, scored

# A made-up city of three districts on the test catalog of conftest.py: every kind, a league,
# a pipe in a note, a district behind on its quarterly drills.
MINI_CITY = [
    "甲区,2024Q1,lectures,12,,,,", "乙区,2024Q1,lectures,8,,,,", "丙区,2024Q1,lectures,15,,,,",
    "甲区,2024Q2,lectures,14,,,,首场 | 含线上", "乙区,2024Q2,lectures,1,,,,", "丙区,2024Q2,lectures,16,,,,",
    "甲区,2024Q1,drills,1,,,,", "乙区,2024Q1,drills,1,,,,", "丙区,2024Q1,drills,0,,,,",
    "甲区,2024Q2,drills,1,,,,", "乙区,2024Q2,drills,0,,,,", "丙区,2024Q2,drills,2,,,,",
    "甲区,2023年1-6月,abortion_rate,,160,100000,,", "甲区,2024年1-6月,abortion_rate,,140,100000,,",
    "乙区,2024Q2,done,是,,,,", "甲区,2024Q2,done,否,,,,", "丙区,2024Q2,done,是,,,,",
    "甲区,2024Q2,fees,0,,,,", "乙区,2024Q2,fees,0,,,,", "丙区,2024Q2,fees,50,,,,收取资料费",
    "甲区,2024Q2,position,2,,,,", "乙区,2024Q2,position,1,,,,", "丙区,2024Q2,position,3,,,,",
    "甲区,2024Q2,share,,45,50,,", "乙区,2024Q2,share,,40,50,,", "丙区,2024Q2,share,,50,50,,",
]


def mini_city(tmp_path: Path, catalog) -> Scorecard:  # type: ignore[no-untyped-def]
    return score_files([write_csv(tmp_path / "mini_city.csv", MINI_CITY)], catalog)


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_hostile_zh_explained(fmt: str) -> None:
    check(f"hostile_zh_explain.{fmt}", render(scored("hostile"), fmt, lang="zh", explain=True))


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_mini_city_en(fmt: str, tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    check(f"mini_city_en.{fmt}", render(mini_city(tmp_path, mini_catalog), fmt, lang="en"))


def test_mini_city_md_explained_zh(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    check("mini_city_zh_explain.md", render(mini_city(tmp_path, mini_catalog), "md", lang="zh", explain=True))


def terminal(renderable: object, width: int = 80) -> str:
    """The scorecard as a pipe or a log file gets it: 80 columns, no colour."""
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(renderable)
    return buf.getvalue()


@pytest.mark.parametrize(("lang", "explain"), [("zh", False), ("en", True)])
def test_mini_city_terminal(lang: str, explain: bool, tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    suffix = "_explain" if explain else ""
    check(f"mini_city_{lang}{suffix}.txt", terminal(render(mini_city(tmp_path, mini_catalog), "table", lang=lang, explain=explain)))


@pytest.mark.parametrize("name", ["xicheng_mch_2024_q2", "hostile"])
def test_sample_terminal_zh(name: str) -> None:
    check(f"{name}_zh.txt", terminal(render(scored(name), "table", lang="zh")))


def test_mini_city_html_zh(tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    page = render(mini_city(tmp_path, mini_catalog), "html", lang="zh")
    check("mini_city_zh.html", page.replace(str(tmp_path), "<tmp>"))  # the page names the file it scored


def test_hostile_html_zh_explained() -> None:
    check("hostile_zh_explain.html", render(scored("hostile"), "html", lang="zh", explain=True))
