"""Writing a batch's report files, in parallel: rendering is most of a national run's time.

Workers are forked after the reports are built, so they inherit them (and pandas, the catalog and
the renderers' imports) instead of receiving 2,850 pickled scorecards; each returns only the
sha256 of what it wrote. Where fork is unavailable, or for a handful of reports, it stays serial.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rhcalc.output import write_atomic
from rhcalc.reports import Report

# Set just before forking: the reports to render, inherited by the workers.
_PENDING: list[tuple[Report, list[str]]] = []
# Below this, a pool's start-up costs more than it saves.
PARALLEL_FROM = 8


def write_report_files(todo: list[tuple[Report, list[str]]], out: Path, formats: tuple[str, ...], lang: str,
                       workers: int) -> list[dict[str, str]]:
    """Render each report in each format to out/name; per report, {file name: sha256}, in order."""
    global _PENDING
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if workers <= 1 or len(todo) < PARALLEL_FROM or not can_fork:
        return [_render((report, names), out, formats, lang) for report, names in todo]
    _PENDING = todo
    # Forked workers share the parent's pages until they are written to; the cyclic GC writes to
    # every object it visits, which would copy the whole parent into each worker. Frozen objects
    # are never visited.
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            chunk = max(1, len(todo) // (workers * 8))
            args = [(i, str(out), formats, lang) for i in range(len(todo))]
            return list(pool.map(_render_pending, args, chunksize=chunk))
    finally:
        _PENDING = []
        gc.unfreeze()


def _render_pending(args: tuple[int, str, tuple[str, ...], str]) -> dict[str, str]:
    index, out, formats, lang = args
    return _render(_PENDING[index], Path(out), formats, lang)


def _render(item: tuple[Report, list[str]], out: Path, formats: tuple[str, ...], lang: str) -> dict[str, str]:
    from rhcalc.render import RENDERERS

    report, names = item
    files: dict[str, str] = {}
    for fmt, name in zip(formats, names):
        data = RENDERERS[fmt].load()(report.card, lang=lang, explain=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        write_atomic(out / name, payload)
        files[name] = hashlib.sha256(payload).hexdigest()
    return files
