"""The command line: options → one library call → a renderer → the exit status.

Nothing heavy is imported at module level (pandas, openpyxl, jinja2, smtplib): ``rhcalc --help``
must stay instant. This is the only module that exits, and the one place exceptions that stop
a run (a bad catalog, a bad config) become a message and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from rhcalc.cli_help import say
from rhcalc.cli_lang import RhcalcCommand, RhcalcGroup, did_you_mean, resolve

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    md = "md"


class ProblemFormat(str, Enum):  # what `validate` writes the problem list as
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CatalogFormat(str, Enum):  # `plans` and `indicators`: for a person or for a script
    table = "table"
    json = "json"


# Help texts: cli_help.py, in the language cli_lang.choose_lang picks before parsing.
app = typer.Typer(
    name="rhcalc",
    cls=RhcalcGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(cls=RhcalcGroup, no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

CatalogOpt = Annotated[Optional[Path], typer.Option("--catalog", help="Catalog folder (default: the bundled indicators/).", show_default=False)]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of labels and messages.", show_default=False)]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but the report and errors.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (format from its suffix).", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
OnlyOpt = Annotated[Optional[str], typer.Option("--only", help="Show only these statuses: behind,not_met …", show_default=False)]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Judge progress as of YYYY-MM-DD (default: end of the latest period in the input).", show_default=False)]


def _console(stderr: bool = False):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _fail(message: str, code: int, details: list[str] | None = None, lang: str = "zh") -> None:
    from rich.panel import Panel
    from rich.text import Text

    body = message + ("\n" + "\n".join(f"• {d}" for d in details[:50]) if details else "")
    if details and len(details) > 50:
        body += "\n" + say("and_more", lang, n=len(details) - 50)
    # Text, not markup: “[email]” in a message is a TOML table, not a rich style.
    _console(stderr=True).print(Panel(Text(body), title="rhcalc", border_style="red", expand=False))
    raise typer.Exit(code)


def guarded(func: F) -> F:
    """Turn the exceptions that stop a run into one clear message; a traceback only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from rhcalc.catalog.model import CatalogError
        from rhcalc.batch.config import ConfigError

        debug = bool(kwargs.get("debug"))
        lang = resolve(kwargs.get("lang"))  # --lang, else RHCALC_LANG, else rhcalc.toml, else zh
        if "lang" in kwargs:
            kwargs["lang"] = Lang(lang)
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, typer.BadParameter):
            raise  # exits and Click's usage errors (exit 2) keep their own handling
        except CatalogError as exc:
            if debug:
                raise
            _fail(say("catalog_error", lang), EXIT_USAGE, exc.errors, lang)
        except ConfigError as exc:
            if debug:
                raise
            _fail(say("config_error", lang, error=exc), EXIT_USAGE, lang=lang)
        except Exception as exc:  # noqa: BLE001 - the edge: never a traceback without --debug
            if debug:
                raise
            # Locals are never shown: they can hold an SMTP password.
            _fail(say("unexpected", lang, kind=type(exc).__name__, error=exc), EXIT_INPUT, lang=lang)

    return wrapper  # type: ignore[return-value]


def _as_of(text: str | None, lang: str = "zh", name: str = "--as-of", example: str = "2024-06-30") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(say("not_a_date", lang, text=text, example=example), param_hint=name) from None


def _load_catalog(folder: Path | None):  # type: ignore[no-untyped-def]
    from rhcalc.catalog.load import load_catalog

    return load_catalog(folder)


def _emit(renderable_or_text: Any, output: Path | None, fmt: str = "table", lang: str = "zh") -> None:
    """Text or bytes to a file (atomically) or stdout; a rich renderable to the terminal."""
    from rhcalc.common.output import write_atomic

    if output is not None:
        if not isinstance(renderable_or_text, (str, bytes)):
            from io import StringIO

            from rich.console import Console

            buf = StringIO()
            Console(file=buf, width=120, color_system=None).print(renderable_or_text)
            renderable_or_text = buf.getvalue()
        write_atomic(output, renderable_or_text)
        return
    if isinstance(renderable_or_text, bytes):
        _fail(say("binary_needs_output", lang, fmt=fmt), EXIT_USAGE, lang=lang)
    if isinstance(renderable_or_text, str):
        from rhcalc.console import write_report

        write_report(renderable_or_text, fmt)
    else:
        _console().print(renderable_or_text)


def _pick_format(fmt: Any, output: Path | None, lang: str = "zh") -> str:
    from rhcalc.render import RENDERERS, format_for

    if fmt is not None:
        return fmt.value
    if output is not None:
        name = format_for(str(output))
        if name is None:  # report.xls, report.pdf: a plain-text table under that name is no report
            known = " ".join(r.suffix for n, r in RENDERERS.items() if n != "table")
            raise typer.BadParameter(say("bad_suffix", lang, name=output.name, known=known), param_hint="-o/--output")
        return name
    return "table"


def _writable(output: Path | None, inputs: list[Path], force: bool) -> None:
    """A usage error before any work when -o would write over an input, or over a file without --force."""
    from rhcalc.common.output import output_refusal

    refusal = output_refusal(output, inputs, force) if output is not None else None
    if refusal:
        raise typer.BadParameter(refusal, param_hint="-o/--output")


@app.command(cls=RhcalcCommand)
@guarded
def score(
    # readable=False: click would refuse the whole run for one unreadable file; it is that file's problem.
    files: Annotated[list[Path], typer.Argument(help="Submission files (.xlsx .xls .ods .csv).", show_default=False, readable=False)],
    fmt: Annotated[Optional[Format], typer.Option("--format", "-f", help="table (default on a terminal), json, csv, xlsx, html, md.", show_default=False)] = None,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
    plan: Annotated[Optional[list[str]], typer.Option("--plan", help="Score only this plan (repeatable).", show_default=False)] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Add the arithmetic and the quote behind each result.")] = False,
    only: OnlyOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Score submissions against every target that applies to them.

    Example: rhcalc score 西城区-2024Q2.xlsx --format json --as-of 2024-06-30
    """
    from rhcalc.common.problems import has_errors
    from rhcalc.render import RENDERERS
    from rhcalc.score.scoring import score_files

    language = lang.value
    name = _pick_format(fmt, output, language)
    _writable(output, files, force)
    statuses = _statuses(only, language)
    cat = _load_catalog(catalog)
    _check_plans(cat, plan, language)
    card = score_files(files, cat, _as_of(as_of, language), plan)
    renderer = RENDERERS[name]
    # Nothing scored: the reason (找不到文件, 不是电子表格 …) first, then the report that says so.
    first = not card.results and output is None
    if first:
        _show_problems(card.problems, language, quiet)
    _emit(renderer.load()(card, lang=language, explain=explain, only=statuses), output, name, language)
    if not first and name != "json":
        _show_problems(card.problems, language, quiet)
    if output is not None and not quiet:
        typer.echo(say("written", language, path=output), err=True)
    raise typer.Exit(EXIT_INPUT if has_errors(card.problems) else EXIT_OK)


def _check_plans(cat: Any, plans: list[str] | None, lang: str) -> None:
    unknown = [p for p in plans or [] if p not in cat.plans]
    if unknown:
        near = did_you_mean(unknown[0], list(cat.plans))
        guess = say("guess", lang, word=near) if near else ""
        raise typer.BadParameter(say("unknown_plan", lang, plan=", ".join(unknown), guess=guess, known=", ".join(cat.plans)),
                                 param_hint="--plan")


# The statuses --only takes: their codes, and the labels a reader knows them by (进度落后, behind).
def _statuses(text: str | None, lang: str) -> frozenset[str]:
    if not text:
        return frozenset()
    from rhcalc.render.labels import STATUS

    known = {code: code for code in STATUS} | {w: code for code, pair in STATUS.items() for w in pair}
    picked = set()
    for word in (w.strip() for w in text.replace("，", ",").replace("、", ",").split(",")):
        if word not in known and word.replace(" ", "_") not in known:
            raise typer.BadParameter(say("unknown_status", lang, text=word, known=",".join(STATUS)), param_hint="--only")
        picked.add(known.get(word) or known[word.replace(" ", "_")])
    return frozenset(picked)


@app.command(cls=RhcalcCommand)
@guarded
def validate(
    files: Annotated[list[Path], typer.Argument(help="Submission files to check.", show_default=False, readable=False)],
    fmt: Annotated[Optional[ProblemFormat], typer.Option("--format", "-f", help="table (default), json, csv, xlsx (with -o: a problem list to send back).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the problem list to this file: .xlsx, .csv, .json or .txt.", show_default=False)] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """List every problem in submissions; change nothing. Exit 0 when clean, 1 otherwise.

    Example: rhcalc validate submissions/*.xlsx -o 问题清单.xlsx
    """
    from rhcalc.render import PROBLEM_RENDERERS
    from rhcalc.validate import validate as validate_submissions

    language = lang.value
    name = _pick_format(fmt, output, language)
    if name not in PROBLEM_RENDERERS:
        raise typer.BadParameter(say("validate_formats", language, known=", ".join(PROBLEM_RENDERERS), name=name), param_hint="--output")
    found = validate_submissions(files, _load_catalog(catalog))
    rendered = PROBLEM_RENDERERS[name].load()(found, lang=language)
    if name == "table" and output is None:
        if found.problems or not quiet:  # soft_wrap: the terminal, not rich, wraps a long message
            _console().print(rendered, soft_wrap=True)
    else:
        _emit(rendered, output, name, language)
        if output is not None and not quiet:
            typer.echo(say("written", language, path=output), err=True)
    raise typer.Exit(EXIT_INPUT if found.blocking else EXIT_OK)


@app.command(cls=RhcalcCommand)
@guarded
def template(
    plan: Annotated[str, typer.Option("--plan", help="The plan (rhcalc plans lists them).", show_default=False)],
    district: Annotated[str, typer.Option("--district", help="The district or unit that fills it in.", show_default=False)],
    period: Annotated[str, typer.Option("--period", help="The period: 2024, 2024Q2, 2024-05, 2024年1-6月 …", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The form to write: .xlsx (drop-downs, protection) or .csv.", show_default=False)],
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write a fill-in form (.xlsx or .csv) for what a plan asks of a district in a period.

    Example: rhcalc template --plan beijing_rh_2024 --district 西城区 --period 2024Q2 -o 西城区-2024Q2.xlsx
    """
    from rhcalc.render.form import TemplateError, build_template, write_template

    _writable(output, [], force)  # an existing form may be filled in already
    cat = _load_catalog(catalog)
    try:
        form = build_template(cat, plan, district, period)
        write_template(form, output)
    except TemplateError as exc:
        _fail(say("template_error", lang.value, error=exc), EXIT_USAGE, lang=lang.value)
        return
    if not quiet:
        typer.echo(say("form_written", lang.value, path=output, n=len(form.indicators)), err=True)


@app.command(cls=RhcalcCommand)
@guarded
def plans(
    fmt: Annotated[CatalogFormat, typer.Option("--format", "-f", help="table or json.")] = CatalogFormat.table,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The documents in the catalog and how many targets each holds.

    Example: rhcalc plans --lang en
    """
    from rhcalc.render.definitions import plans_json, plans_table

    cat = _load_catalog(catalog)
    _emit(plans_json(cat) if fmt is CatalogFormat.json else plans_table(cat, lang.value), None, fmt.value)


@app.command(cls=RhcalcCommand)
@guarded
def indicators(
    indicator: Annotated[Optional[str], typer.Argument(help="One indicator (id or Chinese name) in full, with its targets and quotes.", show_default=False)] = None,
    fmt: Annotated[CatalogFormat, typer.Option("--format", "-f", help="table or json.")] = CatalogFormat.table,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The catalog's indicators and targets; one in full with ID.

    Example: rhcalc indicators induced_abortion_rate
    """
    from rhcalc.render.definitions import catalog_json, indicator_detail, indicators_table

    language = lang.value
    cat = _load_catalog(catalog)
    ind_id = None
    if indicator is not None:
        ind_id = cat.resolve_indicator(indicator)
        if ind_id is None:
            names = [*cat.indicators, *(i.name_zh for i in cat.indicators.values())]
            near = did_you_mean(indicator, names)
            _fail(say("unknown_indicator", language, text=indicator, guess=say("guess", language, word=near) if near else ""),
                  EXIT_USAGE, lang=language)
    if fmt is CatalogFormat.json:
        _emit(catalog_json(cat, ind_id), None, "json")
    else:
        _emit(indicator_detail(cat, ind_id, language) if ind_id else indicators_table(cat, language), None)


@catalog_app.command("check", cls=RhcalcCommand)
@guarded
def catalog_check(
    folder: Annotated[Optional[Path], typer.Argument(help="Catalog folder (default: the bundled one).", show_default=False)] = None,
    sources: Annotated[Optional[Path], typer.Option("--sources", help="Folder of the documents (default: FOLDER/sources).", show_default=False)] = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Validate a catalog: schema, ids, references, and every quote verbatim in its document.

    Example: rhcalc catalog check my-catalog/
    """
    from rhcalc.catalog.quotes import check_quotes

    language = lang.value
    cat = _load_catalog(folder)
    src = sources or cat.folder / "sources"
    if not src.is_dir():
        _fail(say("no_sources", language, folder=src), EXIT_USAGE, lang=language)
    problems = check_quotes(cat, src)
    if problems:
        _fail(say("quote_problems", language, folder=cat.folder, n=len(problems)), EXIT_USAGE, problems, language)
    typer.echo(say("catalog_ok", language, folder=cat.folder, plans=len(cat.plans), indicators=len(cat.indicators),
                   targets=len(cat.targets)))


class DraftFormat(str, Enum):
    yaml = "yaml"
    table = "table"


@catalog_app.command("draft", cls=RhcalcCommand)
@guarded
def catalog_draft(
    document: Annotated[Path, typer.Argument(help="The policy document: .txt (UTF-8 or GBK), .docx, .html saved from a browser, .pdf with a text layer.", show_default=False)],
    plan: Annotated[str, typer.Option("--plan", help="Id of the new plan (ASCII lower case, digits, _), e.g. xicheng_mch_2025.", show_default=False)],
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", help="Whose targets these are (default: read from the title), e.g. 西城区.", show_default=False)] = None,
    units: Annotated[Optional[str], typer.Option("--units", help="Units reporting to the plan, comma-separated: 东城区,西城区,….", show_default=False)] = None,
    start: Annotated[Optional[str], typer.Option("--start", help="Start of the plan YYYY-MM-DD (default: read from the document).", show_default=False)] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", help="End of the plan YYYY-MM-DD (default: read from the document).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the YAML here, and the document's text to sources/ beside it.", show_default=False)] = None,
    fmt: Annotated[Optional[DraftFormat], typer.Option("--format", "-f", help="yaml (default) or table: what was found clause by clause, and what was left out and why.", show_default=False)] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Propose the targets of a new policy document as catalog YAML, to review before use.

    Every quote is a verbatim span of the document and every value is read from its quote; what the
    draft is unsure of is a `review:` note. Only the catalog's common.yaml is read (shared indicators).
    Exit 0 when drafted, 1 when the document cannot be read or holds no commitment, 2 for a bad option.

    Example: rhcalc catalog draft 2025年西城区妇幼健康工作要点.docx --plan xicheng_mch_2025 -o my-catalog/xicheng_mch_2025.yaml
    """
    from rhcalc.catalog.draft import DraftOptions, draft_document
    from rhcalc.catalog.draft.plan import PlanUnclear
    from rhcalc.catalog.draft.write import SourceClash, draft_yaml, write_draft
    from rhcalc.catalog.model import ID_PATTERN

    language = lang.value
    if not ID_PATTERN.match(plan):
        raise typer.BadParameter(say("plan_id", language, plan=plan), param_hint="--plan")
    unit_names = tuple(u.strip() for u in re.split(r"[,，、]", units or "") if u.strip())
    options = DraftOptions(document, plan, jurisdiction, unit_names, _as_of(start, language, "--start", "2025-12-31"),
                           _as_of(deadline, language, "--deadline", "2025-12-31"), catalog)
    try:
        result = draft_document(options)
    except PlanUnclear as exc:
        _fail(say("plan_unclear", language, document=document.name, error=exc), EXIT_USAGE, lang=language)
    _show_problems(result.problems, language, quiet)
    if result.draft is None or not result.draft.readings:
        raise typer.Exit(EXIT_INPUT)
    if output is not None:
        try:
            written = write_draft(output, result.draft)
        except SourceClash as exc:
            _fail(str(exc), EXIT_USAGE, lang=language)
        if not quiet:
            typer.echo(say("drafted", language, files=", ".join(map(str, written)), folder=output.parent), err=True)
    if fmt is DraftFormat.table:
        from rhcalc.catalog.draft.table import draft_table

        _emit(draft_table(result.draft, language), None)
    elif output is None:
        _emit(draft_yaml(result.draft), None)


def _show_problems(problems: list, lang: str, quiet: bool) -> None:  # type: ignore[type-arg]
    shown = [p for p in problems if not quiet or p.severity.value == "error"]
    if shown:
        from rhcalc.render.problems import render_problems

        _console(stderr=True).print(render_problems(shown, lang), soft_wrap=True)


ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Configuration file (default: ./rhcalc.toml).", show_default=False)]
@app.command(cls=RhcalcCommand)
@guarded
def batch(
    paths: Annotated[list[Path], typer.Argument(help="Submission files or folders (searched recursively for .xlsx .xlsm .xls .ods .csv).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder for reports, run.json, history.sqlite, outbox/ and sent/.", show_default=False)],
    email: Annotated[bool, typer.Option("--email", help="Email each district its scorecard and the city the summary.")] = False,
    config: ConfigOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write the emails as .eml files in DIR/outbox/; send nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Render every report again (emails still go only to whoever has not had them).")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Processes reading files, scoring and rendering reports (default: the number of cores).", show_default=False)] = None,
    as_of: AsOfOpt = None,
    only: OnlyOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    from rhcalc.batch.progress import make_reporter, print_lines, run_lines
    from rhcalc.batch.run import BatchOptions, Interrupted, RunLocked, run_batch

    language = lang.value
    console = _console(stderr=True)
    options = BatchOptions(tuple(paths), out, catalog, config, email, dry_run, force, jobs, language, _as_of(as_of, language),
                           only=_statuses(only, language))
    reporter = make_reporter(console, quiet, language)
    try:
        run = run_batch(options, reporter)
    except RunLocked as exc:
        _fail(str(exc), EXIT_USAGE, lang=language)
    except Interrupted as stopped:  # Ctrl-C: what was written, what waits in the outbox; run.json says so
        reporter.close()
        print_lines(console, run_lines(stopped.run, language), quiet)
        raise typer.Exit(stopped.run.exit_code) from None
    finally:
        reporter.close()
    shown = [p for p in run.problems if not quiet or p.severity.value == "error"]
    if shown:
        from rhcalc.render.problems import render_problems

        console.print(render_problems(shown, language), soft_wrap=True)
    print_lines(console, run_lines(run, language), quiet)
    raise typer.Exit(run.exit_code)


@app.command(cls=RhcalcCommand)
@guarded
def send(
    out: Annotated[Path, typer.Argument(help="The folder a batch run wrote (DIR of --out).", show_default=False)],
    config: ConfigOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    from rhcalc.batch.progress import LineReporter, delivery_lines, print_lines
    from rhcalc.batch.run import RunLocked, send_outbox

    language = lang.value
    console = _console(stderr=True)
    progress = LineReporter(console, quiet, stamp=False, lang=language)
    try:
        delivery = send_outbox(out, config, lambda text: print_lines(console, [(text, False)], quiet), language, progress)
    except RunLocked as exc:
        _fail(str(exc), EXIT_USAGE, lang=language)
    print_lines(console, delivery_lines(delivery, language) or [(say("nothing_waits", language), False)], quiet)
    raise typer.Exit(EXIT_OK if delivery.ok else EXIT_INPUT)


def main() -> None:
    from rhcalc.console import fit_streams

    fit_streams()  # a GBK console or a redirected file on Chinese Windows: stand-ins, never a crash
    app()


if __name__ == "__main__":
    main()
