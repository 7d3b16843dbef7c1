"""The command line: options → one library call → a renderer → the exit status.

Nothing heavy is imported at module level (pandas, openpyxl, jinja2, smtplib): ``rhcalc --help``
must stay instant. This is the only module that exits, and ``guarded`` the one place where what
stops a run (``common.errors.RhcalcError``: a bad catalog, config or choice, a folder another run
holds) becomes its problems on stderr and exit status 2. The options and their parsing are in
``cli_options``, what is written where in ``console``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from rhcalc import console
from rhcalc.console import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from rhcalc.common.suffixes import listed
from rhcalc.cli_help import say
from rhcalc.cli_lang import RhcalcCommand, RhcalcGroup, did_you_mean, resolve
from rhcalc.cli_options import (
    AsOfOpt, CatalogFormat, CatalogOpt, ConfigOpt, DebugOpt, ForceOpt, Format, Lang, LangOpt, OnlyOpt, OutputOpt,
    ProblemFormat, QuietOpt, catalog_from, check_plans, parse_date, parse_statuses, pick_format, refuse_overwrite,
)
from rhcalc.render import RENDERERS  # the table only: light

F = TypeVar("F", bound=Callable[..., Any])


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


def guarded(func: F) -> F:
    """Show what stops a run (common.errors.RhcalcError) as located problems in the chosen language,
    exit 2; anything else as one clear message, exit 1. A traceback only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from rhcalc.common.errors import RhcalcError

        debug = bool(kwargs.get("debug"))
        lang = resolve(kwargs.get("lang"))  # --lang, else RHCALC_LANG, else rhcalc.toml, else zh
        if "lang" in kwargs:
            kwargs["lang"] = Lang(lang)
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, typer.BadParameter):
            raise  # exits and Click's usage errors (exit 2) keep their own handling
        except RhcalcError as exc:  # a bad catalog, config or choice, a folder another run holds
            if debug:
                raise
            console.show_problems(exc.problems, lang, quiet=False)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:  # noqa: BLE001 - the edge: never a traceback without --debug
            if debug:
                raise
            # rhcalc's own fault, never the input's (every input fault is a problem): said as such, in
            # the user's language. Locals are never shown: they can hold an SMTP password.
            console.fail(say("unexpected", lang, kind=type(exc).__name__, error=exc), EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


@app.command(cls=RhcalcCommand)
@guarded
def score(
    # readable=False: click would refuse the whole run for one unreadable file; it is that file's problem.
    files: Annotated[list[Path], typer.Argument(help=f"Submission files ({listed()}).", show_default=False, readable=False)],
    fmt: Annotated[Optional[Format], typer.Option("--format", "-f", help=f"{', '.join(RENDERERS)} (table by default; from -o's suffix when given).", show_default=False)] = None,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
    plan: Annotated[Optional[list[str]], typer.Option("--plan", help="Score only this plan (repeatable).", show_default=False)] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Add the arithmetic and the quote behind each result.")] = False,
    only: OnlyOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Score submissions against every target that applies to them.

    Example: rhcalc score 西城区-2024Q2.xlsx --format json --as-of 2024-06-30
    """
    from rhcalc.batch.settings import load_judging
    from rhcalc.common.problems import has_errors
    from rhcalc.pipeline import score_files
    from rhcalc.render import render

    language = lang.value
    name = pick_format(fmt, output, language)
    refuse_overwrite(output, files, force)
    statuses = parse_statuses(only, language)
    cat = catalog_from(catalog)
    check_plans(cat, plan, language)
    card = score_files(files, cat, parse_date(as_of, language), plan, settings=load_judging(config).settings)
    # Nothing scored: the reason (找不到文件, 不是电子表格 …) first, then the report that says so.
    first = not card.results and output is None
    if first:
        console.show_problems(card.problems, language, quiet)
    console.emit(render(card, name, language, explain, statuses), output, name, language)
    if not first and name != "json":
        console.show_problems(card.problems, language, quiet)
    if output is not None and not quiet:
        typer.echo(say("written", language, path=output), err=True)
    raise typer.Exit(EXIT_INPUT if has_errors(card.problems) else EXIT_OK)


@app.command(cls=RhcalcCommand)
@guarded
def validate(
    files: Annotated[list[Path], typer.Argument(help="Submission files to check.", show_default=False, readable=False)],
    fmt: Annotated[Optional[ProblemFormat], typer.Option("--format", "-f", help="table (default), json, csv, xlsx (with -o: a problem list to send back).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the problem list to this file: .xlsx, .csv, .json or .txt.", show_default=False)] = None,
    catalog: CatalogOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """List every problem in submissions; change nothing. Exit 0 when clean, 1 otherwise.

    Example: rhcalc validate submissions/*.xlsx -o 问题清单.xlsx
    """
    from rhcalc.batch.settings import load_judging
    from rhcalc.render import PROBLEM_RENDERERS
    from rhcalc.pipeline import validate_files

    language = lang.value
    name = pick_format(fmt, output, language)
    if name not in PROBLEM_RENDERERS:
        raise typer.BadParameter(say("validate_formats", language, known=", ".join(PROBLEM_RENDERERS), name=name),
                                 param_hint="--output")
    found = validate_files(files, catalog_from(catalog), settings=load_judging(config).settings)
    rendered = PROBLEM_RENDERERS[name].load()(found, lang=language)
    if name == "table" and output is None:
        if found.problems or not quiet:  # soft_wrap: the terminal, not rich, wraps a long message
            console.stream().print(rendered, soft_wrap=True)
    else:
        console.emit(rendered, output, name, language)
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
    from rhcalc.render import write_form

    refuse_overwrite(output, [], force)  # an existing form may be filled in already
    asked = write_form(catalog_from(catalog), plan, district, period, output)
    if not quiet:
        typer.echo(say("form_written", lang.value, path=output, n=asked), err=True)


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
    from rhcalc.render import PLAN_RENDERERS

    console.emit(PLAN_RENDERERS[fmt.value].load()(catalog_from(catalog), lang.value), None, fmt.value)


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
    from rhcalc.render import CATALOG_RENDERERS

    cat = catalog_from(catalog)
    ind_id = None
    if indicator is not None:
        ind_id = cat.resolve_indicator(indicator)
        if ind_id is None:
            names = [*cat.indicators, *(i.name_zh for i in cat.indicators.values())]
            near = did_you_mean(indicator, names)
            guess = say("guess", lang.value, word=near) if near else ""
            console.fail(say("unknown_indicator", lang.value, text=indicator, guess=guess), EXIT_USAGE)
    console.emit(CATALOG_RENDERERS[fmt.value].load()(cat, lang.value, ind_id), None, fmt.value)


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
    from rhcalc.catalog.quotes import check_catalog

    cat = check_catalog(folder, sources)
    typer.echo(say("catalog_ok", lang.value, folder=cat.folder, plans=len(cat.plans), indicators=len(cat.indicators),
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
    from rhcalc.catalog.draft.write import draft_yaml, write_draft
    from rhcalc.catalog.model import ID_PATTERN

    language = lang.value
    if not ID_PATTERN.match(plan):
        raise typer.BadParameter(say("plan_id", language, plan=plan), param_hint="--plan")
    unit_names = tuple(u.strip() for u in re.split(r"[,，、]", units or "") if u.strip())
    options = DraftOptions(document, plan, jurisdiction, unit_names, parse_date(start, language, "--start", "2025-12-31"),
                           parse_date(deadline, language, "--deadline", "2025-12-31"), catalog)
    result = draft_document(options)
    console.show_problems(result.problems, language, quiet)
    if result.draft is None or not result.draft.readings:
        raise typer.Exit(EXIT_INPUT)
    if output is not None:
        written = write_draft(output, result.draft)
        if not quiet:
            typer.echo(say("drafted", language, files=", ".join(map(str, written)), folder=output.parent), err=True)
    if fmt is DraftFormat.table:
        from rhcalc.catalog.draft.table import draft_table

        console.emit(draft_table(result.draft, language), None)
    elif output is None:
        console.emit(draft_yaml(result.draft), None)


@app.command(cls=RhcalcCommand)
@guarded
def batch(
    paths: Annotated[list[Path], typer.Argument(help=f"Submission files or folders (searched recursively for {listed()}).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder for reports, run.json, history.sqlite, outbox/ and sent/.", show_default=False)],
    email: Annotated[bool, typer.Option("--email", help="Email each district its scorecard and the city the summary.")] = False,
    config: ConfigOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write the emails as .eml files in DIR/outbox/; send nothing.")] = False,
    remind: Annotated[bool, typer.Option("--remind", help="Email each unit whose return is missing a reminder with its form attached (once per period and round).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Read every file and render every report again (emails still go only to whoever has not had them).")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Processes reading files, scoring and rendering reports (default: the number of cores).", show_default=False)] = None,
    as_of: AsOfOpt = None,
    only: OnlyOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    from rhcalc.batch.progress import make_reporter, print_lines, run_lines
    from rhcalc.batch.run import BatchOptions, Interrupted, run_batch

    language = lang.value
    err = console.stream(stderr=True)
    options = BatchOptions(tuple(paths), out, catalog, config, email, dry_run, force, jobs, language,
                           parse_date(as_of, language), only=parse_statuses(only, language), remind=remind)
    reporter = make_reporter(err, quiet, language)
    try:
        run = run_batch(options, reporter)
    except Interrupted as stopped:  # Ctrl-C: what was written, what waits in the outbox; run.json says so
        reporter.close()
        print_lines(err, run_lines(stopped.run, language), quiet)
        raise typer.Exit(stopped.run.exit_code) from None
    finally:
        reporter.close()
    console.show_problems(run.problems, language, quiet)
    print_lines(err, run_lines(run, language), quiet)
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
    """Deliver the emails waiting in DIR/outbox/ (after a failed send, or to send a --dry-run's preview).

    Each message goes once: a report already delivered to a recipient is never sent to them again.
    Exit 0 when the outbox is empty afterwards, 1 when a message could not be sent.

    Example: rhcalc send reports/ --config /etc/rhcalc/rhcalc.toml
    """
    from rhcalc.batch.progress import LineReporter, delivery_lines, print_lines
    from rhcalc.batch.run import send_outbox

    language = lang.value
    err = console.stream(stderr=True)
    progress = LineReporter(err, quiet, stamp=False, lang=language)
    delivery = send_outbox(out, config, lambda text: print_lines(err, [(text, False)], quiet), language, progress)
    print_lines(err, delivery_lines(delivery, language) or [(say("nothing_waits", language), False)], quiet)
    raise typer.Exit(EXIT_OK if delivery.ok else EXIT_INPUT)


@app.command(cls=RhcalcCommand)
@guarded
def remind(
    out: Annotated[Path, typer.Argument(help="The folder a batch run wrote (DIR of --out).", show_default=False)],
    config: ConfigOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write the reminders as .eml files in DIR/outbox/; send nothing.")] = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Email each unit whose return is still missing (the last batch run's 上报情况 in DIR) a reminder
    with the due date and its fill-in form attached; never twice for the same unit, period and round.

    Example: rhcalc remind reports/ --dry-run
    """
    from rhcalc.batch.progress import delivery_lines, print_lines
    from rhcalc.batch.remind import remind_units

    language = lang.value
    err = console.stream(stderr=True)
    done = remind_units(out, config, catalog, dry_run, language, note=lambda text: print_lines(err, [(text, False)], quiet))
    names = sorted({q.report for q in done.queued})
    shown = (f" ({', '.join(names)})" if language == "en" else f"（{'、'.join(names)}）") if names else ""
    summary = say("reminders", language, n=len(done.queued), names=shown)
    if done.delivery:
        summary += say("reminders_sent", language, sent=len(done.delivery.sent), failed=len(done.delivery.failed))
    if done.waiting:
        summary += say("reminders_waiting", language, n=done.waiting, outbox=out / "outbox")
    lines = delivery_lines(done.delivery, language) if done.delivery else []
    print_lines(err, [*lines, (summary, False)], quiet)
    raise typer.Exit(EXIT_INPUT if done.delivery and not done.delivery.ok else EXIT_OK)


def main() -> None:
    console.fit_streams()  # a GBK console or a redirected file on Chinese Windows: stand-ins, never a crash
    app()


if __name__ == "__main__":
    main()
