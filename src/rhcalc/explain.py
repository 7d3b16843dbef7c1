"""One line of arithmetic per result, in the reader's language, from the numbers attainment.py computed.

Nothing is recomputed here: the line only spells out ``Evaluation`` and its ``how``, e.g.
“青春健康讲座 64 场 ÷ 目标 120 场 = 53%；截至 2024-02-29 应完成 50%×120 场 = 60 场 → 进度落后”.
``fmt`` and ``pct`` are the one way every human-readable format writes a number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from rhcalc.attainment import Evaluation
from rhcalc.labels import status_label, unit_label, word
from rhcalc.score import Result, Scorecard

TIGHT_UNITS = ("%", "‰", "/10万", "/万", "/100k", "/10k")  # no space: 85%, 2.1‰, 18.25/10万
MAX_NAMES = 6  # districts named in one line before “等 N 个”


def fmt(x: float | None, unit: str | None = None) -> str:
    """1,200 · 2.13 · 85% · 64 场; at most two decimals, no trailing zeros; “—” for nothing.

    ``unit`` is a display unit (labels.unit_label), not the catalog's.
    """
    if x is None or x != x:
        return "—"
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if unit:
        sep = "" if unit in TIGHT_UNITS else " "
        return f"{text}{sep}{unit}"
    return text


def value_text(x: float | None, unit: str, yes_no: bool, lang: str) -> str:
    """fmt, except that a yes/no figure reads 是/否 (yes/no) rather than 1/0."""
    if yes_no and x is not None and x == x:
        return word("done" if x >= 1 else "not_done", lang)
    return fmt(x, unit)


def pct(x: float | None) -> str:
    """Attainment as a percentage. 99.6 % is never shown as “100%”: that would read as met."""
    if x is None or x != x:
        return "—"
    shown = round(x * 100)
    if shown >= 100 > x * 100:
        return f"{math.floor(x * 1000) / 10:.1f}%"
    return f"{shown:.0f}%"


class _Line(NamedTuple):  # not a frozen dataclass, whose __init__ costs four times as much: one per row
    e: Evaluation
    name: str
    unit: str | None
    how: dict[str, Any]
    status: str
    en: bool
    as_of: str
    yes_no: bool = False

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    @property
    def parts(self) -> str:
        """ (290/1,710) — the numerator and denominator behind a rate."""
        if "numerator" not in self.how:
            return ""
        return f" ({fmt(self.how['numerator'])}/{fmt(self.how['denominator'])})"

    @property
    def actual(self) -> str:
        shown = value_text(self.e.actual, self.unit, self.yes_no, "en" if self.en else "zh")
        return f"{self.name} {shown}{self.parts}"


def _names(names: list[str], en: bool) -> str:
    shown = ("、" if not en else ", ").join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown += f" and {len(names) - MAX_NAMES} more" if en else f" 等 {len(names)} 个"
    return shown


def _progress(x: _Line, unit: str | None) -> str:
    """；截至 2024-06-30 应完成 50%×120 场 = 60 场 — only when progress is pro-rated."""
    if x.how.get("expected_rule") != "linear":
        return ""
    share, target, expected = x.how["elapsed_share"], fmt(x.e.target_value, unit), fmt(x.e.expected, unit)
    return x.t(f"；截至 {x.as_of} 应完成 {share:.0%}×{target} = {expected}",
               f"; by {x.as_of} {share:.0%}×{target} = {expected} expected")


def _at_least(x: _Line) -> str:
    unit = x.unit
    if "covered" in x.how:  # coverage across units: a share of them, whatever the indicator's unit
        unit = "%"
        line = x.t(f"{x.how['covered']}/{x.how['units']} 个单位已完成 = {fmt(x.e.actual, '%')}",
                   f"{x.how['covered']}/{x.how['units']} units done = {fmt(x.e.actual, '%')}")
        missing = x.how.get("not_covered") or []
        if missing:
            line += x.t(f"（未完成：{_names(missing, False)}）", f" (not yet: {_names(missing, True)})")
    else:
        line = f"{x.actual} ÷ {x.t('目标', 'target')} {fmt(x.e.target_value, x.unit)} = {pct(x.e.attainment)}"
    return f"{line}{_progress(x, unit)} → {x.status}"


def _at_most(x: _Line) -> str:
    sign = "≤" if x.e.attainment == 1 else ">"
    src = "" if x.how.get("limit_source") == "document" else x.t("（rhcalc 设定阈值）", " (rhcalc threshold)")
    return f"{x.actual} {sign} {x.t('上限', 'limit')} {fmt(x.e.target_value, x.unit)}{src} → {x.status}"


def _per_period(x: _Line) -> str:
    slots = x.how.get("slots", {})
    listed = ", ".join(f"{k}: {fmt(v)}" for k, v in slots.items()) or "—"
    # “每期至少 1 次” reads well; “at least 1 times a period” does not, so English drops the unit.
    need = fmt(x.how.get("per_period_value"), x.unit if not x.en else None) if x.unit else x.t("完成", "done")
    return x.t(f"每期至少 {need}：已过 {fmt(x.e.expected)} 期中 {fmt(x.e.actual)} 期达到（{listed}）；目标期共 {fmt(x.e.target_value)} 期 → {x.status}",
               f"at least {need} a period: {fmt(x.e.actual)} of {fmt(x.e.expected)} elapsed periods reached it ({listed}); "
               f"{fmt(x.e.target_value)} in the window → {x.status}")


def _trend(x: _Line) -> str:
    ref = x.how.get("compared_with")
    ref = x.t("基线", "baseline") if ref == "baseline" else ref
    change = x.how.get("change")
    if change is None:
        moved = ""
    elif change == 0:
        moved = x.t("，持平", ", unchanged")
    else:
        word = x.t("上升", "up") if change > 0 else x.t("下降", "down")
        # A change between two percentages is in percentage points, not per cent.
        size = fmt(abs(change)) + x.t(" 个百分点", " points") if x.unit == "%" else fmt(abs(change), x.unit)
        moved = x.t(f"，{word} {size}", f", {word} {size}")
    return x.t(f"{x.actual}，对比 {ref} {fmt(x.e.expected, x.unit)}{moved} → {x.status}",
               f"{x.actual} vs {ref} {fmt(x.e.expected, x.unit)}{moved} → {x.status}")


def _milestone(x: _Line) -> str:
    done = x.how.get("done_in")
    if done:
        return x.t(f"已完成（{done}）→ {x.status}", f"done ({done}) → {x.status}")
    return x.t(f"尚未完成，期限 {x.how.get('deadline')} → {x.status}", f"not done yet, deadline {x.how.get('deadline')} → {x.status}")


def _rank(x: _Line) -> str:
    peers, best = fmt(x.how.get("peers")), fmt(x.how.get("best_position"))
    top_third = x.how.get("best_rule") == "top_third"
    among = x.how.get("peers_among")
    source = x.t(f"（未填分母，按{among}的 {peers} 个单位计）", f" (no denominator given: the {peers} units of {among})") if among else ""
    return x.t(f"排名第 {fmt(x.e.actual)}/{peers}{source}；需前 {best} 名{'（前三分之一）' if top_third else ''} → {x.status}",
               f"position {fmt(x.e.actual)} of {peers}{source}; needs ≤ {best}{' (top third)' if top_third else ''} → {x.status}")


def _monitor(x: _Line) -> str:
    return x.t(f"{x.actual}（文件未设可核对的数值，仅监测）→ {x.status}",
               f"{x.actual} (the document sets no checkable value) → {x.status}")


def _no_data(x: _Line) -> str:
    if "compared_with" in x.how and x.how["compared_with"] is None:
        return x.t(f"{x.actual}；无上期数据或基线可比 → {x.status}",
                   f"{x.actual}; no earlier period or baseline to compare with → {x.status}")
    return x.t(f"目标期内无可用数据 → {x.status}", f"no usable figure in the target window → {x.status}")


RULES: dict[str, Callable[[_Line], str]] = {
    "at_least": _at_least,
    "coverage": _at_least,
    "at_most": _at_most,
    "per_period": _per_period,
    "trend_down": _trend,
    "trend_up": _trend,
    "milestone": _milestone,
    "rank": _rank,
    "monitor": _monitor,
}


def explain(result: Result, card: Scorecard, lang: str = "zh") -> str:
    e, t = result.evaluation, result.target
    x = _Line(e, card.catalog.indicators[t.indicator].name(lang), unit_label(t.unit, lang), e.how,
              status_label(e.status.value, lang), lang == "en", card.as_of.isoformat() if card.as_of else "—",
              yes_no=t.unit == "是/否")
    if e.status.value == "no_data":
        return _no_data(x)
    if "not_started" in x.how:
        return x.t(f"{x.how['not_started']} 起执行，目前尚无应完成量 → {x.status}",
                   f"window opens {x.how['not_started']}; nothing expected yet → {x.status}")
    rule = RULES.get(str(x.how.get("rule")))
    return rule(x) if rule else f"{x.actual} → {x.status}"
