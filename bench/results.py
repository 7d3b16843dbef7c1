"""The bench's table: each measurement, what it is held against, the goal and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from timing import Timed

LINEAR_SLACK = 1.25  # the later files' cost per file may exceed the earlier ones' by this much, noise included


@dataclass
class Row:
    measured: str
    timed: Timed
    against: str
    base: Timed | None
    goal: tuple[str, Any]  # ("plus", s) ("times", r) ("faster", r) ("mib", MiB) ("per-file", N)
    ratio: float | None = None  # paired A/B; None: the ratio of the medians

    @property
    def load(self) -> str:
        loads = self.timed.loads + (self.base.loads if self.base else [])
        return f"{min(loads):.1f}–{max(loads):.1f}"


def report(rows: list[Row]) -> str:
    lines = ["| measured | value | against | value | goal | verdict | load (1 min) |",
             "|---|---:|---|---:|---|---|---:|"]
    growth = [r for r in rows if r.goal[0] == "per-file"]
    for row in rows:
        if row.goal[0] == "per-file":
            continue
        lines.append(_line(row))
    if growth:
        lines += _growth(growth)
    return "\n".join(lines) + "\n"


def _line(row: Row) -> str:
    kind, bound = row.goal
    value, base = row.timed.median, row.base.median if row.base else None
    if kind == "mib":
        mib = row.timed.peak_kib / 1024
        verdict = "met" if mib <= bound else f"missed by {mib - bound:.0f} MiB"
        return f"| {row.measured} | {mib:.0f} MiB | | | ≤ {bound} MiB | {verdict} | {row.load} |"
    assert base is not None
    paired = row.ratio is not None
    ratio = row.ratio if paired else value / base
    if kind == "plus":
        allowed = base + bound
        goal, verdict = f"≤ imports + {bound:.2f} s", "met" if value <= allowed else f"missed by {max(value - allowed, 0.01):.2f} s"
    elif kind == "faster":
        speed = f"{1 / ratio:.1f}× faster" if ratio <= 1 else f"{ratio:.1f}× slower"
        goal, verdict = f"≥ {bound} × faster", f"{speed} — " + ("met" if 1 / ratio >= bound else "missed")
    else:
        goal = f"≤ {bound:.0%} of it" if bound < 1 else f"≤ {bound} ×"
        shown = f"{ratio:.1%}" if bound < 1 else f"{ratio:.2f}×"
        verdict = f"{shown}{' (paired)' if paired else ''} — " + ("met" if ratio <= bound else "missed")
    return f"| {row.measured} | {value:.2f} s | {row.against} | {base:.2f} s | {goal} | {verdict} | {row.load} |"


def _growth(rows: list[Row]) -> list[str]:
    """Time per file at each N, and whether the later files cost more each than the earlier ones."""
    sizes = [(r.goal[1], r.timed.median) for r in rows]
    out = []
    for row, (k, t) in zip(rows, sizes):
        out.append(f"| {row.measured} | {t:.2f} s, {t / k * 1000:.1f} ms a file | | | grows linearly | | {row.load} |")
    if len(sizes) >= 3:
        (k0, t0), (k1, t1), (k2, t2) = sizes[-3:]
        early, late = (t1 - t0) / (k1 - k0), (t2 - t1) / (k2 - k1)
        verdict = "met" if late <= early * LINEAR_SLACK else "missed"
        out.append(f"| each file from {k1} to {k2} | {late * 1000:.1f} ms | each file from {k0} to {k1} | "
                   f"{early * 1000:.1f} ms | ≤ {LINEAR_SLACK} × | {late / early:.2f}× — {verdict} | |")
    return out
