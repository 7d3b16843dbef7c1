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

from rhcalc.cli_help import say
from rhcalc.cli_lang import did_you_mean
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
# None: the language of RHCALC_LANG or rhcalc.toml, else zh (cli_lang.resolve, in cli.guarded).
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of labels and messages.", show_default=False)]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but the report and errors.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (format from its suffix).", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Judge progress as of YYYY-MM-DD (default: end of the latest period in the input).", show_default=False)]
OnlyOpt = Annotated[Optional[str], typer.Option("--only", help="Show only these statuses: behind,not_met …", show_default=False)]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Configuration file (default: ./rhcalc.toml).", show_default=False)]


def catalog_from(folder: Path | None):  # type: ignore[no-untyped-def]
    """The --catalog folder, loaded (the bundled catalog without one)."""
    from rhcalc.catalog.load import load_catalog

    return load_catalog(folder)


def parse_date(text: str | None, lang: str = "zh", option: str = "--as-of", example: str = "2024-06-30") -> dt.date | None:
    """An ISO date given to ``option``; a usage error (exit 2) in ``lang`` when it is none."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(say("not_a_date", lang, text=text, example=example), param_hint=option) from None


def pick_format(fmt: Format | None, output: Path | None, lang: str = "zh") -> str:
    """--format, else what -o's suffix names (a usage error when it names none), else table."""
    if fmt is not None:
        return fmt.value
    if output is not None:
        name = format_for(str(output))
        if name is None:  # report.xls, report.pdf: a plain-text table under that name is no report
            known = " ".join(r.suffix for n, r in RENDERERS.items() if n != "table")
            raise typer.BadParameter(say("bad_suffix", lang, name=output.name, known=known), param_hint="-o/--output")
        return name
    return "table"


def refuse_overwrite(output: Path | None, inputs: list[Path], force: bool) -> None:
    """A usage error before any work when -o would write over an input, or over a file without --force."""
    from rhcalc.common.output import output_refusal

    refusal = output_refusal(output, inputs, force) if output is not None else None
    if refusal:
        raise typer.BadParameter(refusal, param_hint="-o/--output")


def check_plans(cat: Any, plans: list[str] | None, lang: str = "zh") -> None:
    """A usage error for a --plan the catalog does not hold, with the nearest it does."""
    unknown = [p for p in plans or [] if p not in cat.plans]
    if unknown:
        near = did_you_mean(unknown[0], list(cat.plans))
        guess = say("guess", lang, word=near) if near else ""
        raise typer.BadParameter(say("unknown_plan", lang, plan=", ".join(unknown), guess=guess, known=", ".join(cat.plans)),
                                 param_hint="--plan")


def parse_statuses(text: str | None, lang: str = "zh") -> frozenset[str]:
    """--only: status codes or the labels a reader knows them by (进度落后, behind), comma-separated;
    empty for all."""
    if not text:
        return frozenset()
    from rhcalc.render import status_words

    words = status_words()
    known = {code: code for code in words} | {w: code for code, pair in words.items() for w in pair}
    picked = set()
    for word in (w.strip() for w in text.replace("，", ",").replace("、", ",").split(",")):
        code = known.get(word) or known.get(word.replace(" ", "_"))
        if code is None:
            raise typer.BadParameter(say("unknown_status", lang, text=word, known=",".join(words)), param_hint="--only")
        picked.add(code)
    return frozenset(picked)
