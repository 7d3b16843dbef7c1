"""Percent workbooks re-saved by LibreOffice as .xls and .ods (tests/data/resaved/make_resaved.py):
a cell showing 85.3% is 85.3 for a % rate in every format, read and scored exactly like the .xlsx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rhcalc.cli import app
from rhcalc.load.submission import read_submission_rows

from conftest import DATA  # noqa: E402
RESAVED = DATA / "resaved"
SOURCES = {"percent_format": DATA / "messy" / "percent_format.xlsx", "xicheng_filled": RESAVED / "xicheng_filled.xlsx"}
COPIES = [(stem, suffix) for stem in SOURCES for suffix in (".xls", ".ods")]
# The % rates of Xicheng's filled form as typed in Excel (85% shown, 0.85 stored), by hand from
# make_fuzz._fill: 0.5 + (k mod 40) / 100 for the k-th indicator of the form.
XICHENG_RATES = {
    "xc_aa_clinic_coverage": 74.0, "xc_external_neonate_share": 83.0, "premarital_exam_rate": 62.0,
    "xc_hiv_mtct_rate": 69.0, "xc_hbv_mtct_rate": 71.0, "xc_refraction_coverage_mch_hospital": 74.0,
    "xc_refraction_community_centre_share": 75.0, "xc_child_friendly_community_coverage": 80.0, "xc_pac_coverage": 82.0,
    "xc_child_overweight_obesity_rate": 59.0, "xc_neonatal_transport_entry_rate": 62.0, "xc_online_birth_cert_share": 73.0,
    "xc_one_click_archive_coverage": 74.0,
}


def _figures(path: Path, catalog) -> tuple[dict, list]:  # noqa: ANN001
    rows, problems = read_submission_rows(path, catalog)
    return {r["indicator"]: (r["value"], r["numerator"], r["denominator"]) for r in rows}, problems


@pytest.mark.parametrize(("stem", "suffix"), COPIES)
def test_a_resaved_copy_reads_the_figures_of_its_xlsx(stem: str, suffix: str, catalog) -> None:  # noqa: ANN001
    copy, problems = _figures(RESAVED / f"{stem}{suffix}", catalog)
    source, source_problems = _figures(SOURCES[stem], catalog)
    # The committed form was filled in for an earlier catalog: a code retired since is the same
    # unknown-indicator problem in every copy, at the same place — and nothing else.
    assert _places(problems) == _places(source_problems)
    assert {p.code for p in problems} <= {"unknown-indicator"}
    assert copy == source


def _places(problems: list) -> list[tuple]:
    return [(p.code, p.location.sheet, p.location.row, p.location.column, p.params) for p in problems]


def test_the_percent_cells_read_as_shown(catalog) -> None:  # noqa: ANN001
    for suffix in (".xls", ".ods"):
        assert _figures(RESAVED / f"percent_format{suffix}", catalog)[0]["premarital_exam_rate"] == (85.3, None, None)
        figures = _figures(RESAVED / f"xicheng_filled{suffix}", catalog)[0]
        assert {k: figures[k][0] for k in XICHENG_RATES} == XICHENG_RATES


@pytest.mark.parametrize(("stem", "suffix"), COPIES)
def test_a_resaved_copy_scores_like_its_xlsx(runner, stem: str, suffix: str) -> None:  # noqa: ANN001
    def scored(path: Path) -> dict:
        result = runner.invoke(app, ["score", str(path), "--format", "json", "--as-of", "2024-06-30"])
        # exit 1 only for the retired indicator code (checked below), the same in every copy
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    copy, source = scored(RESAVED / f"{stem}{suffix}"), scored(SOURCES[stem])
    unfiled = [{k: v for k, v in p.items() if k != "file"} for p in copy["problems"]]
    assert unfiled == [{k: v for k, v in p.items() if k != "file"} for p in source["problems"]]
    assert {p["code"] for p in copy["problems"]} <= {"unknown-indicator"}
    assert copy["results"] == source["results"]


@pytest.mark.parametrize("path", [RESAVED / "percent_fraction.xls", DATA / "messy" / "percent_fraction.ods"], ids=lambda p: p.suffix)
def test_a_fraction_typed_without_a_percent_format_is_still_doubted(path: Path, catalog) -> None:  # noqa: ANN001
    figures, problems = _figures(path, catalog)
    assert figures["premarital_exam_rate"] == (0.853, None, None)
    assert [(p.code, p.location.sheet, p.location.row, p.location.column_letter, p.params) for p in problems] == [
        ("maybe-fraction", "填报", 5, "D", {"value": "0.853", "percent": "85.3"})]
    assert problems[0].message("en") == ("0.853 may be 85.3%, but the cell is not formatted as a percentage "
                                         "(or its format cannot be read); read as 0.853%")
