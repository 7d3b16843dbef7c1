"""rhcalc's one version string, from the installed package's metadata (pyproject.toml).

Looked up once, and only when a report needs it: importlib.metadata costs ~25 ms, which
``rhcalc --help`` must not pay.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("rhcalc")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0"
