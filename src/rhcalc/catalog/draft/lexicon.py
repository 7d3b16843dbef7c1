"""The field's words in English: how a drafted indicator gets a readable id and ``name_en``.

A maintainer extends ``TERMS`` (Chinese as the documents write it → English) and nothing else. It
was built from the vocabulary of the five seed documents (indicators/sources/, their text only —
never the curated YAML, so the blind test stays blind) and the sentences of tests/data/draft/.

A name is read from the left, longest term first; the English keeps the Chinese order, which for
the noun chains of these documents (孕产妇 死亡率 → maternal mortality rate) is English order too.
Letters, digits and 16+X pass through. A Chinese character no term covers leaves the name
untranslated: the draft then keeps a numbered id and says so in a ``review:`` note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that carry no content of their own in a name: dropped from the English.
SILENT = ("的", "等", "之", "了", "着", "进行", "相关", "有关", "各类", "各项", "各", "其他", "方面", "所需", "有机", "将", "给予",
          "要", "地", "均", "所有", "通过", "以", "为", "由", "对", "按照", "在", "于", "把", "该", "有效", "一批")

TERMS: dict[str, str] = {
    # ---- people -------------------------------------------------------------------------------
    "孕产妇": "maternal", "产妇": "mothers", "孕妇": "pregnant women", "孕期": "pregnancy", "孕前": "preconception",
    "孕中": "mid-pregnancy", "孕后": "after pregnancy", "孕育": "conception", "围产儿": "perinatal", "围产期": "perinatal",
    "孕产期": "pregnancy and childbirth", "孕产保健": "maternal care", "新生儿": "newborn", "婴幼儿": "infant and toddler",
    "婴儿": "infant", "早产儿": "preterm infant", "早产": "preterm birth", "儿童": "child", "患儿": "sick children",
    "幼儿园": "kindergarten", "幼儿": "young children", "青少年": "adolescent", "青春期": "adolescence", "青春": "youth",
    "青年": "young people", "妇女": "women", "女性": "women", "女职工": "female workers", "育龄妇女": "women of childbearing age",
    "育龄群众": "people of childbearing age", "育龄期": "reproductive age", "育龄": "childbearing age", "围绝经期": "perimenopause",
    "更年期": "menopause", "夫妇": "couples", "家长": "parents", "家庭": "family", "群众": "public", "百姓": "public",
    "居民": "residents", "公众": "public", "流动人口": "migrant population", "人口": "population", "人群": "population",
    "大学生": "university students", "中小学生": "school pupils", "学生": "students", "教师": "teachers", "患者": "patients",
    "留守儿童": "left-behind children", "缺陷儿": "children with defects", "母婴": "maternal and infant", "母亲": "mother",
    "妇幼": "maternal and child", "妇女儿童": "women and children", "人员": "staff", "人才": "talent", "骨干": "key staff",
    "医护人员": "medical staff", "专家": "expert", "名医": "renowned doctor", "讲师": "lecturer", "志愿": "volunteer",
    "会员": "member", "领导": "leadership", "分管领导": "leader in charge", "学科带头人": "discipline leader", "团队": "team",
    "队伍": "workforce", "对象": "recipients", "病例": "case", "个案": "case", "案例": "case", "典型": "typical",
    # ---- health and care ----------------------------------------------------------------------
    "健康": "health", "保健": "care", "卫生": "health", "医疗": "medical", "医学": "medical", "医疗保健": "health care",
    "生殖健康": "reproductive health", "生殖": "reproductive", "生育": "fertility", "生育力": "fertility", "优生": "healthy birth",
    "优育": "good upbringing", "优生优育": "healthy birth and upbringing", "婚育": "marriage and childbearing", "婚前": "premarital",
    "婚姻登记": "marriage registration", "婚姻": "marriage", "计划生育": "family planning", "计生": "family planning",
    "避孕": "contraception", "节育": "birth control", "避孕药具": "contraceptives", "药具": "contraceptives", "人工流产": "induced abortion",
    "人流": "abortion", "流产": "abortion", "妊娠": "pregnancy", "非意愿妊娠": "unintended pregnancy", "分娩": "delivery",
    "助产": "midwifery", "产科": "obstetric", "产房": "delivery room", "产前": "prenatal", "产时": "intrapartum", "产后": "postpartum",
    "访视": "visits", "出生": "birth", "出生缺陷": "birth defect", "缺陷": "defect", "先天": "congenital", "先天性": "congenital",
    "死亡率": "mortality rate", "死亡": "death", "残疾": "disability", "疾病": "disease", "病": "disease", "妇科病": "gynaecological disease",
    "妇女病": "gynaecological disease", "慢性病": "chronic disease", "传染病": "infectious disease", "常见病": "common disease",
    "危重": "critical", "危重症": "critical illness", "危急重症": "critical emergencies", "高危": "high-risk", "高风险": "high-risk",
    "风险": "risk", "隐患": "hazard", "安全": "safety", "母婴安全": "maternal and infant safety", "救治": "treatment", "抢救": "rescue",
    "急救": "emergency care", "应急": "emergency", "治疗": "treatment", "诊治": "diagnosis and treatment", "诊断": "diagnosis",
    "诊疗": "diagnosis and treatment", "会诊": "consultation", "转诊": "referral", "转会诊": "referral and consultation", "转运": "transport",
    "就诊": "visits", "复苏": "resuscitation", "康复": "rehabilitation", "干预": "intervention", "随访": "follow-up", "调理": "conditioning",
    "筛查": "screening", "普查": "screening", "体检": "health check", "检查": "check", "检测": "testing", "产前诊断": "prenatal diagnosis",
    "婚前医学检查": "premarital medical check", "两癌": "two cancers", "宫颈癌": "cervical cancer", "乳腺癌": "breast cancer",
    "艾滋病": "HIV", "梅毒": "syphilis", "乙肝": "hepatitis B", "母婴传播": "mother-to-child transmission", "传播": "transmission",
    "甲状腺": "thyroid", "功能减低症": "hypofunction", "苯丙酮尿症": "phenylketonuria", "听力": "hearing", "视力": "vision",
    "眼保健": "eye care", "屈光": "refraction", "远视储备": "hyperopia reserve", "近视": "myopia", "白内障": "cataract",
    "髋关节": "hip", "发育不良": "dysplasia", "心脏病": "heart disease", "心脏": "cardiac", "孤独症": "autism", "自闭症": "autism",
    "神经心理": "neuropsychological", "行为": "behaviour", "发育": "development", "心理": "mental", "心理健康": "mental health",
    "窝沟封闭": "pit and fissure sealing", "预防接种": "vaccination", "叶酸": "folic acid", "营养": "nutrition", "膳食": "diet",
    "营养餐": "nutrition meals", "运动": "exercise", "肥胖": "obesity", "超重": "overweight", "贫血": "anaemia", "患病率": "prevalence",
    "盆底": "pelvic floor", "盆底肌": "pelvic floor muscle", "功能": "function", "障碍": "disorder", "功能障碍性": "dysfunction",
    "内分泌": "endocrine", "代谢性": "metabolic", "代谢": "metabolism", "染色体": "chromosome", "非整倍体": "aneuploidy",
    "无创": "non-invasive", "基因": "genetic", "遗传": "genetic", "唐氏综合征": "Down syndrome", "严重": "severe", "预后不良": "poor outcome",
    "不孕不育": "infertility", "不孕": "infertility", "辅助生殖": "assisted reproduction", "人类辅助生殖技术": "assisted reproductive technology",
    "中医药": "traditional Chinese medicine", "中医": "TCM", "中西医": "integrated Chinese and Western medicine", "中成药": "Chinese patent medicine",
    "药物": "drug", "手术": "surgery", "妇产科": "obstetrics and gynaecology", "儿科": "paediatrics", "新生儿科": "neonatal department",
    "病室": "ward", "科室": "department", "非产科": "non-obstetric", "住院": "inpatient", "门诊": "outpatient clinic", "电子病历": "electronic records",
    "友好": "friendly", "人性化": "humane", "关爱": "care", "养育": "parenting", "照护": "care", "喂养": "feeding", "母乳喂养": "breastfeeding",
    "性健康": "sexual health", "性": "sexual", "防性侵": "sexual assault prevention", "危险因素": "risk factors", "危险": "risk",
    "素养": "literacy", "健康素养": "health literacy", "知识": "knowledge", "技能": "skills", "知晓率": "awareness rate",
    "公共卫生": "public health", "基本公共卫生": "basic public health", "全生命周期": "whole life course", "生命全周期": "whole life course",
    "生命周期": "life cycle", "全生育周期": "whole reproductive cycle", "生命": "life", "全程": "whole course", "全流程": "whole process",
    # ---- places and bodies --------------------------------------------------------------------
    "北京市": "Beijing", "北京地区": "Beijing area", "北京": "Beijing", "西城区": "Xicheng District", "西城": "Xicheng",
    "天津市": "Tianjin", "河北区": "Hebei District", "乐清市": "Yueqing", "乐清": "Yueqing", "温州市": "Wenzhou", "上海": "Shanghai",
    "南塘镇": "Nantang Town", "东港村": "Donggang Village", "宣武医院": "Xuanwu Hospital", "建宫医院": "Jiangong Hospital",
    "市第二人民医院": "city No. 2 People's Hospital", "第一妇婴保健院": "First Maternity and Infant Hospital", "海河之北": "Haihe North",
    "全国": "national", "国家": "national", "国家级": "national", "国际": "international", "全市": "city-wide", "全区": "district-wide",
    "全县": "county-wide", "全社会": "whole society", "社会": "society", "省级": "provincial", "省": "province", "本省": "the province",
    "市级": "city-level", "区级": "district-level", "区域": "regional", "县级": "county-level", "区": "district", "市": "city", "我市": "the city",
    "各区": "each district", "辖区": "in the area", "基层": "primary-level", "地区": "area", "试点地区": "pilot areas", "村": "village",
    "社区": "community", "街道办事处": "sub-district offices", "企业": "enterprises", "学校": "schools", "校园": "campus", "高校": "universities",
    "中学": "secondary schools", "中小学": "schools", "宾馆": "hotels", "车站": "stations", "商场": "shopping malls", "厂矿": "factories and mines",
    "场所": "venues", "机构": "institutions", "单位": "units", "医院": "hospital", "医疗机构": "medical institutions", "医疗卫生机构": "health institutions",
    "妇幼保健院": "MCH hospital", "妇幼保健机构": "MCH institutions", "保健院": "care hospital", "卫生院": "health centre", "乡镇卫生院": "township health centres",
    "社区卫生服务中心": "community health centres", "社区卫生服务机构": "community health institutions", "社区卫生机构": "community health institutions",
    "卫生室": "clinics", "村卫生室": "village clinics", "托幼机构": "childcare institutions", "托育机构": "childcare institutions",
    "助产机构": "midwifery institutions", "医疗保健机构": "health care institutions", "专科医疗机构": "specialist institutions",
    "生殖健康中心": "reproductive health centres", "中心": "centre", "基地": "base", "服务点": "service points", "工作室": "studio",
    "门户网站": "portal", "公众号": "official account", "视频号": "video channel", "微信交流群": "WeChat groups", "政务网": "government website",
    "卫生健康委": "Health Commission", "卫生健康委员会": "Health Commission", "卫生健康局": "Health Bureau", "卫生健康系统": "health system",
    "卫生计生": "health and family planning", "教委": "Education Commission", "教育局": "Education Bureau", "民政局": "Civil Affairs Bureau",
    "体育局": "Sports Bureau", "总工会": "Federation of Trade Unions", "红十字会": "Red Cross", "委宣传部": "Party Publicity Department",
    "发展改革委": "Development and Reform Commission", "妇女儿童工作委员会": "Women and Children's Committee", "办公室": "office",
    "计划生育协会": "Family Planning Association", "计生协会": "Family Planning Association", "协会": "association", "行业协会": "industry associations",
    "部门": "departments", "多部门": "multi-department", "政府": "government", "新闻媒体": "news media", "媒体": "media", "社会组织": "social organisations",
    "领导小组": "leading group", "专家小组": "expert group", "专家组": "expert group", "工作小组": "working group", "小组": "group", "联盟": "alliance",
    "协作单位": "partner unit", "亲青服务中心": "youth service centre", "亲青": "youth", "新大楼": "new building", "直播间": "live-streaming room",
    # ---- work and its words -------------------------------------------------------------------
    "服务": "services", "工作": "work", "管理": "management", "项目": "project", "行动": "action", "计划": "plan", "方案": "plan",
    "实施方案": "implementation plan", "行动计划": "action plan", "规划": "plan", "任务": "tasks", "目标": "targets", "措施": "measures",
    "举措": "measures", "政策": "policy", "政策措施": "policy measures", "机制": "mechanism", "制度": "system", "体系": "system", "网络": "network",
    "平台": "platform", "模式": "model", "新模式": "new model", "格局": "pattern", "标准": "standards", "标准化": "standardisation",
    "规范化": "standardised", "规范": "norms", "同质化": "homogeneous", "指南": "guide", "大纲": "syllabus", "细则": "rules", "清单": "list",
    "手册": "handbook", "台账": "register", "档案": "records", "资料": "materials", "材料": "materials", "读物": "reading materials",
    "作品": "works", "动画": "animation", "视频": "video", "课程": "course", "选修课程": "elective courses", "课堂": "classroom",
    "培训班": "training course", "讲座": "lecture", "沙龙": "salon", "义诊": "free clinic", "咨询": "counselling", "竞答": "quiz",
    "有奖竞答": "prize quiz", "夏令营": "summer camp", "活动日": "activity day", "主题日": "theme day", "宣传周": "publicity week",
    "关注日": "awareness day", "关爱日": "awareness day", "大赛": "contest", "比赛": "competition", "评比": "contest", "评选": "selection",
    "评优": "awards", "交流会": "exchange meeting", "交流": "exchange", "论坛": "forum", "会议": "meeting", "例会": "regular meeting",
    "学术交流": "academic exchange", "研讨": "seminar", "剖析": "analysis", "分析": "analysis", "总结": "summary", "报告": "report",
    "调研": "survey", "调查": "survey", "研究": "research", "研提": "proposals", "建议": "recommendations", "意见": "opinions",
    "宣传": "publicity", "宣教": "health education", "宣传教育": "publicity and education", "教育": "education", "健康教育": "health education",
    "科普": "science popularisation", "宣传区": "publicity areas", "阵地": "channels", "端口": "entry point", "新媒体": "new media",
    "培训": "training", "实训": "practical training", "演练": "drill", "模拟": "simulation", "培养": "training", "考核": "appraisal",
    "绩效考核": "performance appraisal", "绩效": "performance", "评价": "evaluation", "评估": "assessment", "评审": "review",
    "督导": "supervision", "监督": "supervision", "监管": "oversight", "抽查": "spot checks", "随机抽查": "random spot checks",
    "飞行检查": "unannounced inspections", "专项检查": "special inspections", "排查": "investigation", "质控": "quality control",
    "质量控制": "quality control", "质量": "quality", "监测": "monitoring", "统计": "statistics", "数据": "data", "信息": "information",
    "信息化": "information technology", "信息系统": "information system", "系统": "system", "共享": "sharing", "联通": "connection",
    "互联互通": "interconnection", "互通": "exchange", "接口": "interface", "对接": "linkage", "无纸化": "paperless", "报送": "reporting",
    "通报": "bulletins", "结果": "results", "情况": "situation", "效果": "effect", "成效": "results", "实效": "results", "经验": "experience",
    "做法": "practices", "成功": "successful", "实践": "practice", "特色": "distinctive", "品牌": "brand", "品牌工程": "brand project",
    "工程": "programme", "示范": "model", "试点": "pilot", "专科": "specialty", "学科": "discipline", "专项": "special",
    "专题": "special-topic", "主题": "theme", "专案管理": "case management", "分级": "graded", "分类": "classified", "分级分类": "graded and classified",
    "高危分级管理": "high-risk graded management", "联合": "joint", "联动": "joint", "协同": "coordinated", "协调": "coordination",
    "会商": "consultation", "合作": "cooperation", "衔接": "linkage", "一站式": "one-stop", "便民": "convenient", "一条龙": "end-to-end",
    "掌上办": "on the phone", "线上": "online", "线下": "offline", "在线": "online", "网上": "online", "互联网": "internet",
    "移动互联网": "mobile internet", "智慧": "smart", "智慧终端": "smart terminals", "终端": "terminals", "远程": "remote", "云上": "cloud",
    "应用": "application", "人脸识别技术": "face recognition", "人脸识别": "face recognition", "技术": "technology", "适宜技术": "appropriate technology",
    "方法": "methods", "科学方法": "scientific methods", "技术规范": "technical norms", "服务包": "service package", "基本服务包": "basic service package",
    "服务量": "service volume", "服务机": "vending machines", "用品": "supplies", "物资": "supplies", "应急物资": "emergency supplies",
    "采购": "procurement", "储备": "reserve", "设施设备": "facilities and equipment", "设施": "facilities", "设备": "equipment",
    "基础设施": "infrastructure", "条件": "conditions", "资源": "resources", "存量资源": "existing resources", "资金": "funds",
    "经费": "funding", "经费投入": "funding", "投入": "investment", "基金": "fund", "专项基金": "special fund", "募捐": "fundraising",
    "筹资": "financing", "医保资金": "medical insurance funds", "保障金": "security fund", "残疾人就业保障金": "disability employment fund",
    "就业": "employment", "费用": "fees", "免费": "free", "惠民": "public benefit", "公益": "public-interest", "救助": "assistance",
    "社会救助": "social assistance", "帮扶": "support", "对口帮扶": "paired assistance", "指导": "guidance", "业务指导": "professional guidance",
    "保健指导": "care guidance", "技术指导": "technical guidance", "辅导": "counselling", "助力": "support", "支持": "support",
    "保障": "safeguards", "全过程": "whole process", "过程性": "process", "动态": "dynamic", "日常": "routine", "长效": "long-term",
    "常态化": "regular", "定期": "regular", "年度": "annual", "季度": "quarterly", "中期": "mid-term", "末期": "final", "卫生经济学": "health economics",
    "工作机制": "working mechanism", "联系制度": "liaison system", "运行": "operation", "组织实施": "implementation", "项目管理": "project management",
    "人才培训": "staff training", "数据收集": "data collection", "收集": "collection", "登记": "registration", "预约": "booking",
    "推送": "push", "签发": "issuing", "申领": "application", "出生医学证明": "birth medical certificate", "证明": "certificate",
    "一键生成": "one-click generation", "一键归档": "one-click filing", "归档": "filing", "入馆": "archiving", "永久保存": "permanent keeping",
    "纸质": "paper", "行政许可": "administrative licence", "许可": "licence", "母婴保健专项技术": "special maternal and infant technology",
    "建档": "registration", "入院": "admission", "待产": "labour", "刷脸": "face scan", "采集": "collection", "病案": "records",
    "家庭医生签约服务": "family doctor contract services", "家庭医生": "family doctor", "签约": "contract", "门诊咨询室": "counselling room",
    "能力": "capacity", "能力建设": "capacity building", "水平": "level", "成绩": "score", "得分": "score", "指数": "index", "星级": "star level",
    "覆盖率": "coverage rate", "覆盖面": "coverage", "覆盖": "coverage", "全覆盖": "full coverage", "比例": "share", "比率": "ratio", "率": "rate",
    "发生率": "incidence", "成功率": "success rate", "接诊": "admissions", "人数": "people", "人次": "person-times", "场次": "sessions",
    "次数": "times", "例数": "cases", "数": "count", "数量": "number", "发生": "occurrence", "问题": "problems", "需求": "needs",
    "知情权": "right to information", "选择权": "right to choose", "重视度": "attention", "关注": "attention", "重视": "attention",
    "友好性": "friendliness", "冷静期": "cooling-off period", "切入点": "entry points", "新动能": "new momentum", "动能": "momentum",
    "指标": "indicators", "统计监测": "statistical monitoring", "规划任务": "plan tasks", "任务落实": "task implementation",
    "重点": "key", "重点任务": "key tasks", "重点环节": "key stages", "环节": "stages", "核心信息": "core messages", "核心": "core",
    "系列": "series", "优秀": "outstanding", "优质": "high-quality", "高质量": "high-quality", "高素质": "high-calibre", "复合型": "multi-skilled",
    "金牌": "gold-medal", "综合": "comprehensive", "综合保健": "comprehensive care", "全方位": "all-round", "多层次": "multi-level",
    "多种形式": "various forms", "形式多样": "varied forms", "形式": "forms", "多样": "varied", "内容丰富": "rich content", "内容": "content",
    "方式": "way", "手段": "means", "新型": "new", "新时代": "new era", "文化": "culture", "创新": "innovation", "科研创新": "research innovation",
    "探索": "exploration", "体验项目": "experience projects", "体验": "experience", "模型": "models", "文创作品": "creative works",
    "职能": "functions", "实际情况": "actual situation", "基础": "basis", "进展": "progress", "实质进展": "substantive progress",
    "供需平衡": "supply-demand balance", "布局合理": "rational layout", "有温度": "caring", "明显": "marked", "全面": "comprehensive",
    "及时": "timely", "准确": "accurate", "合理使用": "rational use", "合理": "rational", "科学": "scientific", "个性化": "personalised",
    "规范管理": "standard management", "同流程": "same process", "同网络": "same network", "同质控": "same quality control",
    "无缝连接": "seamless connection", "连接": "connection", "顺利": "smooth", "扩面": "expansion", "提质": "quality upgrade",
    "原则": "principles", "策略": "strategy", "战略": "strategy", "健康中国": "Healthy China", "事业": "undertakings", "发展": "development",
    "国民经济和社会发展规划": "economic and social development plan", "大健康": "Greater Health", "全民健身": "fitness for all",
    "体育场地": "sports grounds", "场地": "grounds", "法律法规": "laws and regulations", "法律": "law", "十四五": "14th Five-Year",
    "时期": "period", "七五": "seven-five", "八优服务": "eight-excellence services", "三个一": "three-ones", "三孩": "three-child",
    "生育政策": "fertility policy", "均衡发展": "balanced development", "长期": "long-term", "筑基": "foundation", "安心行动": "peace-of-mind action",
    "舒心行动": "comfort action", "医教携手": "medicine and education hand in hand", "呵护青春": "caring for youth", "冷静": "calm",
    "工作要点": "work points", "要点": "key points", "年": "", "计生协": "Family Planning Association", "京通": "Jingtong", "青春密码": "Youth Code", "心灵絮语": "Heart Whispers", "沟通之道": "Way of Communication", "曙光": "Dawn",
    "世界": "World", "艾滋病日": "AIDS Day", "避孕日": "Contraception Day", "妇女节": "Women's Day", "儿童节": "Children's Day",
    "母乳喂养周": "Breastfeeding Week", "早产儿日": "Prematurity Day", "爱耳": "Ear Care", "日": "Day", "周": "week",
    "韵律操": "rhythmic exercises", "家长学校": "parent school", "学校建设": "school building", "同伴社": "peer society", "同伴教育": "peer education",
    "同伴": "peer", "生理卫生": "physiological hygiene", "生命教育": "life education", "青春期教育": "adolescence education",
    "人工流产前": "pre-abortion", "人工流产后": "post-abortion", "流产后": "post-abortion", "人流后": "post-abortion", "未婚": "unmarried",
    "重复性": "repeat", "非医学需要": "non-medical", "留守": "left-behind", "外院": "other-hospital", "一例一册": "one-case-one-file",
    "唐氏": "Down", "围绝经": "perimenopause", "体检筛查": "check-up screening", "免费筛查": "free screening",
    # ---- verbs and states a name keeps -------------------------------------------------------
    "建立": "established", "建设": "building", "建成": "built", "组建": "formed", "成立": "set up", "设立": "set up", "制定": "drawn up",
    "编制": "compiled", "出台": "issued", "印发": "issued", "完成": "completed", "召开": "held", "举办": "held", "开展": "held",
    "实现": "achieved", "纳入": "included", "开通": "opened", "打造": "built", "遴选": "selection", "确定": "determined", "完善": "improved",
    "健全": "improved", "优化": "optimised", "调整": "adjusted", "设置": "set up", "形成": "formed", "构建": "built", "取得": "achieved",
    "制作": "produced", "开发": "developed", "设计": "design", "配备": "equipped", "配强": "strengthened", "整合": "integration",
    "融合": "integration", "新建": "new building", "改建": "rebuilding", "扩建": "extension", "实施": "implementation", "落实": "implementation",
    "组织": "organised", "推进": "promotion", "推动": "promotion", "推广": "roll-out", "推行": "roll-out", "普及": "popularisation",
    "使用": "use", "推广使用": "adoption", "提供": "provision", "提出": "proposed", "拓展": "expanded", "扩大": "expanded", "提升": "improvement",
    "提高": "improvement", "增加": "increase", "减少": "reduction", "下降": "decline", "降低": "reduction", "控制": "control", "防治": "prevention and treatment",
    "防控": "prevention and control", "预防": "prevention", "预警": "early warning", "消除": "elimination", "加速": "accelerated",
    "巩固": "consolidated", "参与": "participation", "参加": "participation", "动员": "mobilisation", "主导": "leadership", "牵头": "lead",
    "协助": "assisting", "配合": "cooperation", "负责": "in charge", "承担": "undertaking", "做好": "done well", "维护": "protecting",
    "享有": "enjoy", "补服": "supplement", "发放": "distribution", "讲解": "explaining", "刊登": "publishing", "走进": "into", "进": "into",
    "进学校": "into schools", "进基层": "into primary level", "进高校": "into universities", "报道": "reporting", "改进": "improvement",
    "改正": "corrective", "改正措施": "corrective measures", "确保": "ensured", "录入": "entry", "筹集": "raised", "募集": "raised",
    "收取": "charging", "不向": "not charging", "同步": "simultaneous", "开课": "classes", "接受": "receiving", "应用于": "applied to",
    "服务于": "serving", "安排": "arranged", "要求": "required", "引导": "guidance", "影响": "impact", "危害": "harm", "保护": "protection",
    # ---- more of the documents' words ----------------------------------------------------------
    "促进": "promotion", "活动": "activities", "专业": "professional", "异常": "abnormal", "结合": "combined", "相结合": "combined",
    "流程": "process", "现代": "modern", "广泛": "wide", "持续": "continued", "加强": "strengthened", "强化": "strengthened",
    "群体": "groups", "困难": "difficulties", "常规": "routine", "调养": "recuperation", "环境": "environment", "力量": "forces",
    "集中": "concentrated", "每年": "yearly", "符合": "meeting", "师资": "teachers", "相应": "corresponding", "过程中": "during",
    "卫计美联生殖医学研究院": "Weiji Meilian Reproductive Medicine Institute", "任何": "any", "状况": "status", "胎儿": "fetal",
    "确诊": "confirmed", "积极": "active", "共同": "joint", "适时": "timely", "结构": "structure", "渠道": "channels",
    "出血": "haemorrhage", "分享": "sharing", "临床": "clinical", "处置": "management", "导致": "causing", "划片联系": "area liaison",
    "锻炼": "exercise", "常住人口": "resident population", "常住": "resident", "讨论": "discussion", "领域": "field", "警示": "warnings",
    "提示": "alerts", "模块": "module", "可行性": "feasibility", "前移": "moved forward", "充分": "full", "直播": "live streaming",
    "发现": "found", "实行": "implemented", "到": "to", "向": "to", "不": "not", "多": "multi",
    "突出": "outstanding", "均衡": "balanced", "基本": "basic", "旨在": "aiming at", "各级": "all levels", "基础上": "basis",
    "早期": "early", "中": "in", "针对": "for", "需要": "needed", "以上": "and above", "基层行": "grassroots tour", "经": "via",
    "行": "tour", "时": "when", "作为": "as", "团": "team", "大力": "vigorously", "宣教员": "health educators", "在校": "enrolled",
    "级": "grade",
    # ---- little words that read through ---------------------------------------------------------
    "和": "and", "及": "and", "与": "and", "或": "or", "或者": "or", "并": "and", "以及": "and", "包括": "including", "在内": "",
    "不同": "different", "多元": "diverse", "必要": "necessary", "大型": "large", "全力": "full", "大": "large", "系统评估": "systematic assessment",
    "部分": "some", "本计划": "this plan", "本": "this", "新": "new", "一次": "one", "一项": "one", "第二": "second", "第一": "first",
    "岁": "years", "至": "to", "名": "", "所": "", "家": "", "场": "", "次": "times", "个": "", "项": "items", "期": "period",
}

_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-/]*")
_PUNCT = {"、": ",", "，": ",", ",": ",", "（": "(", "）": ")", "(": "(", ")": ")", "/": "/", "-": "-", "—": "-", "·": "-", "+": "+"}
_QUOTES = "“”‘’\"'《》「」〈〉：:"
_KEYS = sorted({*TERMS, *SILENT}, key=len, reverse=True)
_STOP = {"and", "of", "or", "the", "to", "in", "on", "for", "with", "into", "this", "a"}
ID_WORDS = 6  # words of the English name kept in an id


@dataclass(frozen=True)
class English:
    name: str  # the English, word for word in the Chinese order
    unknown: tuple[str, ...]  # runs of Chinese no term covers: the name is not translated

    @property
    def complete(self) -> bool:
        return not self.unknown and bool(self.slug)

    @property
    def slug(self) -> str:
        words = [w for w in re.findall(r"[a-z0-9]+", self.name.lower()) if w not in _STOP]
        return "_".join(words[:ID_WORDS])


def english(name_zh: str) -> English:
    """名 → its English from ``TERMS``, and the Chinese it could not name."""
    words: list[str] = []
    unknown: list[str] = []
    last_known = True
    for piece, known in _segment(name_zh):
        if known:
            words.append(_word(piece))
        elif last_known:
            unknown.append(piece)
        else:
            unknown[-1] += piece
        last_known = known
    return English(_join(words), tuple(unknown))


def _segment(text: str) -> list[tuple[str, bool]]:
    """The cut of ``text`` into terms that leaves the fewest characters unnamed, then uses the fewest
    terms (服务机制 is 服务 + 机制, not 服务机 + 制)."""
    inf = (len(text) + 1, 0)
    cost: list[tuple[int, int]] = [inf] * (len(text) + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (len(text) + 1)
    cost[0] = (0, 0)
    for i in range(len(text)):
        if cost[i] == inf:
            continue
        for end, known in _pieces_at(text, i):
            step = (cost[i][0] + (0 if known else end - i), cost[i][1] + 1)
            if step < cost[end]:
                cost[end], back[end] = step, (i, known)
    out, at = [], len(text)
    while at > 0:
        start, known = back[at]
        out.append((text[start:at], known))
        at = start
    return out[::-1]


def _pieces_at(text: str, i: int) -> list[tuple[int, bool]]:
    if m := _LATIN.match(text, i):
        return [(m.end(), True)]
    if text[i] in _PUNCT or text[i] in _QUOTES or text[i].isspace():
        return [(i + 1, True)]
    return [(i + len(k), True) for k in _KEYS if text.startswith(k, i)] or [(i + 1, False)]


def _word(piece: str) -> str:
    if _LATIN.fullmatch(piece):
        return piece
    return TERMS.get(piece, _PUNCT.get(piece, ""))


def _join(words: list[str]) -> str:
    text = " ".join(w for w in words if w)
    text = re.sub(r"\s+([,)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s*([-/+])\s*", r"\1", text)
    text = re.sub(r"(?:,\s*)+,", ",", text).strip(" ,")
    return text[:1].upper() + text[1:]
