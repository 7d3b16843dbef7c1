"""The command line's shared vocabulary: languages, the --format choices of each command (made from
the renderer tables, so a new format needs no edit here), the options the commands share, and
their parsing into what the library takes (a date, a format, a refusal to write over a file).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from rhcalc.render import CATALOG_RENDERERS, PROBLEM_RENDERERS, RENDERERS, format_for  # light: the tables only


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def _choices(name: str, table: dict[str, Any]) -> Any:
    """The --format choices of a command: the formats its renderer table holds (render/__init__.py)."""
    return Enum(name, [(n, n) for n in table], type=str)


Format = _choices("Format", RENDERERS)
ProblemFormat = _choices("ProblemFormat", PROBLEM_RENDERERS)  # what `validate` writes the problem list as
CatalogFormat = _choices("CatalogFormat", CATALOG_RENDERERS)  # `plans` and `indicators`: for a person or for a script


CatalogOpt = Annotated[Optional[Path], typer.Option("--catalog", help="Catalog folder (default: the bundled indicators/).", show_default=False)]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels and messages.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but the report and errors.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (format from its suffix).", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Judge progress as of YYYY-MM-DD (default: end of the latest period in the input).", show_default=False)]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Configuration file (default: ./rhcalc.toml).", show_default=False)]


def catalog_from(folder: Path | None):  # type: ignore[no-untyped-def]
    """The --catalog folder, loaded (the bundled catalog without one)."""
    from rhcalc.catalog.load import load_catalog

    return load_catalog(folder)


def parse_date(text: str | None, option: str = "--as-of") -> dt.date | None:
    """An ISO date given to ``option``; a usage error (exit 2) when it is none."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date like 2024-06-30", param_hint=option) from None


def pick_format(fmt: Format | None, output: Path | None) -> str:
    """--format, else what -o's suffix names (a usage error when it names none), else table."""
    if fmt is not None:
        return fmt.value
    if output is not None:
        name = format_for(str(output))
        if name is None:  # report.xls, report.pdf: a plain-text table under that name is no report
            known = " ".join(r.suffix for n, r in RENDERERS.items() if n != "table")
            raise typer.BadParameter(f"{output.name} 的扩展名不是可写的格式：{known}（或用 --format 指定） / "
                                     f"{output.name}: the suffix is none of the formats written: {known} (or give --format)",
                                     param_hint="-o/--output")
        return name
    return "table"


def refuse_overwrite(output: Path | None, inputs: list[Path], force: bool) -> None:
    """A usage error before any work when -o would write over an input, or over a file without --force."""
    from rhcalc.common.output import output_refusal

    refusal = output_refusal(output, inputs, force) if output is not None else None
    if refusal:
        raise typer.BadParameter(refusal, param_hint="-o/--output")


def check_plans(cat: Any, plans: list[str] | None) -> None:
    """A usage error for a --plan the catalog does not hold."""
    unknown = [p for p in plans or [] if p not in cat.plans]
    if unknown:
        raise typer.BadParameter(f"unknown plan {', '.join(unknown)}; known: {', '.join(cat.plans)}", param_hint="--plan")
