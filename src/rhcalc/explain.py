"""One line of arithmetic per result, in the reader's language, from the numbers attainment.py computed.

Nothing is recomputed here: the line only spells out ``Evaluation`` and its ``how``.
"""

from __future__ import annotations

from rhcalc.labels import status_label
from rhcalc.score import Result, Scorecard


def fmt(x: float | None, unit: str | None = None) -> str:
    if x is None or x != x:
        return "—"
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    if unit and unit not in ("是/否",):
        sep = "" if unit in ("%", "‰") else " "
        return f"{text}{sep}{unit}"
    return text


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def explain(result: Result, card: Scorecard, lang: str = "zh") -> str:
    e, t = result.evaluation, result.target
    ind = card.catalog.indicators[t.indicator]
    name, unit, how = ind.name(lang), t.unit, e.how
    status = status_label(e.status.value, lang)
    en = lang == "en"
    as_of = card.as_of.isoformat() if card.as_of else "—"
    if e.status.value == "no_data":
        if how.get("compared_with", "") is None:
            return (f"{name} {fmt(e.actual, unit)}; no earlier period or baseline to compare with → {status}" if en
                    else f"{name} {fmt(e.actual, unit)}；无上期数据或基线可比 → {status}")
        return f"no usable figure in the target window → {status}" if en else f"目标期内无可用数据 → {status}"
    if "not_started" in how:
        return (f"window opens {how['not_started']}; nothing expected yet → {status}" if en
                else f"{how['not_started']} 起执行，目前尚无应完成量 → {status}")
    parts = ""
    if "numerator" in how:
        parts = f" ({fmt(how['numerator'])}/{fmt(how['denominator'])})"
    rule = how.get("rule")
    if rule in ("at_least", "coverage"):
        line = f"{name} {fmt(e.actual, unit)}{parts} ÷ {'target' if en else '目标'} {fmt(e.target_value, unit)} = {pct(e.attainment)}"
        if "covered" in how:
            line = (f"{how['covered']}/{how['units']} units done = {fmt(e.actual, '%')}" if en
                    else f"{how['covered']}/{how['units']} 个单位已完成 = {fmt(e.actual, '%')}")
        if how.get("expected_rule") == "linear":
            share = how["elapsed_share"]
            line += (f"; by {as_of} expected {share:.0%}×{fmt(e.target_value)} = {fmt(e.expected, unit)}" if en
                     else f"；截至 {as_of} 应完成 {share:.0%}×{fmt(e.target_value)} = {fmt(e.expected, unit)}")
        return f"{line} → {status}"
    if rule == "at_most":
        src = "" if how.get("limit_source") == "document" else (" (rhcalc threshold)" if en else "（rhcalc 设定阈值）")
        return f"{name} {fmt(e.actual, unit)}{parts} ≤ {fmt(e.target_value, unit)}{src}? → {status}"
    if rule == "per_period":
        slots = how.get("slots", {})
        listed = ", ".join(f"{k}: {fmt(v)}" for k, v in slots.items()) or "—"
        need = fmt(how.get("per_period_value"))
        return (f"{fmt(e.actual)} of {fmt(e.expected)} elapsed periods reached {need} ({listed}); {fmt(e.target_value)} in the window → {status}" if en
                else f"已过 {fmt(e.expected)} 期中 {fmt(e.actual)} 期达到 {need}（{listed}）；目标期共 {fmt(e.target_value)} 期 → {status}")
    if rule in ("trend_down", "trend_up"):
        ref = how.get("compared_with")
        ref = ("baseline" if en else "基线") if ref == "baseline" else ref
        return (f"{name} {fmt(e.actual, unit)}{parts} vs {ref} {fmt(e.expected, unit)} → {status}" if en
                else f"{name} {fmt(e.actual, unit)}{parts}，对比 {ref} {fmt(e.expected, unit)} → {status}")
    if rule == "milestone":
        done = how.get("done_in")
        if done:
            return f"done ({done}) → {status}" if en else f"已完成（{done}）→ {status}"
        return (f"not done yet, deadline {how.get('deadline')} → {status}" if en
                else f"尚未完成，期限 {how.get('deadline')} → {status}")
    if rule == "rank":
        peers = fmt(how.get("peers"))
        best = fmt(how.get("best_position"))
        rule_text = ("top third" if en else "前三分之一") if how.get("best_rule") == "top_third" else ""
        return (f"position {fmt(e.actual)} of {peers}; needs ≤ {best} {rule_text} → {status}" if en
                else f"排名第 {fmt(e.actual)}/{peers}；需前 {best} 名{rule_text} → {status}")
    return f"{name} {fmt(e.actual, unit)}{parts} → {status}"
