"""The terminal view: 80 columns without losing the status, compact districts, plain text off a TTY."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from rhcalc.render.labels import STATUS, status_label
from test_render_support import BEIJING, has_cjk, render, scored


def text_of(renderable: object, width: int = 80, colour: bool = False) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=colour, color_system="truecolor" if colour else None)
    console.print(renderable)
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("explain", [False, True])
def test_fits_80_columns_and_keeps_every_status_whole(lang: str, explain: bool) -> None:
    out = text_of(render(scored(BEIJING), "table", lang=lang, explain=explain))
    labels = {status_label(s, lang) for s in STATUS}
    for line in out.splitlines():
        assert cell_len(line) <= 80, line
    status_cells = [ln for ln in out.splitlines() if any(ln.rstrip().endswith(" " + lab) for lab in labels)]
    assert len(status_cells) >= (133 if explain else 15)


def test_city_districts_are_one_row_per_target() -> None:
    out = text_of(render(scored(BEIJING), "table"))
    assert "各区情况 (16)" in out
    assert out.count("各区制定生殖健康培训计划") == 1  # not 16 rows
    assert len(out.splitlines()) < 100  # the old view ran to 250 lines; section headings, the legend and the attention list add 20


def test_summary_line_counts_statuses() -> None:
    card = scored(BEIJING)
    last = text_of(render(card, "table"), width=200).strip().splitlines()[-1]
    for status, n in card.counts().items():
        if n:
            assert f"{status_label(status, 'zh')} {n}" in last


def test_plain_text_without_a_terminal_and_colour_with_one() -> None:
    renderable = render(scored(BEIJING), "table")
    assert "\x1b[" not in text_of(renderable)
    assert "\x1b[" in text_of(renderable, colour=True)


def test_english_labels() -> None:
    out = text_of(render(scored(BEIJING), "table", lang="en"), width=200)
    head = [ln for ln in out.splitlines() if "Status" in ln]
    assert head and not any(has_cjk(ln) for ln in head)
    assert "By district (16)" in out


def test_no_results_says_so() -> None:
    from rhcalc.score.model import Scorecard

    card = Scorecard(None, [], [], scored(BEIJING).catalog)
    assert "没有可评分的目标" in text_of(render(card, "table"))
