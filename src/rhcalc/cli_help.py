"""Every text of the command line's help, in Chinese (the default) and English.

The help a user reads is chosen before the command line is parsed (``rhcalc.cli_lang``): the
language of ``--lang``, else ``RHCALC_LANG``, else ``lang`` in rhcalc.toml, else Chinese. Plain
data and the standard library only: ``rhcalc --help`` imports it and must stay instant.
"""

from __future__ import annotations

# Command → (zh, en). Each says what the command does and gives an example.
COMMANDS: dict[str, tuple[str, str]] = {
    "rhcalc": ("妇幼健康指标达标计算：按政策文件中的目标为各区报送的数据评分。\n\n示例：rhcalc score sample_data/xicheng_mch_2024_q2.csv",
               "Score maternal–child health submissions against the targets of policy documents.\n\n"
               "Example: rhcalc score sample_data/xicheng_mch_2024_q2.csv"),
    "score": ("按适用的每项目标为报送文件评分。\n\n"
              "多个单位的文件还给出上报情况（已报、逾期、未报送；截止日为期末后 [reporting] due_days 天），"
              "每项全市汇总注明依据几个单位（16 个区中 14 个已上报）。与文件中其他各期相比可疑的数字给出警告"
              "（outlier、denominator-jump、repeated-figure、cumulative-falls；阈值见 rhcalc.toml 的 [quality]）。"
              "同一单位同一期的较新文件取代较旧的文件（提示中写明两个文件）。\n\n"
              "示例：rhcalc score 西城区-2024Q2.xlsx --format json --as-of 2024-06-30",
              "Score submissions against every target that applies to them.\n\n"
              "Several units' files also give 上报情况 (who reported, late, missing; due [reporting] due_days after "
              "the period) and each city figure says how many units it stands on (16 个区中 14 个已上报). Figures that "
              "look odd against the files' other periods are warned about (outlier, denominator-jump, repeated-figure, "
              "cumulative-falls; thresholds in rhcalc.toml [quality]). A newer file of the same unit and period "
              "supersedes the older (a note names both).\n\n"
              "Example: rhcalc score 西城区-2024Q2.xlsx --format json --as-of 2024-06-30"),
    "validate": ("列出报送文件中的每个问题，不作任何修改。没有问题时退出码为 0，否则为 1。"
                 "包括与文件中其他各期相比可疑的数字（警告；阈值见 rhcalc.toml 的 [quality]）和被较新文件取代的旧文件（提示）。\n\n"
                 "示例：rhcalc validate submissions/*.xlsx -o 问题清单.xlsx",
                 "List every problem in submissions; change nothing. Exit 0 when clean, 1 otherwise. Includes the "
                 "figures that look odd against the files' other periods (warnings; thresholds in rhcalc.toml [quality]) "
                 "and the older file of a resubmission (a note naming the newer).\n\n"
                 "Example: rhcalc validate submissions/*.xlsx -o 问题清单.xlsx"),
    "template": ("生成某区某期按某规划文件填报的表格（.xlsx 或 .csv）。\n\n"
                 "示例：rhcalc template --plan beijing_rh_2024 --district 西城区 --period 2024Q2 -o 西城区-2024Q2.xlsx",
                 "Write a fill-in form (.xlsx or .csv) for what a plan asks of a district in a period.\n\n"
                 "Example: rhcalc template --plan beijing_rh_2024 --district 西城区 --period 2024Q2 -o 西城区-2024Q2.xlsx"),
    "plans": ("指标目录中的规划文件，以及各含多少项目标。\n\n示例：rhcalc plans --lang en",
              "The documents in the catalog and how many targets each holds.\n\nExample: rhcalc plans --lang en"),
    "indicators": ("指标目录中的指标和目标；给出指标代码时列出该指标的全部内容。\n\n示例：rhcalc indicators induced_abortion_rate",
                   "The catalog's indicators and targets; one in full with ID.\n\nExample: rhcalc indicators induced_abortion_rate"),
    "catalog": ("管理指标目录文件夹。\n\n示例：rhcalc catalog check indicators/",
                "Work with a catalog folder.\n\nExample: rhcalc catalog check indicators/"),
    "catalog check": ("检查指标目录：格式、代码、引用，以及每句原文是否逐字出自其文件。\n\n示例：rhcalc catalog check my-catalog/",
                      "Validate a catalog: schema, ids, references, and every quote verbatim in its document.\n\n"
                      "Example: rhcalc catalog check my-catalog/"),
    "catalog draft": ("把一份新的政策文件中的目标起草为指标目录 YAML，供审核后使用。\n\n"
                      "每句原文都逐字取自文件，每个数值都读自其原文；起草时拿不准的地方写为 review: 备注。只读取目录的 common.yaml（共用指标）。"
                      "起草成功退出码为 0，文件无法读取或没有可起草的内容为 1，选项有误为 2。\n\n"
                      "示例：rhcalc catalog draft 2025年西城区妇幼健康工作要点.docx --plan xicheng_mch_2025 -o my-catalog/xicheng_mch_2025.yaml",
                      "Propose the targets of a new policy document as catalog YAML, to review before use.\n\n"
                      "Every quote is a verbatim span of the document and every value is read from its quote; what the "
                      "draft is unsure of is a review: note. Only the catalog's common.yaml is read (shared indicators). "
                      "Exit 0 when drafted, 1 when the document cannot be read or holds no commitment, 2 for a bad option.\n\n"
                      "Example: rhcalc catalog draft 2025年西城区妇幼健康工作要点.docx --plan xicheng_mch_2025 -o my-catalog/xicheng_mch_2025.yaml"),
    "batch": ("为 PATH 下的每个报送文件评分，写出各区的达标情况和汇总，并发送邮件。\n\n"
              "地区和期间取自文件内容：每个文件是其最近一期的报表，积压的多个季度按从早到晚逐季写出。"
              "写出 DIR/<期间>/<地区>.xlsx 和 .html、DIR/<期间>/summary.xlsx 和 .html（上报情况：已报、逾期、未报送；各区及排名）和 DIR/run.json。"
              "同一区同一期的较新文件取代较旧的文件（提示中写明两个文件）；名单中没有的单位不生成报告；输入文件已不存在的报告会被删除。"
              "与 history.sqlite 中历史数据相比可疑的数字给出警告。文件未变时重新运行不会重写或重发任何内容。\n\n"
              "全部完成退出码为 0；有文件出错、应报送单位一个文件也没有、或邮件未发出为 1（邮件留在 DIR/outbox/，可用 rhcalc send DIR 发送）；"
              "选项或配置有误、或另一次运行正在使用 DIR 时为 2。\n\n"
              "示例：rhcalc batch submissions/ --out reports/ --email --remind\n\n"
              "--email 和 --remind 需要的 rhcalc.toml（密码取自 password_env 所指的环境变量），以及可选的 [reporting] 和 [quality]（所示为默认值）：",
              "Score every submission under PATHs; write each district's scorecard and the summary; email them.\n\n"
              "Districts and periods come from the files' contents: each file is a return for its latest period, so a "
              "backlog of quarters writes every quarter, oldest first. Writes DIR/<period>/<district>.xlsx and .html, "
              "DIR/<period>/summary.xlsx and .html (上报情况: who reported, late, missing; all districts, league table), "
              "and DIR/run.json. A newer file of a district and period supersedes the older (a note names both); a unit "
              "no plan knows gets no report; reports whose input files are gone are removed. Figures that look odd "
              "against history.sqlite are warned about. A rerun over unchanged files rewrites and sends nothing.\n\n"
              "Exit 0 when all went well; 1 when a file had an error, no file was found while units are expected, or an "
              "email could not be sent (it waits in DIR/outbox/ for rhcalc send DIR); 2 for a bad option or config, or "
              "when another run is working in DIR.\n\n"
              "Example: rhcalc batch submissions/ --out reports/ --email --remind\n\n"
              "rhcalc.toml for --email and --remind (the password comes from the variable named by password_env), and "
              "the optional [reporting] and [quality] (defaults shown):"),
    "send": ("发送 DIR/outbox/ 中等待的邮件（上次发送失败后，或预览 --dry-run 之后）。\n\n"
             "每封邮件只发一次：已送达某收件人的报告不会再发给他。发完后发件箱为空退出码为 0，有邮件未发出为 1。\n\n"
             "示例：rhcalc send reports/ --config /etc/rhcalc/rhcalc.toml",
             "Deliver the emails waiting in DIR/outbox/ (after a failed send, or to send a --dry-run's preview).\n\n"
             "Each message goes once: a report already delivered to a recipient is never sent to them again. "
             "Exit 0 when the outbox is empty afterwards, 1 when a message could not be sent.\n\n"
             "Example: rhcalc send reports/ --config /etc/rhcalc/rhcalc.toml"),
    "remind": ("给上报情况中（DIR 中上次 rhcalc batch 的记录）仍未报送的单位发催报邮件，写明截止日期，附上该单位的填报表。"
               "截止日前一次；逾期后每周一次（[reporting] remind_every），最多三次（remind_rounds）。"
               "同一单位、同一期、同一轮从不重发；收件人取自 [email.recipients]。有邮件未发出时退出码为 1。\n\n"
               "示例：rhcalc remind reports/ --dry-run",
               "Email each unit whose return is still missing (the last batch run's 上报情况 in DIR) a reminder with "
               "the due date and its fill-in form attached. One before the due day; once overdue one a week "
               "([reporting] remind_every), three at most (remind_rounds). Never twice for the same unit, period and "
               "round; recipients from [email.recipients]. Exit 1 when a message could not be sent.\n\n"
               "Example: rhcalc remind reports/ --dry-run"),
}

# rhcalc.toml as batch's help shows it in Chinese (batch/config.EXAMPLE is the English one).
EXAMPLE_ZH = """\
[email]
smtp_host = "smtp.example.org"
smtp_port = 587
security = "starttls"            # "none" | "starttls" | "ssl"
sender = "mch@city.example.org"
username = "mch"                 # 可选
password_env = "RHCALC_SMTP_PASSWORD"   # 密码取自此环境变量，从不写在文件里
subject = "{district} {period} 妇幼健康指标达标情况"   # 可选
# ca_file = "/etc/rhcalc/smtp-ca.pem"   # 可选：信任此 CA（自签名证书的服务器）

[email.recipients]
"西城区" = ["a@xicheng.example.org"]
city = ["office@city.example.org"]   # 收到汇总和各区排名
"""

# [reporting] and [quality] as batch's help shows them in Chinese (batch/settings.EXAMPLE is the English one).
JUDGING_ZH = """\
[reporting]
due_days = 10          # 期末后多少天内报送为按时
min_reported = 0.8     # 部分单位未报送时，已报单位占此比例以上才评价全市的率
remind_every = 7       # 逾期后每隔几天催报一次
remind_rounds = 3      # 逾期后最多催报几次（0：只在截止前提醒一次）
# [reporting.due_days_of]   # 某规划文件另有规定时
# beijing_rh_2024 = 15

[quality]
ratio = 3.0            # outlier：超过上期的 3 倍或不到三分之一
z = 3.5                # outlier：修正 z 分数超过此值……
z_periods = 4          # ……且此前已有这么多期
denominator_change = 0.5   # denominator-jump：率的分母变化超过一半
repeated_min = 3       # repeated-figure：至少这么多项数字全部与上期相同
floor = 10             # 两期都小于此数的计数不判为异常
"""

# Parameter (its Python name) → (zh, en); COMMAND_PARAMS overrides one command's.
PARAMS: dict[str, tuple[str, str]] = {
    "catalog": ("指标目录文件夹（默认：内置的 indicators/）。", "Catalog folder (default: the bundled indicators/)."),
    "lang": ("标签和提示的语言：zh 或 en（默认：RHCALC_LANG、rhcalc.toml 的 lang，否则 zh）。",
             "Language of labels and messages: zh or en (default: RHCALC_LANG, lang in rhcalc.toml, else zh)."),
    "debug": ("出错时显示调用栈。", "Show tracebacks."),
    "quiet": ("只输出报告和错误。", "Print nothing but the report and errors."),
    "output": ("把报告写入此文件（格式由扩展名决定）。", "Write the report to this file (format from its suffix)."),
    "force": ("输出文件已存在时覆盖。", "Replace the output file if it exists."),
    "as_of": ("按 YYYY-MM-DD 判断进度（默认：输入中最近一期的期末）。",
              "Judge progress as of YYYY-MM-DD (default: end of the latest period in the input)."),
    "fmt": ("输出格式：table（终端默认）、json、csv、xlsx、html、md。", "table (default on a terminal), json, csv, xlsx, html, md."),
    "plan": ("只评此规划文件（可重复）。", "Score only this plan (repeatable)."),
    "explain": ("附上每项结果的计算过程和原文。", "Add the arithmetic and the quote behind each result."),
    "only": ("只列出这些状态的目标，以逗号分隔：not_met,behind,on_track,met,no_data,monitor（或 未达标,进度落后…）。",
             "Show only targets of these statuses, comma-separated: not_met,behind,on_track,met,no_data,monitor."),
    "files": ("报送文件（.xlsx .xls .ods .csv）。", "Submission files (.xlsx .xls .ods .csv)."),
    "config": ("配置文件（默认：./rhcalc.toml）。", "Configuration file (default: ./rhcalc.toml)."),
}

COMMAND_PARAMS: dict[tuple[str, str], tuple[str, str]] = {
    ("validate", "files"): ("要检查的报送文件。", "Submission files to check."),
    ("validate", "fmt"): ("table（默认）、json、csv、xlsx（与 -o 一起：可退回各区的问题清单）。",
                          "table (default), json, csv, xlsx (with -o: a problem list to send back)."),
    ("validate", "output"): ("把问题清单写入此文件：.xlsx、.csv、.json 或 .txt。", "Write the problem list to this file: .xlsx, .csv, .json or .txt."),
    ("template", "plan"): ("规划文件（rhcalc plans 列出全部）。", "The plan (rhcalc plans lists them)."),
    ("template", "district"): ("填报的地区或单位。", "The district or unit that fills it in."),
    ("template", "period"): ("期间：2024、2024Q2、2024-05、2024年1-6月 …", "The period: 2024, 2024Q2, 2024-05, 2024年1-6月 …"),
    ("template", "output"): ("要写出的表格：.xlsx（下拉选项、保护）或 .csv。", "The form to write: .xlsx (drop-downs, protection) or .csv."),
    ("plans", "fmt"): ("table 或 json。", "table or json."),
    ("indicators", "fmt"): ("table 或 json。", "table or json."),
    ("indicators", "indicator"): ("一个指标（代码或中文名称）的全部内容，含其目标和原文。", "One indicator (id or Chinese name) in full, with its targets and quotes."),
    ("catalog check", "folder"): ("指标目录文件夹（默认：内置的）。", "Catalog folder (default: the bundled one)."),
    ("catalog check", "sources"): ("政策文件所在文件夹（默认：FOLDER/sources）。", "Folder of the documents (default: FOLDER/sources)."),
    ("catalog draft", "document"): ("政策文件：.txt（UTF-8 或 GBK）、.docx、浏览器保存的 .html、有文字层的 .pdf。",
                                    "The policy document: .txt (UTF-8 or GBK), .docx, .html saved from a browser, .pdf with a text layer."),
    ("catalog draft", "plan"): ("新规划文件的代码（小写英文字母、数字和 _），如 xicheng_mch_2025。",
                                "Id of the new plan (ASCII lower case, digits, _), e.g. xicheng_mch_2025."),
    ("catalog draft", "jurisdiction"): ("目标所属地区（默认：从标题读取），如 西城区。", "Whose targets these are (default: read from the title), e.g. 西城区."),
    ("catalog draft", "units"): ("向该规划报送的单位，以逗号分隔：东城区,西城区,…", "Units reporting to the plan, comma-separated: 东城区,西城区,…."),
    ("catalog draft", "start"): ("规划开始日期 YYYY-MM-DD（默认：从文件读取）。", "Start of the plan YYYY-MM-DD (default: read from the document)."),
    ("catalog draft", "deadline"): ("规划结束日期 YYYY-MM-DD（默认：从文件读取）。", "End of the plan YYYY-MM-DD (default: read from the document)."),
    ("catalog draft", "output"): ("把 YAML 写到这里，并把文件正文写到旁边的 sources/。", "Write the YAML here, and the document's text to sources/ beside it."),
    ("catalog draft", "fmt"): ("yaml（默认）或 table：逐句列出读到了什么、哪些未采用及原因。",
                               "yaml (default) or table: what was found clause by clause, and what was left out and why."),
    ("batch", "paths"): ("报送文件或文件夹（递归查找 .xlsx .xlsm .xls .ods .csv）。",
                         "Submission files or folders (searched recursively for .xlsx .xlsm .xls .ods .csv)."),
    ("batch", "out"): ("报告、run.json、history.sqlite、outbox/ 和 sent/ 所在的文件夹。", "Folder for reports, run.json, history.sqlite, outbox/ and sent/."),
    ("batch", "email"): ("把各区的达标情况发给各区，把汇总发给市里。", "Email each district its scorecard and the city the summary."),
    ("batch", "dry_run"): ("只把邮件写成 DIR/outbox/ 中的 .eml 文件，不发送。", "Write the emails as .eml files in DIR/outbox/; send nothing."),
    ("batch", "force"): ("重新读取全部文件、重新生成全部报告（邮件仍只发给尚未收到的人）。", "Read every file and render every report again (emails still go only to whoever has not had them)."),
    ("batch", "jobs"): ("读取、评分和生成报告的进程数（默认：CPU 核数）。", "Processes reading files, scoring and rendering reports (default: the number of cores)."),
    ("send", "out"): ("批量运行写出的文件夹（--out 的 DIR）。", "The folder a batch run wrote (DIR of --out)."),
    ("batch", "remind"): ("给未报送的单位发催报邮件，附上其填报表（同一期同一轮只发一次）。",
                          "Email each unit whose return is missing a reminder with its form attached (once per period and round)."),
    ("remind", "out"): ("批量运行写出的文件夹（--out 的 DIR）。", "The folder a batch run wrote (DIR of --out)."),
    ("remind", "dry_run"): ("只把催报邮件写成 DIR/outbox/ 中的 .eml 文件，不发送。", "Write the reminders as .eml files in DIR/outbox/; send nothing."),
}

# The words of the help pages that come from click itself.
CLICK_WORDS: dict[str, str] = {
    "Usage: ": "用法：", "Options": "选项", "Arguments": "参数", "Commands": "命令", "required": "必填",
    "default: {default}": "默认：{default}", "env var: {var}": "环境变量：{var}", "(dynamic)": "（动态）",
    "Show this message and exit.": "显示本帮助并退出。", "Aborted!": "已中止。",
}


def command_help(name: str, lang: str) -> str | None:
    pair = COMMANDS.get(name)
    return None if pair is None else pair[1 if lang == "en" else 0]


def param_help(command: str, param: str, lang: str) -> str | None:
    pair = COMMAND_PARAMS.get((command, param)) or PARAMS.get(param)
    return None if pair is None else pair[1 if lang == "en" else 0]


# What the command line itself says, (zh, en) with {fields}.
MESSAGES: dict[str, tuple[str, str]] = {
    "and_more": ("……另有 {n} 条", "… and {n} more"),
    "catalog_error": ("指标目录无法使用：", "The catalog cannot be used:"),
    "config_error": ("配置有误：{error}", "Configuration error: {error}"),
    "template_error": ("无法生成填报表：{error}", "The form cannot be made: {error}"),
    "unexpected": ("rhcalc 内部错误（不是输入文件的问题）：{kind}: {error}\n请加 --debug 重新运行以查看详情，并报告此问题。",
                   "Unexpected error: {kind}: {error}\nRun again with --debug for the traceback."),
    "not_a_date": ("“{text}”不是 {example} 这样的日期", "{text!r} is not a date like {example}"),
    "binary_needs_output": ("{fmt} 是二进制格式，需要用 -o 指定输出文件", "{fmt} is a binary format: give -o FILE"),
    "bad_suffix": ("{name} 的扩展名不是可写的格式：{known}（或用 --format 指定）",
                   "{name}: the suffix is none of the formats written: {known} (or give --format)"),
    "unknown_plan": ("未知的规划文件 {plan}{guess}；已有：{known}", "unknown plan {plan}{guess}; known: {known}"),
    "guess": ("（是否为 {word}？）", " (did you mean {word}?)"),
    "validate_formats": ("validate 只写 {known}，不写 {name}", "validate writes {known}; not {name}"),
    "written": ("→ {path}", "→ {path}"),
    "form_written": ("→ {path}（{n} 项指标）", "→ {path} ({n} indicators)"),
    "unknown_indicator": ("未知指标“{text}”{guess}。rhcalc indicators 列出全部指标。",
                          "Unknown indicator {text!r}{guess}. `rhcalc indicators` lists them."),
    "no_sources": ("{folder}：没有可核对原文的政策文件（用 --sources 指定）", "{folder}: no documents to check the quotes against (use --sources)"),
    "quote_problems": ("{folder}：原文有 {n} 处问题", "{folder}: {n} quote problem(s)"),
    "catalog_ok": ("✓ {folder}：规划文件 {plans} 份、指标 {indicators} 个、目标 {targets} 项；每句原文都逐字出自其文件",
                   "✓ {folder}: {plans} plans, {indicators} indicators, {targets} targets; every quote is verbatim in its document"),
    "plan_id": ("“{plan}”：只能用小写英文字母、数字和 _，以字母开头", "{plan!r}: ASCII lower case, digits and _ (starting with a letter)"),
    "plan_unclear": ("{document}：文件中没有写明起止时间，请用 --start 和 --deadline 指定（{error}）",
                     "{document}: {error}; give --start and --deadline"),
    "drafted": ("✓ {files} — 可用 rhcalc catalog check {folder} 检查", "✓ {files} — rhcalc catalog check {folder}"),
    "nothing_waits": ("发件箱中没有等待发送的邮件", "nothing waits in the outbox"),
    "reminders": ("催报邮件 {n} 封已排队{names}", "{n} reminder(s) queued{names}"),
    "reminders_sent": ("；已发送 {sent} 封，失败 {failed} 封", "; {sent} sent, {failed} failed"),
    "reminders_waiting": ("；{n} 封在 {outbox} 中等待", "; {n} waiting in {outbox}"),
    "unknown_status": ("未知状态 {text}；可选：{known}", "unknown status {text}; known: {known}"),
}


def say(key: str, lang: str, **fields: object) -> str:
    zh, en = MESSAGES[key]
    return (en if lang == "en" else zh).format(**fields)
