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
    "target_value": ("目标值", "Target"),
    "expected": ("应达", "Expected"),
    "attainment": ("达成率", "Attainment"),
    "status": ("状态", "Status"),
    "unit": ("单位", "Unit"),
    "note": ("备注", "Note"),
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
}

SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "note": ("提示", "note")}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def status_label(status: str, lang: str) -> str:
    return pick(STATUS[status], lang)
