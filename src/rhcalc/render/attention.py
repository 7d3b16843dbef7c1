"""What a director reads first: the targets behind or not met, most serious first, each with its one
line of reason and, for a city target, the districts holding it back; then the rest by the
document's own sections (一、二、三…).

Every format builds its first screen from ``attention`` and its body from ``by_section``, so the
same targets come first, in the same order, with the same words, in the terminal, html, xlsx, md
and the e-mail. Nothing is judged here: statuses, figures and who holds a target back come from
the scoring (score/contributions.py); this module chooses, orders and words them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rhcalc.catalog.model import Target
from rhcalc.catalog.sections import DocSection, target_sections
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section, TargetGroup
from rhcalc.render.labels import pick, status_label
from rhcalc.score.contributions import HeldBack, held_back

SERIOUS = ("not_met", "behind")  # worst first
MAX_NAMES = 16  # a city's districts, named in full; a province's counties, the first of them
_RANK = {s: i for i, s in enumerate(SERIOUS)}
LAST = 1 << 30


@dataclass(frozen=True)
class Item:
    """One target needing attention: a result (a district's own, or a city's), or a district-level
    target across a city's districts (各区…), where ``row`` is None and ``group`` holds them."""

    status: str
    title: str
    who: str  # whose result: 西城区, 北京市; for a district-level target across districts, ""
    measure: str
    reason: str  # the line of arithmetic without its “→ status” tail, or how many districts are behind
    held_back: str  # “未完成：延庆区、门头沟区；未报送：怀柔区” — empty when nobody is named
    plan: str
    lang: str
    note: str | None = None  # the submission's own note (二季度因人员调整未组织演练)
    row: Row | None = None
    group: TargetGroup | None = None
    order: tuple[int, float, int, str] = (0, 0.0, 0, "")

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.lang)

    @property
    def target(self) -> str:
        return self.row.target if self.row is not None else (self.group.target if self.group else "")

    @property
    def districts(self) -> tuple[str, ...]:
        """The districts this item names as behind or not met (a city grid marks them)."""
        if self.group is None:
            return ()
        return tuple(self.group.districts(*SERIOUS))


def attention(secs: list[Section], lang: str) -> list[Item]:
    """Every target behind or not met, the most serious first: not met before behind, then the furthest
    from its target, then in the document's order."""
    items: list[Item] = []
    for sec in secs:
        items += [_own(row, sec, lang) for row in sec.own if row.status in SERIOUS]
        items += [_group(g, sec, lang) for g in sec.targets if any(r.status in SERIOUS for r in g.members)]
    return sorted(items, key=lambda i: i.order)


def city_attention(secs: list[Section], lang: str, district: str) -> list[Item]:
    """In a district's own report: the city targets behind or not met that it is named as holding back."""
    out = []
    for sec in secs:
        for row in sec.city:
            if row.status in SERIOUS and district in _held_back(row).names():
                out.append(_own(row, sec, lang))
    return sorted(out, key=lambda i: i.order)


def _order(status: str, attainment: float | None, section: DocSection | None, title: str) -> tuple[int, float, int, str]:
    gap = attainment if attainment is not None else 1.0
    return (_RANK[status], gap, section.order if section else LAST, title)


def _held_back(row: Row) -> HeldBack:
    r = row.result
    return held_back(r.target, row.card.catalog.indicators[r.target.indicator], r.evaluation, r.parts)


def _own(row: Row, sec: Section, lang: str) -> Item:
    how = row.result.evaluation.how
    # A coverage line already names who has not done it, and who has not reported: no second list.
    named = "" if how.units is not None else held_back_words(_held_back(row), row.result.target, lang)
    return Item(row.status, row.title, row.district, row.measure, row.reason, named, sec.name, lang, row.note, row=row,
                order=_order(row.status, row.data["attainment"], section_of(row), row.title))


def _group(g: TargetGroup, sec: Section, lang: str) -> Item:
    """各区… across a city's districts: how many are behind or not met, and which."""
    en = lang == "en"
    counts = [(s, len(g.districts(s))) for s in SERIOUS if g.districts(s)]
    worst = counts[0][0]
    n = len(g.members)
    told = (", " if en else "、").join(f"{k} {status_label(s, lang)}" if en else f"{k} 个{status_label(s, lang)}"
                                      for s, k in counts)
    reason = f"{told} of {n} districts" if en else f"{n} 个区中 {told}"
    named = ("; " if en else "；").join(
        f"{status_label(s, lang)}{': ' if en else '：'}{listed(tuple(g.districts(s)), en)}" for s, _ in counts)
    share = 1 - sum(k for _, k in counts) / n if n else 1.0
    return Item(worst, g.title, "", "", reason, named, sec.name, lang, group=g,
                order=_order(worst, share, section_of(g.members[0]), g.title))


def section_of(row: Row) -> DocSection | None:
    return target_sections(row.card.catalog).get(row.target)


_FAILING = {"done": ("未完成", "not done"), "direction": ("反向变化", "moving the wrong way"),
            "at_least": ("未达到", "below it"), "at_most": ("超过上限", "above the limit")}


def held_back_words(hb: HeldBack, target: Target, lang: str) -> str:
    """未完成：延庆区、门头沟区；未报送：怀柔区 — who holds a city target back, and why."""
    if not hb:
        return ""
    en = lang == "en"
    test = target.test.value if target.test else ""
    kind = "direction" if test in ("down", "up") else test
    parts = []
    for units, words in ((hb.failing, _FAILING.get(kind, _FAILING["at_least"])), (hb.not_reported, ("未报送", "not reported")),
                         (hb.lowest, ("数量最少", "smallest figures")), (hb.highest, ("数量最多", "largest figures"))):
        if units:
            parts.append(f"{pick(words, lang)}{': ' if en else '：'}{listed(units, en)}")
    return ("; " if en else "；").join(parts)


def section_label(section: DocSection | None, lang: str, groups: int) -> str:
    """A group's heading: the document's, 其他 for targets before its first heading — nothing where the
    document has no headings at all (a single group)."""
    if section is not None:
        return section.label
    return "" if groups == 1 else pick(("其他", "Other"), lang)


def by_section(rows: list[Row], leave_out: set[int] | None = None) -> list[tuple[DocSection | None, list[Row]]]:
    """Rows grouped by the document section of their target, in the document's order; rows whose id()
    is in ``leave_out`` (already in the attention list) are left out."""
    groups: dict[DocSection | None, list[Row]] = {}
    for row in rows:
        if leave_out is not None and id(row) in leave_out:
            continue
        groups.setdefault(section_of(row), []).append(row)
    return sorted(groups.items(), key=lambda kv: kv[0].order if kv[0] else LAST)


def shown_ids(items: list[Item]) -> set[int]:
    return {id(i.row) for i in items if i.row is not None}


def listed(units: tuple[str, ...] | list[str], en: bool) -> str:
    shown = (", " if en else "、").join(units[:MAX_NAMES])
    if len(units) > MAX_NAMES:
        shown += f" and {len(units) - MAX_NAMES} more" if en else f" 等 {len(units)} 个"
    return shown
