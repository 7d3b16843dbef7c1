"""One self-contained HTML scorecard: inline CSS and SVG, no script, no web font, prints on A4.

The page is built from templates/scorecard.html.j2 with autoescape on, so every text from a
submission (a note, a district name) is escaped. Geometry for the SVG bars and sparklines is
computed here from the JSON numbers — scale and position only, never a new figure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from rhcalc import __version__
from rhcalc.explain import fmt, pct
from rhcalc.labels import STATUS_COLOURS, STATUS_ORDER, SEVERITY, pick, status_label, word
from rhcalc.render.rows import Row, by_target, counts, league, sections, summary
from rhcalc.score import Scorecard

BAR_W, BAR_H = 120, 14
SPARK_W, SPARK_H, SPARK_PAD = 84, 22, 3
# Kinds whose actual and target sit on one scale; a rank (lower is better) or a trend (no target) do not.
BAR_KINDS = {"at_least", "coverage", "at_most", "per_period", "milestone"}


@dataclass(frozen=True)
class Bar:
    width: float  # of the actual
    target_x: float
    expected_x: float | None
    label: str


@dataclass(frozen=True)
class Spark:
    points: str  # “x,y x,y …” for a polyline
    last: tuple[float, float]
    label: str


def bar(row: Row) -> Bar | None:
    d = row.data
    a, t, x = d["actual"], d["target_value"], d["expected"]
    if d["kind"] not in BAR_KINDS or a is None or t is None:
        return None
    scale = max(a, t, x or 0) or 1.0
    show_expected = x is not None and x != t and 0 < x
    return Bar(round(a / scale * BAR_W, 1), round(t / scale * BAR_W, 1),
               round(x / scale * BAR_W, 1) if show_expected else None, row.measure)


def spark(row: Row) -> Spark | None:
    """A line through the periods' values (Result.history), where there are two or more."""
    points = [(p, v) for p, v in row.result.history if v is not None and v == v]
    if len(points) < 2:
        return None
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_W - 2 * SPARK_PAD) / (len(points) - 1)
    xy = [(round(SPARK_PAD + i * step, 1), round(SPARK_H - SPARK_PAD - (v - low) / span * (SPARK_H - 2 * SPARK_PAD), 1))
          for i, v in enumerate(values)]
    label = "; ".join(f"{p}: {fmt(v, row.unit)}" for p, v in points)
    return Spark(" ".join(f"{x},{y}" for x, y in xy), xy[-1], label)


@functools.lru_cache(maxsize=1)  # compiling the template costs ~0.2 s: once per process, not per report
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rhcalc", "templates"),
        autoescape=True,  # every value is text from somewhere; nothing is trusted markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(pct=pct, fmt=fmt)
    return env


def context(card: Scorecard, lang: str, explain: bool) -> dict[str, Any]:
    secs = sections(card, lang, explain)
    rows = [r for s in secs for r in s.rows]
    return {
        "lang": lang, "html_lang": "en" if lang == "en" else "zh-CN", "explain": explain,
        "w": lambda key: word(key, lang), "status_label": lambda s: status_label(s, lang),
        "severity": lambda s: pick(SEVERITY[s], lang),
        "as_of": card.as_of.isoformat() if card.as_of else "—", "files": card.files,
        "total": len(card.results), "counts": counts(rows), "sections": secs, "summary": summary(secs),
        "league": league, "by_target": by_target, "bar": bar, "spark": spark, "section_counts": counts,
        "colours": STATUS_COLOURS, "order": STATUS_ORDER, "problems": card.problems,
        "version": __version__, "sizes": {"bar_w": BAR_W, "bar_h": BAR_H, "spark_w": SPARK_W, "spark_h": SPARK_H},
    }


def render_html(card: Scorecard, lang: str = "zh", explain: bool = False, **_: Any) -> str:
    return _env().get_template("scorecard.html.j2").render(**context(card, lang, explain))
