"""Every format renders every sample file and shows the numbers JSON shows (JSON is the reference)."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from rhcalc.render.labels import status_label
from rhcalc.render.flat import ID_COLUMNS, columns, sections
from test_render_support import ALL_INPUTS, expected_measure, expected_pct, json_results, keyed, render, scored

NUMBERS = ("actual", "target_value", "expected", "attainment")
INPUTS = sorted(ALL_INPUTS)


def _num(text: Any) -> float | None:
    return None if text in ("", None) else float(text)


@pytest.mark.parametrize("name", INPUTS)
def test_csv_numbers_equal_json(name: str) -> None:
    card = scored(name)
    text = render(card, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    keys = [k for k, _ in columns(False)]
    body = [dict(zip(keys, r)) for r in rows[1:]]
    reference = json_results(card)
    assert len(body) == len(reference)
    for got, want in zip(body, reference):
        assert (got["target"], got["district"]) == (want["target"], want["district"])
        for key in NUMBERS:
            assert _num(got[key]) == want[key], (want["target"], key)
        assert got["status"] == status_label(want["status"], "zh")


@pytest.mark.parametrize("name", INPUTS)
def test_xlsx_numbers_equal_json(name: str) -> None:
    card = scored(name)
    wb = load_workbook(io.BytesIO(render(card, "xlsx")))
    reference = keyed(json_results(card))
    seen = 0
    keys = [k for k, _ in columns(False) if k != "plan"]
    for plan in {k[0] for k in reference}:
        ws = wb[plan[:31]]
        for values in ws.iter_rows(min_row=4, values_only=True):
            got = dict(zip(keys, values))
            want = reference[(plan, got["district"], got["target"])]
            for key in NUMBERS:
                assert got[key] == want[key], (want["target"], key)
            seen += 1
    assert seen == len(reference)


def _md_rows(text: str) -> list[dict[str, str]]:
    """Rows of the results tables (those with a status and a measure column), header → cell."""
    out, header = [], None
    for line in text.splitlines():
        if line.startswith("|-"):
            continue
        if not line.startswith("| "):
            header = None
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\) \| ", line[2:-2])]
        if header is None:
            header = cells
        elif "实际 / 目标" in header:
            out.append(dict(zip(header, cells)))
    return out


@pytest.mark.parametrize("name", INPUTS)
def test_md_numbers_equal_json(name: str) -> None:
    card = scored(name)
    rows = _md_rows(render(card, "md"))
    reference = keyed(json_results(card))
    order = [(s.plan, r.district, r.target) for s in sections(card) for r in s.rows]
    assert len(rows) == len(order)
    for got, key in zip(rows, order):
        want = reference[key]
        assert got["实际 / 目标"] == expected_measure(want, "zh").replace("|", "\\|")
        assert got["达成率"] == expected_pct(want)
        assert got["状态"].endswith(status_label(want["status"], "zh"))


class _Rows(HTMLParser):
    """<tr data-target data-district> → the text of its td.num and td.att cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and "data-target" in a:
            self.rows.append({"target": a["data-target"] or "", "district": a["data-district"] or "", "num": "", "att": ""})
        elif tag == "td" and self.rows and a.get("class") in ("num", "att"):
            self.cell = a["class"]
        elif tag == "svg":
            self.cell = None if self.cell == "att" else self.cell

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.cell = None
        if tag == "svg" and self.rows and self.rows[-1]["att"] == "":
            self.cell = "att"

    def handle_data(self, data: str) -> None:
        if self.cell:
            self.rows[-1][self.cell] += data.strip()


@pytest.mark.parametrize("name", INPUTS)
def test_html_numbers_equal_json(name: str) -> None:
    card = scored(name)
    parser = _Rows()
    parser.feed(render(card, "html"))
    reference = json_results(card)
    by_key = {(r["district"], r["target"]): r for r in reference}
    assert len(parser.rows) == len(reference)
    for got in parser.rows:
        want = by_key[(got["district"], got["target"])]
        assert got["num"] == expected_measure(want, "zh")
        assert got["att"] == ("" if want["attainment"] is None else expected_pct(want))


@pytest.mark.parametrize("name", INPUTS)
def test_table_shows_each_result_and_the_json_counts(name: str) -> None:
    card = scored(name)
    console = Console(width=250, record=True, color_system=None)
    console.print(render(card, "table", explain=True))
    lines = console.export_text().splitlines()
    reference = keyed(json_results(card))
    for sec in sections(card):
        for row in sec.rows:
            want = reference[(sec.plan, row.district, row.target)]
            shown = [ln for ln in lines if row.title in ln and expected_measure(want, "zh") in ln
                     and ln.rstrip().endswith(status_label(want["status"], "zh"))]
            assert shown, (row.district, row.target)
            if want["attainment"] is not None:
                assert any(expected_pct(want) in ln for ln in shown)
    counts = {s: n for s, n in card.counts().items() if n}
    summary = lines[-1] if lines[-1].strip() else lines[-2]
    for status, n in counts.items():
        assert f"{status_label(status, 'zh')} {n}" in " ".join(lines[-3:]), summary


def test_csv_ids_are_the_last_columns() -> None:
    assert columns(False)[-len(ID_COLUMNS):] == ID_COLUMNS
