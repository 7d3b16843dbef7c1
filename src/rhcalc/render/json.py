"""The JSON contract of shared/docs/cli.md: keys may be added, never renamed or dropped."""

from __future__ import annotations

import json
from typing import Any

from rhcalc.common.version import version
from rhcalc.render import heading
from rhcalc.render.attention import attention
from rhcalc.render.legend import legend_items
from rhcalc.render.sections import sections
from rhcalc.score.model import Scorecard


def scorecard_dict(card: Scorecard, lang: str = "zh", explain: bool = False,
                   only: frozenset[str] = frozenset()) -> dict[str, Any]:
    results = []
    for r in card.results:
        if only and r.status.value not in only:
            continue
        d = r.to_dict()
        if explain:
            from rhcalc.render.explain import explain as explain_line

            d["explain"] = explain_line(r, card, lang)
            d["quote"] = r.target.source.quote
        results.append(d)
    secs = sections(card, lang, only=only)
    return {
        "rhcalc": version(),
        "title": heading.title(card, secs, lang),
        "period": card.period,
        "as_of": card.as_of.isoformat() if card.as_of else None,
        "files": heading.file_names(card),
        "counts": card.counts(),
        "attention": attention_list(secs, lang),
        "results": results,
        "problems": [p.to_dict(lang) for p in card.problems],
        "legend": {status: what for status, _, what in legend_items(lang)},
        **({"completeness": card.completeness.to_dict()} if card.completeness else {}),
    }


def attention_list(secs: list[Any], lang: str) -> list[dict[str, Any]]:
    """The targets behind or not met, worst first, as every report lists them first."""
    out = []
    for n, item in enumerate(attention(secs, lang), start=1):
        out.append({"rank": n, "district": item.who or None, "target": item.target, "title": item.title,
                    "status": item.status, "reason": item.reason, "held_back": item.held_back or None,
                    "districts": list(item.districts) or None})
    return out


def render_json(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
                **_: Any) -> str:
    return json.dumps(scorecard_dict(card, lang, explain, only), ensure_ascii=False, indent=2) + "\n"
