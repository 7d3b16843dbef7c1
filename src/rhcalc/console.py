"""What the command line writes where — a report to stdout or a file, problems and failures to
stderr — in whatever encoding the streams have: a GBK console, ``> 结果.txt`` on Chinese Windows
(cp936), ``LANG=zh_CN.GBK``, a Latin-1 terminal.

Python encodes what is printed with the stream's encoding, strictly on stdout: GBK has no ✓ ✗ ░ or •,
so one of them crashed a whole run. Rather than pick glyphs in each renderer, the CLI gives both
streams, once at start, an error handler that writes for a character the encoding lacks the first
stand-in it has (✓ → √ → v; ░ → □ → -) and “?” when there is none. A UTF-8 stream never calls it,
so output there is unchanged, byte for byte.

JSON and HTML are the exception (``write_report``): both are read as UTF-8 (RFC 8259; the page's
``<meta charset="utf-8">``), so on any other stream they are written in ASCII with their own lossless
escapes (``\\u897f``, ``&#35199;``) — valid UTF-8 and valid GBK at once, the same data for every reader.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import typer

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2  # shared/docs/cli.md
HANDLER = "rhcalc-stand-in"
JSON_HANDLER = "rhcalc-json-escape"

# Stand-ins, best first; a candidate is used only when the stream's encoding has it. The block marks
# keep their order of height (taller is better) down to ASCII: # = - _ .
STAND_INS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "v"), "✔": ("√", "v"), "✗": ("×", "x"), "✘": ("×", "x"), "×": ("x",), "√": ("v",),
    "░": ("□", "-"), "▒": ("□", "-"), "█": ("■", "#"), "▆": ("▅", "="), "▅": ("=",), "▃": ("▂", "-"),
    "▁": ("_",), "○": ("o",), "·": (".",), "•": ("·", "*"), "…": ("...",), "⋯": ("…", "..."),
    "→": ("->",), "←": ("<-",), "—": ("-",), "–": ("-",), "“": ('"',), "”": ('"',), "‘": ("'",), "’": ("'",),
    "≤": ("<=",), "≥": (">=",), "÷": ("/",), "‰": ("0/00",), "─": ("-",), "━": ("-",), "│": ("|",), "┃": ("|",),
    # The Markdown status marks (labels.STATUS_MARK), each followed by its status in words anyway.
    "✅": ("√", "v"), "🟢": ("●", "+"), "🟡": ("▲", "!"), "🔴": ("×", "x"), "⚪": ("○", "o"), "🔵": ("◇", "~"),
    "\ufeff": ("",),  # the BOM of a CSV: a GBK file has none, and Excel reads one without it as GBK
}


@lru_cache(maxsize=1024)
def stand_in(char: str, encoding: str) -> str:
    """What to write for ``char`` in ``encoding``: a stand-in it can encode, else its ASCII form, else “?”."""
    if "\ud800" <= char <= "\udfff":  # a byte of a file name that did not decode (surrogateescape)
        candidates: tuple[str, ...] = ("\ufffd",)
    else:
        ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        candidates = STAND_INS.get(char) or ((ascii_form,) if ascii_form else ())
    for candidate in candidates:
        try:
            candidate.encode(encoding)
            return candidate
        except UnicodeEncodeError:
            continue
    return "?"


def _stand_ins(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(stand_in(c, exc.encoding) for c in exc.object[exc.start:exc.end]), exc.end


def _json_escapes(exc: UnicodeError) -> tuple[str, int]:
    """JSON's own escape (UTF-16 units, as ensure_ascii writes them): the parsed text stays exact.
    Outside strings JSON is ASCII, so only string contents ever come here."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    units = exc.object[exc.start:exc.end].encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2)), exc.end


codecs.register_error(HANDLER, _stand_ins)
codecs.register_error(JSON_HANDLER, _json_escapes)

# Formats read as UTF-8, with the escape each has for a character written in ASCII.
DATA_ESCAPES = {"json": JSON_HANDLER, "html": "xmlcharrefreplace"}
_UTF = {"utf-8", "utf-16", "utf-32"}


def fit_streams() -> None:
    """Give stdout and stderr the stand-in handler (an embedding program's own streams are left alone)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != HANDLER:
            stream.reconfigure(errors=HANDLER)


def write_report(text: str, fmt: str, stream: TextIO | None = None) -> None:
    """A rendered report to stdout; JSON and HTML in escaped ASCII where the stream is not UTF."""
    stream = stream or sys.stdout
    errors = DATA_ESCAPES.get(fmt)
    if errors and codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name not in _UTF:
        text = text.encode("ascii", errors).decode("ascii")
    stream.write(text)
    stream.flush()


def stream(stderr: bool = False):  # type: ignore[no-untyped-def]
    """A rich console on stdout or stderr (rich is imported only when something is printed)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def fail(message: str, code: int) -> None:
    """One message in a red panel on stderr, then exit ``code``."""
    from rich.panel import Panel
    from rich.text import Text

    # Text, not markup: “[email]” in a message is a TOML table, not a rich style.
    stream(stderr=True).print(Panel(Text(message), title="rhcalc", border_style="red", expand=False))
    raise typer.Exit(code)


def emit(renderable_or_text: Any, output: Path | None, fmt: str = "table", lang: str = "zh") -> None:
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
        from rhcalc.cli_help import say

        fail(say("binary_needs_output", lang, fmt=fmt), EXIT_USAGE)
    if isinstance(renderable_or_text, str):
        write_report(renderable_or_text, fmt)
    else:
        stream().print(renderable_or_text)


def show_problems(problems: list[Any], lang: str, quiet: bool) -> None:
    """Problems on stderr as a person reads them (``--quiet``: errors only); soft_wrap: the terminal,
    not rich, wraps a long message."""
    shown = [p for p in problems if not quiet or p.severity.value == "error"]
    if shown:
        from rhcalc.render import render_problems

        stream(stderr=True).print(render_problems(shown, lang), soft_wrap=True)
