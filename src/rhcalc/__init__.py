"""rhcalc: scorecards of maternal–child health submissions against policy targets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rhcalc")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
