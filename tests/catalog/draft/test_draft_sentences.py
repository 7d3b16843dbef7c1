"""Sentences in the style of documents rhcalc has not seen (tests/data/draft/sentences.yaml): each
drafts into the targets written out there by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from rhcalc.catalog.draft import DraftOptions, draft_text
from rhcalc.catalog.draft.lexicon import english

from conftest import DATA as TEST_DATA  # noqa: E402

DATA = TEST_DATA / "draft" / "sentences.yaml"
SUITES = yaml.safe_load(DATA.read_text(encoding="utf-8"))
CASES = [(name, suite, case) for name, suite in SUITES.items() for case in suite["cases"]]


def _draft(suite: dict, document: str):
    text = f"{suite['title']}\n\n{document}\n"
    return draft_text(text, DraftOptions(Path("doc.txt"), "sample", jurisdiction=suite["jurisdiction"]))


def _seen(reading, english_too: bool) -> dict:
    ind = reading.indicator
    seen = {"kind": reading.kind, "unit": ind.unit, "indicator": ind.common_id or ind.name_zh}
    if english_too:
        seen["en"] = english(ind.name_zh).name
    for key, value in (("value", reading.value), ("threshold", reading.threshold), ("frequency", reading.frequency), ("holds", reading.holds),
                       ("start", reading.start_date), ("deadline", reading.deadline), ("level", reading.level)):
        if value is not None:
            seen[key] = value
    return seen


@pytest.mark.parametrize("name, suite, case", CASES, ids=[c["document"][:18] for _, _, c in CASES])
def test_sentence_reads_as_written_down(name, suite, case):
    draft = _draft(suite, case["document"])
    expected = [{k: (float(v) if k in ("value", "threshold") else v) for k, v in e.items()} for e in case["expect"]]
    assert [_seen(r, "en" in e) for r, e in zip(draft.readings, expected)] == expected
    assert len(draft.readings) == len(expected)
    if "left_out" in case:
        reasons = [f.left_out[0] for f in draft.findings if f.left_out]
        assert any(case["left_out"] in r for r in reasons), reasons


def test_the_suites_windows_come_from_their_titles():
    national = _draft(SUITES["national"], "建立机制。").plan
    county = _draft(SUITES["county"], "建立机制。").plan
    assert (national.start, national.end, national.level) == (dt.date(2021, 1, 1), dt.date(2025, 12, 31), "national")
    assert (county.start, county.end, county.level) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "district")


def test_every_drafted_number_is_read_from_its_quote():
    from rhcalc.catalog.model import Kind
    from rhcalc.catalog.quotes import _value_in_quote

    for suite in SUITES.values():
        for case in suite["cases"]:
            for r in _draft(suite, case["document"]).readings:
                assert r.value is None or _value_in_quote(Kind(r.kind), r.value, r.quote), (r.quote, r.value)
