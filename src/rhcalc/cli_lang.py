"""The command line in the reader's language: which language, the help pages in it, and click's own
usage errors (“Error: Invalid value for '--as-of'”) translated where they are caught.

The language is known before the command line is parsed — ``--lang`` among the arguments, else
``RHCALC_LANG``, else ``lang`` in rhcalc.toml, else Chinese — so that ``rhcalc score --help`` is
Chinese by default and ``RHCALC_LANG=en rhcalc score --help`` English. ``RhcalcGroup.main`` is the
one place a usage error of any command is caught and shown; typer's ``main`` runs inside it with
``standalone_mode=False`` so every click exception comes here. Imports only typer (and the
standard library): ``rhcalc --help`` must stay instant.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
import typer.core
from typer import _click

from rhcalc.cli_help import CLICK_WORDS, command_help, param_help

ENV = "RHCALC_LANG"
LANGS = ("zh", "en")


def choose_lang(args: Sequence[str], cwd: Path | None = None) -> str:
    """--lang X / --lang=X among ``args``, else RHCALC_LANG, else rhcalc.toml's lang (--config FILE or
    ./rhcalc.toml), else zh. A value that is not zh or en is left for the usage error to name."""
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    env = os.environ.get(ENV, "").strip().lower()
    if env in LANGS:
        return env
    return _config_lang(args, cwd or Path.cwd()) or "zh"


def _config_lang(args: list[str], cwd: Path) -> str | None:
    """``lang = "en"`` in the configuration file; silence about a bad file here (the command names it)."""
    path = cwd / "rhcalc.toml"
    for i, arg in enumerate(args):
        if arg == "--config" and i + 1 < len(args):
            path = Path(args[i + 1])
        elif arg.startswith("--config="):
            path = Path(arg[9:])
    if not path.is_file():  # the usual case: no tomllib to import for --help
        return None
    import tomllib

    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("lang")
    except (OSError, ValueError):
        return None
    return value if value in LANGS else None


def resolve(given: Any) -> str:
    """A command's language: its --lang when given, else the environment's and the configuration's."""
    value = getattr(given, "value", given)
    return value if value in LANGS else choose_lang([])


def _translator(lang: str) -> Any:
    return (lambda text: CLICK_WORDS.get(text, text)) if lang != "en" else (lambda text: text)


def localise(command: Any, path: str, lang: str) -> None:
    """Each command's and parameter's help in ``lang``, down the command tree."""
    text = command_help(path, lang)
    if text is not None:
        command.help = text + extra_help(path, lang)
    for param in getattr(command, "params", []):
        if isinstance(param, (typer.core.TyperOption, typer.core.TyperArgument)) and param.name:
            found = param_help(path.removeprefix("rhcalc").strip(), param.name, lang)
            if found is not None:
                param.help = found
    for name, sub in getattr(command, "commands", {}).items():
        localise(sub, name if path == "rhcalc" else f"{path} {name}", lang)


def extra_help(path: str, lang: str) -> str:
    """What follows a command's own help: the status legend for score, rhcalc.toml's example for batch."""
    if path == "score":
        from rhcalc.render import status_legend

        title, items = status_legend(lang)
        colon = ": " if lang == "en" else "："
        lines = "\n".join(f"{label}{colon}{what}" for _, label, what in items)
        return f"\n\n{title}{colon.strip()}\n\n\b\n{lines}"
    if path == "batch":
        from rhcalc.batch.config import EXAMPLE
        from rhcalc.batch.settings import EXAMPLE as JUDGING
        from rhcalc.cli_help import EXAMPLE_ZH, JUDGING_ZH

        example = (EXAMPLE + "\n" + JUDGING) if lang == "en" else (EXAMPLE_ZH + "\n" + JUDGING_ZH)
        return "\n\n" + "\n\n".join("\b\n" + block for block in example.strip().split("\n\n"))  # \b: click keeps the lines
    return ""


class _Localised:
    """What RhcalcCommand and RhcalcGroup share: the usage line and the help option in the language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=typer.core._("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = typer.core._("Show this message and exit.")
        return option


class RhcalcCommand(_Localised, typer.core.TyperCommand):
    pass


class RhcalcGroup(_Localised, typer.core.TyperGroup):
    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = choose_lang(argv)
        typer.core._ = _translator(lang)  # the words of the help pages that come from click
        localise(self, "rhcalc", lang)
        try:
            code = super().main(args=argv, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
        except _click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except _click.exceptions.ClickException as exc:
            if not standalone_mode:
                raise
            show_usage_error(exc, lang)
            code = exc.exit_code
        except typer.Abort:
            if not standalone_mode:
                raise
            _click.echo(typer.core._("Aborted!"), file=sys.stderr)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def show_usage_error(exc: Any, lang: str) -> None:
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        option = ctx.help_option_names[0] if ctx.help_option_names else "--help"
        lines.append(f"Try '{ctx.command_path} {option}' for help." if lang == "en"
                     else f"运行 {ctx.command_path} {option} 查看帮助。")
    lines.append("")
    lines.append(("Error: " if lang == "en" else "错误：") + (usage_en(exc) if lang == "en" else usage_zh(exc)))
    _click.echo("\n".join(lines), file=sys.stderr)


def half(message: str, lang: str) -> str:
    """One language of a bilingual “中文 / English” message (rhcalc's own, from before --lang reached it)."""
    if " / " in message and re.search(r"[\u4e00-\u9fff]", message.split(" / ", 1)[0]):
        zh, en = message.split(" / ", 1)
        return en if lang == "en" else zh
    return message


def usage_en(exc: Any) -> str:
    if isinstance(exc, _click.exceptions.BadParameter) and not isinstance(exc, _click.exceptions.MissingParameter):
        exc.message = half(exc.message, "en")
    return exc.format_message()


def _hint(exc: Any) -> str:
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        hint = param.get_error_hint(exc.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "").replace("'", "")


def usage_zh(exc: Any) -> str:
    """click's message of a usage error, in Chinese."""
    e = _click.exceptions
    if isinstance(exc, e.NoSuchOption):
        told = f"没有这个选项：{exc.option_name}"
        return told + (f"（是否为 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else "")
    if isinstance(exc, e.MissingParameter):
        kind = {"argument": "参数", "option": "选项"}.get(getattr(exc.param, "param_type_name", ""), "参数")
        choices = getattr(getattr(exc.param, "type", None), "choices", None)
        return f"缺少{kind} {_hint(exc)}" + (f"（可选：{'、'.join(map(str, choices))}）" if choices else "")
    if isinstance(exc, e.BadParameter):
        return f"{_hint(exc)} 的值无效：{value_zh(exc.message)}"
    if isinstance(exc, e.BadOptionUsage):
        m = re.match(r"Option '?([^' ]+)'? requires (an argument|(\d+) arguments)", exc.message)
        if m:
            return f"选项 {m.group(1)} 需要{'一个值' if not m.group(3) else f' {m.group(3)} 个值'}"
        m = re.match(r"Option '?([^' ]+)'? does not take a value", exc.message)
        if m:
            return f"选项 {m.group(1)} 不带值"
    return message_zh(exc.message)


_VALUES = [
    (re.compile(r"^'?(.*?)'? is not one of (.*)\.$"), lambda m: f"“{m[1]}”不是可选的值（可选：{m[2].replace(chr(39), '')}）"),
    (re.compile(r"^'?(.*?)'? is not a valid integer\.?$"), lambda m: f"“{m[1]}”不是整数"),
    (re.compile(r"^'?(.*?)'? is not a valid float\.?$"), lambda m: f"“{m[1]}”不是数字"),
    (re.compile(r"^(.*?) is not in the range x>=(\d+)\.?$"), lambda m: f"{m[1]} 小于最小值 {m[2]}"),
    (re.compile(r"^'?(.*?)'? is not a valid boolean.*$"), lambda m: f"“{m[1]}”不是是/否值"),
]


def value_zh(message: str) -> str:
    """A parameter type's complaint in Chinese; our own messages (already Chinese first) pass through,
    and a bilingual “中文 / English” keeps its Chinese half."""
    for pattern, words in _VALUES:
        m = pattern.match(message)
        if m:
            return words(m)
    return half(message, "zh")


def message_zh(message: str) -> str:
    m = re.match(r"No such command '([^']+)'\.(?: Did you mean (.*)\?)?", message)
    if m:
        return f"没有这个命令：{m[1]}" + (f"（是否为 {m[2].replace(chr(39), '')}？）" if m[2] else "")
    m = re.match(r"Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)", message)
    if m:
        return f"多余的参数：{m[1]}"
    if message.startswith("Missing command"):
        return "缺少命令"
    return value_zh(message)


def did_you_mean(word: str, known: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(word, list(known), n=1)
    return found[0] if found else None
