"""Document-type detection: the five seeds, ~20 hand-written headers per type,
the known ambiguities, and evidence offsets that index the text exactly."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analyse.doctype import DOC_TYPES, detect_doc_type, load_cues
from pipeline.normalize import normalize

SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "samples"  # the seed documents, as shipped
SEED_TYPES = {"000": "news", "001": "news", "002": "speech", "003": "report", "004": "news"}

HEADERS = {
    "org_life_meeting": [
        "第一党支部2023年度组织生活会会议记录\n时间：2024年1月18日下午\n地点：三楼会议室\n主持人：张伟",
        "机关第二党支部专题组织生活会记录\n时间：2023年12月28日\n地点：党员活动室",
        "组织生活会会议记录\n会议时间：2024年2月6日\n主持人：支部书记王刚\n记录人：刘洋\n应到党员9人，实到8人",
        "2023年度组织生活会暨民主评议党员会议记录\n时间：2024年1月12日上午9:00",
        "财务科党支部召开专题组织生活会记录\n时间：2023年11月3日\n参会人员：全体党员",
        "XX社区党支部组织生活会记录表\n时间 | 2024年3月15日 | 地点 | 社区会议室\n主持人 | 李红 | 记录人 | 周敏",
        "民主评议党员大会记录\n时间：2024年1月20日\n议程：一、党员自评；二、党员互评；三、民主测评",
        "学习贯彻主题教育专题组织生活会会议记录\n时间：2023年10月30日\n地点：第二会议室\n主持人：赵强",
        "第三党小组组织生活会记录\n时间：2024年4月2日\n会议内容：开展批评与自我批评",
        "关于召开2023年度组织生活会的会议记录\n时间：2024年1月25日\n应到12人，实到11人",
        "党支部专题组织生活会\n时间：2022年12月30日\n地点：局机关会议室\n一、支部书记作对照检查\n二、开展相互批评",
        "2024年度第一次组织生活会纪要\n时间：2024年3月1日\n主持人：孙丽",
        "离退休党支部组织生活会记录\n时间：2023年6月21日\n出席人员：张三、李四、王五",
        "研发中心党支部组织生活会会议记录（2023年度）\n时间：2024年1月10日",
        "组织生活会记录\n会议主题：以案促改专题组织生活会\n时间：2023年9月12日",
        "机关党委组织生活会召开情况记录\n时间：2024年2月2日\n参会人员：应到10人，实到9人（李某因公请假）",
        "第四党支部组织生活会\n时间：2023年12月20日\n自我批评：本人理论学习不够系统……\n相互批评：",
        "民主生活会会议记录\n时间：2024年1月30日\n地点：党组会议室",
        "专题组织生活会会议记录\n会议时间：2024年5月8日下午\n会议地点：会议中心201室",
        "后勤服务中心党支部组织生活会记录\n日期：2024.5.10\n记录：陈晨\n批评与自我批评情况如下",
    ],
    "theme_day": [
        "“学党史、悟思想”主题党日活动记录\n活动时间：2024年3月15日\n活动地点：红色教育基地",
        "机关第一党支部5月份主题党日活动记录\n活动主题：重温入党誓词，牢记初心使命",
        "主题党日活动记录\n时间：2024年4月10日\n地点：烈士陵园\n参加人员：全体党员",
        "XX党支部开展“我为群众办实事”主题党日活动\n活动时间：2023年7月1日",
        "第二党支部固定党日活动记录\n活动主题：学习贯彻党的二十大精神",
        "主题党日活动记录表\n活动主题 | 重温入党誓词 | 活动时间 | 2024年6月28日\n活动地点 | 党员活动室",
        "2024年7月主题党日活动\n活动主题：庆祝建党103周年\n活动地点：纪念馆",
        "党日活动记录\n活动时间：2024年8月15日\n活动地点：社区\n活动内容：志愿服务",
        "“强党性、守初心”主题党日活动记录\n时间：2024年9月20日",
        "关于开展主题党日活动的记录\n活动主题：以案为鉴警示教育\n时间：2023年5月18日",
        "党支部主题党日活动\n时间：2023年4月5日\n地点：革命烈士纪念碑\n应到党员28人，实际参加5人",
        "10月份主题党日\n活动主题：学习《中国共产党纪律处分条例》",
        "主题党日活动记录（第三季度）\n活动时间：2024年9月6日",
        "机关党支部“红色教育”主题党日活动记录\n活动地点：延安革命纪念馆",
        "“践行二十大、建功新时代”主题党日\n时间：2023年3月5日\n地点：学雷锋志愿服务站",
        "第五党支部主题党日活动登记表\n活动主题：观看警示教育片",
        "活动主题：重温入党誓词\n活动时间：2024年7月1日\n活动地点：党员活动室\n参加人员：全体党员",
        "主题党日活动开展情况记录\n活动形式：参观学习\n时间：2024年4月12日",
        "退休党支部主题党日活动记录\n时间：2024年6月20日\n地点：老年活动中心",
        "学习型党支部主题党日活动记录\n活动主题：读原著学原文悟原理\n时间：2024年2月27日",
    ],
    "branch_meeting": [
        "第一党支部支部党员大会会议记录\n时间：2024年3月20日\n地点：会议室\n主持人：张伟",
        "支委会会议记录\n时间：2024年4月2日\n出席人员：支委5人",
        "党小组会记录\n时间：2024年5月6日\n地点：办公室",
        "党支部换届选举党员大会会议记录\n时间：2023年11月15日\n监票人：李四\n计票人：王五",
        "支部委员会会议纪要\n时间：2024年1月8日\n议题：研究发展党员工作",
        "党员大会记录\n时间：2024年6月6日\n议程：讨论接收预备党员",
        "机关党支部2024年第3次支委会会议记录\n时间：2024年3月3日",
        "党课记录\n时间：2024年7月1日\n授课人：支部书记王刚\n题目：学习党章",
        "会议记录\n时间：2024年2月20日\n地点：第一会议室\n主持人：张伟\n记录人：刘洋\n应到9人，实到8人",
        "第二党小组会议记录\n时间：2024年3月12日\n主持人：组长李明",
        "支部党员大会记录（接收预备党员）\n时间：2024年5月15日\n举手表决，全票通过",
        "专题党课记录\n时间：2023年9月1日\n主讲人：书记",
        "党支部委员会会议记录\n时间：2024年8月8日\n议题：讨论党费收缴",
        "支部党员大会会议记录\n会议时间：2023年12月5日\n应到会15人，实到会13人",
        "选举大会会议记录\n时间：2024年1月5日\n无记名投票",
        "支委会记录\n时间 | 2024年3月15日 | 地点 | 会议室",
        "书记讲党课记录\n时间：2024年4月25日\n地点：党员活动室",
        "第三次党员大会会议记录\n时间：2024年10月10日\n议程：预备党员转正",
        "党小组会会议纪要\n时间：2024年11月2日",
        "三会一课记录本\n支部党员大会\n时间：2024年1月15日",
    ],
    "report": [
        "2023年度党支部工作总结\n一年来，在上级党委的正确领导下……",
        "个人述职报告\n按照要求，现将本人履职情况报告如下",
        "2023年度组织生活会个人对照检查材料\n根据要求，现对照检查如下",
        "关于巡察反馈问题的整改报告\n一、整改工作开展情况",
        "党支部书记抓党建工作述职报告\n一、主要做法",
        "关于落实全面从严治党主体责任的自查报告",
        "机关党委2023年工作报告\n同志们之外的正文在此省略",
        "主题教育专题民主生活会个人检视剖析材料",
        "关于基层党建工作的调研报告\n一、基本情况",
        "2024年上半年党建工作总结\n一、主要工作\n二、存在的问题\n三、下一步打算",
        "党风廉政建设工作情况报告",
        "关于主题党日活动开展情况的汇报材料",
        "党支部整改落实情况报告\n针对组织生活会查摆的问题，逐项整改",
        "党员个人党性分析材料",
        "2023年度述职述廉报告",
        "学习贯彻二十大精神心得体会",
        "模范机关创建工作经验材料",
        "巡察整改方案\n一、指导思想",
        "党建工作自查自纠情况报告",
        "关于“三会一课”制度落实情况的工作汇报",
    ],
    "speech": [
        "在全县机关党建工作会议上的讲话\n同志们：今天我们召开会议……",
        "全县机关党建工作“晒比评”会议讲话\n刚才，几个单位作了发言",
        "在2024年党风廉政建设工作会议上的讲话（提纲）",
        "党支部书记在七一表彰大会上的讲话",
        "在主题教育动员部署会上的讲话\n同志们：",
        "市委书记在全市组织工作会议上的讲话",
        "在新党员入党宣誓仪式上的讲话",
        "局长在2024年工作会议上的讲话稿",
        "在专题组织生活会上的表态发言",
        "在庆祝建党103周年大会上的致辞",
        "全市机关党建工作推进会主持词",
        "在警示教育大会上的讲话\n同志们，今天召开警示教育大会",
        "在清廉机关建设推进会上的发言",
        "党组书记在主题党日活动上的讲话",
        "在党支部换届选举大会上的讲话",
        "同志们：\n今天，我们召开全局党建工作会议，我讲三点意见。",
        "在年轻干部座谈会上的讲话",
        "在党务干部培训班开班仪式上的讲话",
        "在全面从严治党工作会议上的讲话\n刚才，我们观看了警示教育片",
        "动员讲话\n同志们：今天召开这次会议，主要任务是……",
    ],
    "news": [
        "市直机关党支部召开组织生活会\n来源：市直机关党建网\n本报讯（通讯员 张三）近日，……",
        "本报讯 近日，市委办公室党支部开展“重温入党誓词”主题党日活动。",
        "区税务局党支部召开2023年度组织生活会\n记者 王明 报道",
        "县委组织部举办党务干部培训班\n发布时间：2024-05-10 来源：县委组织部 浏览次数：120",
        "以党建引领高质量发展——记XX公司党委\n本报记者 李华",
        "潍坊新闻 青州新闻\n来源：潍坊日报 2017-08-13\n本报通讯员杨官松",
        "某局党支部开展主题党日活动\n通讯员 刘洋\n5月10日，某局党支部组织全体党员……",
        "新华社北京3月1日电（记者 张三）",
        "机关党委召开支部书记述职评议会\n责任编辑：王五",
        "市直机关工委部署“四强”党支部创建工作\n来源：市直机关工委 作者：李四",
        "市人大机关党建工作综述\n本报特开设专栏，通过系列报道展示……",
        "社区党委开展志愿服务活动\n日前，社区党委组织党员志愿者……据悉，此次活动……",
        "学院党委召开专题民主生活会\n来源：学院新闻网\n编辑：张三 审核：李四",
        "全市组织生活会质量提升推进会召开\n本报讯（记者 王明）",
        "党建引领聚合力 \n稿源：县融媒体中心",
        "第三党支部举行支部党员大会\n通讯员：周敏\n近日，第三党支部召开党员大会",
        "“小平故里党旗飘扬”专栏\n开栏的话：本报特开设专栏",
        "市税务局召开警示教育大会\n来源：人民网 责任编辑：张三",
        "县直机关掀起学习热潮\n连日来，各单位纷纷组织学习。据了解，……",
        "市委宣传部党支部开展“学党史”主题党日活动\n（通讯员 赵强）",
    ],
    "other": [
        "关于召开2023年度组织生活会的通知\n各党支部：",
        "2024年党支部“三会一课”工作计划",
        "关于开展主题党日活动的实施方案",
        "党支部2024年学习安排",
        "党费收缴使用管理办法",
        "关于同意召开党员大会进行换届选举的批复",
        "2024年党建工作要点",
        "关于2023年度组织生活会情况的通报",
        "市直机关“四强”党支部名单",
        "党支部工作制度",
        "关于申请召开支部党员大会的请示",
        "食堂菜单\n周一：米饭、青菜",
        "会议室使用登记",
        "购物清单：苹果、香蕉、牛奶",
        "今天天气很好，我们去公园散步。",
        "党员发展工作细则",
        "关于印发《主题党日活动规定》的通知",
        "党支部规范化建设实施方案",
        "2024年度党员教育培训计划",
        "发展党员工作流程图",
    ],
}

CASES = [(doc_type, text) for doc_type, texts in HEADERS.items() for text in texts]
# Written after the cues were first tuned, to check them on unseen wording;
# three of these failed then and led to the title-end weights in cues.json.
SECOND_ROUND = [
 ("org_life_meeting", "信息中心党支部召开2024年度组织生活会记录\n会议时间：2025年1月16日\n会议地点：信息中心小会议室\n参会党员：应到7人，实到7人"),
 ("org_life_meeting", "2024年度基层党组织组织生活会和民主评议党员会议记录\n主持：刘强"),
 ("org_life_meeting", "第二党小组开展批评与自我批评会议记录\n时间：2024年12月3日"),
 ("org_life_meeting", "关于以案促改专题组织生活会的记录\n一、通报案情\n二、相互批评"),
 ("org_life_meeting", "组织生活会\n时间 | 2024年1月5日 | 地点 | 二楼\n主持人 | 王芳 | 记录人 | 张丽"),
 ("theme_day", "“喜迎二十大 永远跟党走”主题党日\n活动时间：2022年10月12日\n参加人员：全体党员"),
 ("theme_day", "1月份主题党日活动记录\n活动地点：市档案馆\n活动内容：参观档案展"),
 ("theme_day", "XX医院第三党支部开展“重温入党誓词”主题党日\n时间：2024年7月1日"),
 ("theme_day", "主题党日活动开展情况登记表\n活动主题：学习新党章"),
 ("theme_day", "党支部固定党日学习记录\n时间：每月15日"),
 ("branch_meeting", "党员大会会议记录（发展对象讨论）\n时间：2024年6月12日\n应到党员15人，实到14人"),
 ("branch_meeting", "党支部委员会会议记录\n会议时间：2024年9月2日\n出席：全体支委"),
 ("branch_meeting", "第一党小组学习会记录\n党小组会\n时间：2024年3月4日"),
 ("branch_meeting", "换届选举大会记录\n总监票人：张三\n计票人：李四"),
 ("branch_meeting", "支部书记讲党课记录\n题目：弘扬伟大建党精神"),
 ("report", "2024年度抓基层党建工作述职报告"),
 ("report", "关于“四强”党支部创建情况的报告\n一、基本情况\n二、存在问题"),
 ("report", "党支部书记2024年度个人总结"),
 ("report", "主题教育检视问题整改落实情况报告"),
 ("report", "XX局机关党委关于落实意识形态工作责任制的自查报告"),
 ("speech", "在2025年全市机关党建工作会议上的讲话\n同志们："),
 ("speech", "局党组书记在庆祝建党节暨七一表彰大会上的讲话"),
 ("speech", "在新任职干部集体廉政谈话会上的讲话提纲"),
 ("speech", "同志们：\n刚才，我们学习了有关文件精神，下面，我讲几点意见。"),
 ("speech", "县委书记在全县组织工作会议上的讲话（摘要）"),
 ("news", "市税务局机关党委开展“四强”党支部创建观摩活动\n本报讯（通讯员 李明）"),
 ("news", "我市召开机关党建工作推进会\n来源：XX日报 发布时间：2024-03-01"),
 ("news", "区直机关工委组织开展主题党日活动\n编辑：王丽\n近日，区直机关工委……"),
 ("news", "以高质量党建引领高质量发展\n——XX公司党建工作纪实\n记者 刘洋"),
 ("news", "新华社北京5月1日电 中共中央办公厅印发……"),
 ("other", "关于做好2024年度组织生活会和民主评议党员工作的通知"),
 ("other", "主题党日活动方案"),
 ("other", "2025年党支部工作计划"),
 ("other", "会议签到表\n姓名 | 签到"),
 ("other", "党员花名册"),
]


def test_every_type_has_about_twenty_headers():
    assert set(HEADERS) == set(DOC_TYPES)
    assert all(len(texts) >= 20 for texts in HEADERS.values())


@pytest.mark.parametrize("expected,text", CASES)
def test_hand_written_headers(expected, text):
    doc_type, evidence = detect_doc_type(text)
    assert doc_type == expected, (text, evidence)
    if expected != "other":
        assert evidence


@pytest.mark.parametrize("expected,text", SECOND_ROUND)
def test_second_round_headers(expected, text):
    assert detect_doc_type(text)[0] == expected


@pytest.mark.parametrize("prefix,expected", sorted(SEED_TYPES.items()))
def test_seed_types(prefix, expected):
    (path,) = SEEDS.glob(f"seed_{prefix}_*.txt")
    text = normalize(path.read_text(encoding="utf-8")).text
    doc_type, evidence = detect_doc_type(text)
    assert doc_type == expected
    for item in evidence:
        assert text[item.start:item.end] == item.text


@pytest.mark.parametrize("expected,text", CASES)
def test_evidence_offsets_index_the_text(expected, text):
    _, evidence = detect_doc_type(text)
    for item in evidence:
        assert item.text and text[item.start:item.end] == item.text


def test_news_about_a_meeting_is_news():
    text = "机关第一党支部召开2023年度组织生活会\n来源：市直机关工委\n本报讯（记者 王明）近日，机关第一党支部召开组织生活会，开展批评与自我批评。"
    assert detect_doc_type(text)[0] == "news"
    record = "机关第一党支部2023年度组织生活会会议记录\n时间：2024年1月18日\n开展批评与自我批评。"
    assert detect_doc_type(record)[0] == "org_life_meeting"


def test_theme_day_record_mentioning_party_congress_stays_theme_day():
    text = "“学党史”主题党日活动记录\n活动时间：2024年3月15日\n会上，支部书记通报了上次党员大会的决议。"
    assert detect_doc_type(text)[0] == "theme_day"


def test_review_material_is_a_report_not_a_meeting():
    assert detect_doc_type("2023年度专题组织生活会对照检查材料")[0] == "report"


def test_title_outweighs_body_mentions():
    body = "。".join(["组织生活会要开出辣味"] * 20)
    assert detect_doc_type(f"2024年党支部工作总结\n{body}")[0] == "report"


def test_evidence_shows_the_deciding_title_words():
    text = "第一党支部主题党日活动记录\n活动主题：重温入党誓词"
    doc_type, evidence = detect_doc_type(text)
    assert doc_type == "theme_day"
    assert "主题党日" in [e.text for e in evidence]


def test_empty_and_plain_text_is_other():
    assert detect_doc_type("") == ("other", [])
    assert detect_doc_type("你好")[0] == "other"


def test_cues_load_once():
    assert load_cues() is load_cues()


SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"
SAMPLE_PREFIXES = {
    "orglife_": "org_life_meeting",
    "themeday_": "theme_day",
    "branch_": "branch_meeting",
    "partygroup_": "branch_meeting",
    "zhiweihui_": "branch_meeting",
    "report_": "report",
    "duizhao_": "report",
    "shuzhi_": "report",
    "rectification_": "report",
    "template_summary_": "report",
    "speech_": "speech",
    "news_": "news",
}


def test_sample_corpus_types_follow_the_file_names():
    from pipeline.ingest import extract, iter_sources

    checked, wrong = 0, []
    for source in iter_sources([SAMPLES]):
        name = Path(source.path.split("!")[-1]).name
        expected = next((t for p, t in SAMPLE_PREFIXES.items() if name.startswith(p)), None)
        raw = extract(source)
        if expected is None or raw.error is not None:
            continue
        checked += 1
        doc_type, _ = detect_doc_type(normalize(raw.text).text)
        if doc_type != expected:
            wrong.append((name, expected, doc_type))
    if not checked:
        pytest.skip("no sample corpus")
    assert wrong == []


def test_title_on_one_line_with_its_header_fields_is_still_a_title():
    text = (
        "城关第二小学党支部主题党日活动　主题：学习教育重要论述　时间：2024年11月15日　地点：学校阶梯教室　"
        "应参加党员18人，实际参加16人\n1.支部书记领读重要论述原文。\n2.教务主任比较期中考试各学科的平均分和及格率。"
    )
    doc_type, evidence = detect_doc_type(text)
    assert doc_type == "theme_day"
    assert any("主题党日" in e.text for e in evidence)


def test_a_long_prose_line_mentioning_a_theme_day_is_not_a_title():
    prose = (
        "城关第二小学党支部近日组织党员学习，会上大家谈了主题党日的做法和今后的打算，"
        "时间安排在每月中旬，地点在阶梯教室，写成了很长的一段话。"
    )
    assert detect_doc_type(prose)[0] != "theme_day"


@pytest.mark.parametrize("text", [
    # a record written as prose says in its opening lines that it reports a theme day held
    "3月10日上午，柳林村党支部在村部开展了本月主题党日。村支书先带大家学习了讲话，然后让大家谈谈。全村党员31人，来了17个。",
    "实验小学党支部：走进八一起义纪念馆\n10月12日，实验小学党支部组织党员教师参观八一起义纪念馆，开展10月主题党日活动，主题为“红色基因代代传”。",
    "化工学院本科生第二党支部本学期第三次主题党日于10月24日晚在实验楼B208召开，主题为“青春向党 严把入口”。支部党员14人，到会12人。",
    "重阳节的主题党日是去夕阳红敬老院看望老人。到场5人/全支部16人，其余同事因为双十一前的备货高峰走不开，我们带去了米、油、牛奶和两箱橘子。",
    # a branch's 活动记录 with header fields, and a record laid out as table cells
    "育才小学党支部九月份活动记录\n时间：2024年9月2日\n地点：学校南门\n参加：支部党员全体14人",
    "｜支部｜土木工程学院研究生第一党支部｜\n｜主题｜青春志愿 服务地铁｜\n｜时间｜2024年10月1日｜\n｜地点｜地铁2号线火车站站｜",
    "春运期间，东川车务段云岗站党支部把主题党日搬进了候车室，活动主题定为“温暖回家路”。支部党员分成三班为旅客引路。",
    # a month's 党员活动, and a 活动记录 dated in a bracket
    "桃林村党支部2024年3月党员活动\n3月15日上午，村党支部在村委会二楼会议室组织党员活动，全村党员21人都来了。",
    "通达银行开发区支行党支部活动记录（2024年第三季度）\n9月26日下班后，支部在支行会议室开展活动，8名党员无一缺席。",
    # rounds 27 and 28: a prose record opening with the branch's theme day, a 活动登记 form
    "柳湾村党支部主题党日，主题“清河护水 党员先行”。5月18日上午，党员们沿柳河两岸清理河滩上的塑料袋、泡沫箱和农药瓶，装了三十多袋，十一名党员到了九名。",
    "城西供水所党支部 第二季度组织活动登记\n日期 ｜ 2024-06-12\n党员总数 ｜ 9\n参加 ｜ 8",
])
def test_theme_day_records_without_the_words_in_a_title(text):
    assert detect_doc_type(text)[0] == "theme_day"


def test_a_prose_lead_that_only_talks_about_theme_days_is_not_one():
    prose = (
        "城关第二小学党支部近日组织党员学习，会上研究了下半年主题党日的安排和今后的打算，"
        "时间安排在每月中旬，地点在阶梯教室，写成了很长的一段话，没有别的内容。"
    )
    assert detect_doc_type(prose)[0] != "theme_day"
