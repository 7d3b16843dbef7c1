"""A figure given in several files: the newest file's is used, and the older file is told so by name.

A district's 第二版 put beside its first file is a resubmission, not 20 duplicate rows: for each
(district, period, indicator) the files give, the figure of the file that arrived last is used (ties:
the later name, so the answer never depends on the order files are listed). Each older file gets one
``superseded`` note per district naming the newer file and both arrival dates — when the newer file
changes a figure: a plain copy (the same figures twice) is used once, without a word. Files that give
different indicators for the same district and period (a health-commission form beside the
family-planning association's) are both used: nothing of either is replaced.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rhcalc.common.frames import row_tuples
from rhcalc.common.problems import Location, Problem

if TYPE_CHECKING:
    import pandas as pd

KEY = ["district", "period_start", "period_end", "indicator"]
FIGURES = ["value", "numerator", "denominator"]


def supersede(frame: "pd.DataFrame", arrivals: Mapping[str, dt.datetime]) -> tuple["pd.DataFrame", list[Problem]]:
    """The rows left once each figure comes from its newest file, and a note on each older file."""
    if frame.empty:
        return frame, []
    shared = frame[frame.duplicated(KEY, keep=False)]
    if shared.empty or shared["_file"].nunique() < 2:
        return frame, []
    order = {f: (arrivals.get(f, dt.datetime.min), f) for f in set(shared["_file"].tolist())}
    newest: dict[tuple, tuple[str, tuple]] = {}  # key → (file, its figures)
    n = len(KEY)
    for row in row_tuples(shared, [*KEY, "_file", *FIGURES]):
        k, file = row[:n], row[n]
        if k not in newest or order[file] > order[newest[k][0]]:
            newest[k] = (file, _figures(row[n + 1:]))
    drop: list[int] = []
    replaced: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (older, district, newer) → period labels
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    changed: set[tuple[str, str, str]] = set()
    for index, row in zip(shared.index, row_tuples(shared, [*KEY, "_file", "period", *FIGURES])):
        file, label = row[n], row[n + 1]
        winner, theirs = newest[row[:n]]
        if file != winner:
            drop.append(index)
            pair = (file, str(row[0]), winner)
            replaced[pair].add(str(label))
            counts[pair] += 1
            if _figures(row[n + 2:]) != theirs:
                changed.add(pair)
    problems = [_note(older, district, newer, sorted(labels), counts[(older, district, newer)], arrivals)
                for (older, district, newer), labels in sorted(replaced.items()) if (older, district, newer) in changed]
    return frame.drop(index=drop).reset_index(drop=True), problems


def _figures(values: list) -> tuple:
    """Figures comparable across rows: a blank (NaN, never equal to itself) as None."""
    return tuple(None if v is None or v != v else float(v) for v in values)


def _note(older: str, district: str, newer: str, periods: list[str], count: int,
          arrivals: Mapping[str, dt.datetime]) -> Problem:
    return Problem("superseded", Location(older), {
        "district": district, "period": "、".join(periods), "count": count, "newer": newer,
        "arrived": _day(arrivals.get(older)), "newer_arrived": _day(arrivals.get(newer))})


def _day(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"
