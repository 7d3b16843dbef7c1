"""Renderers: a Scorecard → text or bytes. One module per format, registered once in ``RENDERERS``.

Each entry names ``module:function``; the module is imported only when that format is asked
for, so ``rhcalc --help`` never pays for jinja2 or xlsxwriter. This module is the stage's one
door: the command line, the batch and a notebook render through the tables and functions here,
never by importing a renderer's module.
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rhcalc.catalog.model import Catalog
    from rhcalc.common.problems import Problem
    from rhcalc.score.model import Scorecard


@dataclass(frozen=True)
class Renderer:
    target: str  # "module:function"
    binary: bool = False
    suffix: str = ""

    def load(self) -> Callable[..., Any]:
        module, func = self.target.split(":")
        return _gc_paused(getattr(importlib.import_module(f"rhcalc.render.{module}"), func))


def _gc_paused(render: Callable[..., Any]) -> Callable[..., Any]:
    """The renderer with Python's cyclic garbage collector paused while it runs.

    A national summary makes a row and its numbers for each of 300,000 results, all alive until the
    file is written, and every collection walks them all again: a quarter of the summary's time.
    Rendering makes next to no cyclic garbage; what there is goes at the next collection.
    """

    @functools.wraps(render)
    def run(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():  # the caller paused it: theirs to resume
            return render(*args, **kwargs)
        gc.disable()
        try:
            return render(*args, **kwargs)
        finally:
            gc.enable()

    return run


RENDERERS: dict[str, Renderer] = {
    "table": Renderer("table:render_table", suffix=".txt"),
    "json": Renderer("json:render_json", suffix=".json"),
    "csv": Renderer("csv:render_csv", suffix=".csv"),
    "md": Renderer("md:render_md", suffix=".md"),
    "html": Renderer("html:render_html", suffix=".html"),
    "xlsx": Renderer("xlsx:render_xlsx", binary=True, suffix=".xlsx"),
}


# `rhcalc validate`: the problem list (a pipeline.Validation) in the formats it is written in.
PROBLEM_RENDERERS: dict[str, Renderer] = {
    "table": Renderer("problem_list:problems_table", suffix=".txt"),
    "json": Renderer("problem_list:problems_json", suffix=".json"),
    "csv": Renderer("problem_list:problems_csv", suffix=".csv"),
    "xlsx": Renderer("problem_book:render_problem_book", binary=True, suffix=".xlsx"),
}


# `rhcalc plans` and `rhcalc indicators`: the catalog for a person or for a script.
PLAN_RENDERERS: dict[str, Renderer] = {
    "table": Renderer("definitions:plans_table"),
    "json": Renderer("definitions:plans_json"),
}
CATALOG_RENDERERS: dict[str, Renderer] = {
    "table": Renderer("definitions:catalog_table"),
    "json": Renderer("definitions:catalog_json"),
}


# The formats whose summary shows a plan of many units by its league and counts alone; json, csv and
# the terminal table list every result in full.
LEAGUE_ONLY = frozenset({"xlsx", "html", "md"})


def league_only_above(formats: tuple[str, ...], only: frozenset[str]) -> int | None:
    """Above how many units a summary in ``formats`` shows each unit's result only as a league cell (its
    status, attainment and measure), so that it may hold ``Result.slim()``s and render the same bytes;
    None when a format shows every result in full, or ``only`` filters the rows (then fewer units may
    be listed one by one)."""
    from rhcalc.render.sections import DETAIL_LIMIT

    return DETAIL_LIMIT if set(formats) <= LEAGUE_ONLY and not only else None


def render(card: "Scorecard", fmt: str = "table", lang: str = "zh", explain: bool = False,
           only: frozenset[str] = frozenset()) -> Any:
    """A scorecard in one of ``RENDERERS``' formats: text, bytes (xlsx) or, for "table", a rich renderable;
    ``only``: the statuses listed (--only behind,not_met), all when empty."""
    return RENDERERS[fmt].load()(card, lang=lang, explain=explain, only=only)


def render_problems(problems: list["Problem"], lang: str = "zh") -> Any:
    """Problems for a person on a terminal (rich): by file, a few per code, then “…and K more”."""
    from rhcalc.render.problem_list import render_problems as listed

    return listed(problems, lang)


def email_body(card: "Scorecard", title: str, period: str, summary: bool, attached: list[str], lang: str = "zh",
               only: frozenset[str] = frozenset()) -> str:
    """The text of a report's email in ``lang``: whose and when, the counts, what needs attention first
    (with its reason and who holds it back), a district's figures in the city's targets, the league."""
    from rhcalc.render.email import email_body as body

    return body(card, title, period, summary, attached, lang, only)


def reminder_text(catalog: "Catalog", returns: Any, unit: Any, round_: int, lang: str = "zh") -> Any:
    """A reminder to a unit whose return has not arrived: subject, body with the due date, and its
    fill-in form as an .xlsx attachment ((name, bytes) or None)."""
    from rhcalc.render.reminder import reminder_text as text

    return text(catalog, returns, unit, round_, lang)


def returns_lines(table: Any, lang: str = "zh") -> list[str]:
    """上报情况 as plain lines: a headline per plan and period, then the units missing and late."""
    from rhcalc.render.completeness import text_lines

    return text_lines(table, lang)


def write_form(catalog: "Catalog", plan: str, district: str, period: str, out: Path) -> int:
    """`rhcalc template`: the fill-in form of what ``plan`` asks of ``district`` in ``period``,
    written to ``out`` (.xlsx or .csv); returns how many indicators it asks for."""
    from rhcalc.render.form import build_template, write_template

    form = build_template(catalog, plan, district, period)
    write_template(form, out)
    return len(form.indicators)


def status_legend(lang: str = "zh") -> tuple[str, list[tuple[str, str, str]]]:
    """The legend's title and (status, label, what it means), worst first — for `rhcalc score --help`."""
    from rhcalc.render.legend import legend_items, title

    return title(lang), legend_items(lang)


def status_words() -> dict[str, tuple[str, str]]:
    """Each status code and its (zh, en) label: the words --only takes besides the codes."""
    from rhcalc.render.labels import STATUS

    return dict(STATUS)


def format_for(path: str) -> str | None:
    """The format a file name asks for: report.xlsx → xlsx."""
    lower = path.lower()
    for name, r in RENDERERS.items():
        if r.suffix and name != "table" and lower.endswith(r.suffix):
            return name
    return None


class _Door(types.ModuleType):
    """``rhcalc.render(card, "html", lang="zh", explain=False)``: the stage's door is also the
    function a notebook calls most, and ``rhcalc.render`` has to be this package."""

    def __call__(self, card: "Scorecard", fmt: str = "table", lang: str = "zh", explain: bool = False,
                 only: frozenset[str] = frozenset()) -> Any:
        return render(card, fmt, lang, explain, only)


sys.modules[__name__].__class__ = _Door
