"""rhcalc: scorecards of maternal–child health submissions against policy targets."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up only when a report needs it: importlib.metadata costs ~25 ms at every start.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("rhcalc")
        except PackageNotFoundError:  # running from a source tree without installing
            return "0.0.0"
    raise AttributeError(name)
