"""Every label a report shows, in Chinese (the default) and English. Renderers look words up here."""

from __future__ import annotations

STATUS = {
    "met": ("达标", "met"),
    "on_track": ("进度正常", "on track"),
    "behind": ("进度落后", "behind"),
    "not_met": ("未达标", "not met"),
    "no_data": ("无数据", "no data"),
    "monitor": ("监测", "monitor"),
}

STATUS_STYLE = {
    "met": "bold green",
    "on_track": "green",
    "behind": "yellow",
    "not_met": "bold red",
    "no_data": "dim",
    "monitor": "cyan",
}

STATUS_ORDER = ["not_met", "behind", "on_track", "met", "no_data", "monitor"]

# (fill, text) colours for html and xlsx; fills light enough to print on a mono laser printer.
STATUS_COLOURS = {
    "met": ("#C6EFCE", "#006100"),
    "on_track": ("#E2F0D9", "#375623"),
    "behind": ("#FFEB9C", "#7F6000"),
    "not_met": ("#FFC7CE", "#9C0006"),
    "no_data": ("#EDEDED", "#595959"),
    "monitor": ("#DDEBF7", "#1F4E78"),
}

# A mark that survives plain-text email and a wiki table without colour.
STATUS_MARK = {"met": "✅", "on_track": "🟢", "behind": "🟡", "not_met": "🔴", "no_data": "⚪", "monitor": "🔵"}

KIND = {
    "at_least": ("不少于", "at least"),
    "at_most": ("不超过", "at most"),
    "coverage": ("覆盖", "coverage"),
    "per_period": ("每期", "per period"),
    "trend_down": ("下降", "falling"),
    "trend_up": ("上升", "rising"),
    "milestone": ("节点", "milestone"),
    "rank": ("排名", "rank"),
    "monitor": ("监测", "monitor"),
}

LEVEL = {
    "national": ("全国", "national"),
    "province": ("省级", "province"),
    "city": ("市级", "city"),
    "district": ("区级", "district"),
    "institution": ("机构", "institution"),
}

WORDS = {
    "district": ("地区", "District"),
    "period": ("期间", "Period"),
    "plan": ("规划文件", "Plan"),
    "target": ("目标", "Target"),
    "indicator": ("指标", "Indicator"),
    "actual": ("实际", "Actual"),
    "target_value": ("目标值", "Target value"),
    "expected": ("应达", "Expected"),
    "attainment": ("达成率", "Attainment"),
    "projected": ("按当前进度预计", "Projected at the current pace"),
    "status": ("状态", "Status"),
    "unit": ("单位", "Unit"),
    "note": ("备注", "Note"),
    # a city roll-up: the units its figure stands on (score/partial.py)
    "units_reported": ("已上报单位数", "Units reported"),
    "units_expected": ("应上报单位数", "Units expected"),
    "partial": ("部分上报", "Partial"),
    "deadline": ("期限", "Deadline"),
    "source": ("出处", "Source"),
    "explain": ("计算说明", "How"),
    "kind": ("类型", "Kind"),
    "level": ("层级", "Level"),
    "targets": ("目标数", "Targets"),
    "as_of": ("截至", "As of"),
    "problems": ("问题", "Problems"),
    "file": ("文件", "File"),
    "where": ("位置", "Where"),
    "code": ("代码", "Code"),
    "message": ("说明", "Message"),
    "severity": ("级别", "Severity"),
    "summary": ("汇总", "Summary"),
    "rank": ("排名", "Rank"),
    "name": ("名称", "Name"),
    "id": ("代码", "ID"),
    "document": ("文件", "Document"),
    "issuer": ("发文单位", "Issuer"),
    "window": ("期限", "Window"),
    "type": ("类型", "Type"),
    "and_more": ("……另有 {n} 条", "…and {n} more"),
    "no_results": ("没有可评分的目标：输入中没有目录所列指标的数据", "nothing to score: the input holds no data for the catalog's indicators"),
    "scorecard": ("达标情况", "Scorecard"),
    "league": ("各区排名", "League table"),
    "districts": ("各区", "Districts"),
    "target_id": ("目标代码", "Target ID"),
    "sheet": ("工作表", "Sheet"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "indicator_id": ("指标代码", "Indicator ID"),
    "by_district": ("各区情况", "By district"),
    "attention": ("需关注", "Needs attention"),
    "measure": ("实际 / 目标", "Actual / target"),
    "history": ("走势", "Trend"),
    "quote": ("原文", "Quote"),
    "total": ("合计", "Total"),
    "files": ("文件", "Files"),
    "generated_by": ("由 rhcalc {version} 生成", "Made by rhcalc {version}"),
    "on_course": ("达标或进度正常", "Met or on track"),
    "league_rule": ("按“达标或进度正常”的目标数排名，相同时按达标数，再按未达标数（少者在前）",
                    "Ranked by targets met or on track, then by targets met, then by fewest not met"),
    "periods_unit": ("期", "periods"),
    "done": ("是", "yes"),
    "not_done": ("否", "no"),
    "top": ("前", "top "),
    "vs": ("对比", "vs"),
    "legend": ("图例", "Legend"),
    "colon": ("：", ": "),
    "problem_list": ("数据问题清单", "Problems found in the submissions"),
    "problem_hint": ("请按文件、工作表、行和列找到单元格，改正后重新报送。", "Find each cell by file, sheet, row and column, correct it and send the file again."),
    "usable_rows": ("可用数据行", "usable rows"),
    "no_problems": ("未发现问题", "No problems found"),
    "bar_legend": ("条形为实际值，竖线为目标，虚线为截至日应完成量", "bar: actual; line: target; dashed: expected by the as-of date"),
    # The first screen: what needs attention, and the rest by the document's sections.
    "scorecard_of": ("{who} {period} 达标情况", "{who} {period}: scorecard"),
    "attention_none": ("没有未达标或进度落后的目标", "No target is behind or not met"),
    "attention_count": ("需关注（未达标或进度落后）{n} 项", "Needs attention (not met or behind): {n}"),
    "held_back": ("拖后单位", "Held back by"),
    "reason": ("原因", "Why"),
    "others": ("其余目标", "The other targets"),
    "other_section": ("其他", "Other"),
    "section": ("章节", "Section"),
    "threshold_from": ("阈值依据：", "threshold from: "),
    "not_done_due": ("未完成，期限 {deadline}", "not done, due {deadline}"),
    "only_shown": ("仅列出：{statuses}（共 {n} 项中的 {k} 项）", "Shown: {statuses} only ({k} of {n})"),
    "results_of": ("结果 {n} 项", "{n} results"),
    "results_fed": ("；另有 {k} 项全市目标含本区数据", "; this district's figures in {k} of the city's targets"),
    "results_split": ("结果 {n} 项（{own}{units}）", "{n} results ({own}{units})"),
    "results_own": ("{who} {n} 项", "{who} {n}"),
    "results_units": ("，{k} 个区各 {m} 项", ", {m} for each of {k} districts"),
    "results_units_mixed": ("，{k} 个区共 {m} 项", ", {m} over {k} districts"),
    "city_figures": ("本区数据在全市目标中的情况", "This district's figures in the city's targets"),
    "own_figure": ("本区", "This district"),
    "share": ("占全市", "Share of city"),
    "city_figure": ("全市", "City"),
    "city_status": ("全市状态", "City status"),
    "overview": ("概览", "Overview"),
    "grid": ("各区 × 目标", "Districts × targets"),
    "status_chart": ("各状态目标数", "Targets by status"),
    "plan_id": ("规划代码", "Plan ID"),
    "count": ("项数", "Count"),
    "attention_rank": ("需关注", "Attention"),
    "no_results_problems": ("没有可评分的目标：读取的文件中没有可用的数据，原因见上方的问题",
                            "nothing to score: the files read hold no usable data; the problems above say why"),
}

# Units as the catalog writes them (Chinese measure words) → how a reader sees them. “个” and “名” are
# bare classifiers with no English counterpart; rates per 10⁵ read “18.25/10万” in Chinese reports.
UNIT = {
    "是/否": ("", ""),
    "次": ("次", "times"),
    "人次": ("人次", "visits"),
    "人": ("人", "people"),
    "个": ("个", ""),
    "场": ("场", "events"),
    "家": ("家", "institutions"),
    "例": ("例", "cases"),
    "所": ("所", "schools"),
    "分": ("分", "points"),
    "条": ("条", "items"),
    "件": ("件", "items"),
    "台": ("台", "units"),
    "篇": ("篇", "articles"),
    "元": ("元", "yuan"),
    "万元": ("万元", "×10k yuan"),
    "项": ("项", "items"),
    "星": ("星", "stars"),
    "名": ("名", ""),
    "1/10万": ("/10万", "/100k"),
    "1/万": ("/万", "/10k"),
}

SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "note": ("提示", "note")}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def status_label(status: str, lang: str) -> str:
    return pick(STATUS[status], lang)


def kind_label(kind: str, lang: str) -> str:
    return pick(KIND[kind], lang)


def level_label(level: str | None, lang: str) -> str:
    return pick(LEVEL[level], lang) if level else ""


def unit_label(unit: str | None, lang: str) -> str:
    """The unit as a reader sees it; an unknown unit is shown as the catalog wrote it."""
    if not unit:
        return ""
    return pick(UNIT[unit], lang) if unit in UNIT else unit
