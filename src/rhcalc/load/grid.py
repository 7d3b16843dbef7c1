"""One sheet's cells as read, and the limits every reader keeps to.

A Grid is what a reader (``load.workbook`` for workbooks, ``load.delimited`` for CSV text) hands on:
the cells with nothing interpreted yet, and where they stand in Excel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Limits that refuse hostile or absurd files before they exhaust memory. A district's quarterly
# return is a few hundred rows; these are three orders of magnitude above that.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELLS = 2_000_000


@dataclass(frozen=True)
class Grid:
    """One sheet's cells; ``rows[i]`` is Excel row ``first_row + i`` (1-based)."""

    sheet: str | None
    rows: list[list[Any]]
    first_row: int = 1
    # (row, column) 0-based of the cells formatted as a percentage, asked only when needed: Excel
    # keeps a typed 85.3% as 0.853 and only the number format tells the two apart.
    percent_cells: Callable[[], set[tuple[int, int]]] | None = None
    doubt_fractions: bool = False  # a fraction in a % column without a percent format is flagged (load.tidy)
