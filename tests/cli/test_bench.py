"""The benchmark runs end to end on a small corpus, so it never rots. No timing is asserted."""

from __future__ import annotations

import sys

from conftest import ROOT


def test_bench_runs_on_twenty_counties(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench
    finally:
        sys.path.pop(0)
    out = tmp_path / "results.md"
    assert bench.main(["-n", "20", "-r", "1", "--jobs", "2", "--data", str(tmp_path / "data"), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for measured in ("rhcalc --help", "rhcalc score one.xlsx", "rhcalc batch, 20 files", "I/O floor", "plain pandas script",
                     "peak memory"):
        assert measured in text
    files = sorted((tmp_path / "data" / "counties-20").glob("*.xlsx"))
    assert len(files) == 20
