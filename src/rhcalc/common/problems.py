"""Problems in submissions are values, not exceptions: where (as the clerk sees it in Excel) and what.

Every code is declared once in ``CODES`` with its severity and a message in Chinese and English;
checks create ``Problem(code, location, params)`` and the edge renders ``message(lang)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rhcalc.common.suffixes import listed


class Severity(str, Enum):
    error = "error"  # the cell, row or file was not used
    warning = "warning"  # used, but doubtful
    note = "note"  # for information (a sheet skipped on purpose)


@dataclass(frozen=True)
class Code:
    severity: Severity
    zh: str
    en: str


# One entry per problem a user can meet; ids are stable (scripts match on them).
CODES: dict[str, Code] = {
    # files
    "file-not-found": Code(Severity.error, "找不到文件", "file not found"),
    "file-unreadable": Code(Severity.error, "无法读取文件：{reason}", "cannot read the file: {reason}"),
    "not-a-spreadsheet": Code(Severity.error, f"不是电子表格（支持 {listed()}）", f"not a spreadsheet ({listed()} are read)"),
    "empty-file": Code(Severity.error, "文件为空", "the file is empty"),
    # What the clerk can do comes first; the reader's own words after it, for whoever looks into it.
    "corrupt-workbook": Code(Severity.error, "文件已损坏或不完整，请重新导出或重新发送（{reason}）", "the file is damaged or incomplete; export it again or have it sent again ({reason})"),
    "encrypted-workbook": Code(Severity.error, "工作簿有密码保护，请另存为无密码文件", "the workbook is password-protected; save a copy without a password"),
    "too-large": Code(Severity.error, "文件超出限制：{reason}", "the file exceeds a limit: {reason}"),
    "unknown-encoding": Code(Severity.error, "无法识别文本编码", "the text encoding cannot be recognised"),
    "html-not-workbook": Code(Severity.error, "文件扩展名为 {suffix}，内容却是网页（HTML）表格；请用 Excel 打开后另存为 .xlsx", "named {suffix} but holds a web page (HTML) table; open it in Excel and save it as .xlsx"),
    "read-as-text": Code(Severity.note, "文件扩展名为 {suffix}，内容为文本表格，已按 CSV 读取", "named {suffix} but holds plain text; read as CSV"),
    # sheets and layout
    "no-header": Code(Severity.error, "找不到表头（需要 地区/期间/指标/数值 等列）", "no header row found (needs district/period/indicator/value columns)"),
    "sheet-skipped": Code(Severity.note, "工作表“{sheet}”没有可识别的数据表，已跳过", "sheet “{sheet}” holds no recognisable table; skipped"),
    "sheet-hidden": Code(Severity.note, "工作表“{sheet}”已隐藏，未读取", "sheet “{sheet}” is hidden; not read"),
    "missing-column": Code(Severity.error, "缺少“{column}”列，标题、工作表名和文件名中也未写明", "column “{column_en}” is missing and neither the title, the sheet name nor the file name states it"),
    "district-inferred": Code(Severity.note, "表中无地区列，地区取自{source_zh}：{value}", "no district column; the district is taken from the {source_en}: {value}"),
    "period-inferred": Code(Severity.note, "表中无期间列，期间取自{source_zh}：{value}", "no period column; the period is taken from the {source_en}: {value}"),
    "total-row-skipped": Code(Severity.note, "合计行不计入（由各行数据汇总）", "a total row is not used (totals are computed from the rows)"),
    # cells
    "not-a-number": Code(Severity.error, "“{value}”不是数字", "“{value}” is not a number"),
    "not-yes-no": Code(Severity.error, "“{value}”不是 是/否", "“{value}” is not yes/no"),
    "unknown-indicator": Code(Severity.error, "未知指标“{value}”", "unknown indicator “{value}”"),
    "unknown-period": Code(Severity.error, "无法识别的期间“{value}”", "unrecognised period “{value}”"),
    "missing-district": Code(Severity.error, "缺少地区/单位名称", "the district or unit name is missing"),
    "unknown-district": Code(Severity.error, "“{value}”不在{plan}的单位名单中", "“{value}” is not a unit of {plan}"),
    "negative-count": Code(Severity.error, "计数不能为负数：{value}", "a count cannot be negative: {value}"),
    "numerator-above-denominator": Code(Severity.error, "分子 {numerator} 大于分母 {denominator}", "numerator {numerator} is above denominator {denominator}"),
    "zero-denominator": Code(Severity.warning, "分母为 0，无法计算比率", "the denominator is 0; the rate cannot be computed"),
    "rate-above-max": Code(Severity.error, "{value} 超过可能的最大值 {max}", "{value} is above the largest possible value {max}"),
    "maybe-fraction": Code(Severity.warning, "{value} 可能是 {percent}%，但单元格不是百分比格式（或格式无法读取）；按 {value}% 计", "{value} may be {percent}%, but the cell is not formatted as a percentage (or its format cannot be read); read as {value}%"),
    "rate-without-parts": Code(Severity.warning, "只填了比率 {value}，未填分子/分母：{plan}要把各区汇总为全市数，此行不计入全市比率",
                               "the rate {value} is given without numerator and denominator: {plan} adds the units up to a city rate, so this row cannot count toward it"),
    "value-mismatch": Code(Severity.warning, "填报值 {value} 与 分子/分母 计算值 {computed} 不符，采用计算值", "reported value {value} differs from numerator/denominator {computed}; the computed value is used"),
    "unit-mismatch": Code(Severity.warning, "单位“{value}”与指标单位“{expected}”不符", "unit “{value}” differs from the indicator's unit “{expected}”"),
    "duplicate-row": Code(Severity.error, "同一地区、期间、指标重复填报且数值不同（另见第 {other_row} 行）", "the same district, period and indicator twice with different values (see also row {other_row})"),
    "no-rows": Code(Severity.warning, "没有可用的数据行", "no usable data rows"),
    # resubmissions and returns (score/completeness.py, checks_resubmitted.py)
    "superseded": Code(Severity.note, "{district} {period}：本文件（{arrived}）的 {count} 项数据已被较新的 {newer}（{newer_arrived}）取代，不再使用",
                       "{district} {period}: {count} figure(s) of this file ({arrived}) are replaced by the newer {newer} ({newer_arrived}) and no longer used"),
    "no-submissions": Code(Severity.error, "在 {folder} 中没有找到任何报表文件（.xlsx .xlsm .xls .ods .csv）；应报送单位：{expected}",
                           "no submission file found in {folder} (.xlsx .xlsm .xls .ods .csv); units expected: {expected}"),
    # data quality against each series' own history (checks_quality.py): the figure may be right
    "outlier": Code(Severity.warning, "{value} 可能有误：{rule_zh}", "{value} may be wrong: {rule_en}"),
    "denominator-jump": Code(Severity.warning, "分母（{name}）{value} 较上期（{previous_period}：{previous}）变化 {change}，超过 {limit}",
                             "the denominator ({name}) {value} changed by {change} from the previous period ({previous_period}: {previous}), more than {limit}"),
    "repeated-figure": Code(Severity.warning, "{district} {period} 的全部 {count} 项数字与上期（{previous_period}）完全相同：是否误交了上期报表？",
                            "all {count} figures of {district} {period} are identical to {previous_period}'s: a copy of the previous form?"),
    "cumulative-falls": Code(Severity.warning, "年初至今累计 {value} 低于此前的累计数（{previous_period}：{previous}）",
                             "the year-to-date count {value} is below the earlier year-to-date count ({previous_period}: {previous})"),
    # policy documents (rhcalc catalog draft)
    "not-a-document": Code(Severity.error, "不是可读取的文件（扩展名 {suffix}；支持 .txt .docx .html .pdf，.doc 请另存为 .docx）",
                           "not a document that can be read (suffix {suffix}; .txt .docx .html .pdf are read, save a .doc as .docx)"),
    "corrupt-document": Code(Severity.error, "文件已损坏或不完整：{reason}", "the file is corrupt or truncated: {reason}"),
    "encrypted-document": Code(Severity.error, "文件有密码保护，请另存为无密码文件", "the file is password-protected; save a copy without a password"),
    "scanned-pdf": Code(Severity.error, "PDF 的 {pages} 页都没有文字层（可能是扫描件）：请用文字版 PDF、Word 或网页，或先做文字识别（OCR）",
                        "none of the PDF's {pages} pages has a text layer (a scan?): use a PDF with text, Word or the web page, or run OCR first"),
    "no-text": Code(Severity.error, "文件中没有中文文字", "the file holds no Chinese text"),
    "no-commitments": Code(Severity.warning, "没有找到可检查的承诺（数字、期限、频次、方向或完成状态）",
                           "no checkable commitment found (a number, deadline, frequency, direction or end state)"),
    "draft-no-window": Code(Severity.error, "文件中没有写明起止时间，请用 --start 和 --deadline 指定",
                            "the document states no window; give --start and --deadline"),
    "draft-source-clash": Code(Severity.error, "已有另一份同名文件的文字；请移走它，或把草稿写到另一个文件夹",
                               "already holds another text; move it away or write the draft to another folder"),
    # What stops a run (common.errors.RhcalcError): the catalog (file and YAML path), the fill-in
    # form's choices, rhcalc.toml (the key), the output folder's lock. Technical details that come
    # from a library or a rule's wording stay as written there ({reason}).
    "catalog-not-installed": Code(Severity.error, "未安装自带的指标目录：请重新安装 rhcalc（源码目录中：pip install -e .），或用 --catalog 指定目录",
                                  "the bundled catalog is not installed; install rhcalc again (in a clone: pip install -e .), or name a catalog folder with --catalog"),
    "catalog-not-a-folder": Code(Severity.error, "不是文件夹", "not a folder"),
    "catalog-no-yaml": Code(Severity.error, "文件夹中没有 *.yaml 文件", "no *.yaml files"),
    "catalog-not-utf8": Code(Severity.error, "不是 UTF-8 编码（第 {byte} 字节：{reason}）", "not UTF-8 ({reason} at byte {byte})"),
    "catalog-bad-yaml": Code(Severity.error, "不是有效的 YAML：{reason}", "not valid YAML ({reason})"),
    "catalog-not-a-mapping": Code(Severity.error, "顶层必须是含 plan/indicators/targets 的映射", "the top level must be a mapping with plan/indicators/targets"),
    "catalog-unknown-key": Code(Severity.error, "未知的键（是否拼写错误？）", "unknown key"),
    "catalog-missing-key": Code(Severity.error, "缺少必填项", "Field required"),
    "catalog-invalid": Code(Severity.error, "取值无效：{reason}", "{reason}"),
    "catalog-duplicate": Code(Severity.error, "{kind} {id} 重复定义（另见 {other}）", "{kind} {id} is defined twice (also in {other})"),
    "catalog-unknown-plan": Code(Severity.error, "方案 {value} 不存在", "plan {value} does not exist"),
    "catalog-no-plan": Code(Severity.error, "没有所属方案（请加 plan: 或方案部分）", "no plan (add plan: or a plan section)"),
    "catalog-unknown-indicator": Code(Severity.error, "指标 {value} 不存在", "indicator {value} does not exist"),
    "catalog-rule": Code(Severity.error, "目标的规则不成立：{reason}", "{reason}"),
    "catalog-name-clash": Code(Severity.error, "名称或别名“{value}”也被 {other} 使用", "name or alias “{value}” is also used by {other}"),
    "catalog-no-sources": Code(Severity.error, "没有可核对原文的文件（请用 --sources 指定文件夹）", "no documents to check the quotes against (use --sources)"),
    "quote-no-document": Code(Severity.error, "在 {sources} 中找不到原文 {document}", "document {document} not found in {sources}"),
    "quote-not-verbatim": Code(Severity.error, "原文与 {document} 不一致：{quote}…", "quote is not verbatim in {document}: {quote}…"),
    "quote-value-unread": Code(Severity.error, "数值 {value} 无法从原文读出", "value {value} cannot be read from its quote"),
    "quote-baseline-unread": Code(Severity.error, "基线 {value} 无法从原文读出", "baseline {value} cannot be read from its quote"),
    "template-unknown-plan": Code(Severity.error, "未知方案“{plan}”；目录中有：{known}", "unknown plan {plan}; known: {known}"),
    "template-not-a-unit": Code(Severity.error, "“{district}”不向 {plan} 报送；可选：{known}", "{district} does not report to {plan}; it knows: {known}"),
    "template-bad-period": Code(Severity.error, "“{period}”不是期间（如 2024、2024Q2、2024-05、2024年1-6月）",
                                "{period} is not a period (2024, 2024Q2, 2024-05, 2024年1-6月 …)"),
    "template-nothing-asked": Code(Severity.error, "{plan} 在 {period} 对 {district} 没有要求（方案期限 {start} … {end}）",
                                   "{plan} asks nothing of {district} in {period} (its window is {start} … {end})"),
    "template-bad-suffix": Code(Severity.error, "填报表只能写为 {formats}", "write the template as {formats}"),
    "config-not-found": Code(Severity.error, "找不到配置文件", "no such configuration file"),
    "config-bad-toml": Code(Severity.error, "不是有效的 TOML：{reason}", "not valid TOML: {reason}"),
    "config-unknown-key": Code(Severity.error, "未知的键（可用：{known}）", "unknown key (known: {known})"),
    "config-bad-lang": Code(Severity.error, "只能是 zh 或 en，不是 {lang}", "must be zh or en, not {lang}"),
    "config-missing": Code(Severity.error, "缺少此项", "missing"),
    "config-invalid": Code(Severity.error, "取值无效：{reason_zh}", "{reason}"),
    "remind-no-run": Code(Severity.error, "{folder} 中没有 rhcalc batch 的记录（history.sqlite）：请先对报表文件夹运行 rhcalc batch --out {folder}",
                          "{folder} holds no rhcalc batch record (history.sqlite): run rhcalc batch --out {folder} on the submissions first"),
    "config-no-email": Code(Severity.error, "--email 需要 rhcalc.toml 中的 [email] 表（或 --config FILE）",
                            "--email needs an [email] table in rhcalc.toml (or --config FILE)"),
    "config-no-password": Code(Severity.error, "环境变量 {variable} 未设置", "the environment variable {variable} is not set"),
    "run-locked": Code(Severity.error, "另一个 rhcalc 运行（pid {pid}）正在此文件夹中工作；请等它结束后再试",
                       "another rhcalc run (pid {pid}) is working in {folder}; try again when it has finished"),
    # A worker or a renderer that stops is rhcalc's failure, not the input's: what was written stays whole.
    "worker-stopped": Code(Severity.error, "{stage_zh}时后台进程意外退出（{reason}；常见原因：内存不足或进程被结束），本次运行已停止；已写出的文件完整，请重新运行",
                           "a worker process stopped while {stage_en} ({reason}; often: out of memory, or the process was killed); the run stopped, the files already written are whole; run again"),
    "run-failed": Code(Severity.error, "{stage_zh}失败：{reason}。本次运行已停止；已写出的文件完整。若重新运行仍出现，请加 --debug 运行并报告此问题",
                       "{stage_en} failed: {reason}. The run stopped; the files already written are whole. If it happens again, run with --debug and report it"),
    "catalog-changed": Code(Severity.error, "运行期间指标目录已被修改，请重新运行", "the catalog changed during the run; run again"),
    "run-lock-orphaned": Code(Severity.error, "锁 {lock} 仍被占用，但运行（pid {pid}）已结束：它启动的进程仍打开着锁；请结束该进程后再试",
                              "the lock {lock} is held although the run with pid {pid} has ended: a process it started still has the lock open; end that process, then try again"),
}


@dataclass(frozen=True)
class Location:
    """Where a problem is, in the words the clerk sees: file, sheet, 1-based row, column letter and header."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the header as typed (数值)
    column_letter: str | None = None  # D
    key: str | None = None  # in a YAML or TOML file: targets[3] (id bj_x).kind, email.smtp_port

    def describe(self) -> str:
        """All of it on one line, for a log or a table cell: 填报.xlsx:填报:7:D(数值)."""
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"{self.row}")
        cell = self.column_letter or ""
        if self.column:
            cell = f"{cell}({self.column})" if cell else self.column
        if cell:
            parts.append(cell)
        if self.key:
            parts.append(self.key)
        return ":".join(parts)

    def place(self, lang: str = "zh") -> str:
        """Sheet, row and column as the clerk looks for them in Excel, under the file's name:
        填报第7行D列（数值）, or sheet 填报 row 7 column D (数值)."""
        en = lang == "en"
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(f"row {self.row}" if en else f"第{self.row}行")
        if self.column_letter or self.column:
            letter = self.column_letter or ""
            if en:
                parts.append(f"column {letter} ({self.column})" if letter and self.column else f"column {letter or self.column}")
            else:
                parts.append(f"{letter}列（{self.column}）" if letter and self.column else f"{letter}列" if letter else f"“{self.column}”列")
        if self.key:
            parts.append(self.key)
        return " ".join(parts) if en else "".join(parts)

    def cell(self) -> str | None:
        """The column of a problem list a clerk sends back (csv, xlsx): its letter and header, D 数值."""
        return " ".join(x for x in (self.column_letter, self.column) if x) or None


@dataclass(frozen=True)
class Problem:
    code: str
    location: Location
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise KeyError(f"undeclared problem code {self.code!r}")

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def message(self, lang: str = "zh") -> str:
        code = CODES[self.code]
        template = code.en if lang == "en" else code.zh
        params = {k: ("" if v is None else v) for k, v in self.params.items()}
        try:
            text = template.format(**params)
        except (KeyError, IndexError):
            text = template
        # A closest known name, for a typo in an indicator or district.
        if params.get("suggestion"):
            text += f"（是否为“{params['suggestion']}”？）" if lang != "en" else f" (did you mean “{params['suggestion']}”?)"
        return text

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        loc = self.location
        return {
            "file": loc.file,
            "sheet": loc.sheet,
            "row": loc.row,
            "column": loc.column,
            "column_letter": loc.column_letter,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message(lang),
        } | ({"key": loc.key} if loc.key else {})

    def text(self, lang: str = "zh") -> str:
        """Where and what on one line: a log line, an exception's own text."""
        return f"{self.location.describe()}: {self.message(lang)}"

    def to_plain(self) -> dict[str, Any]:
        """Code, place and parameters as plain values (no message: that is rendered in the reader's
        language), for a store that must not pickle; ``from_plain`` reads it back."""
        return {"code": self.code, "location": {k: v for k, v in vars(self.location).items() if v is not None},
                "params": dict(self.params)}

    @classmethod
    def from_plain(cls, data: Any) -> "Problem":
        """What ``to_plain`` gave, back as the problem; ValueError for anything else (an undeclared
        code, a field missing or of the wrong type, a parameter that is not a plain value)."""
        if not isinstance(data, dict) or set(data) != {"code", "location", "params"}:
            raise ValueError("not a stored problem")
        code, where, params = data["code"], data["location"], data["params"]
        if not isinstance(code, str) or code not in CODES or not isinstance(where, dict) or not isinstance(params, dict):
            raise ValueError("not a stored problem")
        if set(where) - _LOCATION_TYPES.keys() or not isinstance(where.get("file"), str) or \
                not all(isinstance(v, _LOCATION_TYPES[k]) and not isinstance(v, bool) for k, v in where.items()):
            raise ValueError("not a stored location")
        if not all(isinstance(k, str) and (v is None or isinstance(v, (str, int, float))) for k, v in params.items()):
            raise ValueError("not plain parameters")
        return cls(code, Location(**where), params)


# What each field of a Location holds (``Problem.from_plain`` checks a stored one against it).
_LOCATION_TYPES: dict[str, type] = {"file": str, "sheet": str, "row": int, "column": str, "column_letter": str, "key": str}


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.error for p in problems)


def number_text(x: float | int) -> str:
    """A number as a message quotes it: 2,000,000 and 0.853, not 2e+06 (Python's :g keeps 6 digits)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.15g}" if isinstance(x, float) else f"{x:,}"


def reason_of(exc: BaseException) -> str:
    """An exception as the detail of a problem: its first line, short."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
