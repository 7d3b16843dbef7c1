"""One line of arithmetic per result, in the reader's language, from the numbers the rules computed.

Nothing is recomputed here: the rule module of each target spells out its ``Evaluation`` and its
``how`` (score/rules/), e.g.
“青春健康讲座 64 场 ÷ 目标 120 场 = 53%；截至 2024-02-29 应完成 50%×120 场 = 60 场 → 进度落后”.
``common.numbers`` (``fmt``, ``pct``) is the one way every human-readable format writes a number.
"""

from __future__ import annotations

from rhcalc.common.numbers import fmt
from rhcalc.render.labels import status_label, unit_label, word
from rhcalc.score.rules import explain as rule_line
from rhcalc.score.rules.base import Line
from rhcalc.score.model import Result, Scorecard


def value_text(x: float | None, unit: str, yes_no: bool, lang: str) -> str:
    """fmt, except that a yes/no figure reads 是/否 (yes/no) rather than 1/0."""
    if yes_no and x is not None and x == x:
        return word("done" if x >= 1 else "not_done", lang)
    return fmt(x, unit)


def explain(result: Result, card: Scorecard, lang: str = "zh", sources: bool = True) -> str:
    """The line of arithmetic; ``sources=False`` leaves out where a threshold comes from (shown apart)."""
    e, t = result.evaluation, result.target
    line = Line(e, t, card.catalog.indicators[t.indicator].name(lang), unit_label(t.unit, lang),
                status_label(e.status.value, lang), lang == "en", _as_of(result, card),
                word("done", lang), word("not_done", lang), yes_no=t.unit == "是/否", sources=sources)
    return rule_line(line)


def _as_of(result: Result, card: Scorecard) -> str:
    as_of = result.as_of or card.as_of
    return as_of.isoformat() if as_of else "—"
