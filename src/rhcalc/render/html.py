"""One self-contained HTML scorecard: inline CSS and SVG, no script, no web font, prints on A4.

The page is built from templates/scorecard.html.j2 with autoescape on, so every text from a
submission (a note, a district name) is escaped; the result rows, the bulk of a page, are written
by ``results_body`` here, through the same markupsafe escape. Geometry for the SVG bars and
sparklines is computed here from the JSON numbers — scale and position only, never a new figure.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

import markupsafe
from markupsafe import Markup

from rhcalc.common.version import version
from rhcalc.common.numbers import fmt, pct
from rhcalc.render.labels import STATUS_COLOURS, STATUS_ORDER, SEVERITY, pick, status_label, word
from rhcalc.render.completeness import html_section
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section, counts, sections, summary
from rhcalc.score.model import Scorecard

BAR_W, BAR_H = 120, 14
SPARK_W, SPARK_H, SPARK_PAD = 84, 22, 3
# Kinds whose actual and target sit on one scale; a rank (lower is better) or a trend (no target) do not.
BAR_KINDS = {"at_least", "coverage", "at_most", "per_period", "milestone"}


class Bar(NamedTuple):
    width: float  # of the actual
    target_x: float
    expected_x: float | None
    label: str


class Spark(NamedTuple):
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


# typed, so that a str never gets the answer given for an equal Markup (which escape leaves as is)
@functools.lru_cache(maxsize=4096, typed=True)
def escape(text: str) -> str:
    """markupsafe's escape, remembered: most of a row's texts recur (titles, labels, the county's
    name in each of its rows, the same in every county's report), and escape() costs more than
    the lookup. A plain str, which an f-string formats faster than a Markup."""
    return str(markupsafe.escape(text))


# Each result's <tr> is written here rather than in the template: a county report has 108 rows, and
# jinja2 spent more on its per-cell lookups and macro calls than on the rest of the page. The
# template keeps the table around them. Every text goes through escape(), as autoescape would; the
# whitespace is what the template's trim_blocks left, so the pages are byte for byte as before.
def results_body(sec: Section, rows: list[Row], district: bool, lang: str, explain: bool) -> Markup:
    note = escape(word("note", lang)) + escape(word("colon", lang))
    badge = {s: f'<span class="badge s-{s}">{escape(status_label(s, lang))}</span>' for s in STATUS_ORDER}
    out = ["<tbody>\n"]
    for r in rows:
        d = r.data
        level = f" · {escape(r.level)}" if r.level else ""
        out.append(
            f'    <tr class="s-{escape(r.status)}" data-target="{escape(r.target)}" data-district="{escape(r.district)}">\n'
            + (f'<td class="district">{escape(r.district)}</td>' if district else "")
            + f'      <td class="title">{escape(r.title)} <span class="kind">{escape(r.kind)}{level}</span>\n'
            + (f'<div class="note">{note}{escape(r.note)}</div>' if r.note else ""))
        if explain:
            cite = f" <cite>{escape(r.document)}</cite>" if r.document and r.document != sec.document else ""
            out.append(f'        <div class="explain">{escape(r.explain)}</div>\n'
                       f'        <blockquote class="quote">“{escape(r.quote)}”{cite}</blockquote>\n')
        period = escape(d["period"] or "—").replace("~", "~\u200b")  # a break point in 2024-01~2024-06
        attainment = pct(d["attainment"]) if d["attainment"] is not None else ""
        out.append(
            "      </td>\n"
            f'      <td class="period">{period}</td>\n'
            f'      <td class="num">{escape(r.measure)}</td>\n'
            f'      <td class="att">{bar_svg(r)}<span class="pct">{escape(attainment)}</span></td>\n'
            f'      <td class="trend">{spark_svg(r)}</td>\n'
            f"      <td>{badge[r.status]}</td>\n"
            "    </tr>\n")
    out.append("  </tbody>")
    return Markup("".join(out))


def bar_svg(row: Row) -> str:
    b = bar(row)
    if b is None:
        return ""
    expected = "" if b.expected_x is None else (
        f'<line class="expected" x1="{b.expected_x}" y1="0" x2="{b.expected_x}" y2="{BAR_H}"/>')
    goal = min(b.target_x, BAR_W - 1)
    return (f'<svg class="bar" width="{BAR_W}" height="{BAR_H}" viewBox="0 0 {BAR_W} {BAR_H}" role="img" aria-label="{escape(b.label)}">\n'
            f'  <rect class="track" x="0" y="3" width="{BAR_W}" height="{BAR_H - 6}"/>\n'
            f'  <rect class="fill" x="0" y="3" width="{b.width}" height="{BAR_H - 6}"/>\n'
            f'{expected}  <line class="goal" x1="{goal}" y1="0" x2="{goal}" y2="{BAR_H}"/>\n'
            "</svg>\n")


def spark_svg(row: Row) -> str:
    s = spark(row)
    if s is None:
        return ""
    label = escape(s.label)
    return (f'<svg class="spark" width="{SPARK_W}" height="{SPARK_H}" viewBox="0 0 {SPARK_W} {SPARK_H}" role="img" aria-label="{label}">\n'
            f"  <title>{label}</title>\n"
            f'  <polyline points="{escape(s.points)}"/>\n'
            f'  <circle cx="{s.last[0]}" cy="{s.last[1]}" r="2"/>\n'
            "</svg>\n")


@functools.lru_cache(maxsize=1)  # compiling the template costs ~0.2 s: once per process, not per report
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rhcalc.render", "templates"),
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
        "results_body": functools.partial(results_body, lang=lang, explain=explain),
        "colours": STATUS_COLOURS, "order": STATUS_ORDER, "problems": card.problems, "version": version(),
        "returns": Markup(html_section(card.completeness, lang)) if card.completeness else "",
    }


def render_html(card: Scorecard, lang: str = "zh", explain: bool = False, **_: Any) -> str:
    return _env().get_template("scorecard.html.j2").render(**context(card, lang, explain))
