"""How close a draft comes to a curated catalog file: the figures in the README.

Matching, precisely:
- A target's *span* is where its quote sits in the document, white space removed (every
  occurrence, for a curated quote found more than once).
- A target's *family* is what it is judged on: ``>=N`` / ``<=N`` (the document's own number:
  at_least, coverage, per_period with a value; at_most), ``up`` / ``down`` (trends), ``rank``,
  ``duty`` (done or not: milestone, per_period without a number, coverage without a number, and
  a curated target held to rhcalc's own threshold, since the document gives no number to read),
  ``monitor``.
- A curated judged target (not monitor) and a drafted one *match* when their spans overlap and
  their families are equal. Each target matches at most one other (a maximum one-to-one matching),
  so one drafted clause cannot stand for the six curated targets of “确保实现消除目标”.
- recall = matched curated judged targets ÷ curated judged targets.
- precision = drafted targets whose span overlaps a curated target of the same family (monitors
  included) ÷ drafted targets; *held* = drafted targets whose span overlaps any curated target.
- values exact = matched pairs with the curated target's value equal to the drafted value ÷
  matched pairs whose curated target has a value. windows = matched pairs with the same start
  and deadline ÷ matched pairs. kinds = matched pairs with the same kind ÷ matched pairs.
- invented = drafted values that ``catalog check`` cannot read from their own quote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rhcalc.catalog.draft.findings import Draft, IndicatorDraft, Reading
from rhcalc.catalog.draft.lexicon import english
from rhcalc.catalog.model import Kind, Target
from rhcalc.catalog.quotes import _value_in_quote
from rhcalc.common.text import squeeze

Span = tuple[int, int]


@dataclass(frozen=True)
class Figures:
    plan: str
    curated_judged: int
    drafted: int
    matched: int
    precise: int  # drafted with a same-family curated overlap
    held: int  # drafted with any curated overlap
    values: int  # matched pairs whose curated target has a value
    values_exact: int
    windows_same: int
    kinds_same: int
    invented: int
    missed: tuple[str, ...]  # curated judged target ids not matched
    extra: int  # drafted targets with no curated overlap at all
    minutes: float  # a reviewer's estimate of the judgement work, from the diff (see ``MINUTES``)
    naming: float = 0.0  # …and of renaming the kept targets and indicators (ids, name_en)

    @property
    def recall(self) -> float:
        return self.matched / self.curated_judged if self.curated_judged else 1.0

    @property
    def precision(self) -> float:
        return self.precise / self.drafted if self.drafted else 1.0


def family(kind: str, value: float | None, threshold: float | None = None) -> str:
    if kind == "monitor":
        return "monitor"
    if kind == "rank":
        return "rank"
    if kind in ("trend_up", "trend_down"):
        return "up" if kind == "trend_up" else "down"
    if value is not None:
        return "<=N" if kind == "at_most" else ">=N"
    return "duty"


def compare(draft: Draft, curated: list[Target]) -> Figures:
    spans = _SpanIndex(draft.text)
    drafted = [(r, spans.of_reading(r), family(r.kind, r.value)) for r in draft.readings]
    cur = [(t, spans.of_quote(t.source.quote), family(t.kind.value, t.value, t.threshold)) for t in curated]
    judged = [c for c in cur if c[0].kind is not Kind.monitor]
    edges = {i: [j for j, (_, ds, df) in enumerate(drafted) if df == cf and _overlap(cs, [ds])]
             for i, (_, cs, cf) in enumerate(judged)}
    pairs = _matching(edges)
    matched = [(judged[i][0], drafted[j][0]) for i, j in pairs.items()]
    with_value = [(t, r) for t, r in matched if t.value is not None]
    plan = (draft.plan.start, draft.plan.end)
    figures = Figures(
        plan=draft.plan.id, curated_judged=len(judged), drafted=len(drafted), matched=len(matched),
        precise=sum(any(cf == df and _overlap(cs, [ds]) for _, cs, cf in cur) for _, ds, df in drafted),
        held=sum(any(_overlap(cs, [ds]) for _, cs, _ in cur) for _, ds, _ in drafted),
        values=len(with_value), values_exact=sum(t.value == r.value for t, r in with_value),
        windows_same=sum(_window(r, plan) == (t.start, t.deadline) for t, r in matched),
        kinds_same=sum(t.kind.value == r.kind for t, r in matched),
        invented=sum(r.value is not None and not _value_in_quote(Kind(r.kind), r.value, r.quote) for r in draft.readings),
        missed=tuple(judged[i][0].id for i in range(len(judged)) if i not in pairs),
        extra=sum(not any(_overlap(cs, [ds]) for _, cs, _ in cur) for _, ds, _ in drafted), minutes=0.0,
    )
    kept = {r.indicator for r, ds, _ in drafted if not r.indicator.common_id and any(_overlap(cs, [ds]) for _, cs, _ in cur)}
    return _with_minutes(figures, kept)


# A reviewer's minutes per edit, from turning drafts into the curated files by hand: writing a
# missed target (find the words, choose the indicator, type it), deleting one, changing a kind or a
# window, naming a kept indicator (id, name_en, and its targets' ids) and checking a name the
# lexicon gave in full (read it, mend a word).
MINUTES = {"write": 3.0, "delete": 0.2, "kind": 1.0, "window": 0.5, "name": 0.5, "check": 0.1}
NAME_WORDS = 10  # an English name longer than this is a clause, not a name: the reviewer writes one


def named(ind: IndicatorDraft) -> bool:
    """The lexicon named every word of the indicator, and the English is short enough to keep."""
    en = english(ind.name_zh)
    return en.complete and len(en.name.split()) <= NAME_WORDS


def _with_minutes(f: Figures, kept: set[IndicatorDraft]) -> Figures:
    import dataclasses

    minutes = (MINUTES["write"] * len(f.missed) + MINUTES["delete"] * f.extra + MINUTES["kind"] * (f.matched - f.kinds_same)
               + MINUTES["window"] * (f.matched - f.windows_same))
    checked = sum(map(named, kept))  # counted, not summed over the set: the same figure whatever its order
    naming = MINUTES["check"] * checked + MINUTES["name"] * (len(kept) - checked)
    return dataclasses.replace(f, minutes=round(minutes), naming=round(naming))


def _window(r: Reading, plan: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    return r.start_date or plan[0], r.deadline or plan[1]


class _SpanIndex:
    """Positions in the document with white space removed, where quotes are compared."""

    def __init__(self, text: str):
        self.flat = squeeze(text)
        self.map = []  # position in text → position in flat
        k = 0
        for ch in text:
            self.map.append(k)
            if squeeze(ch):
                k += len(squeeze(ch))
        self.map.append(k)

    def of_reading(self, r: Reading) -> Span:
        return self.map[r.start], self.map[r.end]

    def of_quote(self, quote: str) -> list[Span]:
        q = squeeze(quote)
        out, at = [], self.flat.find(q)
        while q and at >= 0:
            out.append((at, at + len(q)))
            at = self.flat.find(q, at + 1)
        return out


def _overlap(a: list[Span], b: list[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """A maximum one-to-one matching (Kuhn's augmenting paths): curated index → drafted index."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in edges:
        augment(i, set())
    return {i: j for j, i in owner.items()}


def measure_seeds() -> list[Figures]:
    """Every plan of the bundled catalog: its document drafted blind (from a folder holding only
    common.yaml), compared with its curated targets."""
    import shutil
    import tempfile
    from pathlib import Path

    from rhcalc.catalog.draft import DraftOptions, draft_document
    from rhcalc.catalog.load import default_folder, load_catalog

    folder = default_folder()
    catalog = load_catalog(folder)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(folder / "common.yaml", tmp)
        for plan in catalog.plans.values():
            draft = draft_document(DraftOptions(folder / "sources" / plan.document, plan.id, catalog=Path(tmp))).draft
            assert draft is not None
            out.append(compare(draft, catalog.targets_of(plan.id)))
    return out


def figures_table(figures: list[Figures]) -> str:
    """The README's table, in Markdown."""
    rows = ["| document | judged | recall | drafted | precision | held | values exact | windows | kinds | invented | review | + naming |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for f in figures:
        rows.append(f"| {f.plan} | {f.curated_judged} | {f.matched} ({f.recall:.0%}) | {f.drafted} | {f.precise} ({f.precision:.0%}) | "
                    f"{f.held} | {f.values_exact}/{f.values} | {f.windows_same}/{f.matched} | {f.kinds_same}/{f.matched} | "
                    f"{f.invented} | ~{f.minutes:.0f} min | ~{f.naming:.0f} min |")
    total = {k: sum(getattr(f, k) for f in figures) for k in ("curated_judged", "matched", "drafted", "precise", "held", "values",
                                                             "values_exact", "windows_same", "kinds_same", "invented", "minutes", "naming")}
    rows.append(f"| **all five** | {total['curated_judged']} | {total['matched']} ({total['matched'] / total['curated_judged']:.0%}) | "
                f"{total['drafted']} | {total['precise']} ({total['precise'] / total['drafted']:.0%}) | {total['held']} | "
                f"{total['values_exact']}/{total['values']} | {total['windows_same']}/{total['matched']} | "
                f"{total['kinds_same']}/{total['matched']} | {total['invented']} | ~{total['minutes']:.0f} min | ~{total['naming']:.0f} min |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m rhcalc.catalog.draft.compare: the README's figures
    print(figures_table(measure_seeds()))
