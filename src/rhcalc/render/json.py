"""The JSON contract of shared/docs/cli.md: keys may be added, never renamed or dropped."""

from __future__ import annotations

import json
from typing import Any

from rhcalc.common.version import version
from rhcalc.score.model import Scorecard


def scorecard_dict(card: Scorecard, lang: str = "zh", explain: bool = False) -> dict[str, Any]:
    results = []
    for r in card.results:
        d = r.to_dict()
        if explain:
            from rhcalc.render.explain import explain as explain_line

            d["explain"] = explain_line(r, card, lang)
            d["quote"] = r.target.source.quote
        results.append(d)
    return {
        "rhcalc": version(),
        "as_of": card.as_of.isoformat() if card.as_of else None,
        "files": card.files,
        "counts": card.counts(),
        "results": results,
        "problems": [p.to_dict(lang) for p in card.problems],
        **({"completeness": card.completeness.to_dict()} if card.completeness else {}),
    }


def render_json(card: Scorecard, lang: str = "zh", explain: bool = False, **_: Any) -> str:
    return json.dumps(scorecard_dict(card, lang, explain), ensure_ascii=False, indent=2) + "\n"
