"""The submission frame is built column by column in the dtypes pandas would infer; it must stay
equal, dtypes included, to the plain ``from_records`` + ``astype`` it replaces (a pandas upgrade
that changes inference shows here first)."""

from __future__ import annotations


import pandas as pd
import pytest

from rhcalc.catalog.model import Catalog
from rhcalc.catalog.load import load_catalog
from rhcalc.common.frames import COLUMNS, NUMBER_DTYPES, columns_of, frame_from_columns
from rhcalc.load.submission import read_submission_rows

from conftest import MESSY  # noqa: E402
# enormous.* are refused before any row is read: slow, and nothing to compare.
FILES = sorted(p.name for p in MESSY.iterdir()
               if p.suffix.lower() in {".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods"} and not p.stem.startswith("enormous"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _reference(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=COLUMNS).astype(NUMBER_DTYPES)


@pytest.mark.parametrize("name", FILES)
def test_frame_equals_from_records(name: str, catalog: Catalog) -> None:
    rows, _ = read_submission_rows(MESSY / name, catalog)
    frame = frame_from_columns(columns_of(rows))
    pd.testing.assert_frame_equal(frame, _reference(rows))
    assert list(frame.dtypes) == list(_reference(rows).dtypes)


def test_several_files_and_none(catalog: Catalog) -> None:
    paths = [MESSY / n for n in FILES]
    rows = [r for p in paths for r in read_submission_rows(p, catalog)[0]]
    pd.testing.assert_frame_equal(frame_from_columns(columns_of(rows)), _reference(rows))
    empty = frame_from_columns(columns_of([]))
    pd.testing.assert_frame_equal(empty, _reference([]))
    assert list(empty.dtypes) == list(_reference([]).dtypes)
