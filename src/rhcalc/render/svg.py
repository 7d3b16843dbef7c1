"""The dashboard's small pictures as inline SVG: no script, no font, no network, and they print.

Each function takes numbers the scoring worked out (shares of a scale, positions, counts) and
returns markup; nothing here decides a status or computes a figure a reader sees as a number.
Every text is escaped. Colours come from the page's CSS classes (s-met, s-behind …), so a status
is coloured the same in a chip, a bar and a grid cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

BAR_W, BAR_H = 120, 14
SPARK_W, SPARK_H, SPARK_PAD = 84, 22, 3
RANK_W = 120


def _svg(width: float, height: float, label: str, body: str, cls: str) -> str:
    return (f'<svg class="{cls}" width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}" '
            f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</svg>')


def stacked(counts: Sequence[tuple[str, int, str]], width: int = 1000, height: int = 28) -> str:
    """The status counts as one bar of coloured segments, worst first; a count inside its segment where
    it fits. ``counts``: (status, how many, label) in the order to draw."""
    total = sum(n for _, n, _ in counts) or 1
    x = 0.0
    parts = []
    for status, n, label in counts:
        if not n:
            continue
        w = n / total * width
        parts.append(f'<rect class="seg s-{status}" x="{x:.1f}" y="0" width="{w:.1f}" height="{height}"/>')
        text = f"{label} {n}" if w >= 14 * (len(label) + 2) else (str(n) if w >= 18 else "")
        if text:
            parts.append(f'<text class="seg-label s-{status}" x="{x + w / 2:.1f}" y="{height / 2 + 4.5:.1f}" '
                         f'text-anchor="middle">{escape(text)}</text>')
        x += w
    label = "；".join(f"{label} {n}" for _, n, label in counts if n)
    return _svg(width, height, label, "".join(parts), "stacked")


def bar(fill: float, goal: float, expected: float | None, label: str) -> str:
    """Attainment: ``fill`` the actual, ``goal`` the target, ``expected`` what is due by now — each a
    share (0…1) of the bar's scale."""
    def at(share: float) -> float:
        return round(min(max(share, 0.0), 1.0) * BAR_W, 1)

    goal_x = min(at(goal), BAR_W - 1)
    tick = "" if expected is None else (
        f'<line class="expected" x1="{at(expected)}" y1="0" x2="{at(expected)}" y2="{BAR_H}"/>')
    body = (f'<rect class="track" x="0" y="3" width="{BAR_W}" height="{BAR_H - 6}"/>'
            f'<rect class="fill" x="0" y="3" width="{at(fill)}" height="{BAR_H - 6}"/>'
            f'{tick}<line class="goal" x1="{goal_x}" y1="0" x2="{goal_x}" y2="{BAR_H}"/>')
    return _svg(BAR_W, BAR_H, label, body, "bar")


def rank(position: float, peers: float, best: float, label: str) -> str:
    """A position on a track from first (left) to last, the band of positions that pass shaded:
    lower is better, and reads so."""
    if peers < 1:
        return ""
    def at(p: float) -> float:
        return round(4 + (min(max(p, 1), peers) - 1) / max(peers - 1, 1) * (RANK_W - 8), 1)

    band = at(best) - at(1) + 4
    body = (f'<rect class="track" x="0" y="5" width="{RANK_W}" height="4"/>'
            f'<rect class="pass-band" x="0" y="3" width="{band:.1f}" height="8"/>'
            f'<circle class="dot" cx="{at(position)}" cy="7" r="4"/>')
    return _svg(RANK_W, BAR_H, label, body, "rank")


def spark(values: Sequence[float], label: str, lower_better: bool = False, inverted: bool = False) -> str:
    """A line through a series. ``inverted`` draws larger values lower (a rank: first is at the top, so
    a rank that improves rises). The last point is coloured by whether the last move was for the
    better: ``lower_better`` says which way that is (at_most, 下降 — and a rank)."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_W - 2 * SPARK_PAD) / (len(values) - 1)

    def y(v: float) -> float:
        share = (v - low) / span
        return round(SPARK_PAD + (share if inverted else 1 - share) * (SPARK_H - 2 * SPARK_PAD), 1)

    xy = [(round(SPARK_PAD + i * step, 1), y(v)) for i, v in enumerate(values)]
    move = values[-1] - values[-2]
    better = "flat" if move == 0 else ("good" if (move < 0) == lower_better else "bad")
    points = " ".join(f"{x},{yy}" for x, yy in xy)
    body = f'<polyline points="{points}"/><circle class="{better}" cx="{xy[-1][0]}" cy="{xy[-1][1]}" r="2.5"/>'
    return _svg(SPARK_W, SPARK_H, label, body, "spark")


def arrow(up: bool | None, good: bool | None, label: str) -> str:
    """↑ or ↓ for a direction target, coloured by whether that way is the document's: a fall in a rate to
    reduce is good news drawn as a green ↓."""
    if up is None:
        return ""
    cls = "flat" if good is None else ("good" if good else "bad")
    path = "M7 2 L12 9 L9 9 L9 14 L5 14 L5 9 L2 9 Z" if up else "M7 14 L12 7 L9 7 L9 2 L5 2 L5 7 L2 7 Z"
    return _svg(14, 16, label, f'<path class="{cls}" d="{path}"/>', "arrow")
