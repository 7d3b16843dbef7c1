"""A GitHub-flavoured Markdown scorecard for email bodies and wikis: a table per plan.

Cells escape what would break the table (| and newlines) and what a Markdown-to-HTML step would
pass through as markup (<, >, &), so a note holding <script> stays text.
"""

from __future__ import annotations

from typing import Any

from rhcalc.common.version import version
from rhcalc.common.numbers import pct
from rhcalc.render.labels import SEVERITY, STATUS_MARK, STATUS_ORDER, pick, status_label, word
from rhcalc.render.completeness import md_lines
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
    header += [word("note", lang)] if has_note else []
    header += [word("explain", lang), word("quote", lang)] if explain else []
    body = []
    for r in rows:
        line = ([r.district] if district else []) + [
            r.title, r.data["period"] or "—", r.measure, pct(r.data["attainment"]), status_cell(r.status, lang)]
        line += [r.note] if has_note else []
        line += [r.explain, f"“{r.quote}”"] if explain else []
        body.append(line)
    first_number = 3 if district else 2
    return table(header, body, right={first_number, first_number + 1})


def league_lines(sec: Section, lang: str) -> list[str]:
    lg = league(sec)
    if lg is None:
        return []
    header = [word("rank", lang), word("district", lang)] + [g.title for g in lg.targets] + [word("on_course", lang)]
    body = []
    for line in lg.lines:
        cells = [line.cells.get(g.target) for g in lg.targets]
        marks = [f"{STATUS_MARK[c.status]} {pct(c.data['attainment'])}" if c else "" for c in cells]
        body.append([line.rank, line.district, *marks, line.counts["met"] + line.counts["on_track"]])
    return [f"### {word('league', lang)}", "", *table(header, body, right={0, len(header) - 1}), ""]


def section_lines(sec: Section, lang: str, explain: bool) -> list[str]:
    lines = [f"## {cell(sec.name)}", "", f"{cell(sec.issuer)} · {counts_line(sec.rows, lang)}", ""]
    if sec.own:
        lines += [*results(sec.own, lang, explain, district=len({r.district for r in sec.own}) > 1), ""]
    if sec.units:
        lines += [f"### {word('by_district', lang)} ({len(sec.unit_districts)})", ""]
        if sec.detailed:
            lines += [*results(sec.units, lang, explain, district=True), ""]
            lines += league_lines(sec, lang)
        else:  # thousands of units: how many reached each target (each unit has its own report)
            head = [word("target", lang)] + [status_label(s, lang) for s in STATUS_ORDER]
            body = [[g.title, *[g.counts[s] or "" for s in STATUS_ORDER]] for g in by_target(sec.units)]
            lines += [*table(head, body, right=set(range(1, len(head)))), ""]
    return lines


def render_md(card: Scorecard, lang: str = "zh", explain: bool = False, **_: Any) -> str:
    secs = sections(card, lang, explain)
    lines = [f"# {word('scorecard', lang)}", "",
             f"{word('as_of', lang)} {card.as_of or '—'} · {word('targets', lang)} {len(card.results)} · "
             f"{counts_line([r for s in secs for r in s.rows], lang)}", ""]
    if not card.results:
        lines += [word("no_results", lang), ""]
    lines += md_lines(card.completeness, lang, table) if card.completeness else []
    for sec in secs:
        lines += section_lines(sec, lang, explain)
    if card.problems:
        lines += [f"## {word('problems', lang)} ({len(card.problems)})", ""]
        probs = [[p.location.describe(), pick(SEVERITY[p.severity.value], lang), p.code, p.message(lang)] for p in card.problems]
        lines += [*table([word(k, lang) for k in ("where", "severity", "code", "message")], probs), ""]
    lines.append(f"<sub>{word('generated_by', lang).format(version=version())}</sub>")
    return "\n".join(lines) + "\n"
