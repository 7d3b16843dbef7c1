"""What each status means, in words: the legend every format prints and ``rhcalc score --help`` shows.

A chip that says 进度正常 beside an empty bar, with nothing saying what 进度正常 is, makes a director
guess. These sentences are the JSON contract's definitions (shared/docs/cli.md) in a reader's words.
"""

from __future__ import annotations

from rhcalc.render.labels import STATUS_ORDER, pick, status_label

MEANING = {
    "not_met": ("期限已过，仍未达到", "deadline passed, not reached"),
    "behind": ("期限未到，但低于截至日应完成的进度，或已有一期未达到", "deadline ahead, but below the progress expected by now, or a period already missed"),
    "on_track": ("期限未到，进度不低于截至日应完成量", "deadline ahead, at or above the progress expected by now"),
    "met": ("已达到（上限类目标：未超过）", "reached (for a ceiling: not exceeded)"),
    "no_data": ("报送的数据中没有可用于判断的数字", "nothing usable was submitted for it"),
    "monitor": ("文件未规定可核查的数值，只列示，不判定", "the document sets no checkable number: listed, never judged"),
}

TITLE = ("状态说明", "What the statuses mean")


def meaning(status: str, lang: str) -> str:
    return pick(MEANING[status], lang)


def legend_items(lang: str) -> list[tuple[str, str, str]]:
    """(status, its label, what it means), worst first."""
    return [(s, status_label(s, lang), meaning(s, lang)) for s in STATUS_ORDER]


def legend_text(lang: str, sep: str = "；") -> str:
    """达标 = 已达到…；进度正常 = … — one line for plain text and help."""
    sep = "; " if lang == "en" and sep == "；" else sep
    return sep.join(f"{label} = {what}" for _, label, what in legend_items(lang))


def title(lang: str) -> str:
    return pick(TITLE, lang)
