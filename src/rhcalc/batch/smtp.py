"""Sending what waits in DIR/outbox/ over SMTP, exactly once per report and recipient.

A message moves to DIR/sent/ only after the server accepted it and the ledger recorded it; a
message the ledger already knows (a run stopped between the two) is moved without sending. One the
ledger was told was going to the server, and never heard back about (the run was killed while the
server took it), may have arrived: it is counted as sent rather than risk sending it twice, and
named so that someone can ask the recipient (and forward it from DIR/sent/ if it did not arrive).
Server down, refused login or a refused recipient: the run tries again a bounded number of times
with a doubling wait, then leaves the message in the outbox and says why. smtplib is imported
here, lazily; the password is read from the environment at the last moment and never logged
(no ``set_debuglevel``: it would print the AUTH exchange).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rhcalc.batch.config import EmailConfig
from rhcalc.batch.history import History
from rhcalc.batch.outbox import Queued, pending, sent_dir
from rhcalc.common.stages import reached

if TYPE_CHECKING:
    import smtplib


@dataclass
class Delivery:
    sent: list[Queued] = field(default_factory=list)
    failed: dict[Path, str] = field(default_factory=dict)  # outbox file → why it is still there (the server's words)
    kinds: dict[Path, str] = field(default_factory=dict)  # outbox file → what went wrong (KINDS), for a hint
    server: str = ""  # host:port, named in the hint
    recovered: list[Queued] = field(default_factory=list)  # accepted by an earlier run, moved now
    # An earlier run was killed while the server took these: they may have arrived, so they are
    # counted as sent (never twice) and named, for someone to check with the recipient.
    uncertain: list[Queued] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.uncertain


# What went wrong, for the hint a user gets (batch/progress.py words it): which setting to check.
KINDS = ("connect", "timeout", "certificate", "tls", "auth", "recipient", "sender", "other")


class Progress(Protocol):
    def retrying(self, attempt: int, retries: int, wait: float, kind: str, detail: str) -> None: ...
    def sent(self, item: Queued) -> None: ...


def deliver(out: Path, cfg: EmailConfig, history: History, sleep: Callable[[float], None] = time.sleep,
            progress: Progress | None = None) -> Delivery:
    """Send every message waiting in the outbox; what cannot be sent stays, with the reason.
    ``progress`` hears of each message sent and of each retry with its wait."""
    import smtplib

    result = Delivery(server=f"{cfg.smtp_host}:{cfg.smtp_port}")
    todo: list[Queued] = []
    for item in pending(out):
        if history.delivered(item.recipient, item.report_hash):
            _move_to_sent(item, out)
            result.recovered.append(item)
        elif history.interrupted(item.recipient, item.report_hash):
            history.record_sent(item.recipient, item.report_hash, item.message_id, item.report)
            _move_to_sent(item, out)
            result.uncertain.append(item)
        else:
            todo.append(item)
    if not todo:
        return result
    password = cfg.password()
    for attempt in range(cfg.retries + 1):
        if attempt:
            wait = cfg.retry_wait * 2 ** (attempt - 1)
            if progress is not None:
                last = result.failed[todo[0].path]
                progress.retrying(attempt, cfg.retries, wait, result.kinds.get(todo[0].path, "other"), last)
            sleep(wait)
        try:
            with _connect(cfg, password) as smtp:
                for item in list(todo):
                    if _send_one(smtp, item, cfg, history, out, result):
                        todo.remove(item)
                        if progress is not None:
                            progress.sent(item)
        except (OSError, smtplib.SMTPException) as exc:  # down, refused login, dropped connection
            for item in todo:
                result.failed[item.path] = _describe(exc)
                result.kinds[item.path] = kind_of(exc)
        if not todo:
            break
    for item in result.sent:
        result.failed.pop(item.path, None)
        result.kinds.pop(item.path, None)
    return result


def _send_one(smtp: "smtplib.SMTP", item: Queued, cfg: EmailConfig, history: History, out: Path, result: Delivery) -> bool:
    import smtplib

    # smtplib sends bytes as they are: lines must end in CRLF, even in an .eml edited by hand.
    data = re.sub(rb"\r?\n", b"\r\n", item.path.read_bytes())
    history.begin_send(item.recipient, item.report_hash)
    try:
        smtp.sendmail(cfg.sender, [item.recipient], data)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        history.end_send(item.recipient, item.report_hash)
        result.failed[item.path] = _describe(exc)  # this message only; the connection is still good
        result.kinds[item.path] = kind_of(exc)
        return False
    except (OSError, smtplib.SMTPException):  # a dropped connection: not taken (a server accepts only at the end)
        history.end_send(item.recipient, item.report_hash)
        raise
    reached("accepted")
    history.record_sent(item.recipient, item.report_hash, item.message_id, item.report)
    _move_to_sent(item, out)
    result.sent.append(item)
    reached("sent")
    return True


def _connect(cfg: EmailConfig, password: str | None) -> "smtplib.SMTP":
    import smtplib
    import ssl

    context = ssl.create_default_context(cafile=str(cfg.ca_file) if cfg.ca_file else None)
    smtp: smtplib.SMTP
    if cfg.security == "ssl":
        smtp = smtplib.SMTP_SSL(cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout, context=context)
    else:
        smtp = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=cfg.timeout)
    try:
        if cfg.security == "starttls":
            smtp.starttls(context=context)
        if cfg.username:
            smtp.login(cfg.username, password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _describe(exc: BaseException) -> str:
    """The error class and the server's words; never arguments or locals (they may hold the password)."""
    import smtplib

    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items()]
        return "recipient refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"[:300]


def kind_of(exc: BaseException) -> str:
    """Which of KINDS an error is: what the user should look at (host and port, the certificate, the login …)."""
    import smtplib
    import ssl

    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipient"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return "sender"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "auth"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "certificate"
    if isinstance(exc, (ssl.SSLError, smtplib.SMTPNotSupportedError)):
        return "tls"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, (ConnectionError, OSError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)):
        return "connect"
    return "other"


def _text(x: bytes | str) -> str:
    return x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x)


def _move_to_sent(item: Queued, out: Path) -> None:
    folder = sent_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    os.replace(item.path, folder / sent_name(item))


def sent_name(item: Queued) -> str:
    """Its name in DIR/sent/: the hash in it keeps every version a recipient received."""
    return f"{item.path.stem}__{item.report_hash[:10]}.eml"
