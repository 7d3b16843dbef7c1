"""What a director reads first: the targets behind or not met, most serious first, each with its one
line of reason and, for a city target, the districts holding it back; then the rest by the
document's own sections (一、二、三…).

Every format builds its first screen from ``attention`` and its body from ``by_section``, so the
same targets come first, in the same order, with the same words, in the terminal, html, xlsx, md
and the e-mail. Nothing is judged here: statuses, figures and who holds a target back come from
the scoring (score/contributions.py); this module chooses and orders.
"""

from __future__ import annotations

from dataclasses import dataclass

from rhcalc.catalog.sections import DocSection, target_sections
from rhcalc.render.explain import explain as explain_line
from rhcalc.render.flat import Row, Section, TargetGroup
from rhcalc.render.labels import pick, status_label
from rhcalc.score.contributions import HeldBack, held_back

SERIOUS = ("not_met", "behind")  # worst first
_RANK = {s: i for i, s in enumerate(SERIOUS)}


@dataclass(frozen=True)
class Item:
    """One target needing attention: a result (a district's own, or a city's), or a district-level
    target across a city's districts (各区…), where ``row`` is None and ``group`` holds them."""

    status: str
    title: str
    who: str  # whose result: 西城区, 北京市; a city's districts: the city
    measure: str
    reason: str  # the line of arithmetic, without its “→ status” tail
    held_back: str  # “未完成：延庆区、门头沟区；未报送：怀柔区” — empty when nobody is named
    plan: str
    row: Row | None = None
    group: TargetGroup | None = None
    order: tuple[int, float, int, str] = (0, 0.0, 0, "")

    @property
    def status_label(self) -> str:
        return self.row.status_label if self.row is not None else status_label(self.status, self._lang)

    @property
    def _lang(self) -> str:
        rows = self.group.members if self.group is not None else []
        return rows[0].labels.lang if rows else "zh"

    @property
    def target(self) -> str:
        return self.row.target if self.row is not None else (self.group.target if self.group else "")


def attention(secs: list[Section], lang: str) -> list[Item]:
    """Every target behind or not met, the most serious first: not met before behind, then the furthest
    from its target, then in the document's order."""
    items: list[Item] = []
    for sec in secs:
        items += [_own(row, sec, lang) for row in sec.own if row.status in SERIOUS]
        items += [_group(g, sec, lang) for g in sec.targets if any(r.status in SERIOUS for r in g.members)]
    return sorted(items, key=lambda i: i.order)


def _order(status: str, attainment: float | None, section: DocSection | None, title: str) -> tuple[int, float, int, str]:
    gap = attainment if attainment is not None else 1.0
    return (_RANK[status], gap, section.order if section else 1 << 30, title)


def reason_of(row: Row) -> str:
    """The row's line of arithmetic without its “→ status” tail: the status is shown beside it."""
    card = row.explain_card
    line = row.explain if card is not None else None
    if line is None:
        line = explain_line(row.result, _card_of(row), row.labels.lang)
    return line.rsplit(" → ", 1)[0]


def _card_of(row: Row):  # type: ignore[no-untyped-def]
    card = getattr(row, "card", None)
    if card is None:
        raise ValueError("a Row made without its scorecard cannot explain itself")
    return card


def _own(row: Row, sec: Section, lang: str) -> Item:
    result = row.result
    section = section_of(row)
    hb = held_back(result.target, _indicator(row), result.evaluation, getattr(result, "parts", ()))
    # A coverage line already names who has not done it; no second list beside it.
    named = "" if result.evaluation.how.units is not None else held_back_words(hb, result.target, lang)
    return Item(row.status, row.title, row.district, row.measure, reason_of(row), named, sec.name, row=row,
                order=_order(row.status, row.data["attainment"], section, row.title))


def _group(g: TargetGroup, sec: Section, lang: str) -> Item:
    """各区… across a city's districts: how many are behind or not met, and which."""
    worst = min((r.status for r in g.members if r.status in SERIOUS), key=_RANK.__getitem__)
    en = lang == "en"
    counts = [(s, len(g.districts(s))) for s in SERIOUS if g.districts(s)]
    n = len(g.members)
    told = (", " if en else "、").join(f"{k} {status_label(s, lang)}" for s, k in counts)
    reason = f"{told} of {n} districts" if en else f"{n} 个区中 {told}"
    named = ("; " if en else "；").join(
        f"{status_label(s, lang)}{': ' if en else '：'}{_names(g.districts(s), en)}" for s, _ in counts)
    share = 1 - sum(k for _, k in counts) / n if n else 1.0
    section = section_of(g.members[0])
    return Item(worst, g.title, "", "", reason, named, sec.name, group=g,
                order=_order(worst, share, section, g.title))


def section_of(row: Row) -> DocSection | None:
    return target_sections(_catalog(row)).get(row.target)


def _catalog(row: Row):  # type: ignore[no-untyped-def]
    return _card_of(row).catalog


def _indicator(row: Row):  # type: ignore[no-untyped-def]
    return _catalog(row).indicators[row.result.target.indicator]


_FAILING = {"done": ("未完成", "not done"), "direction": ("反向变化", "moving the wrong way"),
            "at_least": ("未达到", "below it"), "at_most": ("超过上限", "above the limit")}


def held_back_words(hb: HeldBack, target, lang: str) -> str:  # type: ignore[no-untyped-def]
    """未完成：延庆区、门头沟区；未报送：怀柔区 — who holds a city target back, and why."""
    if not hb:
        return ""
    en = lang == "en"
    test = target.test.value if target.test else ""
    kind = "direction" if test in ("down", "up") else ("done" if test == "done" else test)
    parts = []
    for names, words in ((hb.failing, _FAILING.get(kind, _FAILING["at_least"])), (hb.not_reported, ("未报送", "not reported")),
                         (hb.lowest, ("贡献最少", "smallest figures")), (hb.highest, ("贡献最多", "largest figures"))):
        if names:
            parts.append(f"{pick(words, lang)}{': ' if en else '：'}{_names(names, en)}")
    return ("; " if en else "；").join(parts)


def _names(names: list[str] | tuple[str, ...], en: bool) -> str:
    from rhcalc.score.rules.base import names as listed

    return listed(tuple(names), en)


def by_section(rows: list[Row], shown: set[int] | None = None) -> list[tuple[DocSection | None, list[Row]]]:
    """Rows grouped by the document section of their target, in the document's order; rows whose id()
    is in ``shown`` (already in the attention list) are left out."""
    groups: dict[DocSection | None, list[Row]] = {}
    for row in rows:
        if shown is not None and id(row) in shown:
            continue
        groups.setdefault(section_of(row), []).append(row)
    return sorted(groups.items(), key=lambda kv: kv[0].order if kv[0] else 1 << 30)
