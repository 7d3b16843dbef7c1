"""The submission frame's schema, and frames as plain Python rows for the loops that must look at
every row.

The frame (``COLUMNS``) is what the loader makes, the checks keep, the history stores and
scoring reads: one row per (district, period, indicator) with its provenance (``_file``,
``_sheet``, ``_row``, the column's header and letter). ``frame_from_columns`` builds it.

Between processes a file's rows travel packed (``pack``: numbers as they are, text and dates as
their distinct values and an index per row) and one frame is built from every file's (``unpack``).

``DataFrame.to_dict("records")`` boxes every cell through pandas' scalar machinery; on a national
batch (300,000 rows) that alone took seconds. Taking each column once with ``tolist()`` and zipping
gives the same dicts about eight times faster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["district", "period", "period_start", "period_end", "indicator", "value", "numerator",
           "denominator", "unit", "note", "_file", "_sheet", "_row", "_column", "_letter", "_district_column", "_district_letter",
           "_numerator_column", "_numerator_letter", "_denominator_column", "_denominator_letter", "_unit_column", "_unit_letter"]
NUMBER_DTYPES = {"value": "float64", "numerator": "float64", "denominator": "float64", "_row": "int64"}
_DATES = {"period_start", "period_end"}


def frame_from_columns(values_of: dict[str, list[Any]]) -> "pd.DataFrame":
    """Column lists (``COLUMNS`` → values) → the submission frame, each column built once in the
    dtype pandas would infer: no per-row pass (from_records), no inference per column, no astype
    copy (together ~3 ms of a 108-row file). A batch builds one frame for all its files with it.

    Numbers go straight into float64/int64 (numpy makes a missing figure, None, NaN). Text columns
    hold str or None only; one with any str is pandas' inferred text dtype (str in pandas 3, object
    before), one of None only stays object, like the dates."""
    import numpy as np
    import pandas as pd

    if not values_of.get(COLUMNS[0]):  # empty lists would become float64 columns; an empty frame's text columns are object
        return pd.DataFrame(columns=COLUMNS).astype(NUMBER_DTYPES)
    text = _text_dtype()
    columns: dict[str, Any] = {}
    for c in COLUMNS:
        values = values_of[c]
        if c in NUMBER_DTYPES:
            columns[c] = np.array(values, dtype=NUMBER_DTYPES[c])
        elif text is not None and c not in _DATES and any(v is not None for v in values):
            columns[c] = pd.array(values, dtype=text)
        else:
            columns[c] = values
    return pd.DataFrame(columns, columns=COLUMNS, copy=False)


# The columns that are numbers; the rest are text or dates (datetime.date: ``DATES``).
NUMBERS = frozenset(NUMBER_DTYPES)
DATES = frozenset(_DATES)
Packed = dict[str, Any]  # column → its numbers, or (distinct values, index per row)


def columns_of(rows: Iterable[dict[str, Any]]) -> dict[str, list[Any]]:
    """Row dicts → ``COLUMNS`` → values (a column a row lacks is None there)."""
    rows = list(rows)
    return {c: [r.get(c) for r in rows] for c in COLUMNS}


def pack(rows: Iterable[dict[str, Any]]) -> Packed:
    """A file's rows as columns, each text or date column as (its distinct values, an index per row):
    a file repeats its district, sheet and headers on every row, and sending each once spares the
    pickling to the parent and, there, 300,000 short-lived strings whose freed memory would stay
    with the process."""
    return {c: v if c in NUMBERS else _distinct(v) for c, v in columns_of(rows).items()}


def _distinct(values: list[Any]) -> tuple[list[Any], list[int]]:
    index: dict[Any, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return list(index), codes


def packed_rows(packed: Packed) -> int:
    return len(packed["value"])


def unpack(parts: list[Packed]) -> "pd.DataFrame":
    """One frame from the files' packed columns, each column built once (no per-file frames to
    concatenate); ``parts`` are emptied on the way."""
    shared: dict[Any, Any] = {}  # one object per distinct text or date: 2,850 files repeat the same codes and headers
    columns = {}
    for c in COLUMNS:
        if c in NUMBERS:
            columns[c] = [v for part in parts for v in part.pop(c)]
            continue
        values: list[Any] = []
        for part in parts:
            distinct, codes = part.pop(c)
            distinct = [shared.setdefault(v, v) for v in distinct]
            values.extend([distinct[k] for k in codes])
        columns[c] = values
    return frame_from_columns(columns)


@lru_cache(maxsize=1)
def _text_dtype() -> Any:
    """The dtype pandas infers for a column of text with gaps, when it is not object (asked once)."""
    import pandas as pd

    dtype = pd.Series(["text", None]).dtype
    return None if dtype == object else dtype


def row_dicts(frame: "pd.DataFrame") -> Iterator[dict[str, Any]]:
    """One dict per row (column → value), in frame order."""
    columns = list(frame.columns)
    for values in row_tuples(frame, columns):
        yield dict(zip(columns, values))


def row_tuples(frame: "pd.DataFrame", columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """One tuple per row of just ``columns``, in that order."""
    return zip(*(frame[c].tolist() for c in columns))
