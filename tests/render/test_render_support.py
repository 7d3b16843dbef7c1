"""Helpers the render tests share: scorecards of the sample files (scored once), JSON as the reference.

Not a conftest: that file belongs to the whole suite; these helpers only serve tests/render/.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from rhcalc.render import RENDERERS
from rhcalc.score.model import Scorecard

from conftest import ROOT  # noqa: E402
HOSTILE = ROOT / "tests" / "data" / "hostile" / "xicheng_hostile.csv"
SAMPLES = {p.stem: p for p in sorted((ROOT / "sample_data").glob("*.csv"))}
ALL_INPUTS = {**SAMPLES, "hostile": HOSTILE}
BEIJING = "beijing_rh_2024_districts"
HOSTILE_NOTES = ['=HYPERLINK("http://evil.example/x","点我")', "+1+1", "-2+3", "@SUM(A1:A9)",
                 '<script>alert("x")</script> & <b>粗</b>', "=1+2", "=cmd|' /C calc'!A0", "-"]
CJK = re.compile(r"[\u3400-\u9fff]")


@functools.cache
def catalog() -> Any:
    from rhcalc.catalog.load import load_catalog

    return load_catalog()


@functools.cache
def scored(name: str) -> Scorecard:
    from rhcalc.pipeline import score_files

    return score_files([ALL_INPUTS[name]], catalog())


def render(card: Scorecard, fmt: str, **kw: Any) -> Any:
    return RENDERERS[fmt].load()(card, **kw)


def json_results(card: Scorecard, lang: str = "zh", explain: bool = False) -> list[dict[str, Any]]:
    return json.loads(render(card, "json", lang=lang, explain=explain))["results"]


def keyed(results: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["plan"], r["district"], r["target"]): r for r in results}


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))
