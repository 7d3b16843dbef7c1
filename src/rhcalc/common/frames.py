"""Frames as plain Python rows, for the loops that must look at every row.

``DataFrame.to_dict("records")`` boxes every cell through pandas' scalar machinery; on a national
batch (300,000 rows) that alone took seconds. Taking each column once with ``tolist()`` and zipping
gives the same dicts about eight times faster.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def row_dicts(frame: "pd.DataFrame") -> Iterator[dict[str, Any]]:
    """One dict per row (column → value), in frame order."""
    columns = list(frame.columns)
    for values in row_tuples(frame, columns):
        yield dict(zip(columns, values))


def row_tuples(frame: "pd.DataFrame", columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """One tuple per row of just ``columns``, in that order."""
    return zip(*(frame[c].tolist() for c in columns))
