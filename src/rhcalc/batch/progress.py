"""What ``rhcalc batch`` and ``rhcalc send`` say while they work, and when they are done, in the run's
language.

On a terminal: a progress bar that says what it is doing — reading the files, scoring, writing the
reports, sending the emails (and, when the server refuses, which retry and how long it waits).
Anywhere else (cron, systemd): one timestamped line per file and per event, so the log reads in
order with ``grep``. ``--quiet``: errors only. Everything goes to stderr; stdout stays empty for
scripts. The batch library calls these through its ``Reporter`` protocol and never prints itself.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rhcalc.common.problems import Severity

if TYPE_CHECKING:
    from rhcalc.batch.outbox import Queued
    from rhcalc.batch.run import BatchRun
    from rhcalc.batch.smtp import Delivery
    from rhcalc.pipeline import FileRead


WORDS: dict[str, tuple[str, str]] = {
    "read": ("读取文件", "reading"), "score": ("评分", "scoring"), "write": ("写出报告", "writing reports"),
    "send": ("发送邮件", "sending"),
    "files": ("待读取文件 {n} 个", "{n} file(s) to read"),
    "file_done": ("{file}：{rows} 行，问题 {n} 个{first}", "{file}: {rows} row(s), {n} problem(s){first}"),
    "scoring": ("评分：{n} 个报告期", "scoring {n} report period(s)"),
    "writing": ("写出报告 {n} 份", "writing {n} report(s)"),
    "sending": ("发送邮件 {n} 封", "sending {n} message(s)"),
    "written": ("→ {name}（{formats}）", "→ {name} ({formats})"),
    "in_use": ("未替换：{name} 正被其他程序（Excel、WPS？）打开；关闭后再运行一次",
               "not replaced: {name} is open in another program (Excel, WPS?); close it and run again"),
    "retry": ("第 {attempt}/{retries} 次重试，{wait} 秒后：{hint}", "retry {attempt}/{retries} in {wait} s: {hint}"),
    "not_sent": ("未发出：{file}：{hint}（{detail}）", "not sent: {file}: {hint} ({detail})"),
    "sent": ("已发送 {report} → {recipient}", "sent {report} → {recipient}"),
    "recovered": ("已送达过，移到 sent/：{file}", "already delivered, moved to sent/: {file}"),
    "uncertain": ("可能已送达：{file}（{report} → {recipient}）；上次运行在服务器接收时被中止，因此不再重发——如未收到，请转发 sent/{sent}",
                  "may have been delivered already: {file} ({report} → {recipient}); a run was stopped while the server "
                  "took it, so it is not sent again — if it did not arrive, forward sent/{sent}"),
    "removed": ("已删除 {name}：其输入文件已不存在", "removed {name}: its input files are gone"),
    "summary_files": ("文件 {n} 个", "{n} file(s)"),
    "summary_reports": ("报告 {n} 份：{unchanged} 份未变", "{n} report(s): {unchanged} unchanged"),
    "summary_queued": ("排队邮件 {n} 封", "{n} message(s) queued"),
    "summary_sent": ("已发送 {sent}，失败 {failed}", "{sent} sent, {failed} failed"),
    "summary_waiting": ("{n} 封在 {outbox} 等待", "{n} waiting in {outbox}"),
    "interrupted": ("已中断（Ctrl-C）：已写出报告 {written} 份（共 {total} 份）；{waiting}记录 → {run_json}",
                    "interrupted (Ctrl-C): {written} of {total} report(s) written; {waiting}record → {run_json}"),
    "interrupted_waiting": ("{n} 封邮件在 {outbox} 等待，可用 rhcalc send {out} 发送；",
                            "{n} message(s) wait in {outbox} (rhcalc send {out}); "),
    "nothing_waits": ("发件箱中没有等待发送的邮件", "nothing waits in the outbox"),
}

# What to check when a message could not be sent (smtp.KINDS).
HINTS: dict[str, tuple[str, str]] = {
    "connect": ("无法连接邮件服务器 {server}，请检查 smtp_host / smtp_port", "cannot connect to the mail server {server}: check smtp_host / smtp_port"),
    "timeout": ("连接邮件服务器 {server} 超时，请检查网络或 timeout", "the mail server {server} did not answer in time: check the network or timeout"),
    "certificate": ("邮件服务器 {server} 的证书无法验证，请用 ca_file 指定其证书或 CA",
                    "the certificate of {server} cannot be verified: name it or its CA in ca_file"),
    "tls": ("与邮件服务器 {server} 建立加密连接失败，请检查 security（none / starttls / ssl）",
            "no encrypted connection to {server}: check security (none / starttls / ssl)"),
    "auth": ("邮件服务器 {server} 拒绝登录，请检查 username 和 password_env 所指的密码",
             "{server} refused the login: check username and the password in the variable named by password_env"),
    "recipient": ("邮件服务器拒绝了收件人，请检查 [email.recipients] 中的地址", "the server refused the recipient: check the address in [email.recipients]"),
    "sender": ("邮件服务器拒绝了发件人，请检查 sender", "the server refused the sender: check sender"),
    "other": ("邮件服务器 {server} 出错", "the mail server {server} failed"),
}


def say(key: str, lang: str, **fields: Any) -> str:
    zh, en = WORDS[key]
    return (en if lang == "en" else zh).format(**fields)


def hint(kind: str, lang: str, server: str) -> str:
    zh, en = HINTS.get(kind, HINTS["other"])
    return (en if lang == "en" else zh).format(server=server)


class LineReporter:
    """One line per file and per event: what a cron mail or the journal should hold."""

    def __init__(self, console: Any, quiet: bool = False, stamp: bool = True, lang: str = "zh") -> None:
        self.console = console
        self.quiet = quiet
        self.stamp = stamp
        self.lang = lang
        self.server = ""  # host:port of the mail server, named in a retry's hint

    def _say(self, text: str, error: bool = False) -> None:
        if self.quiet and not error:
            return
        prefix = dt.datetime.now().isoformat(timespec="seconds") + " " if self.stamp else ""
        # soft_wrap: a log line stays one line, whatever the width (grep, journalctl)
        self.console.print(f"{prefix}{'ERROR ' if error else ''}{text}", markup=False, highlight=False, soft_wrap=True)

    def files(self, total: int) -> None:
        self._say(say("files", self.lang, n=total))

    def file_done(self, item: "FileRead") -> None:
        errors = [p for p in item.problems if p.severity is Severity.error]
        first = f" — {errors[0].location.describe()}: {errors[0].message(self.lang)}" if errors else ""
        self._say(say("file_done", self.lang, file=item.display, rows=item.rows, n=len(item.problems), first=first),
                  error=bool(errors))

    def stage(self, name: str, total: int | None = None) -> None:
        """A new step of the run: scoring, writing, sending (reading is ``files``)."""
        if name in ("score", "write", "send"):  # a count when there is one: “写出报告 6 份”, else the step: “评分”
            self._say(say({"score": "scoring", "write": "writing", "send": "sending"}[name], self.lang, n=total)
                      if total is not None else say(name, self.lang))

    def advance(self) -> None:
        pass

    def note(self, text: str, error: bool = False) -> None:
        self._say(text, error)

    # smtp.Progress: the delivery's own events
    def retrying(self, attempt: int, retries: int, wait: float, kind: str, detail: str) -> None:
        self._say(say("retry", self.lang, attempt=attempt, retries=retries, wait=f"{wait:g}", hint=hint(kind, self.lang, self.server)))

    def sent(self, item: "Queued") -> None:
        self.advance()

    def close(self) -> None:
        pass


class BarReporter(LineReporter):
    """A rich progress bar that says which step runs (reading, scoring, writing, sending); events print above it."""

    def __init__(self, console: Any, quiet: bool = False, lang: str = "zh") -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        super().__init__(console, quiet, stamp=False, lang=lang)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self.task: Any = None

    def files(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task(say("read", self.lang), total=total)

    def file_done(self, item: "FileRead") -> None:
        if any(p.severity is Severity.error for p in item.problems):
            super().file_done(item)
        self.advance()

    def stage(self, name: str, total: int | None = None) -> None:
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("", total=total)
        self.progress.reset(self.task, total=total, description=say(name, self.lang))

    def advance(self) -> None:
        if self.task is not None:
            self.progress.advance(self.task)

    def retrying(self, attempt: int, retries: int, wait: float, kind: str, detail: str) -> None:
        text = say("retry", self.lang, attempt=attempt, retries=retries, wait=f"{wait:g}", hint=hint(kind, self.lang, self.server))
        if self.task is not None:
            self.progress.update(self.task, description=f"{say('send', self.lang)} · {text}")

    def _say(self, text: str, error: bool = False) -> None:
        if self.quiet and not error:
            return
        from rich.markup import escape

        self.progress.console.print(f"[red]✗[/red] {escape(text)}" if error else f"  {escape(text)}", highlight=False)

    def close(self) -> None:
        self.progress.stop()


def make_reporter(console: Any, quiet: bool, lang: str = "zh") -> LineReporter:
    return BarReporter(console, quiet, lang) if console.is_terminal and not quiet else LineReporter(console, quiet, lang=lang)


def delivery_lines(d: "Delivery", lang: str = "zh") -> list[tuple[str, bool]]:
    """(line, is_error): each message that could not be sent, with what to check, then what was sent."""
    from rhcalc.batch.smtp import sent_name

    lines = [(say("not_sent", lang, file=path.name, hint=hint(d.kinds.get(path, "other"), lang, d.server), detail=why), True)
             for path, why in d.failed.items()]
    lines += [(say("sent", lang, report=q.report, recipient=q.recipient), False) for q in d.sent]
    lines += [(say("recovered", lang, file=q.path.name), False) for q in d.recovered]
    lines += [(say("uncertain", lang, file=q.path.name, report=q.report, recipient=q.recipient, sent=sent_name(q)), True)
              for q in d.uncertain]
    return lines


def run_lines(run: "BatchRun", lang: str = "zh") -> list[tuple[str, bool]]:
    """The closing lines of a batch run."""
    if run.unchanged is not None:
        return [(run.unchanged.message(run.options.lang), False)]
    from rhcalc.render import returns_lines

    out = run.options.out
    lines = delivery_lines(run.delivery, lang) if run.delivery else []
    if run.interrupted:
        waiting = say("interrupted_waiting", lang, n=run.waiting, outbox=out / "outbox", out=out) if run.waiting else ""
        written = len({w.rsplit(".", 1)[0] for w in run.written})
        lines.append((say("interrupted", lang, written=written, total=run.planned or len(run.reports), waiting=waiting,
                          run_json=out / "run.json"), True))
        return lines
    lines += [(text, False) for text in returns_lines(run.completeness, lang) if text]  # 上报情况: who to chase
    lines += [(say("removed", lang, name=name), False) for name in run.removed]
    unchanged = len(run.reports) - len({w.rsplit(".", 1)[0] for w in run.written})
    sep = "; " if lang == "en" else "；"
    parts = [say("summary_files", lang, n=len(run.inputs)), say("summary_reports", lang, n=len(run.reports), unchanged=unchanged)]
    if run.options.dry_run or run.options.email or run.options.remind:
        parts.append(say("summary_queued", lang, n=len(run.queued)))
    if run.delivery:
        parts.append(say("summary_sent", lang, sent=len(run.delivery.sent), failed=len(run.delivery.failed)))
    if run.waiting:
        parts.append(say("summary_waiting", lang, n=run.waiting, outbox=out / "outbox"))
    lines.append((sep.join(parts) + f" → {out / 'run.json'}", False))
    return lines


def print_lines(console: Any, lines: list[tuple[str, bool]], quiet: bool = False) -> None:
    from rich.markup import escape

    for text, error in lines:
        if error or not quiet:
            console.print(f"[red]✗[/red] {escape(text)}" if error else escape(text), highlight=False, soft_wrap=True)
