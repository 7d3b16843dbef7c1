"""One self-contained HTML page, a dashboard: inline CSS and SVG, no script, no web font, prints on A4.

The first screen answers “what is behind, and who”: whose report and when, the status counts as a
chart with what each status means, the attention list (reason, and for a city target the districts
holding it back), and for a city the district × target grid coloured by status. The rest follows
by the document's own sections. Built from templates/scorecard.html.j2 with autoescape on; the
result rows, the bulk of a page, are written by ``results_body`` here through the same escape.
Geometry for the SVG pictures comes from the JSON numbers — scale and position only, never a new
figure (render/svg.py draws them).
"""

from __future__ import annotations

import functools
from typing import Any

import markupsafe
from markupsafe import Markup

from rhcalc.common.numbers import fmt, pct
from rhcalc.common.version import version
from rhcalc.render import heading, svg
from rhcalc.render.attention import attention, by_section, city_attention, section_label, shown_ids
from rhcalc.render.labels import STATUS_COLOURS, STATUS_ORDER, SEVERITY, pick, status_label, word
from rhcalc.render.legend import legend_items, title as legend_title
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section, counts, sections, summary
from rhcalc.score.model import Scorecard


# typed, so that a str never gets the answer given for an equal Markup (which escape leaves as is)
@functools.lru_cache(maxsize=4096, typed=True)
def escape(text: str) -> str:
    """markupsafe's escape, remembered: most of a row's texts recur (titles, labels, the county's
    name in each of its rows, the same in every county's report), and escape() costs more than
    the lookup. A plain str, which an f-string formats faster than a Markup."""
    return str(markupsafe.escape(text))


def picture(row: Row) -> str:
    """What the target's rule draws (score/rules DRAW): a bar to its target, a figure under its ceiling,
    a position among peers, an arrow; nothing for a milestone (its measure reads 是 or 未完成，期限 …)."""
    d, draw = row.data, row.draw
    if draw == "check":
        return ""
    shown = f'<span class="pct">{escape(pct(d["attainment"]))}</span>' if d["attainment"] is not None else ""
    return _drawing(row, d, draw) + shown


def _drawing(row: Row, d: dict[str, Any], draw: str) -> str:
    a, t, x, how = d["actual"], d["target_value"], d["expected"], d["how"]
    if draw in ("bar", "limit") and a is not None and t is not None:
        scale = max(a, t, x or 0) or 1.0
        due = x / scale if x is not None and x != t and x > 0 else None
        return svg.bar(a / scale, t / scale, due, row.measure)
    if draw == "rank" and a is not None and how.get("peers") and how.get("best_position"):
        return svg.rank(a, how["peers"], how["best_position"], row.measure)
    if draw == "arrow" and how.get("change") is not None and how["change"] != 0:
        up = how["change"] > 0
        return svg.arrow(up, up != row.lower_better, row.measure)
    return ""


def trend(row: Row) -> str:
    """The periods' values as a sparkline; a rank drawn upside down, so that rising is improving."""
    points = [(p, v) for p, v in row.result.history if v is not None and v == v]
    if len(points) < 2:
        return ""
    label = "; ".join(f"{p}: {fmt(v, row.unit)}" for p, v in points)
    return svg.spark([v for _, v in points], label, row.lower_better, inverted=row.draw == "rank")


# Each result's <tr> is written here rather than in the template: a county report has 108 rows, and
# jinja2 spent more on its per-cell lookups and macro calls than on the rest of the page.
def results_body(rows: list[Row], district: bool, lang: str, explain: bool, document: str = "") -> Markup:
    note = escape(word("note", lang)) + escape(word("colon", lang))
    badge = {s: f'<span class="badge s-{s}">{escape(status_label(s, lang))}</span>' for s in STATUS_ORDER}
    out = ["<tbody>\n"]
    for r in rows:
        level = f" · {escape(r.level)}" if r.level else ""
        out.append(
            f'<tr class="s-{escape(r.status)}" data-target="{escape(r.target)}" data-district="{escape(r.district)}">'
            + (f'<td class="district">{escape(r.district)}</td>' if district else "")
            + f'<td class="title">{escape(r.title)} <span class="kind">{escape(r.kind)}{level}</span>'
            + (f'<div class="projection">{escape(r.projection)}</div>' if r.projection else "")
            + (f'<div class="note">{note}{escape(r.note)}</div>' if r.note else ""))
        if explain:
            cite = f" <cite>{escape(r.document)}</cite>" if r.document and r.document != document else ""
            threshold = f'<div class="threshold">{escape(r.labels.threshold)}</div>' if r.labels.threshold else ""
            out.append(f'<div class="explain">{escape(r.explain)}</div>'
                       f'<blockquote class="quote">“{escape(r.quote)}”{cite}{threshold}</blockquote>')
        period = escape(r.data["period"] or "—").replace("~", "~\u200b")  # a break point in 2024-01~2024-06
        out.append(f'</td><td class="period">{period}</td><td class="num">{escape(r.measure)}</td>'
                   f'<td class="att">{picture(r)}</td><td class="trend">{trend(r)}</td><td>{badge[r.status]}</td></tr>\n')
    out.append("</tbody>")
    return Markup("".join(out))


def grid_cell(row: Row | None) -> Markup:
    """A district × target cell: its status as the fill, its figure (是 / 未完成 / 85%) as the text."""
    if row is None:
        return Markup("<td></td>")
    text = "未完成" if row.due and row.labels.lang != "en" else ("not done" if row.due else row.measure)
    return Markup(f'<td class="cell s-{escape(row.status)}" data-target="{escape(row.target)}" '
                  f'title="{escape(row.status_label)}">{escape(text)}</td>')


def overview(card: Scorecard, lang: str) -> Markup:
    c = card.counts()
    order = [s for s in STATUS_ORDER if c.get(s)]
    return Markup(svg.stacked([(s, c[s], status_label(s, lang)) for s in order]))


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


def _plans(secs: list[Section], lang: str, explain: bool, leave_out: set[int]) -> list[dict[str, Any]]:
    """Each plan with its rows by the document's sections, the attention list's rows left out."""
    out = []
    for sec in secs:
        found = by_section([r for r in sec.own if id(r) not in leave_out])
        groups = [(section_label(d, lang, len(found)), rows) for d, rows in found]
        out.append({"sec": sec, "groups": groups, "several": len(sec.own_districts) > 1})
    return out


def context(card: Scorecard, lang: str, explain: bool, only: frozenset[str]) -> dict[str, Any]:
    secs = sections(card, lang, explain, only)
    district = heading.own_district(secs)
    items = attention(secs, lang) + (city_attention(secs, lang, district) if district else [])
    rows = [r for s in secs for r in s.rows]
    return {
        "lang": lang, "html_lang": "en" if lang == "en" else "zh-CN", "explain": explain,
        "w": lambda key: word(key, lang), "status_label": lambda s: status_label(s, lang),
        "severity": lambda s: pick(SEVERITY[s], lang),
        "title": heading.title(card, secs, lang), "results_text": heading.results_text(card, secs, lang),
        "as_of": card.as_of.isoformat() if card.as_of else "—", "files": heading.file_names(card),
        "total": len(card.results), "counts": counts(rows), "card_counts": card.counts(), "sections": secs,
        "summary": summary(secs), "overview": overview(card, lang), "legend": legend_items(lang),
        "legend_title": legend_title(lang), "attention": items, "show_who": heading.names_districts(secs),
        "plans": _plans(secs, lang, explain, shown_ids(items)), "district": district,
        "results_body": functools.partial(results_body, lang=lang, explain=explain), "grid_cell": grid_cell,
        "picture": lambda row: Markup(picture(row)),
        "league_counts": ("met", "on_track", "behind", "not_met"), "colours": STATUS_COLOURS, "order": STATUS_ORDER, "problems": card.problems, "version": version(),
        "only": [status_label(s, lang) for s in STATUS_ORDER if s in only], "completeness": None,
    }


def render_html(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
                **_: Any) -> str:
    ctx = context(card, lang, explain, only)
    # 上报情况 (issue 15): render/completeness.py's html fragment, where the card carries completeness.
    ctx["completeness"] = _completeness_html(card, lang)
    return _env().get_template("scorecard.html.j2").render(**ctx)


def _completeness_html(card: Scorecard, lang: str) -> Markup | None:
    """The hook for the 上报情况 section: None until a scorecard carries ``completeness``."""
    value = getattr(card, "completeness", None)
    if value is None:
        return None
    from rhcalc.render import completeness  # type: ignore[attr-defined]  # issue 15's module

    return Markup(completeness.completeness_html(value, lang))
