"""One clause → its targets, asking the questions of ``rules`` in order (the first that fits decides).

Each reader returns a list of readings, a left-out reason (zh, en), or None when its words are
not in the clause.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from rhcalc.catalog.draft import rules, trends, when
from rhcalc.catalog.draft.findings import YES_NO, IndicatorDraft, Reading
from rhcalc.catalog.draft.names import core, count_name, indicator, rate_review
from rhcalc.catalog.draft.quantities import Quantity, quantities, respective

if TYPE_CHECKING:
    from rhcalc.catalog.draft.read import Context

Result = Union[list[Reading], tuple[str, str], None]
_VERBS = sorted({*rules.UP, *rules.DOWN, *rules.END_STATES, *rules.DUTIES}, key=len, reverse=True)
_VERB = re.compile("|".join(map(re.escape, _VERBS)))


@dataclass(frozen=True)
class Base:
    """A clause as the readers see it: its quote and span, normalized words and when it holds."""

    quote: str
    start: int
    end: int
    norm: str
    window: when.Window
    deadline: dt.date | None
    ctx: Context

    def reading(self, kind: str, ind: IndicatorDraft, rule: str, review: tuple[str, ...] = (), **fields) -> Reading:
        start, deadline = self.window
        if self.deadline is not None:
            deadline = self.deadline
            start = start if start <= deadline else self.ctx.window[0]
        plan_start, plan_end = self.ctx.window
        return Reading(self.quote, self.start, self.end, kind, ind, rule, review=review,
                       start_date=start if start != plan_start else None,
                       deadline=deadline if deadline != plan_end else None, **fields)

    def ind(self, name: str, type_: str, unit: str, factor: int | None = None) -> IndicatorDraft:
        return indicator(name, type_, unit, factor, self.norm, self.ctx.common)


def read_clause(b: Base) -> list[Reading] | tuple[str, str]:
    for reader in (_respective, _quantity, _rank, _coverage, _monitor, _left_out, _by_verb):
        result = reader(b)
        if result is not None:
            return result
    return rules.NO_VERB


def _respective(b: Base) -> Result:
    found = respective(b.norm)
    if found is None:
        return None
    names, values, comparator = found
    kind = comparator or "at_least"
    review = () if comparator else ("未写“达到/下降到”：按至少读取",)
    out = []
    for name, q in zip(names, values):
        name = core(name)
        ind = indicator(name, q.type, q.unit, q.factor, name, b.ctx.common)
        out.append(b.reading(kind, ind, "分别", review + rate_review(ind), value=q.value))
    return out


def _quantity(b: Base) -> Result:
    found = quantities(b.norm)
    if not found:
        return None
    out = []
    for q in found:
        frequency = _frequency_before(b.norm, q.start)
        review: tuple[str, ...] = () if q.comparator else (f"未写“不少于/以上”：按至少 {_num(q.value)} 读取",)
        ind = b.ind(_quantity_name(b.norm, q), q.type, q.unit, q.factor)
        fields: dict[str, object] = {"value": q.value}
        kind = "at_most" if q.comparator == "at_most" else "at_least"
        if frequency and when.months(b.window) >= _MONTHS[frequency]:
            kind, fields["frequency"] = "per_period", frequency
        if "适时" in b.norm:
            fields["pace"] = "none"
            review += ("适时：期限前不判断进度",)
        out.append(b.reading(kind, ind, "数字" + (q.comparator and "+比较词" or ""), review + rate_review(ind), **fields))
    return out


def _quantity_name(text: str, q: Quantity) -> str:
    if q.type == "rate":
        before = re.sub(r"(?:" + "|".join(rules.AT_LEAST_BEFORE + rules.AT_MOST_BEFORE) + r")$", "", text[:q.start].strip())
        return core(before) or core(text)
    after = re.sub(r"^(?:" + "|".join(rules.AT_LEAST_AFTER + rules.AT_MOST_AFTER) + r")", "", text[q.end:].strip())
    after = rules.COUNT_TAIL.sub("", after).strip("，、的")
    before = re.sub(r"(?:" + "|".join(rules.AT_LEAST_BEFORE) + r")$", "", text[:q.start].strip())
    noun = after if len(after) >= 2 else core(before)
    return count_name(core(noun) if noun else core(text), q.unit)


def _rank(b: Base) -> Result:
    m = rules.RANK.search(b.norm)
    if not m:
        return None
    name = core(rules.RANK_TAIL.sub("", b.norm[:m.start()]))
    name = name.removeprefix("保持") or core(b.norm)
    return [b.reading("rank", b.ind(name, "rank", "名"), "前列", ("前列：按同级单位的前三分之一判定",))]


def _coverage(b: Base) -> Result:
    m = rules.COVERAGE.search(b.norm)
    if not m:
        return None
    name = rules.COVERAGE_TRIM.sub("", core(b.norm[:m.start()])) or core(b.norm)
    full = bool(rules.FULL_COVERAGE.search(b.norm))
    review = () if full else ("未写“全覆盖”：按覆盖全部单位（100%）读取",)
    if b.ctx.has_units:
        ind = b.ind(name, *YES_NO)
    else:
        ind = b.ind(name + "覆盖率", "rate", "%", 100)
        review += rate_review(ind)
    return [b.reading("coverage", ind, "覆盖", review, **({"value": 100.0} if full else {}))]


def _monitor(b: Base) -> Result:
    if m := rules.HOLD_LOW.match(b.norm):
        review = ("保持在低水平没有数字：如要判定，改为 at_most 并给 threshold 与 threshold_source（如国家目标）",)
        return [b.reading("monitor", b.ind(name, "rate", "%", 100), "低水平", review + rate_review(b.ind(name, "rate", "%", 100)))
                for name in trends.split_measures(core(m["object"]))]
    if not rules.MONITOR.search(b.norm):
        return None
    noun = core(b.norm.split("一批")[-1]) if "一批" in b.norm else core(b.norm)
    unit = "人" if noun.endswith(("人才", "人员", "骨干")) else "家" if noun.endswith(("单位", "机构")) else "个"
    review = ("没有数字：只监测，不判定",)
    return [b.reading("monitor", b.ind(count_name(noun, unit), "count", unit), "一批/适时", review)]


def _left_out(b: Base) -> Result:
    body = rules.LEAD_WORDS.sub("", b.norm)
    if rules.FRAME.match(body) and not _VERB.search(body, 2):
        return rules.LEAVE_OUT[3][1:]  # 围绕首都功能定位: a principle, no action follows
    for pattern, zh, en in rules.LEAVE_OUT:
        if pattern.search(body) or pattern.search(b.norm):
            if zh.startswith("职责") and (rules.EVALUATION_NOUNS.search(b.norm) or _frequency_word(b.norm)):
                return None  # 加强…评价, 强化定期抽查: still a piece of work done or not
            return zh, en
    return None


def _by_verb(b: Base) -> Result:
    if rules.PROHIBITION.match(rules.LEAD_WORDS.sub("", b.norm)):
        review = ("禁止性要求：每期回答“是”表示没有发生；或改为 at_most 并给 threshold 0 与 threshold_source",)
        return [_duty(b, "开展", None, review)]
    bare = _bare(b.norm)
    m = _after_frequency(bare) or _main_verb(bare)
    if isinstance(m, tuple):
        return m
    if not (m and _frequency_word(b.norm[:m.start()])) and (direction := trends.direction(b, m)):
        return direction
    if m is None and not _frequency_before(b.norm, len(b.norm)):
        if rules.EVALUATION_NOUNS.search(b.norm):
            return [_duty(b, "开展", None)]  # 加强…评价
        return None
    if rules.MIDTERM in b.norm and rules.FINAL in b.norm:
        ind = b.ind(core(b.norm), *YES_NO)
        mid = Base(b.quote, b.start, b.end, b.norm, b.window, when.midterm(b.ctx.window), b.ctx)
        return [mid.reading("milestone", ind, "中期", (f"中期读作 {when.midterm(b.ctx.window)}",)),
                b.reading("milestone", ind, "末期")]
    frequency = _frequency_before(b.norm, m.start() if m else len(b.norm))
    if m and m.group() in rules.IMPROVE_VERBS and rules.ABSTRACT_OBJECTS.search(core(b.norm)) and not frequency:
        return rules.ABSTRACT
    items = _activities(b.norm[m.end():]) if m else []
    if items:
        return [_duty(b, m.group(), frequency, name=core(b.norm[:m.end()]) + item) for item in items]
    return [_duty(b, m.group() if m else "", frequency)]


def _bare(text: str) -> str:
    """The clause with what is quoted or named blanked out (same length): a verb inside “确保普及…服务”
    or 《…方案》, or a name like 能力提升年 / 提升计划, is not the clause's verb."""
    text = re.sub(r"“[^”]*”|《[^》]*》", lambda m: "＿" * len(m.group()), text)
    return re.sub("(?:" + "|".join(_VERBS) + r")(?=(?:工作)?(?:计划|工程|行动|年(?![度内底])|大赛|成果))",
                  lambda m: "＿" * len(m.group()), text)


def _main_verb(text: str) -> re.Match[str] | tuple[str, str] | None:
    """The first verb; a verb that only says who helps (负责, 配合) hands over to the next one."""
    m = _VERB.search(text)
    while m is not None and m.group() in rules.SUPPORT_VERBS:
        nxt = _VERB.search(text, m.end())
        if nxt is None:
            return rules.SUPPORT_ONLY
        m = nxt
    return m


def _after_frequency(text: str) -> re.Match[str] | None:
    """定期组织…, 每季度至少组织…: the verb right after a frequency word is the main one, whatever
    verbs a name before it holds (区妇女儿童健康提升计划…工作小组定期组织开展…)."""
    word = _frequency_word(text)
    if word is None or _VERB.search(text, 0, text.find(word)):
        return None  # 建立…定期监测机制: the frequency is inside what is established
    at = text.find(word) + len(word)
    m = _VERB.search(text, at)
    return m if m and m.start() - at <= 12 else None


def _activities(obj: str) -> list[str]:
    """定期组织母婴安全培训、专项检查、飞行检查 → one duty per activity; 制作…动画和…视频, 开展…门诊和…
    工作室建设 → one piece of work per thing made (what follows the last one, 建设, goes with each)."""
    parts = [p for p in re.split(r"[、和及与]", obj) if p]
    if len(parts) >= 2 and all(len(p) >= 4 and rules.ACTIVITY_NOUNS.search(p) for p in parts):
        return parts
    tail = rules.THING_TAIL.search(obj)
    things = obj[:tail.start()].split("和") if tail else []
    if len(things) == 2 and all(len(t) >= 4 and rules.THINGS.search(t) for t in things):
        return [t + tail.group() for t in things]
    return []


def _duty(b: Base, verb: str, frequency: str | None, review: tuple[str, ...] = (), name: str | None = None) -> Reading:
    ind = b.ind(name or core(b.norm), *YES_NO)
    review += (rules.FREQUENCY_REVIEW[w],) if (w := _frequency_word(b.norm)) in rules.FREQUENCY_REVIEW else ()
    if frequency and when.months(b.window) >= _MONTHS[frequency]:
        if w == rules.REGULAR:
            return _regular(b, name or core(b.norm), review)
        return b.reading("per_period", ind, f"频次（{frequency}）", review, frequency=frequency)
    if verb in rules.DUTIES and when.months(b.window) > 12:
        return b.reading("per_period", ind, f"行动“{verb}”（多年）", ("多年的方案：按每年都要做的工作读取；如是一次性工作改为 milestone",),
                         frequency="year")
    return b.reading("milestone", ind, f"完成“{verb}”" if verb else "完成")


def _regular(b: Base, name: str, review: tuple[str, ...]) -> Reading:
    """定期开展… with no number: a count of times held, at least once a year — rhcalc's least reading
    of 定期 (a threshold with its source, never a value: the document gives no number)."""
    ind = b.ind(count_name(name, "次"), "count", "次")
    return b.reading("at_least", ind, "定期（每年至少1次）", review, threshold=1.0, holds="every_period", frequency="year")


def _frequency_before(text: str, at: int) -> str | None:
    if m := rules.QUARTERLY_ACTIVITY.search(text):
        return rules.FREQUENCY[m["freq"]]
    word = _frequency_word(text[:at])
    return rules.FREQUENCY[word] if word else None


def _frequency_word(text: str) -> str | None:
    hits = [(text.find(w), -len(w), w) for w in rules.FREQUENCY if w in text and w not in ("季度", "年度", "月度")]
    return min(hits)[2] if hits else None


def _num(x: float) -> str:
    return f"{x:g}"


_MONTHS = {"month": 1, "bimonth": 2, "quarter": 3, "half_year": 6, "year": 12}
