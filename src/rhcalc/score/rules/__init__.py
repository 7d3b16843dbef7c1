"""The target rules, one module per test: each holds its rule, its line of arithmetic and what a
renderer draws for it. Adding a test means a module here, its entry in ``RULES`` and the YAML schema
(catalog/model.py, catalog/rules.py) — nothing else.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from rhcalc.catalog.model import Indicator, Target, Test
from rhcalc.score.completeness import stands_on_text
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.rules import at_least, at_most, direction, done, monitor, rank
from rhcalc.score.rules.base import Line, how_of

RULES: dict[Test, ModuleType] = {
    Test.at_least: at_least,
    Test.at_most: at_most,
    Test.down: direction,
    Test.up: direction,
    Test.done: done,
    Test.rank: rank,
    Test.none: monitor,
}


def rule_of(target: Target) -> ModuleType:
    assert target.test is not None  # filled in by the catalog
    return RULES[target.test]


def evaluate(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    result = rule_of(target).judge(target, indicator, scope, as_of)
    if result.status is Status.no_data and target.test is not Test.none and target.start and as_of < target.start:
        # A schedule item whose window has not opened yet (2024年7-8月, judged in April) is not missing:
        # nothing is expected of it so far.
        how = how_of(target, result.how.rule, not_started=target.start.isoformat())
        return Evaluation(Status.on_track, None, result.target_value, 0.0, None, result.period, how, result.note)
    return result


def explain(line: Line) -> str:
    """The line of arithmetic behind one result (render/explain.py builds ``line`` in the reader's language);
    a city roll-up's ends with the units it stands on: （16 个区中 14 个已上报）."""
    text = _explain(line)
    h = line.how
    if not h.units_reported or h.reason == "partial":  # no roll-up, or nothing to stand on
        return text
    stands = stands_on_text(h.units_reported or 0, h.units_expected, h.units_noun or "单位", "en" if line.en else "zh")
    return text + line.t(f"（{stands}）", f" ({stands})")


def _explain(line: Line) -> str:
    h = line.how
    if h.not_started:
        return line.t(f"{h.not_started} 起执行，目前尚无应完成量 → {line.status}",
                      f"window opens {h.not_started}; nothing expected yet → {line.status}")
    if line.e.status is Status.no_data and h.reason != "no_reference":
        return _no_data(line)
    return rule_of(line.target).explain(line)


def _no_data(x: Line) -> str:
    from rhcalc.score.rules.base import names

    h = x.how
    if h.reason == "partial":
        stands = stands_on_text(h.units_reported or 0, h.units_expected or 0, h.units_noun or "单位", "en" if x.en else "zh")
        missing = names(h.units_missing, x.en)
        return x.t(f"{stands}，未报送：{missing}；缺报单位可能改变结论，暂不评价 → {x.status}",
                   f"{stands}; not reported: {missing}; their figures could change the verdict, not judged yet → {x.status}")
    if h.reason == "parts_missing":
        return x.t(f"无法汇总：{names(h.parts_missing, False)} 只填了率，未填分子/分母 → {x.status}",
                   f"cannot be rolled up: {names(h.parts_missing, True)} gave the rate without numerator and denominator"
                   f" → {x.status}")
    if h.not_reported and h.units:
        return x.t(f"{h.units} 个单位均未报送 → {x.status}", f"none of the {h.units} units reported → {x.status}")
    return x.t(f"目标期内无可用数据 → {x.status}", f"no usable figure in the target window → {x.status}")


def draw_of(target: Target) -> str:
    """What a renderer draws for this target: bar, limit, check, arrow, rank or none."""
    return str(rule_of(target).DRAW)
