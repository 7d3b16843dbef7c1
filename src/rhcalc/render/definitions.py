"""The catalog for a person (rich tables) and for a script (the JSON shape of cli.md)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rhcalc.catalog.model import Catalog, Indicator, Target
from rhcalc.render.labels import KIND, LEVEL, pick, word


def target_dict(t: Target) -> dict[str, Any]:
    return {
        "id": t.id,
        "plan": t.plan,
        "indicator": t.indicator,
        "kind": t.kind.value,
        "value": t.value,
        "unit": t.unit,
        "level": t.level.value if t.level else None,
        "start": t.start.isoformat() if t.start else None,
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "frequency": t.frequency.value if t.frequency else None,
        "baseline": t.baseline,
        "threshold": t.threshold,
        "threshold_source": _threshold_source(t),
        # The rule spelled out; ``kind`` above stays its readable summary (cli.md).
        "measure": _value(t.measure),
        "test": _value(t.test),
        "holds": _value(t.holds),
        "pace": _value(t.pace),
        "compare": _value(t.compare),
        "title_zh": t.title_zh,
        "title_en": t.title_en,
        "source": {"document": t.source.document, "quote": t.source.quote},
    }


def _value(member: Any) -> Any:
    return member.value if member is not None else None


def _threshold_source(t: Target) -> dict[str, Any] | None:
    s = t.threshold_source
    return None if s is None else {"document": s.document, "clause": s.clause, "note": s.note}


def indicator_dict(i: Indicator) -> dict[str, Any]:
    return {
        "id": i.id, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit, "type": i.type.value,
        "numerator": i.numerator, "denominator": i.denominator, "factor": i.factor,
        "aggregate": i.aggregation.value, "aliases": list(i.aliases), "max": i.max,
    }


def catalog_json(catalog: Catalog, lang: str = "zh", indicator: str | None = None) -> str:
    """The indicators (or one) and their targets as cli.md's JSON; ``lang`` changes nothing (both names are in it)."""
    indicator_id = indicator
    indicators = [catalog.indicators[indicator_id]] if indicator_id else list(catalog.indicators.values())
    ids = {i.id for i in indicators}
    data = {
        "indicators": [indicator_dict(i) for i in indicators],
        "targets": [target_dict(t) for t in catalog.targets if t.indicator in ids],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def plans_json(catalog: Catalog, lang: str = "zh") -> str:
    plans = []
    for p in catalog.plans.values():
        targets = catalog.targets_of(p.id)
        plans.append({
            "id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "issuer": p.issuer, "document": p.document,
            "jurisdiction": p.jurisdiction, "level": p.level.value, "start": p.start.isoformat(), "end": p.end.isoformat(),
            "targets": len(targets), "kinds": dict(Counter(t.kind.value for t in targets)),
        })
    return json.dumps({"plans": plans}, ensure_ascii=False, indent=2) + "\n"


def plans_table(catalog: Catalog, lang: str) -> RenderableType:
    """A block per plan: names are long Chinese titles, so a table would fold them to shreds at 80 columns."""
    blocks: list[RenderableType] = []
    total = 0
    for p in catalog.plans.values():
        targets = catalog.targets_of(p.id)
        total += len(targets)
        kinds = Counter(t.kind.value for t in targets)
        kinds_text = " · ".join(f"{pick(KIND[k], lang)} {n}" for k, n in kinds.most_common())
        name = p.name_en if lang == "en" else p.name_zh
        count = f"{len(targets)} targets" if lang == "en" else f"目标 {len(targets)} 项"
        blocks.append(Text.assemble(
            (p.id, "bold cyan"), "  ", (name, "bold"), "\n",
            (f"  {p.issuer} · {p.jurisdiction} · {p.start}~{p.end}\n", "dim"),
            f"  {count}: {kinds_text}\n",
        ))
    blocks.append(Text(f"{len(catalog.plans)} plans, {len(catalog.indicators)} indicators, {total} targets"))
    return Group(*blocks)


def catalog_table(catalog: Catalog, lang: str = "zh", indicator: str | None = None) -> RenderableType:
    """Every indicator with its number of targets; or one indicator in full, with its targets and quotes."""
    return indicator_detail(catalog, indicator, lang) if indicator else indicators_table(catalog, lang)


def indicators_table(catalog: Catalog, lang: str) -> RenderableType:
    counts = Counter(t.indicator for t in catalog.targets)
    table = Table(pad_edge=False)
    table.add_column(word("id", lang), no_wrap=True)
    table.add_column(word("name", lang), overflow="fold", ratio=1)
    table.add_column(word("unit", lang), no_wrap=True)
    table.add_column(word("targets", lang), justify="right")
    for i in catalog.indicators.values():
        table.add_row(i.id, i.name(lang), i.unit, str(counts.get(i.id, 0)))
    return table


def indicator_detail(catalog: Catalog, indicator_id: str, lang: str) -> RenderableType:
    ind = catalog.indicators[indicator_id]
    head = Text.assemble((f"{ind.id}  ", "bold"), (ind.name(lang), "bold"), f"  [{ind.unit}, {ind.type.value}, {ind.aggregation.value}]")
    lines: list[RenderableType] = [head]
    if ind.numerator:
        lines.append(Text(f"= {ind.numerator} ÷ {ind.denominator} × {ind.factor:g}"))
    # One block per target rather than a table: quotes are long sentences and must stay whole.
    for t in catalog.targets:
        if t.indicator != indicator_id:
            continue
        value = "" if t.limit is None else f" {t.limit:g}{t.unit or ''}"
        level = pick(LEVEL[t.level.value], lang) if t.level else ""
        lines.append(Text.assemble(
            ("\n" + t.id, "bold"), f"  {t.plan}  {pick(KIND[t.kind.value], lang)}{value}  {level}  {t.start}~{t.deadline}\n",
            (f"  “{t.source.quote}”", "italic"), (f"  — {t.source.document}", "dim"),
        ))
    return Group(*lines)
