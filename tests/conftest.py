"""Shared fixtures: the bundled catalog, a CLI runner, and a tiny catalog written per test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import platform_sim

platform_sim.apply_if_asked()  # before rhcalc is imported: RHCALC_SIMULATE=no-fork (see platform_sim.py)

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

TESTS = Path(__file__).resolve().parent  # helpers beside this file (platform_sim.py, process_helpers.py)
ROOT = TESTS.parent
SAMPLES = ROOT / "sample_data"
MESSY = TESTS / "data" / "messy"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """The catalog cache goes under tmp, never the user's ~/.cache."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def catalog():
    from rhcalc.catalog.load import load_catalog

    return load_catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


MINI_PLAN = """
plan:
  id: mini
  name_zh: 测试方案
  name_en: Test plan
  issuer: 测试
  document: doc.txt
  jurisdiction: 测试市
  level: city
  start: 2024-01-01
  end: 2024-12-31
  units: [甲区, 乙区, 丙区]
indicators:
  - {id: lectures, name_zh: 讲座场次, name_en: Lectures, type: count, unit: 场}
  - {id: drills, name_zh: 演练次数, name_en: Drills, type: count, unit: 次}
  - {id: abortion_rate, name_zh: 人工流产率, name_en: Abortion rate, type: rate, unit: ‰, numerator: 人流, denominator: 育龄妇女, factor: 1000}
  - {id: share, name_zh: 覆盖率, name_en: Share, type: rate, unit: "%", numerator: 已覆盖, denominator: 应覆盖, factor: 100, max: 100}
  - {id: done, name_zh: 是否建立机制, name_en: Mechanism set up, type: yes_no, unit: 是/否}
  - {id: fees, name_zh: 收费金额, name_en: Fees, type: count, unit: 元}
  - {id: position, name_zh: 全市排名, name_en: Rank in city, type: rank, unit: 名}
targets:
  - {id: t_lectures, indicator: lectures, kind: at_least, value: 120, source: {quote: 全市开展讲座 120 场}}
  - {id: t_lectures_unit, indicator: lectures, kind: at_least, value: 10, level: district, source: {quote: 各区至少 10 场}}
  - {id: t_drills, indicator: drills, kind: per_period, value: 1, frequency: quarter, level: district, source: {quote: 每季度至少组织 1 次演练}}
  - {id: t_abortion, indicator: abortion_rate, kind: trend_down, source: {quote: 人工流产率逐年下降}}
  - {id: t_share, indicator: share, kind: coverage, value: 100, source: {quote: 实现全覆盖}}
  - {id: t_done, indicator: done, kind: milestone, deadline: 2024-06-30, source: {quote: 上半年建立机制}}
  - {id: t_cover_units, indicator: done, kind: coverage, value: 100, source: {quote: 各区全覆盖}}
  - {id: t_fees, indicator: fees, kind: at_most, threshold: 0, threshold_source: {document: 测试方案, clause: 不收取任何费用}, source: {quote: 不收取任何费用}}
  - {id: t_rank, indicator: position, kind: rank, level: district, source: {quote: 处于全市前列}}
  - {id: t_watch, indicator: lectures, kind: monitor, source: {quote: 加强宣传}}
"""

MINI_DOC = "全市开展讲座 120 场。各区至少 10 场。每季度至少组织 1 次演练。人工流产率逐年下降。实现全覆盖。上半年建立机制。各区全覆盖。不收取任何费用。处于全市前列。加强宣传。"


@pytest.fixture
def mini_catalog_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    (folder / "sources").mkdir(parents=True)
    (folder / "mini.yaml").write_text(textwrap.dedent(MINI_PLAN), encoding="utf-8")
    (folder / "sources" / "doc.txt").write_text(MINI_DOC, encoding="utf-8")
    return folder


@pytest.fixture
def mini_catalog(mini_catalog_dir: Path):
    from rhcalc.catalog.load import load_catalog

    return load_catalog(mini_catalog_dir)


def write_csv(path: Path, rows: list[str], header: str = "district,period,indicator,value,numerator,denominator,unit,note") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
