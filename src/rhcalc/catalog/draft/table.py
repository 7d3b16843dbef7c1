"""--format table: what the draft found, clause by clause, and what it left out and why."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rhcalc.catalog.draft.findings import Draft, Finding, Reading

_HEAD = {"zh": ("行", "分句", "读作", "依据"), "en": ("line", "clause", "reading", "why")}
_FREQ = {"zh": {"month": "每月", "bimonth": "每两月", "quarter": "每季度", "half_year": "每半年", "year": "每年"},
         "en": {"month": "monthly", "bimonth": "bimonthly", "quarter": "quarterly", "half_year": "half-yearly", "year": "yearly"}}
CLAUSE_WIDTH = 48


def draft_table(draft: Draft, lang: str = "zh") -> RenderableType:
    table = Table(title=f"{draft.plan.name_zh}（{draft.source_name}）", title_justify="left", show_lines=False, pad_edge=False)
    for name in _HEAD["en" if lang == "en" else "zh"]:
        table.add_column(name, overflow="fold")
    for f in draft.findings:
        for row in _rows(f, lang):
            table.add_row(*row)
    return Group(table, Text(_summary(draft, lang)))


def _rows(f: Finding, lang: str) -> list[tuple[Text, Text, Text, Text]]:
    line = Text(str(f.clause.line), style="dim")
    clause = Text(_cut(f.clause.text))
    if f.left_out:
        reason = f.left_out[1] if lang == "en" else f.left_out[0]
        return [(line, Text(_cut(f.clause.text), style="dim"), Text("—", style="dim"), Text(reason, style="dim"))]
    rows = []
    for i, r in enumerate(f.readings):
        mark = Text(_reading(r, lang), style="yellow" if r.review else "green")
        why = Text(r.rule + ("；" + "；".join(r.review) if r.review else ""))
        rows.append((line if i == 0 else Text(""), clause if i == 0 else Text("〃", style="dim"), mark, why))
    return rows


def _reading(r: Reading, lang: str) -> str:
    parts = [r.kind]
    if r.value is not None:
        parts.append(f"{r.value:g}{r.indicator.unit if r.indicator.unit not in ('是/否',) else ''}")
    if r.threshold is not None:  # rhcalc's number, not the document's: marked as such
        parts.append(f"(≥{r.threshold:g}{r.indicator.unit})")
    if r.frequency:
        parts.append(_FREQ["en" if lang == "en" else "zh"][r.frequency])
    if r.holds == "every_step":
        parts.append("every step" if lang == "en" else "逐期")
    if r.start_date or r.deadline:
        parts.append(f"{r.start_date or '…'}~{r.deadline or '…'}")
    if r.level:
        parts.append(r.level)
    return " ".join(parts) + f"\n{r.indicator.name_zh}" + (f" [{r.indicator.common_id}]" if r.indicator.common_id else "")


def _summary(draft: Draft, lang: str) -> str:
    kinds = Counter(r.kind for r in draft.readings)
    left = sum(1 for f in draft.findings if f.left_out)
    review = sum(1 for r in draft.readings if r.review)
    by_kind = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    if lang == "en":
        return f"{len(draft.readings)} targets ({by_kind}); {review} with a review note; {left} clauses left out"
    return f"目标 {len(draft.readings)} 个（{by_kind}）；需复核 {review} 个；未采用的分句 {left} 个"


def _cut(text: str) -> str:
    return text if len(text) <= CLAUSE_WIDTH else text[: CLAUSE_WIDTH - 1] + "…"
