"""A figure given in several files: the newest file's is used, and the older file is told so by name.

A district's 第二版 put beside its first file is a resubmission, not 20 duplicate rows: for each
(district, period, indicator) the files give, the figure of the file that arrived last is used (ties:
the later name, so the answer never depends on the order files are listed). Each older file gets one
``superseded`` note per district naming the newer file and both arrival dates. Files that give
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


def supersede(frame: "pd.DataFrame", arrivals: Mapping[str, dt.datetime]) -> tuple["pd.DataFrame", list[Problem]]:
    """The rows left once each figure comes from its newest file, and a note on each older file."""
    if frame.empty:
        return frame, []
    shared = frame[frame.duplicated(KEY, keep=False)]
    if shared.empty or shared["_file"].nunique() < 2:
        return frame, []
    order = {f: (arrivals.get(f, dt.datetime.min), f) for f in set(shared["_file"].tolist())}
    newest: dict[tuple, str] = {}
    for *key, file in row_tuples(shared, [*KEY, "_file"]):
        k = tuple(key)
        if k not in newest or order[file] > order[newest[k]]:
            newest[k] = file
    drop: list[int] = []
    replaced: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (older, district, newer) → period labels
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for index, (*key, file, label) in zip(shared.index, row_tuples(shared, [*KEY, "_file", "period"])):
        winner = newest[tuple(key)]
        if file != winner:
            drop.append(index)
            replaced[(file, str(key[0]), winner)].add(str(label))
            counts[(file, str(key[0]), winner)] += 1
    problems = [_note(older, district, newer, sorted(labels), counts[(older, district, newer)], arrivals)
                for (older, district, newer), labels in sorted(replaced.items())]
    return frame.drop(index=drop).reset_index(drop=True), problems


def _note(older: str, district: str, newer: str, periods: list[str], count: int,
          arrivals: Mapping[str, dt.datetime]) -> Problem:
    return Problem("superseded", Location(older), {
        "district": district, "period": "、".join(periods), "count": count, "newer": newer,
        "arrived": _day(arrivals.get(older)), "newer_arrived": _day(arrivals.get(newer))})


def _day(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"
