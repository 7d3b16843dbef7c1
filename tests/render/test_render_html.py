"""The HTML page parsed: every target present, nothing from the network, print CSS, SVG bars and sparklines."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from test_render_support import BEIJING, has_cjk, render, scored


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False
        self.th: list[str] = []
        self._in_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if tag == "th":
            self._in_th = True
            self.th.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False if tag == "style" else self._in_style
        self._in_th = False if tag == "th" else self._in_th

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        if self._in_th:
            self.th[-1] += data.strip()


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def page() -> _Page:
    return parse(render(scored(BEIJING), "html", explain=True))


def test_every_result_has_a_row(page: _Page) -> None:
    card = scored(BEIJING)
    rows = {(a["data-district"], a["data-target"]) for t, a in page.tags if t == "tr" and "data-target" in a}
    assert rows == {(r.district, r.target.id) for r in card.results}


def test_nothing_is_fetched_and_nothing_runs(page: _Page) -> None:
    names = {t for t, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in page.tags:
        for key, value in attrs.items():
            assert not key.startswith("on")
            if key in ("href", "src", "xmlns"):
                raise AssertionError(f"{key}={value}")
    assert "url(" not in page.style and "@import" not in page.style and "@font-face" not in page.style


def test_prints_on_a4_with_system_cjk_fonts(page: _Page) -> None:
    assert re.search(r"@page\s*{\s*size:\s*A4", page.style)
    assert "@media print" in page.style
    for font in ('"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"', "sans-serif"):
        assert font in page.style


def test_bars_with_target_lines_and_sparklines(page: _Page) -> None:
    svgs = [a.get("class") for t, a in page.tags if t == "svg"]
    assert svgs.count("bar") >= 5 and svgs.count("spark") >= 1 and svgs.count("stacked") == 1
    lines = [a.get("class") for t, a in page.tags if t == "line"]
    assert lines.count("goal") == svgs.count("bar")


def test_a_milestone_has_no_bar() -> None:
    """未完成，期限 … or 是, never a 0 % bar: no svg in a milestone's row."""
    html = render(scored("xicheng_mch_2024_q2"), "html")
    rows = re.findall(r'<tr class="s-\w+" data-target="(xc_mch_hospital_appraisal_held)".*?</tr>', html, re.S)
    assert rows and all("<svg" not in row and "未完成，期限 2024-12-31" in row for row in re.findall(
        r'<tr class="s-\w+" data-target="xc_mch_hospital_appraisal_held".*?</tr>', html, re.S))


def test_league_table_for_city_input(page: _Page) -> None:
    leagues = [a for t, a in page.tags if t == "table" and a.get("class") == "grid"]
    assert len(leagues) == 1
    cells = [a for t, a in page.tags if t == "td" and "cell" in (a.get("class") or "")]
    assert len(cells) == 16 * 6


def test_explain_shows_arithmetic_and_quote(page: _Page) -> None:
    classes = [a.get("class") for t, a in page.tags]
    assert classes.count("explain") == len(scored(BEIJING).results)
    assert classes.count("quote") == len(scored(BEIJING).results)


def test_english_headers() -> None:
    html = render(scored(BEIJING), "html", lang="en")
    en = parse(html)
    assert en.th and not any(has_cjk(t) for t in en.th)  # column heads and the league's target titles
    assert '<html lang="en">' in html
