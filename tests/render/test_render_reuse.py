"""What the renderers keep between calls for speed never shows in what they write.

A batch renders each report as xlsx and then html from the same scorecard; the second format reuses
the first one's rows (sections.sections), html remembers escaped text, and every renderer runs with the
cyclic garbage collector paused. None of it may change a byte, nor outlive a change to the scorecard.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import zipfile

import pytest
from markupsafe import Markup

from rhcalc.render import RENDERERS, _gc_paused
from rhcalc.render import sections as rows
from rhcalc.render.html import escape
from test_render_support import BEIJING, render, scored


def _sheets(xlsx: bytes) -> dict[str, bytes]:
    """The workbook's parts, but the creation time in docProps/core.xml."""
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("name", [BEIJING, "hostile"])
def test_a_format_writes_the_same_whether_or_not_the_other_came_first(name: str) -> None:
    card = scored(name)
    rows._last = None
    html_alone = render(card, "html", explain=True)
    rows._last = None
    xlsx_alone = render(card, "xlsx", explain=True)
    html_after = render(card, "html", explain=True)  # reuses the rows the xlsx made
    rows._last = None
    render(card, "html", explain=True)
    xlsx_after = render(card, "xlsx", explain=True)
    assert html_after == html_alone
    assert _sheets(xlsx_after) == _sheets(xlsx_alone)


def test_sections_are_reused_only_for_the_same_unchanged_scorecard() -> None:
    card = scored(BEIJING)
    first = rows.sections(card, "zh", True)
    assert rows.sections(card, "zh", True) is first
    assert rows.sections(card, "en", True) is not first
    assert rows.sections(card, "en", False) is rows.sections(card, "en", True)  # --explain shows more of the same rows
    assert rows.sections(card, "en", only=frozenset({"behind"})) is not rows.sections(card, "en")
    copy = dataclasses.replace(card, results=list(card.results))
    assert rows.sections(copy, "zh", True) is not first  # an equal scorecard, but another one

    edited = dataclasses.replace(card, results=list(card.results))
    before = rows.sections(edited, "zh", True)
    edited.results[0] = edited.results[-1]  # edited in place, same list
    after = rows.sections(edited, "zh", True)
    assert after is not before
    assert [id(r.result) for s in after for r in s.rows].count(id(edited.results[-1])) == 2


def test_remembered_escape_never_mistakes_markup_for_text() -> None:
    assert escape(Markup("<b>粗</b>")) == "<b>粗</b>"  # markup is left as it is, as markupsafe does
    assert escape("<b>粗</b>") == "&lt;b&gt;粗&lt;/b&gt;"
    assert escape("\"'&") == "&#34;&#39;&amp;"


@pytest.mark.parametrize("enabled", [True, False])
def test_renderers_pause_the_collector_and_leave_it_as_they_found_it(enabled: bool) -> None:
    assert RENDERERS["json"].load().__name__ == "render_json"
    seen = []

    def probe(card, **_):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        raise RuntimeError("stop")

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError):
            _gc_paused(probe)(scored(BEIJING))
        assert seen == [False]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
