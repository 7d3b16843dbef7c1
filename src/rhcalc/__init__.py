"""rhcalc: scorecards of maternal–child health submissions against policy targets.

The public API, for a notebook or a script (the command line calls the same functions)::

    import rhcalc

    catalog = rhcalc.load_catalog()                        # the bundled catalog, or a folder
    checked = rhcalc.read_files(paths, catalog, jobs=1)    # read and check: rows and problems
    card = rhcalc.score_checked(checked, catalog)          # or rhcalc.score_files(paths, catalog)
    html = rhcalc.render(card, "html", lang="zh", explain=False)   # any of rhcalc.FORMATS
    run = rhcalc.run_batch(rhcalc.BatchOptions(paths, out))        # what `rhcalc batch` does

Everything is imported on first use (PEP 562), so ``import rhcalc`` and ``rhcalc --help`` load
nothing heavy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name → the module that holds it
_PUBLIC = {
    "load_catalog": "rhcalc.catalog.load",
    "Catalog": "rhcalc.catalog.model",
    "read_files": "rhcalc.pipeline",
    "score_files": "rhcalc.pipeline",
    "score_checked": "rhcalc.pipeline",
    "validate_files": "rhcalc.pipeline",
    "Checked": "rhcalc.pipeline",
    "Validation": "rhcalc.pipeline",
    "Scorecard": "rhcalc.score.model",
    "Result": "rhcalc.score.model",
    "Status": "rhcalc.score.model",
    "Problem": "rhcalc.common.problems",
    "RhcalcError": "rhcalc.common.errors",
    "run_batch": "rhcalc.batch.run",
    "BatchOptions": "rhcalc.batch.run",
}
__all__ = sorted([*_PUBLIC, "render", "FORMATS", "__version__"])


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    if name == "render":  # the package rhcalc.render, callable: rhcalc.render(card, "html")
        return import_module("rhcalc.render")
    if name == "FORMATS":
        return tuple(import_module("rhcalc.render").RENDERERS)
    if name == "__version__":
        return import_module("rhcalc.common.version").version()
    raise AttributeError(f"module 'rhcalc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
