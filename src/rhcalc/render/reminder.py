"""The reminder email's words and its attachment: a unit's return not received, with the due date and
that unit's fill-in form (what ``rhcalc template`` writes) attached."""

from __future__ import annotations

from dataclasses import dataclass

from rhcalc.catalog.model import Catalog
from rhcalc.score.completeness import PeriodReturns, UnitReturn

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True)
class ReminderText:
    subject: str
    body: str
    attachment: tuple[str, bytes] | None  # (file name, the form's bytes); None when the plan asks nothing then


def reminder_text(catalog: Catalog, p: PeriodReturns, u: UnitReturn, round_: int, lang: str = "zh") -> ReminderText:
    form = _form(catalog, p, u.unit)
    plan = catalog.plans[p.plan]
    name = form[0] if form else None
    if lang == "en":
        return ReminderText(f"Reminder: {u.unit} {p.period} return (due {p.due.isoformat()})",
                            _body_en(p, u, plan.name_en, round_, name), form)
    return ReminderText(f"【催报】{u.unit} {p.period} 报表（截止 {p.due.isoformat()}）", _body_zh(p, u, plan.name_zh, round_, name), form)


def _body_zh(p: PeriodReturns, u: UnitReturn, plan: str, round_: int, form: str | None) -> str:
    late = p.checked > p.due
    when = f"已逾期 {(p.checked - p.due).days} 天" if late else f"还有 {(p.due - p.checked).days} 天"
    lines = [f"{u.unit}：", "",
             f"截至 {p.checked.isoformat()}，尚未收到贵单位《{plan}》{p.period} 的报表。"
             f"报送截止日期为 {p.due.isoformat()}（{when}）。", ""]
    if form:
        lines += [f"请用附件中的报表（{form}）填报后报送；填报说明在表中。", ""]
    lines += ["如已报送，请忽略本邮件。"]
    if round_ > 1:
        lines.append(f"（第 {round_} 次提醒）")
    lines += ["", "本邮件由 rhcalc 自动生成；如有疑问请回复本邮件。"]
    return "\n".join(lines) + "\n"


def _body_en(p: PeriodReturns, u: UnitReturn, plan: str, round_: int, form: str | None) -> str:
    late = p.checked > p.due
    when = f"{(p.checked - p.due).days} day(s) overdue" if late else f"{(p.due - p.checked).days} day(s) left"
    lines = [f"{u.unit}:", "",
             f"As of {p.checked.isoformat()} your {p.period} return for “{plan}” has not arrived. "
             f"It is due on {p.due.isoformat()} ({when}).", ""]
    if form:
        lines += [f"Please fill in the attached form ({form}) and send it; the instructions are in the form.", ""]
    lines += ["If you have sent it already, please ignore this message."]
    if round_ > 1:
        lines.append(f"(reminder {round_})")
    lines += ["", "Sent by rhcalc; reply to this message with any question."]
    return "\n".join(lines) + "\n"


def _form(catalog: Catalog, p: PeriodReturns, unit: str) -> tuple[str, bytes] | None:
    """The unit's form for the period, as ``rhcalc template --plan … --district … --period …`` writes it."""
    from rhcalc.render.form import TemplateError, build_template, form_bytes

    try:
        template = build_template(catalog, p.plan, unit, p.period)
    except TemplateError:
        return None
    return f"{unit}-{p.period}.xlsx", form_bytes(template, ".xlsx")
