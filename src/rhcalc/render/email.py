"""The text of a report's email: how many targets in each status, those that need attention, the league.

Plain Chinese text (the recipients read Chinese), built from the same rows as every report
(``render.sections``), so a status or a line of arithmetic reads here as it does in the attachment.
``batch.outbox`` puts it into the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rhcalc.render.labels import STATUS_MARK, status_label

if TYPE_CHECKING:
    from rhcalc.batch.reports import Report
    from rhcalc.render.flat import Row
    from rhcalc.render.sections import Section

MAX_LINES = 15  # targets listed in a body; the attachment has them all


def email_body(report: Report, attached: list[str]) -> str:
    """A short Chinese text: how many targets in each status, those that need attention, the league."""
    from rhcalc.render.sections import sections

    card = report.card
    secs = sections(card, "zh", explain=True)
    as_of = card.as_of.isoformat() if card.as_of else "—"
    lines = [f"{report.title} {report.period} 妇幼健康指标达标情况（截至 {as_of}）", ""]
    counts = card.counts()
    shown = "，".join(f"{status_label(s, 'zh')} {n} 项" for s, n in counts.items() if n)
    lines += [f"共 {sum(counts.values())} 项目标：{shown or '无可评价目标'}。", ""]
    # A summary lists the city's own targets; its districts' are in the league and the attachment.
    lines += _attention([row for sec in secs for row in (sec.own if report.is_summary else sec.rows)])
    if report.is_summary:
        lines += _league(secs)
    if card.problems:
        lines += [f"填报数据问题 {len(card.problems)} 条，详见附件。", ""]
    if attached:
        lines.append(f"附件：{'、'.join(attached)}")
    lines += ["", "本邮件由 rhcalc 自动生成；数据为各单位填报，如有疑问请回复本邮件。"]
    return "\n".join(lines) + "\n"


def _attention(rows: list["Row"]) -> list[str]:
    """Targets not met or behind, the worst first, with the arithmetic behind each."""
    rows = sorted((r for r in rows if r.status in ("not_met", "behind")), key=lambda r: (r.status != "not_met", r.district))
    if not rows:
        return []
    lines = ["需要关注（未达标或进度落后）："]
    lines += [f"- {STATUS_MARK[r.status]} {r.district} {r.title}：{r.explain or r.measure}" for r in rows[:MAX_LINES]]
    if len(rows) > MAX_LINES:
        lines.append(f"……另有 {len(rows) - MAX_LINES} 项，详见附件")
    return [*lines, ""]


def _league(secs: list["Section"]) -> list[str]:
    """Each plan's league table as the reports rank it: met or on track, of the targets judged per district."""
    from rhcalc.render.sections import league

    lines: list[str] = []
    for sec in secs:
        table = league(sec)
        if table is None:
            continue
        lines.append(f"{sec.name} 各区排名：")
        for line in table.lines:
            c = line.counts
            lines.append(f"{line.rank:>3}. {line.district}：达标 {c['met']}，进度正常 {c['on_track']}，"
                         f"进度落后 {c['behind']}，未达标 {c['not_met']}")
        lines.append("")
    return lines
