"""The files rhcalc reads, by suffix: one table for the loader, the batch's search of folders, the
problem messages and the command line's help.

A file is told by its first bytes before its suffix (``load.files``); the suffix decides only what
a file that is neither a zip nor an OLE workbook is read as, and which files a folder offers.
"""

from __future__ import annotations

WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_TABLES = (".csv", ".tsv", ".txt")  # delimited text: comma, tab, semicolon or bar
READ = WORKBOOKS + TEXT_TABLES


def listed(suffixes: tuple[str, ...] = READ) -> str:
    """.xlsx .xlsm … as a message or a help text names them."""
    return " ".join(suffixes)
