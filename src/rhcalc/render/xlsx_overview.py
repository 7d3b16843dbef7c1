"""The 概览 sheet a workbook opens on: whose and when, the status counts with a native Excel chart and
what each status means, the attention list (reason, who holds a city target back), and in a
district's own report its figures in the city's targets.

The chart is Excel's own (xlsxwriter ``add_chart``) over the counts' cells, so it prints, recolours
and copies into a Word report as a chart, not a picture.
"""

from __future__ import annotations

from typing import Any

from rhcalc.render import heading
from rhcalc.render.attention import Item
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section
from rhcalc.render.labels import STATUS_COLOURS, STATUS_ORDER, status_label, word
from rhcalc.render.legend import legend_items, title as legend_title
from rhcalc.render.sheet import Sheet, Styles
from rhcalc.score.model import Scorecard

# One layout for the sheet's tables (a column's width serves each): the attention list's columns, and
# a district's figures in the city's targets under 目标 | 地区→本区 | 实际→占全市 | 原因→全市 | 拖后→全市状态.
ATTENTION_HEAD = ["attention_rank", "status", "target", "district", "measure", "reason", "held_back", "note", "plan"]
WIDTHS = [9, 10, 32, 11, 16, 56, 28, 22, 24]
WRAPPED = {"target", "reason", "held_back", "note", "plan"}
CHART_ROW = 3


def write_overview(wb: Any, st: Styles, sh: Sheet, card: Scorecard, secs: list[Section], items: list[Item],
                   lang: str, district: str | None) -> None:
    ws = sh.ws
    ws.write_string(0, 0, heading.title(card, secs, lang), st.title)
    ws.write_string(1, 0, _meta(card, secs, lang), st.meta)
    row = _counts(wb, st, sh, card, lang)
    row = _attention(st, sh, items, lang, row + 1, bool(district) or heading.names_districts(secs))
    if district:
        for sec in secs:
            if sec.city:
                row = _city(st, sh, sec.city, lang, district, row + 1)
    sh.fit(dict(enumerate(WIDTHS)))
    for col, width in enumerate(WIDTHS):  # the widths of the layout, not of the longest text: reasons wrap
        ws.set_column(col, col, width)
    sh.print_setup(CHART_ROW)
    ws.freeze_panes(0, 0)
    ws.activate()


def _meta(card: Scorecard, secs: list[Section], lang: str) -> str:
    plan = f"{secs[0].name} · " if len(secs) == 1 else ""
    files = heading.file_names(card)
    listed = f" · {word('files', lang)}{word('colon', lang)}{'、'.join(files)}" if files else ""
    return f"{plan}{word('as_of', lang)} {card.as_of or '—'} · {heading.results_text(card, secs, lang)}{listed}"


def _counts(wb: Any, st: Styles, sh: Sheet, card: Scorecard, lang: str) -> int:
    """状态 | 项数 | 说明, one row per status, and the chart over them beside the table."""
    top = CHART_ROW
    for col, key in enumerate(("status", "count")):
        sh.text(top, col, word(key, lang), st.head)
    sh.text(top, 2, legend_title(lang), st.head)
    c = card.counts()
    for i, (status, label, what) in enumerate(legend_items(lang), start=top + 1):
        sh.text(i, 0, label, st.status[status])
        sh.number(i, 1, c.get(status, 0), st.int)
        sh.ws.merge_range(i, 2, i, 4, what, st.text)
    last = top + len(STATUS_ORDER)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({
        "name": word("status_chart", lang),
        "categories": [sh.ws.name, top + 1, 0, last, 0],
        "values": [sh.ws.name, top + 1, 1, last, 1],
        # The text colours: the pale fills of the cells vanish as bars on a mono printer.
        "points": [{"fill": {"color": STATUS_COLOURS[s][1]}, "border": {"color": STATUS_COLOURS[s][1]}} for s in STATUS_ORDER],
        "data_labels": {"value": True},
    })
    chart.set_title({"name": word("status_chart", lang), "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})  # the worst status on top, as the table lists them
    chart.set_size({"width": 420, "height": 190})
    sh.ws.insert_chart(top, 5, chart, {"x_offset": 20})
    return max(last, top + 10)


def _attention(st: Styles, sh: Sheet, items: list[Item], lang: str, top: int, show_who: bool) -> int:
    """序号 | 状态 | 目标 | 地区 | 实际 / 目标 | 原因 | 拖后单位 | 备注 | 规划文件."""
    head = word("attention_count", lang).format(n=len(items)) if items else word("attention_none", lang)
    sh.ws.write_string(top, 0, head, st.bold)
    if not items:
        return top + 1
    cells = {"attention_rank": lambda n, i: n, "status": lambda n, i: i.status_label, "target": lambda n, i: i.title,
             "district": lambda n, i: i.who, "measure": lambda n, i: i.measure, "reason": lambda n, i: i.reason,
             "held_back": lambda n, i: i.held_back, "note": lambda n, i: i.note, "plan": lambda n, i: i.plan}
    keys = ATTENTION_HEAD
    for col, key in enumerate(keys):
        sh.text(top + 1, col, word(key, lang), st.head)
    row = top + 1
    for n, item in enumerate(items, start=1):
        row += 1
        for col, key in enumerate(keys):
            value = cells[key](n, item)
            if key == "attention_rank":
                sh.number(row, col, value, st.int)
            elif key == "status":
                sh.text(row, col, value, st.status[item.status])
            else:
                sh.text(row, col, value if key != "district" or show_who else "", st.wrap, wrap=key in WRAPPED)
    return row + 1


def _city(st: Styles, sh: Sheet, rows: list[Row], lang: str, district: str, top: int) -> int:
    """本区数据在全市目标中的情况: its figure, its share of the city's, the city's figure and status."""
    sh.ws.write_string(top, 0, word("city_figures", lang), st.bold)
    head = ["target", "own_figure", "share", "city_figure", "city_status"]
    for col, key in enumerate(head, start=2):
        sh.text(top + 1, col, word(key, lang), st.head)
    row = top + 1
    for r in rows:
        row += 1
        part = r.part(district)
        sh.text(row, 2, r.title, st.wrap, wrap=True)
        sh.text(row, 3, r.part_figure(district), st.text)
        sh.number(row, 4, part.share if part else None, st.pct, "100%")
        sh.text(row, 5, r.measure, st.text)
        sh.text(row, 6, status_label(r.status, lang), st.status[r.status])
    return row + 1
