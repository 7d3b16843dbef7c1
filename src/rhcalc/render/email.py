"""The body of a report e-mail, in the batch's language: whose and when, the counts, what needs
attention first (the reason, who holds a city target back, the submission's note), a district's
figures in the city's targets, the league for the city, what the statuses mean.

Plain text, read in any mail program and on a phone: the same first screen as the attached
workbook's 概览 and the page's top, from the same functions (render/attention.py, heading.py).
``batch.outbox`` puts it into the message (through ``render.email_body``).
"""

from __future__ import annotations

from typing import Any

from rhcalc.render import heading
from rhcalc.render.attention import Item, attention, city_attention
from rhcalc.render.completeness import text_lines
from rhcalc.render.labels import STATUS_MARK, STATUS_ORDER, pick, status_label, word
from rhcalc.render.legend import legend_text, title as legend_title
from rhcalc.render.sections import Section, league, sections
from rhcalc.score.model import Scorecard

MAX_LINES = 15  # targets listed in a body; the attachment has them all
TEXT = {
    "heading": ("{title}（截至 {as_of}）", "{title} (as of {as_of})"),
    "counts": ("{results}：{counts}。", "{results}: {counts}."),
    "count": ("{label} {n} 项", "{label} {n}"),
    "nothing": ("无可评价目标", "nothing to judge"),
    "more": ("……另有 {n} 项，详见附件", "…and {n} more in the attachment"),
    "league": ("{plan} 各区排名：", "{plan}, districts ranked:"),
    "league_line": ("{rank:>3}. {district}：达标 {met}，进度正常 {on_track}，进度落后 {behind}，未达标 {not_met}",
                    "{rank:>3}. {district}: met {met}, on track {on_track}, behind {behind}, not met {not_met}"),
    "problems": ("填报数据问题 {n} 条，详见附件。", "{n} problem(s) in the submitted data: see the attachment."),
    "attached": ("附件：{files}", "Attached: {files}"),
    "footer": ("本邮件由 rhcalc 自动生成；数据为各单位填报，如有疑问请回复本邮件。",
               "Sent by rhcalc; the figures are those the units submitted. Reply to this message with any question."),
    "city_line": ("- {title}：本区 {own}{share}；全市 {city}，{status}", "- {title}: this district {own}{share}; city {city}, {status}"),
    "share": ("，占全市 {share}", ", {share} of the city's"),
}


def t(key: str, lang: str, **values: Any) -> str:
    return pick(TEXT[key], lang).format(**values)


def email_body(card: Scorecard, title: str, period: str, is_summary: bool, attached: list[str], lang: str = "zh",
               only: frozenset[str] = frozenset()) -> str:
    """The text of one report's e-mail; ``title`` is whose it is (the district, or the city for a summary);
    ``is_summary``: the period's summary (the city's own targets and its districts' shortfalls listed,
    the league); ``only``: the statuses listed (--only), all when empty."""
    secs = sections(card, lang, only=only)
    district = None if is_summary else heading.own_district(secs)
    as_of = card.as_of.isoformat() if card.as_of else "—"
    report_title = heading.title(card, secs, lang) if secs else f"{title} {period}".strip()
    lines = [t("heading", lang, title=report_title, as_of=as_of), "", _counts(card, secs, lang), ""]
    # A summary lists the city's own targets and its districts' shortfalls; the league and the attachment the rest.
    items = attention(secs, lang) + (city_attention(secs, lang, district) if district else [])
    lines += attention_lines(items, lang, heading.names_districts(secs))
    lines += text_lines(card.completeness, lang) if is_summary and card.completeness else []  # 上报情况: who to chase
    if district:
        lines += city_lines(secs, lang, district)
    if is_summary:
        lines += league_lines(secs, lang)
    if card.problems:
        lines += [t("problems", lang, n=len(card.problems)), ""]
    if attached:
        lines.append(t("attached", lang, files=("、" if lang != "en" else ", ").join(attached)))
    lines += ["", f"{legend_title(lang)}{word('colon', lang)}{legend_text(lang)}", "", t("footer", lang)]
    return "\n".join(lines) + "\n"


def _counts(card: Scorecard, secs: list[Section], lang: str) -> str:
    c = card.counts()
    shown = ("，" if lang != "en" else ", ").join(
        t("count", lang, label=status_label(s, lang), n=c[s]) for s in STATUS_ORDER if c.get(s))
    return t("counts", lang, results=heading.results_text(card, secs, lang), counts=shown or t("nothing", lang))


def attention_lines(items: list[Item], lang: str, show_who: bool) -> list[str]:
    """Targets not met or behind, the worst first: each with its figure, its reason and who holds it back."""
    if not items:
        return [word("attention_none", lang), ""]
    lines = [word("attention_count", lang).format(n=len(items)) + word("colon", lang)]
    colon = word("colon", lang)
    for n, i in enumerate(items[:MAX_LINES], start=1):
        who = f"{i.who} " if i.who and show_who else ""
        measure = f"{colon}{i.measure}" if i.measure else ""
        lines.append(f"{n}. {STATUS_MARK[i.status]} {i.status_label} {who}{i.title}{measure}")
        lines.append(f"   {i.reason}")
        if i.held_back:
            lines.append(f"   {word('held_back', lang)}{colon}{i.held_back}")
        if i.note:
            lines.append(f"   {word('note', lang)}{colon}{i.note}")
    if len(items) > MAX_LINES:
        lines.append(t("more", lang, n=len(items) - MAX_LINES))
    return [*lines, ""]


def city_lines(secs: list[Section], lang: str, district: str) -> list[str]:
    """本区数据在全市目标中的情况: its figure, its share, the city's figure and status, target by target."""
    rows = [r for sec in secs for r in sec.city]
    if not rows:
        return []
    lines = [word("city_figures", lang) + word("colon", lang)]
    for r in rows:
        share = t("share", lang, share=r.part_share(district)) if r.part_share(district) else ""
        lines.append(t("city_line", lang, title=r.title, own=r.part_figure(district), share=share, city=r.measure,
                       status=r.status_label))
    return [*lines, ""]


def league_lines(secs: list[Section], lang: str) -> list[str]:
    """Each plan's league table as the reports rank it: met or on track, of the targets judged per district."""
    lines: list[str] = []
    for sec in secs:
        table = league(sec)
        if table is None:
            continue
        lines.append(t("league", lang, plan=sec.name))
        lines += [t("league_line", lang, rank=line.rank, district=line.district, **line.counts) for line in table.lines]
        lines.append("")
    return lines
