"""Directions: 提高…, 逐年下降, 预防…发生, 推动…进高校 — a trend on something measurable, one per
item of a list of measures (绩效考核成绩和星级标准), or no target when nothing measurable is named."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rhcalc.catalog.draft import rules, when
from rhcalc.catalog.draft.findings import YES_NO, IndicatorDraft
from rhcalc.catalog.draft.names import core, count_name, indicator, rate_review

if TYPE_CHECKING:
    from rhcalc.catalog.draft.kinds import Base, Result

def direction(b: Base, m: re.Match[str] | None) -> Result:
    text = b.norm
    if t := rules.TAIL_DIRECTION.search(text):
        if t.start() > 0:
            return _trend(b, t["verb"], core(text[:t.start()]), t["step"])
    if i := rules.INTO.match(rules.LEAD_WORDS.sub("", text)):
        return _trend(b, "推动", i["object"], None, up=True)
    if i := rules.INNER_DIRECTION.match(core(text) if not text.startswith(("推进", "推动", "促进")) else text):
        if i["verb"] == "普及":  # 推进中小学普及青春健康教育: the share of schools that do
            return _trend(b, "普及", i["object"] + i["rest"] + "普及率", None)
        return _trend(b, i["verb"], i["object"], "不断" if "不断" in i["verb"] else None)
    if m is not None and m.group() in rules.UP + rules.DOWN:
        step = next((s for s in rules.STEP if s in text[:m.start()]), None)
        obj = re.sub(r"^[和、及与]?(?:" + "|".join(rules.UP + rules.DOWN) + r")*", "", text[m.end():])
        return _trend(b, m.group(), obj, step)
    return None


def _trend(b: Base, verb: str, obj: str, step: str | None, up: bool | None = None) -> Result:
    obj = obj.strip("，、的和")
    if not obj:
        return None
    if rules.VAGUE_NOUNS.search(obj) and not rules.STRONG_MEASURES.search(obj) and rules.MARKED not in b.norm:
        return rules.VAGUE_DIRECTION
    if verb == rules.PREVENT_ALONE and not obj.endswith("发生") and not rules.PREVENT_AND_REDUCE.search(b.norm):
        return rules.PREVENT_NOTHING
        return rules.VAGUE_DIRECTION
    up = any(verb.endswith(v) for v in rules.UP) if up is None else up
    if verb in rules.UP_WITHIN_A_YEAR_IS_DONE and when.months(b.window) <= 12:
        return [b.reading("milestone", b.ind(core(b.norm), *YES_NO), f"“{verb}”（一年内）")]
    fields: dict[str, object] = {}
    if step in ("逐年", "持续", "不断", "逐步") and when.months(b.window) >= 12:  # a year's step needs a year
        fields = {"holds": "every_step", "frequency": "year"}
    out = []
    for part in split_measures(obj):
        ind, review = _trend_indicator(b, part)
        out.append(b.reading("trend_up" if up else "trend_down", ind, f"方向“{verb}”", review, **fields))
    return out


def _trend_indicator(b: Base, obj: str) -> tuple[IndicatorDraft, tuple[str, ...]]:
    if rules.VAGUE_NOUNS.search(obj) and not rules.STRONG_MEASURES.search(obj):
        ind = indicator(obj, "score", "分", None, obj, b.ctx.common)  # 服务能力明显提升
        return ind, ("没有统一口径：请写明评估办法（按得分读取）",)
    for pattern, name in rules.OBJECT_NAMES:
        obj = pattern.sub(name, obj)
    for pattern, type_, unit in rules.DIRECTION_TYPES:
        if pattern.search(obj):
            factor = 100 if type_ == "rate" else None
            ind = indicator(obj if type_ != "count" else count_name(obj, unit), type_, unit, factor, obj, b.ctx.common)
            return ind, rate_review(ind) + (("按例数读取；例数随出生数变化，可改为率",) if unit == "例" else ())
    ind = indicator(count_name(obj, "个"), "count", "个", None, obj, b.ctx.common)
    return ind, ("方向没有写明计量：按开展的单位（个）数读取，请确认计什么",)


def split_measures(obj: str) -> list[str]:
    parts = [p for p in re.split(r"[、和及与]", obj) if p]
    if len(parts) >= 2 and all(rules.SPLIT_NOUNS.search(p) for p in parts):
        return parts
    return [obj]
