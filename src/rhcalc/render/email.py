"""The text of a report's email: how many targets in each status, those that need attention, the league.

Plain Chinese text (the recipients read Chinese), built from the same rows and labels as every
report (``render.sections``, ``render.labels``), so a status or a line of arithmetic reads here as
it does in the attachment. ``batch.outbox`` puts it into the message (through ``render.email_body``).
"""

from __future__ import annotations

from rhcalc.render.completeness import text_lines
from rhcalc.render.flat import Row
from rhcalc.render.labels import STATUS_MARK, status_label
from rhcalc.render.sections import Section, league, sections
from rhcalc.score.model import Scorecard

MAX_LINES = 15  # targets listed in a body; the attachment has them all
ATTENTION = ("not_met", "behind")  # worst first
LEAGUE = ("met", "on_track", "behind", "not_met")  # the counts each district's line gives


def email_body(card: Scorecard, title: str, period: str, summary: bool, attached: list[str]) -> str:
    """``title`` says who the report is about; ``summary``: the period's summary (its own targets
    listed, its districts' in the league and the attachment)."""
    secs = sections(card, "zh", explain=True)
    as_of = card.as_of.isoformat() if card.as_of else "—"
    lines = [f"{title} {period} 妇幼健康指标达标情况（截至 {as_of}）", ""]
    counts = card.counts()
    shown = "，".join(f"{_zh(s)} {n} 项" for s, n in counts.items() if n)
    lines += [f"共 {sum(counts.values())} 项目标：{shown or '无可评价目标'}。", ""]
    lines += _attention([row for sec in secs for row in (sec.own if summary else sec.rows)])
    lines += text_lines(card.completeness) if summary and card.completeness else []  # 上报情况: who to chase
    if summary:
        lines += _league(secs)
    if card.problems:
        lines += [f"填报数据问题 {len(card.problems)} 条，详见附件。", ""]
    if attached:
        lines.append(f"附件：{'、'.join(attached)}")
    lines += ["", "本邮件由 rhcalc 自动生成；数据为各单位填报，如有疑问请回复本邮件。"]
    return "\n".join(lines) + "\n"


def _zh(status: str) -> str:
    return status_label(status, "zh")


def _attention(rows: list[Row]) -> list[str]:
    """Targets not met or behind, the worst first, with the arithmetic behind each."""
    rows = sorted((r for r in rows if r.status in ATTENTION), key=lambda r: (ATTENTION.index(r.status), r.district))
    if not rows:
        return []
    lines = [f"需要关注（{'或'.join(_zh(s) for s in ATTENTION)}）："]
    lines += [f"- {STATUS_MARK[r.status]} {r.district} {r.title}：{r.explain or r.measure}" for r in rows[:MAX_LINES]]
    if len(rows) > MAX_LINES:
        lines.append(f"……另有 {len(rows) - MAX_LINES} 项，详见附件")
    return [*lines, ""]


def _league(secs: list[Section]) -> list[str]:
    """Each plan's league table as the reports rank it: met or on track, of the targets judged per district."""
    lines: list[str] = []
    for sec in secs:
        table = league(sec)
        if table is None:
            continue
        lines.append(f"{sec.name} 各区排名：")
        for line in table.lines:
            counts = "，".join(f"{_zh(s)} {line.counts[s]}" for s in LEAGUE)
            lines.append(f"{line.rank:>3}. {line.district}：{counts}")
        lines.append("")
    return lines
