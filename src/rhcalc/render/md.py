"""A GitHub-flavoured Markdown scorecard for email bodies and wikis: whose and when, what needs
attention first, then each plan by the document's own sections, and what the statuses mean.

Cells escape what would break the table (| and newlines) and what a Markdown-to-HTML step would
pass through as markup (<, >, &), so a note holding <script> stays text.
"""

from __future__ import annotations

from typing import Any

from rhcalc.common.numbers import fmt, pct
from rhcalc.common.version import version
from rhcalc.render import heading
from rhcalc.render.attention import Item, attention, by_section, city_attention, section_label, shown_ids
from rhcalc.render.labels import SEVERITY, STATUS_MARK, STATUS_ORDER, pick, status_label, word
from rhcalc.render.completeness import md_lines
from rhcalc.render.legend import legend_items, title as legend_title
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section, by_target, counts, league, sections
from rhcalc.score.model import Scorecard

ESCAPES = {"\\": "\\\\", "|": "\\|", "&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "\\`", "*": "\\*", "_": "\\_"}


def cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = "".join(ESCAPES.get(ch, ch) for ch in text)
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def table(header: list[str], rows: list[list[Any]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return lines


def status_cell(status: str, lang: str) -> str:
    return f"{STATUS_MARK[status]} {status_label(status, lang)}"


def counts_line(rows: list[Row], lang: str) -> str:
    return " · ".join(f"{status_cell(s, lang)} {n}" for s, n in counts(rows).items() if n)


def results(rows: list[Row], lang: str, explain: bool, district: bool) -> list[str]:
    header = ([word("district", lang)] if district else []) + [
        word("target", lang), word("period", lang), word("measure", lang), word("attainment", lang), word("status", lang)]
    has_note = any(r.note for r in rows)
    has_projection = any(r.projection for r in rows)
    header += [word("projected", lang)] if has_projection else []
    header += [word("note", lang)] if has_note else []
    header += [word("explain", lang), word("quote", lang)] if explain else []
    body = []
    for r in rows:
        line = ([r.district] if district else []) + [
            r.title, r.data["period"] or "—", r.measure, pct(r.data["attainment"]) if r.draw != "check" else "",
            status_cell(r.status, lang)]
        line += [r.projection] if has_projection else []
        line += [r.note] if has_note else []
        line += [r.explain, f"“{r.quote}”" + (f"<br>{r.labels.threshold}" if r.labels.threshold else "")] if explain else []
        body.append(line)
    first_number = 3 if district else 2
    return table(header, body, right={first_number, first_number + 1})


def attention_lines(items: list[Item], lang: str, show_who: bool) -> list[str]:
    if not items:
        return [f"## {word('attention_none', lang)}", ""]
    named, noted = any(i.held_back for i in items), any(i.note for i in items)
    header = ["#", word("status", lang), word("target", lang), word("measure", lang), word("reason", lang)]
    header += [word("held_back", lang)] if named else []
    header += [word("note", lang)] if noted else []
    body = []
    for n, i in enumerate(items, start=1):
        title = f"{i.who} · {i.title}" if i.who and show_who else i.title
        body.append([n, status_cell(i.status, lang), title, i.measure, i.reason]
                    + ([i.held_back] if named else []) + ([i.note] if noted else []))
    return [f"## {word('attention_count', lang).format(n=len(items))}", "", *table(header, body, right={0}), ""]


def league_lines(sec: Section, lang: str) -> list[str]:
    lg = league(sec)
    if lg is None:
        return []
    header = [word("rank", lang), word("district", lang)] + [g.title for g in lg.targets] + [word("on_course", lang)]
    body = []
    for line in lg.lines:
        cells = [line.cells.get(g.target) for g in lg.targets]
        marks = [f"{STATUS_MARK[c.status]} {c.measure}" if c else "" for c in cells]
        body.append([line.rank, line.district, *marks, line.counts["met"] + line.counts["on_track"]])
    return [f"### {word('league', lang)}", "", *table(header, body, right={0, len(header) - 1}), ""]


def city_lines(rows: list[Row], lang: str, district: str) -> list[str]:
    """A district's own report: its figure in each city target, its share, the city's figure and status."""
    body = []
    for r in rows:
        body.append([r.title, r.part_figure(district), r.part_share(district), r.measure, status_cell(r.status, lang)])
    head = [word("target", lang), *(word(k, lang) for k in ("own_figure", "share", "city_figure", "city_status"))]
    return [f"### {word('city_figures', lang)}", "", *table(head, body, right={1, 2, 3}), ""]


def section_lines(sec: Section, lang: str, explain: bool, leave_out: set[int], district: str | None) -> list[str]:
    lines = [f"## {cell(sec.name)}", "", f"{cell(sec.issuer)} · {counts_line(sec.rows, lang)}", ""]
    several = len({r.district for r in sec.own}) > 1
    found = by_section([r for r in sec.own if id(r) not in leave_out])
    for doc_section, rows in found:
        label = section_label(doc_section, lang, len(found))
        lines += [f"### {cell(label)}", ""] if label else []
        lines += [*results(rows, lang, explain, district=several), ""]
    if sec.units:
        lines += [f"### {word('by_district', lang)} ({len(sec.unit_districts)})", ""]
        if sec.detailed:
            lines += [*results(sec.units, lang, explain, district=True), ""]
            lines += league_lines(sec, lang)
        else:  # thousands of units: how many reached each target (each unit has its own report)
            head = [word("target", lang)] + [status_label(s, lang) for s in STATUS_ORDER]
            body = [[g.title, *[g.counts[s] or "" for s in STATUS_ORDER]] for g in by_target(sec.units)]
            lines += [*table(head, body, right=set(range(1, len(head)))), ""]
    if sec.city and district:
        lines += city_lines(sec.city, lang, district)
    return lines


def render_md(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
              **_: Any) -> str:
    secs = sections(card, lang, explain, only)
    district = heading.own_district(secs)
    items = attention(secs, lang) + (city_attention(secs, lang, district) if district else [])
    c = card.counts()
    lines = [f"# {cell(heading.title(card, secs, lang))}", "",
             f"{word('as_of', lang)} {card.as_of or '—'} · {cell(heading.results_text(card, secs, lang))} · "
             + " · ".join(f"{status_cell(s, lang)} {c[s]}" for s in STATUS_ORDER if c.get(s)), ""]
    if not card.results:
        lines += [word("no_results", lang), ""]
    else:
        lines += attention_lines(items, lang, heading.names_districts(secs))
    lines += md_lines(card.completeness, lang, table) if card.completeness else []  # 上报情况 (issue 15)
    for sec in secs:
        lines += section_lines(sec, lang, explain, shown_ids(items), district)
    if card.problems:
        lines += [f"## {word('problems', lang)} ({len(card.problems)})", ""]
        probs = [[p.location.describe(), pick(SEVERITY[p.severity.value], lang), p.code, p.message(lang)] for p in card.problems]
        lines += [*table([word(k, lang) for k in ("where", "severity", "code", "message")], probs), ""]
    lines += [f"**{legend_title(lang)}**", ""]
    lines += [f"- {STATUS_MARK[s]} {label}{word('colon', lang)}{what}" for s, label, what in legend_items(lang)]
    lines += ["", f"<sub>{word('generated_by', lang).format(version=version())}</sub>"]
    return "\n".join(lines) + "\n"
