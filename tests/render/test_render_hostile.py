"""Notes that a spreadsheet or a browser would run (=HYPERLINK, +1+1, -2+3, @SUM, <script>) stay inert text
in every format (tests/data/hostile/)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from rich.console import Console

from rhcalc.render.csv import neutralise
from test_render_support import HOSTILE_NOTES, render, scored

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def card():  # type: ignore[no-untyped-def]
    return scored("hostile")


def test_the_fixture_carries_every_hostile_note_to_the_results(card) -> None:  # type: ignore[no-untyped-def]
    notes = "\n".join(r.evaluation.note or "" for r in card.results)
    for note in HOSTILE_NOTES:
        assert note in notes


def test_json_keeps_notes_verbatim(card) -> None:  # type: ignore[no-untyped-def]
    notes = {r["note"] for r in json.loads(render(card, "json"))["results"]}
    assert set(HOSTILE_NOTES) <= {part for n in notes if n for part in n.split("；")}


@pytest.mark.parametrize("explain", [False, True])
def test_csv_cells_never_start_like_a_formula(card, explain: bool) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.reader(io.StringIO(render(card, "csv", explain=explain)[1:])))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_START):
                float(cell)  # only a number may start with + or -
    text = render(card, "csv")
    assert "'=HYPERLINK(" in text and "'+1+1" in text and "'-2+3" in text and "'@SUM(A1:A9)" in text


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("-", "'-"), ("-1.5", "-1.5"), ("+3", "+3"), ("1e5", "1e5"), ("西城区", "西城区"), (12, 12),
])
def test_neutralise_follows_the_owasp_rule(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_xlsx_holds_no_formula_and_notes_are_text(card) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(render(card, "xlsx", explain=True)))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for note in HOSTILE_NOTES:
        assert any(note in t for t in texts), note


def test_html_escapes_notes_and_runs_nothing(card) -> None:  # type: ignore[no-untyped-def]
    html = render(card, "html", explain=True)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;" in html
    assert "<b>粗" not in html
    assert 'href="http' not in html


def test_md_escapes_markup_pipes_and_newlines(card) -> None:  # type: ignore[no-untyped-def]
    md = render(card, "md", explain=True)
    assert "<script>" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md
    assert "甲\\|乙<br>丙" in md  # a pipe would split the cell, a newline would end the table
    for line in md.splitlines():
        if line.startswith("| "):
            assert line.endswith(" |")


def test_table_prints_notes_literally(card) -> None:  # type: ignore[no-untyped-def]
    console = Console(width=200, record=True, color_system=None)
    console.print(render(card, "table", explain=True))
    text = console.export_text()
    for note in ('=HYPERLINK("http://evil.example/x","点我")', "@SUM(A1:A9)", "<script>alert(\"x\")</script>"):
        assert note in text
