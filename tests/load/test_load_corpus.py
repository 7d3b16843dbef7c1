"""The messy / broken corpus (tests/data/messy, made by make_corpus.py): every messy file reads and
scores to the same numbers as its clean twin; every broken file raises its exact problems."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from rhcalc.catalog.model import Catalog
from rhcalc.catalog.load import load_catalog
from rhcalc.pipeline import score_files
from rhcalc.pipeline import read_files, validate_files

from conftest import MESSY  # noqa: E402
CASES: dict[str, dict] = json.loads((MESSY / "cases.json").read_text(encoding="utf-8"))
TWINS = sorted(n for n, c in CASES.items() if c.get("twin"))
BROKEN = sorted(n for n, c in CASES.items() if "problems" in c)
KEY = ["district", "period", "indicator"]
FIGURES = ["value", "numerator", "denominator"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def tidy(name: str, catalog: Catalog):  # type: ignore[no-untyped-def]
    checked = read_files([MESSY / name], catalog)
    return checked.frame.sort_values(KEY).reset_index(drop=True), checked.problems


def records(frame) -> list[tuple]:  # type: ignore[no-untyped-def]
    def clean(x: object) -> object:
        return None if x is None or x != x else round(float(x), 9) if isinstance(x, float) else x

    return [tuple(clean(v) for v in row) for row in frame[KEY + FIGURES].itertuples(index=False, name=None)]


def test_the_corpus_covers_every_case_named_by_the_issue() -> None:
    codes = {p["code"] for c in CASES.values() for p in c.get("problems", [])}
    assert {"not-a-spreadsheet", "empty-file", "corrupt-workbook", "encrypted-workbook", "no-header", "too-large",
            "unknown-indicator", "unknown-period", "unknown-district", "not-a-number", "negative-count",
            "numerator-above-denominator", "rate-above-max", "duplicate-row"} <= codes
    suffixes = {Path(n).suffix for n in TWINS}
    assert {".xlsx", ".xlsm", ".xls", ".ods", ".csv"} <= suffixes


@pytest.mark.parametrize("name", TWINS)
def test_a_messy_file_reads_to_the_numbers_of_its_clean_twin(name: str, catalog: Catalog) -> None:
    frame, problems = tidy(name, catalog)
    twin, twin_problems = tidy(CASES[name]["twin"], catalog)
    assert twin_problems == []
    assert records(frame) == records(twin)
    assert sorted({p.code for p in problems}) == sorted(CASES[name].get("notes", []))
    assert all(p.severity.value == "note" for p in problems)


@pytest.mark.parametrize("name", [n for n in TWINS if CASES[n]["twin"] == "clean.csv"])
def test_a_messy_file_scores_like_its_clean_twin(name: str, catalog: Catalog) -> None:
    """Scored beside a second district, so that the city's roll-up targets have numbers too."""
    def scores(file: str) -> list[tuple]:
        card = score_files([MESSY / file, MESSY / "companion_dongcheng.csv"], catalog)
        return sorted((r.district, r.target.id, str(r.evaluation.period), r.evaluation.actual, r.status.value,
                       r.evaluation.attainment) for r in card.results)

    mine = scores(name)
    assert mine == scores(CASES[name]["twin"])
    assert sum(1 for r in mine if r[3] is not None) >= 5


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_raises_its_exact_problems(name: str, catalog: Catalog) -> None:
    frame, problems = tidy(name, catalog)
    expected = sorted((p["code"], name, p["sheet"], p["row"], p["column"]) for p in CASES[name]["problems"])
    found = sorted((p.code, p.location.file, p.location.sheet, p.location.row, p.location.column_letter)
                   for p in problems)
    assert found == expected
    assert len(frame) == CASES[name]["rows"]
    for p in problems:
        assert p.message("zh") and p.message("en") and "{" not in p.message("en")


def test_good_files_beside_broken_ones_are_still_scored(catalog: Catalog) -> None:
    files = [MESSY / "title_blank_signature.xlsx", MESSY / "companion_dongcheng.csv", *(MESSY / n for n in BROKEN)]
    card = score_files(files, catalog)
    assert any(r.district == "北京市" and r.evaluation.actual is not None for r in card.results)
    # Each broken file is named, errors only on them (percent_fraction.ods's 西城区 2024Q2 figures are
    # superseded by the other 西城区 form's, a note, beside its own maybe-fraction warning).
    assert {p.location.file for p in card.problems if p.severity.value == "error"} <= set(BROKEN)
    assert {p.location.file for p in card.problems} >= set(BROKEN)


def test_score_and_validate_report_the_same_problems(catalog: Catalog) -> None:
    files = [MESSY / n for n in ("bad_cells.csv", "several_sheets.xlsx", "password.xlsx")]
    problems = validate_files(files, catalog).problems
    assert [p.to_dict() for p in problems] == [p.to_dict() for p in score_files(files, catalog).problems]


def test_inputs_are_byte_for_byte_unchanged_after_score_and_validate(catalog: Catalog) -> None:
    files = sorted(p for p in MESSY.iterdir() if p.name in CASES and not p.name.startswith("enormous"))
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}
    score_files(files, catalog)
    validate_files(files, catalog)
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}
    assert after == before
    assert not [p for p in MESSY.iterdir() if p.name.startswith((".~lock", "~$"))]
