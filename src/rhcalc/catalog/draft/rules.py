"""The drafting rules, in one place: what the words of a policy document commit to.

A maintainer extends the draft here and nowhere else. Each table says what a phrase means for a
target; ``read.py`` applies them in the order below (the first that fits decides the kind):

1. ``QUANTITY`` — a number with a unit and a comparator (不少于20所, 5千人以上, 3.1‰以下) → at_least /
   at_most with the document's number; ``分别`` pairs a list of indicators with a list of numbers.
2. ``RANK`` (处于全市前列) → rank.  3. ``COVERAGE`` (全覆盖, 区级覆盖) → coverage.
4. ``FREQUENCY`` before the main verb (每季度, 按季度, 每年) → per_period; ``REGULAR`` (定期) without a
   number → at_least 1 every year, a threshold of rhcalc's with its source (as the curated files read it).
5. ``UP`` / ``DOWN`` (提高, 逐年下降, 减少…发生) on something measurable (``MEASURE_NOUNS``) → a trend;
   ``STEP`` words (逐年, 持续, 不断, 逐步) make it hold every step.
6. ``END_STATES`` (建立…机制, 制定…方案, 召开…会, 建成, 实现) → milestone.
7. ``DUTIES`` (开展, 实施, 落实, 组织 …) → milestone in a window of a year or less, else a duty of
   every year (per_period, frequency year).
8. ``MONITOR`` (培养一批, 根据需要, 适时 without a number) → monitor.
9. ``LEAVE_OUT`` — preambles, principles, a duty without a measure (加强, 强化, 提升…能力) → no target.

The English of a drafted indicator's name (its id and name_en) is ``lexicon.py``'s, a table beside
this one. The lexicon was built from the five seed documents (indicators/sources/) and the project's own
sentences in tests/data/draft/. Chinese numerals are read by ``rhcalc.common.numerals`` (the same
reading ``catalog check`` uses to find a value in its quote), never a second time here.
"""

from __future__ import annotations

import re

# ---- segmentation ------------------------------------------------------------------------------
SENTENCE_STOPS = "。！？；!?;"
SENTENCE_SPLIT = re.compile(r"[。！？；!?;]+")
CLAUSE_SPLIT = re.compile(r"[，,](?!\d{3})")  # “1,200” is a number, not two clauses
TRIM_STOPS = "。！？；!?;，,、：:"
HEADING_START = re.compile(
    r"^(?:#+\s*|[一二三四五六七八九十]+[、.．]\s*|[（(][一二三四五六七八九十\d]+[）)]\s*|\d+[、.．]\s*(?!\d)|第[一二三四五六七八九十]+[章节条部分]\s*)"
)
HEADING_MAX = 30  # a line this short without a comma is a heading (重点行动, （二）青春健康促进行动)
TITLE_MAX = 30  # “1．完善孕产妇保健服务。” — a numbered title sentence opening a paragraph
BROKEN_LINE_MIN = 22  # a line this long without a stop was broken in the middle of a sentence
TITLE_END = re.compile(r"(?:方案|要点|措施|计划|规划|纲要|意见|办法|细则|通知|函)(?:[（(][^）)]*[）)])?$")  # a title line ends here

# ---- numbers and units -------------------------------------------------------------------------
ARABIC = r"\d+(?:\.\d+)?"
CHINESE = r"[一二两三四五六七八九十百千]+"
# unit as written → (unit in the catalog, indicator type, factor for rates)
UNITS: dict[str, tuple[str, str, int | None]] = {
    "%": ("%", "rate", 100),
    "‰": ("‰", "rate", 1000),
    "/10万": ("1/10万", "rate", 100000),
    "/万": ("1/万", "rate", 10000),
    "人次": ("人次", "count", None),
    "万元": ("万元", "count", None),
    "场": ("场", "count", None),
    "所": ("所", "count", None),
    "家": ("家", "count", None),
    "人": ("人", "count", None),
    "名": ("人", "count", None),
    "次": ("次", "count", None),
    "个": ("个", "count", None),
    "项": ("项", "count", None),
    "例": ("例", "count", None),
    "篇": ("篇", "count", None),
    "期": ("期", "count", None),
    "支": ("支", "count", None),
    "台": ("台", "count", None),
    "件": ("件", "count", None),
    "条": ("条", "count", None),
    "部": ("部", "count", None),
    "元": ("元", "count", None),
}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# A number, its multiplier (5千人 is 5000 people) and its unit: 120 场, 5 千人, 90%, 12/10万, 10000 人.
NUMBER_UNIT = re.compile(rf"(?P<num>{ARABIC}|{CHINESE})\s*(?P<mult>[千万](?!元))?\s*(?P<unit>{_UNIT})")
AT_LEAST_BEFORE = ("不少于", "不低于", "至少", "达到", "达", "超过", "提高到", "提高至", "提升到", "提升至", "增加到", "增至", "保持在")
AT_LEAST_AFTER = ("以上", "及以上", "或多个", "或以上", "左右")
AT_MOST_BEFORE = ("不超过", "不高于", "控制在", "低于", "下降到", "下降至", "降到", "降至", "降低到", "降低至", "减少到", "减少至", "少于")
AT_MOST_AFTER = ("以下", "以内", "及以下")
# Words that make a plain number in running text a name, not a figure: 一站式, 三个一, 0-6岁, 16+X.
NOT_A_QUANTITY = re.compile(
    rf"(?:{ARABIC}\s*[-~—至到]\s*{ARABIC}\s*岁|{ARABIC}\s*\+|\d+\s*[.．]\s*\d+\s*世界|{ARABIC}\s*年|{ARABIC}\s*月|{ARABIC}\s*日|“[^”]*”|十[一二三四五六七八九]?五|第{CHINESE})"
)
RESPECTIVELY = "分别"
LIST_SEPARATORS = re.compile(r"[、和及与]")

# What names a counted thing, trimmed from around it: 4个…平台建设取得实效 → 平台; 25项…项目经费 → 项目.
COUNT_TAIL = re.compile(r"(?:建设)?(?:取得实效|经费|建设)$")
RANK_TAIL = re.compile(r"(?:保持|处于|位于|位居|居于?|进入|名列)*(?:全市|全省|全国|全区|同级)?$")  # …处于全市前列
COVERAGE_TRIM = re.compile(r"^(?:实现|在)|(?:区级|各区|市级|县级|的)$")  # 实现…区级全覆盖
PREVENT_AND_REDUCE = re.compile(r"预防(?:和|、|及)?(?:有效)?减少")  # 预防和减少非意愿妊娠: a count that falls
# A direction's object → the indicator's name: 覆盖面 is a coverage rate, …发生 an incidence.
OBJECT_NAMES = ((re.compile(r"覆盖面|覆盖范围"), "覆盖率"), (re.compile(r"的?发生$"), "发生率"))

# ---- when --------------------------------------------------------------------------------------
YEAR_MONTHS = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*(?:月\s*)?[-－—~至到]\s*(?P<m2>\d{1,2})\s*月")
YEAR_MONTH_SPAN = re.compile(
    r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*[-－—~至到]\s*(?P<y2>\d{4})\s*年\s*(?P<m2>\d{1,2})\s*月"
)
YEAR_SPAN = re.compile(r"(?P<y1>\d{4})\s*[-－—~至到]\s*(?P<y2>\d{4})\s*年")
BY_YEAR = re.compile(r"(?:到|至|于|在)?(?P<y>\d{4})\s*年(?:底|末|年底)?(?:前|之前|以前)?")
BY_YEAR_END = re.compile(r"年底前|年内|年末前|年底")
ONE_MONTH = re.compile(r"(?<![\d年-])(?P<m>\d{1,2})\s*月份?(?![\d底末前])")
BY_MONTH = re.compile(r"(?<![\d-])(?P<m>\d{1,2})\s*月(?:底|末)?(?:前|之前|以前)")  # 6月底前 → by 30 June
MIDTERM, FINAL = "中期", "末期"
PLAN_WINDOW = re.compile(r"(?:试点|实施|执行|活动|项目|工作)(?:时间|期限|周期)为?[:：]?\s*")
TIME_ONLY = re.compile(r"^(?:到|至|于|在)?\d{4}\s*年(?:底|末)?(?:前)?$|^\d{4}\s*年\s*\d{1,2}\s*月.*月$")

# ---- how often ---------------------------------------------------------------------------------
# word → frequency; matched only before the clause's main verb (建立…定期监测机制 is a milestone).
FREQUENCY: dict[str, str] = {
    "每季度": "quarter", "按季度": "quarter", "每个季度": "quarter", "季度": "quarter",
    "每月": "month", "按月": "month", "每个月": "month", "月度": "month",
    "每两个月": "bimonth", "每半年": "half_year", "半年度": "half_year",
    "每年": "year", "每年度": "year", "按年度": "year", "按年": "year", "年度": "year", "定期": "year",
}
FREQUENCY_REVIEW = {"定期": "定期未说明多久一次，按每年至少一次读取", "年度": "“年度”读作每年一次"}
# 定期 without a number is drafted as the curators write it: at least 1 time every year, a threshold
# of rhcalc's (threshold_source names the clause), never a value of the document's.
REGULAR = "定期"
REGULAR_NOTE = "“定期”未给次数；读作每年至少1次，是 rhcalc 对“定期”的最低读法，并非文件数字"

# ---- what kind ----
# A prohibition (不向群众收取任何费用, 不得…) is a state to keep: 是 while nothing of it happens.
PROHIBITION = re.compile(r"^(?:不|不得|严禁|禁止|杜绝)(?:向[^，]*?)?(?:收取|发生|出现|使用|开展)")
# 推动…进高校/进社区: spread into more of them, a direction on how many.
INTO = re.compile(r"^(?:推动|推进|促进)(?P<object>.+?进(?:高校|学校|校园|社区|企业|家庭|基层|农村|机关))$")
# A principle word that is a commitment only when a verb follows (围绕…开展分级分类培训).
FRAME = re.compile(r"^(?:围绕|聚焦|对照|立足)")
# -----------------------------------------------------------------------------
RANK = re.compile(r"前列|前三名|前三位|第一方阵|排名前|名列前茅")
COVERAGE = re.compile(r"全覆盖|区级覆盖|全面覆盖|覆盖率达到?100%|全部覆盖")
FULL_COVERAGE = re.compile(r"全覆盖|全部覆盖|全面覆盖")  # readable as 100 (catalog check accepts it)
UP = ("提高", "提升", "扩大", "增加", "加大", "普及", "普遍开设", "增强", "增长", "上升", "推广", "推行")
DOWN = ("下降", "降低", "减少", "减低", "预防", "遏制", "控制")
STEP = ("逐年", "持续", "不断", "逐步", "每年")
# 推广/推行 (spread a service): more units each year over a plan of years; done within a one-year plan.
UP_WITHIN_A_YEAR_IS_DONE = ("推广", "推行")
# Something a direction can be measured on: a rate, a share, a score, a count of events.
# Something a direction can be measured on (a rate, a share, a score, a count of events): with one
# of these, a direction ending in 水平/能力 is still measurable (健康素养水平不断提高).
MEASURE_NOUNS = re.compile(r"率|比例|比率|覆盖|成绩|得分|分数|指数|星级|人数|例数|次数|数量|服务量|素养|投入|经费|流产|妊娠|出生|"
                           r"疾病|死亡|残疾|肥胖|超重|发生")
# …and what it cannot: a direction on these is a duty without a measure, unless it is 明显.
VAGUE_NOUNS = re.compile(r"(?:能力|水平|质量|效益|体验|意识|获得感|积极性|理念|氛围|作用|效率|可及性|实效|力度|信心|满意度|程度|需求|权益|"
                         r"知识|技能|文化|合作|成果|成效|关口前移|扩面)$")
# A measure in a direction's object that a vague ending does not hide (健康素养水平不断提高).
STRONG_MEASURES = re.compile(r"(?<!效)率|比例|素养|成绩|得分|分数|指数|星级|服务量|人数|例数|次数|投入")
# Improving on something abstract (健全…体系, 推动…发展, 严格…管理) is a duty without an end state.
IMPROVE_VERBS = ("健全", "完善", "优化", "拓展", "推进", "促进", "推动", "深化", "巩固", "严格", "规范", "督促", "指导", "保障", "提供", "落实")
ABSTRACT_OBJECTS = re.compile(r"(?:发展|体系|内涵|内容|管理|合作|措施|监管|责任|格局|网络|平衡|关口|实施|改进|升级|落实|权益|健康|服务|"
                              r"政策|政策措施|工作成效|运行|作用|对接|落到实处)$")
ABSTRACT = ("改进、推动抽象的事（体系、发展、管理…），没有完成状态或量", "improving something abstract (a system, development…): no end state or measure")
# Verbs that only say who helps (区民政局负责…, 配合做好…): the commitment is in the verb after them.
SUPPORT_VERBS = ("负责", "配合", "协助", "统筹", "牵头", "动员", "督促")
# A prevention without a count of what it prevents (预防龋病) measures nothing; 预防…发生 does.
PREVENT_ALONE = "预防"
PREVENT_NOTHING = ("预防什么没有可计的量（未写“…发生”或“减少”）", "a prevention without a count of what it prevents")
SUPPORT_ONLY = ("只说明谁负责、配合或协助，没有可检查的事", "says only who is responsible or helps: nothing to check")
# A direction on a list of these is one target per item (绩效考核成绩和星级标准; 未婚、重复性流产).
SPLIT_NOUNS = re.compile(r"(?:率|比例|比率|成绩|得分|指数|星级|流产|妊娠)(?:标准|水平)?$")
TAIL_DIRECTION = re.compile(r"(?P<step>逐年|持续|不断|逐步|明显|进一步|显著)?(?P<verb>下降|提高|提升|降低|减少|增加|上升|增长)$")
INNER_DIRECTION = re.compile(r"^(?:推进|推动|促进)(?P<object>.+?)(?P<verb>普及|不断提高|提高|提升)(?P<rest>.*)$")
HOLD_LOW = re.compile(r"^(?:确保)?(?P<object>.+?)(?:持续)?(?:保持|控制)在(?:较)?低水平$")
# What a direction's object is, → (indicator type, unit): the first that matches decides.
DIRECTION_TYPES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"率|比例|比率|覆盖面|覆盖范围|素养|发生$|肥胖|超重"), "rate", "%"),
    (re.compile(r"星级"), "score", "星"),
    (re.compile(r"成绩|得分|分数|指数|水平"), "score", "分"),
    (re.compile(r"投入|经费"), "count", "万元"),
    (re.compile(r"人数$|人次$"), "count", "人"),
    (re.compile(r"流产|妊娠|出生|疾病|死亡|残疾"), "count", "例"),
)
QUARTERLY_ACTIVITY = re.compile(r"(?P<freq>季度|年度|月度)(?:评审|分析|例会|督导|检查|考核|通报|报告|会商)")
MARKED = "明显"
END_STATES = (
    "建立", "建成", "设立", "组建", "成立", "制定", "编制", "出台", "印发", "完成", "召开", "举办", "实现",
    "纳入", "开通", "打造", "建设", "遴选", "确定", "完善", "健全", "优化", "调整", "补足", "设置", "形成", "成为",
    "构建", "取得", "制作", "开发", "选拔", "评选", "申请", "承担", "设计", "配备", "整合", "召集", "补充", "更新",
)
DUTIES = (
    "开展", "实施", "落实", "组织", "推进", "推动", "做好", "夯实", "提供", "执行", "保证", "保障", "严格", "规范",
    "参与", "参加", "宣传", "推送", "指导", "督促", "促进", "深入", "走进", "进行", "举行",
    "实行", "应用", "拓展", "探索", "推荐", "对接", "报送", "通报", "研究", "提出", "发布", "总结", "督导", "检查",
    "培训", "讲解", "刊登", "收集", "培养", "评估", "签发", "监测", "筛查", "完成", "协助", "配合", "负责", "承办",
    "选择", "保存", "录入", "申领", "预约", "资助", "安装", "面向", "开设", "连线", "展开", "举办",
)
# Words that look like verbs but only say how or where (依托…, 结合…主题日): the main verb comes after.
PREPOSITIONS = ("利用", "依托", "结合", "通过", "针对", "按照", "根据", "借助", "围绕", "作为", "对照", "以")
NAME_MAX = 40  # an indicator's name_zh cut from a long clause
# Activities: 加强/强化 on one of these is still a piece of work that is done or not.
ACTIVITY_NOUNS = re.compile(r"(?:评价|评估|检查|督导|考核|评审|演练|培训|监测|随访|筛查|调查|通报)$")
# Things a piece of work makes: two of them joined by 和 are two targets (…动画和…视频, …门诊和…工作室建设).
THINGS = re.compile(r"(?:动画|视频|门诊|工作室|手册|课程|读本|专栏|基地|中心)$")
THING_TAIL = re.compile(r"(?:建设)?$")
# 加强/强化 an evaluation is still an evaluation to carry out (加强助产机构母婴安全筑基评价).
EVALUATION_NOUNS = re.compile(r"(?:评价|评估|督导|抽查)$")
MONITOR = re.compile(r"一批|根据需要|视情况|适时(?!推广\s*\d)|必要时")
LEAVE_OUT: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # (pattern on the clause, reason in zh, reason in en) — checked first, in this order.
    (re.compile(r"^(?:为|为了)(?:贯彻|落实|推进|进一步|切实|加快|深入|保障|提升|促进|满足)"), "前言：制定文件的目的", "preamble: why the document was written"),
    (re.compile(r"^(?:根据|依据|按照|经)[^，]*(?:精神|要求|通知|规定|同意|部署|规划|纲要|情况)[》”）)]*$"), "前言：文件依据", "preamble: what the document follows"),
    (re.compile(r"^(?:现将|现印发|请认真|请予以|请照此|特制定|制定本|拟定|我委制定|我中心拟定|结合(?:我区|本地|西城区|实际)[^，]*$)"), "公文套语", "covering letter"),
    (re.compile(r"(?:^以|^在|坚持以)[^，]*(?:为指导|为目标|为中心|为核心|为理念|为重点|为标杆|为主导|为导向|为抓手)$"), "指导思想：没有可检查的承诺", "guiding principle: nothing checkable"),
    (re.compile(r"^\d{4}\s*年是|关键一年$|开局之年$|收官之年$"), "背景：说明这一年的意义", "background: what the year means"),
    (re.compile(r"等(?:方法|方式|形式|手段|途径|渠道)$|相结合$"), "方式：说明怎样做，没有可检查的承诺", "means: how, not what"),
    (re.compile(r"^(?:坚持|贯彻|全面贯彻|深入贯彻|秉持|牢固树立|坚守|狠抓|筑牢|强化红线|坚持底线)"), "指导原则：没有可检查的承诺", "principle: nothing checkable"),
    (re.compile(r"(?:印发|抄送|此件|主动公开|公开发布|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"), "公文格式：发文、抄送或日期", "document format: issuer, copy list or date"),
    (re.compile(r"广泛(?:开展)?[^，]*(?:宣传|教育|知识)$|(?:大力|积极)宣传"), "宣传职责没有可检查的量：广泛宣传、大力宣传没有场次、期限或对象",
     "publicity without a measure: no count, deadline or audience"),
    (re.compile(r"^(?:加强|强化|加快|注重|重视|关注|弘扬|尊重|认识到|拒绝|避免|增强|丰富|密切|织密|发挥|充分发挥|倡导|鼓励|引导|营造|保持|维持|熟悉|满足|护佑|兼顾|统筹)"),
     "职责没有可检查的量：没有数字、期限、频次、方向或完成状态", "a duty without a measure: no number, deadline, frequency, direction or end state"),
)
VAGUE_DIRECTION = ("方向没有可测的对象（能力、水平、质量…）", "a direction on nothing measurable (capacity, level, quality…)")
PREAMBLE_CLOSE = re.compile(r"^(?:特|现)?(?:制定|拟定|印发)(?:了)?本|制定本(?:工作)?(?:方案|措施|计划|要点|细则)$")
NO_VERB = ("没有可检查的行动或量", "no checkable action or measure")
HEADING = ("标题", "a section heading")
# A subject that moves a target to another level than the plan's: 各区要… in a city's plan.
LEVEL_SUBJECTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:各区|各区县|各县（市、区）|每个区|各级)"), "district"),
    (re.compile(r"^(?:各省|有条件的省份|省级|各省（区、市）)"), "province"),
    (re.compile(r"^(?:全市|市级)"), "city"),
)
# Words that strip off the front of a clause to leave what is measured: subjects, adverbs.
LEAD_WORDS = re.compile(
    r"^(?:(?:各区|各级|全市|全区|全县|全省|全国|本县|本区|本市|辖区|区级|市级|县级|我区|我市|我县|各单位|各相关医疗机构|各医疗机构|区妇幼保健院|市妇幼保健院|区卫生健康委|区财政)要?|"
    r"积极|主动|切实|进一步|大力|全面|广泛|深入|持续|不断|逐步|努力|力争|做到|着力|有效|有计划地|普遍|同时|并|要|还|"
    r"到\d{4}\s*年(?:底)?|\d{4}\s*年(?:底)?前?|年底前|年内|全年|\d{1,2}\s*月(?:底|末)?(?:前|之前)|\d{1,2}\s*月份?|"
    r"定期|每季度|每半年|每年|每月|按季度|按月|按年度)+"
)
TIME_CARRIED = ("时间：并入下一分句", "a time, carried to the next clause")

# ---- the plan ----------------------------------------------------------------------------------
PLACE = re.compile(r"(?P<place>全国|(?![全各本该])[\u4e00-\u9fa5]{1,4}?(?:自治区|省|市|区|县|旗))")
PLACE_LEVELS = (("全国", "national"), ("国家", "national"), ("自治区", "province"), ("省", "province"), ("市", "city"),
                ("区", "district"), ("县", "district"), ("旗", "district"))
ISSUER = re.compile(r"^#*\s*(?P<issuer>.{4,40}?)\s*(?:关于\s*印发|印发)")
SIGNATURE = re.compile(r"^\s*(?P<issuer>[\u4e00-\u9fff]{4,30}?)\s+\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发")
ISSUED = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
TITLE_WORDS = re.compile(r"(?:方案|要点|措施|计划|规划|纲要|意见|办法|细则)$")
