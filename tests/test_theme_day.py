"""Theme-day detector: every flag fires on an unsound record and stays silent on
sound ones (党课 + volunteering, red-education visit), thresholds are options,
evidence offsets index the text exactly, components are JSON."""
from __future__ import annotations

import json

import pytest
import spacy

from pipeline.analyse.base import DocumentView
from pipeline.analyse.theme_day import ThemeDayDetector
from pipeline.records import Findings, Meeting


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("zh")


@pytest.fixture(scope="module")
def detector():
    return ThemeDayDetector.load()


def make_view(nlp, text: str, doc_type: str = "theme_day", meeting: Meeting | None = None) -> DocumentView:
    return DocumentView.of(text, nlp.make_doc(text), doc_type, path="<test>", meeting=meeting)


def codes(findings: Findings) -> set[str]:
    return {flag.code for flag in findings.flags}


def assert_offsets(text: str, findings: Findings) -> None:
    for flag in findings.flags:
        assert flag.evidence, flag.code
        for evidence in flag.evidence:
            assert text[evidence.start:evidence.end] == evidence.text


HEADER = "时间：2024年6月28日下午\n地点：党员活动室\n主持人：王刚\n记录人：李娜\n"

SOUND_STUDY_VOLUNTEER = (
    "机关第一党支部主题党日活动记录\n活动主题：学党章、守党规、做表率\n" + HEADER + "应到党员12人，实到11人\n"
    "活动内容：\n1.支部书记王刚讲授专题党课《从党史中汲取奋进力量》。\n"
    "2.学习结束后，党员们前往幸福社区开展垃圾分类志愿服务，清理卫生死角。\n"
    "通过此次活动，大家纷纷表示要坚定理想信念。"
)
SOUND_RED_VISIT = (
    "“赓续红色血脉”主题党日活动记录\n" + HEADER + "参加人员：应到党员16名，实到15名\n"
    "全体党员前往县革命烈士纪念馆，向革命烈士敬献花篮并默哀，随后参观了陈列展览。"
    "在纪念馆广场，全体党员面向党旗重温入党誓词。"
)
OUTING = (
    "第二党支部主题党日活动记录\n活动主题：强健体魄、凝心聚力\n" + HEADER + "应到党员15人，实到13人\n"
    "支部组织党员到青龙山登山，途中开展趣味游戏。中午在农家乐聚餐。"
    "大家纷纷表示要以习近平新时代中国特色社会主义思想为指导，把干劲用到工作中。"
)
BUSINESS = (
    "税务局第五党支部主题党日活动记录\n主题：优化营商环境 提升纳税服务\n" + HEADER + "应到党员15名，实到14名\n"
    "会议传达了全市税务工作会议的主要内容，部署了一季度征收任务。随后对新版电子税务局系统操作进行了培训。"
)
VOLUNTEER_ONLY = (
    "东升社区党支部主题党日活动记录\n活动主题：学雷锋 做表率\n" + HEADER + "应到党员12人，实到11人\n"
    "党员志愿者在小区开展义务理发、磨剪刀等便民服务，并走访慰问了3户困难群众。"
)


def test_sound_study_and_volunteering_gets_no_flag(nlp, detector):
    findings = detector.detect(make_view(nlp, SOUND_STUDY_VOLUNTEER))
    assert codes(findings) == set()
    activities = findings.components["theme_day_activities"]
    assert [a["category"] for a in activities] == ["political", "volunteer"]
    assert "党课" in activities[0]["cues"]
    assert findings.components["political_share"] == pytest.approx(0.5)


def test_red_education_visit_is_sound(nlp, detector):
    findings = detector.detect(make_view(nlp, SOUND_RED_VISIT))
    assert codes(findings) == set()
    assert findings.components["political_share"] == pytest.approx(1.0)


def test_outing_is_disguised_mass_activity_without_politics(nlp, detector):
    findings = detector.detect(make_view(nlp, OUTING))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.disguised_mass_activity"}
    mass = next(f for f in findings.flags if f.code == "theme_day.disguised_mass_activity")
    assert "登山" in mass.message and "聚餐" in mass.message
    # the closing "大家纷纷表示要以习近平…思想为指导" is a reflection, not a study activity
    assert all("纷纷表示" not in e.text for e in mass.evidence)
    assert findings.components["political_share"] == 0.0
    assert_offsets(OUTING, findings)


def test_token_oath_before_a_day_of_leisure_is_still_disguised(nlp, detector):
    text = (
        "华兴公司党支部主题党日活动\n主题：红色徒步 健康同行\n" + HEADER + "应到党员19名，实到17名\n"
        "活动开始前，支部书记带领党员重温入党誓词。随后，大家沿绿道开展10公里徒步。"
        "徒步结束后组织了趣味游戏。中午，大家在农家乐聚餐。"
    )
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.disguised_mass_activity"}
    assert "比重很小" in findings.flags[0].message


def test_study_followed_by_a_meal_is_not_disguised(nlp, detector):
    text = SOUND_STUDY_VOLUNTEER.replace("2.学习结束后，党员们前往幸福社区开展垃圾分类志愿服务，清理卫生死角。",
                                         "2.全体党员重温入党誓词。\n3.中午大家在单位食堂就餐。")
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_business_meeting_is_disguised_business(nlp, detector):
    findings = detector.detect(make_view(nlp, BUSINESS))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.disguised_business"}
    assert_offsets(BUSINESS, findings)


def test_volunteering_alone_substitutes_for_the_theme_day(nlp, detector):
    findings = detector.detect(make_view(nlp, VOLUNTEER_ONLY))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}
    assert_offsets(VOLUNTEER_ONLY, findings)


def test_volunteering_then_a_meal_is_not_mainly_a_meal(nlp, detector):
    text = VOLUNTEER_ONLY + "服务结束后，大家在附近饭店一起用餐。"
    assert "theme_day.disguised_mass_activity" not in codes(detector.detect(make_view(nlp, text)))


def test_missing_theme_points_at_the_title(nlp, detector):
    text = SOUND_STUDY_VOLUNTEER.replace("活动主题：学党章、守党规、做表率\n", "")
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.no_theme"}
    assert findings.flags[0].evidence[0].text == "机关第一党支部主题党日活动记录"
    assert_offsets(text, findings)


@pytest.mark.parametrize("empty", ["开展了活动，效果良好", "3月份主题党日", "按要求开展主题党日"])
def test_theme_without_content_is_no_theme(nlp, detector, empty):
    text = SOUND_STUDY_VOLUNTEER.replace("学党章、守党规、做表率", empty)
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.no_theme"}
    assert findings.flags[0].evidence[0].text == empty
    assert empty in findings.flags[0].message
    assert_offsets(text, findings)


def test_theme_stated_in_the_body_counts(nlp, detector):
    text = (
        "第三党支部主题党日活动记录\n" + HEADER + "2024年6月28日，支部组织开展以“学思想、强党性”为主题的主题党日活动。"
        "支部书记讲授了专题党课。"
    )
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_theme_words_are_not_an_activity(nlp, detector):
    """A political slogan as theme does not make an outing political."""
    text = OUTING.replace("强健体魄、凝心聚力", "学习贯彻党的二十大精神")
    assert "theme_day.weak_political" in codes(detector.detect(make_view(nlp, text)))


def test_low_attendance_fires_below_two_thirds_with_count_evidence(nlp, detector):
    text = SOUND_STUDY_VOLUNTEER.replace("实到11人", "实到7人")
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.low_attendance"}
    flag = findings.flags[0]
    assert [e.text for e in flag.evidence] == ["应到党员12人", "实到7人"]
    assert "三分之二" in flag.message
    assert_offsets(text, findings)


def test_two_thirds_exactly_is_enough(nlp, detector):
    text = SOUND_STUDY_VOLUNTEER.replace("实到11人", "实到8人")
    assert codes(detector.detect(make_view(nlp, text))) == set()


def red_visit_attended(phrase: str) -> str:
    """The sound red-education visit with its attendance line written as `phrase`."""
    return SOUND_RED_VISIT.replace("参加人员：应到党员16名，实到15名", phrase)


@pytest.mark.parametrize("phrase", [
    "支部共有党员16名，参加活动党员6名。",
    "支部共有党员25名，参加活动的有13名",
    "本支部党员13名，到会7名，其余在门店值班",
    "参加情况：支部党员9名，去了5名",
    "所里党员12人，来了7人",
    "全馆党员17人，参加此次活动的有8人",
    "参加人数：支部21名党员中有9人参加",
    "全支部党员20人，缺席9人（下乡入户核查）",
    "支部共有党员24人，因值班、出差、下乡等原因11人未参加",
    "到会10人（全支部19人）",
    "18名党员来了9名（其余在外地实习）",
    "参加：到会8人，另有7人在外执法（支部共15人）",
    "支部9名党员，因开庭和出差缺席5人",
    "人数：全园党员17名，因开放日接待家长，本次仅到会9名",
    "在册党员十八名，这回来了九名",
    "应参加人数：20人\n缺席：8人（在乡镇驻点）",
    "出席：7人 缺席：6人（出差4、病假2）",
    "报名参加的党员5人，其余9人在外地项目上",
    "签到党员6人，支部党员14人",
    "参加人员：甲某、乙某、丙某、丁某、戊某（共5人）\n说明：支部现有党员13名",
    "出勤党员8/15",
    "党员总数 到场 请假\n15 7 8",
])
def test_attendance_stated_in_prose_is_read(nlp, detector, phrase):
    text = red_visit_attended(phrase)
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.low_attendance"}
    assert_offsets(text, found)


@pytest.mark.parametrize("phrase", [
    "所里党员12人，来了11人", "全支部党员20人，缺席2人", "党员共十六人，其中两人在外地，其余十四人参加",
    "支部党员13名，除2人值班外全部参加", "党员总数 到场 请假\n15 14 1",
])
def test_a_good_turnout_in_the_same_wordings_is_not_low(nlp, detector, phrase):
    assert codes(detector.detect(make_view(nlp, red_visit_attended(phrase)))) == set()


def test_attendance_threshold_is_configurable(nlp):
    text = SOUND_STUDY_VOLUNTEER.replace("实到11人", "实到9人")  # 9/12 = 0.75
    view = make_view(nlp, text)
    assert codes(ThemeDayDetector.load().detect(view)) == set()
    strict = ThemeDayDetector.load(min_attendance=0.8).detect(view)
    assert codes(strict) == {"theme_day.low_attendance"}
    assert "80%" in strict.flags[0].message
    lenient_text = SOUND_STUDY_VOLUNTEER.replace("实到11人", "实到7人")
    assert codes(ThemeDayDetector.load(min_attendance=0.5).detect(make_view(nlp, lenient_text))) == set()


def test_mainly_share_is_configurable(nlp):
    text = (
        "第一党支部主题党日活动\n活动主题：学党史\n" + HEADER + "应到党员10人，实到10人\n"
        "1.支部书记讲授党课。\n2.组织党员登山。\n3.中午聚餐。\n4.晚上举行联欢会。"
    )
    view = make_view(nlp, text)
    assert "theme_day.disguised_mass_activity" in codes(ThemeDayDetector.load().detect(view))
    assert "theme_day.disguised_mass_activity" not in codes(ThemeDayDetector.load(mainly_share=0.8).detect(view))


def test_hand_built_meeting_without_spans_points_at_the_title(nlp, detector):
    text = "第一党支部主题党日活动\n活动主题：学党史\n全体党员集中学习了党的二十大报告。"
    view = make_view(nlp, text, meeting=Meeting(theme="学党史", expected=20, present=5))
    findings = detector.detect(view)
    assert codes(findings) == {"theme_day.low_attendance"}
    assert findings.flags[0].evidence[0].text == "第一党支部主题党日活动"
    assert_offsets(text, findings)


def test_docx_table_rows_are_read(nlp, detector):
    text = (
        "市审计局第一党支部主题党日活动记录表\n活动主题 | 以案为鉴 筑牢廉洁防线\n"
        "活动时间 | 2024年11月8日下午 | 活动地点 | 市廉政教育基地\n主持人 | 韩东 | 记录人 | 徐佳\n"
        "应到人数 | 11 | 实到人数 | 11\n"
        "活动内容 | 1.参观市廉政教育基地，观看警示教育片。 2.组织党员打篮球。 3.中午聚餐。"
    )
    findings = detector.detect(make_view(nlp, text))
    categories = [a["category"] for a in findings.components["theme_day_activities"]]
    assert categories == ["political", "mass", "mass"]
    assert codes(findings) == {"theme_day.disguised_mass_activity"}
    assert_offsets(text, findings)


def test_other_document_types_are_left_alone(nlp, detector):
    findings = detector.detect(make_view(nlp, OUTING, doc_type="branch_meeting"))
    assert findings.flags == [] and findings.components == {}


def test_components_are_json_and_activity_spans_exact(nlp, detector):
    findings = detector.detect(make_view(nlp, SOUND_STUDY_VOLUNTEER))
    json.dumps(findings.components, ensure_ascii=False)
    for activity in findings.components["theme_day_activities"]:
        assert SOUND_STUDY_VOLUNTEER[activity["start"]:activity["end"]] == activity["text"]


def test_incidental_volunteer_words_in_a_business_day_are_not_a_substitute(nlp, detector):
    text = BUSINESS + "最后对便民服务任务作了安排，并提醒做好防汛值班。各科所负责人汇报了本月考核指标完成情况。"
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.disguised_business"}


def test_a_theme_that_names_the_activity_does_not_hide_it(nlp, detector):
    text = (
        "第十二中学党支部主题党日活动\n主题：教职工趣味运动会\n" + HEADER + "应到党员30人，实到28人\n"
        "学校党支部组织党员教师参加教职工趣味运动会，项目有托球跑、跳大绳等。"
    )
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.disguised_mass_activity"}


# Activity classifier: pieces without lexicon cues are decided by the model when it is sure.
PADDLING = (
    "城西街道机关党支部主题党日活动记录\n活动主题：亲水乐活 健康同行\n" + HEADER + "应到党员14人，实到13人\n"
    "活动内容：\n1.党员们到江边体验皮划艇和桨板。\n2.晚上大家围坐在草地上观星、弹吉他。"
)
STUDY_AND_HOUSEWORK = (
    "档案局党支部主题党日活动记录\n活动主题：学党章 守初心\n" + HEADER + "应到党员10人，实到10人\n"
    "1.支部书记讲授专题党课《从党史中汲取奋进力量》。\n2.党员们到独居老人家中擦洗油烟机、拆洗窗帘。\n"
    "3.帮行动不便的老街坊修好了漏水的水龙头，把过冬的白菜搬进储藏室。"
)


def test_leisure_worded_without_lexicon_cues_is_mass_by_the_model(nlp, detector):
    findings = detector.detect(make_view(nlp, PADDLING))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.disguised_mass_activity"}
    activities = findings.components["theme_day_activities"]
    assert [a["category"] for a in activities] == ["mass", "mass"]
    assert all(a["decided_by"] == "model" for a in activities)
    mass = next(f for f in findings.flags if f.code == "theme_day.disguised_mass_activity")
    assert "休闲娱乐活动" in mass.message  # model n-grams are not read aloud as if they were the activity
    assert_offsets(PADDLING, findings)


def test_without_the_model_the_same_day_is_not_seen_as_leisure(nlp):
    lexicon_only = ThemeDayDetector.load(model_min_probability=2)
    findings = lexicon_only.detect(make_view(nlp, PADDLING))
    assert "theme_day.disguised_mass_activity" not in codes(findings)
    assert findings.components["theme_day_activities"] == []


def test_a_model_decision_carries_its_reason(nlp, detector):
    findings = detector.detect(make_view(nlp, PADDLING))
    for activity in findings.components["theme_day_activities"]:
        assert activity["probability"] >= detector.config.model_min_probability
        assert activity["cues"], "a model decision names the n-grams that weighed most"
        assert all(ngram in activity["text"] for ngram in activity["cues"])
    json.dumps(findings.components)


def test_lexicon_decisions_say_so_and_have_no_probability(nlp, detector):
    activities = detector.detect(make_view(nlp, SOUND_STUDY_VOLUNTEER)).components["theme_day_activities"]
    assert all(a["decided_by"] == "lexicon" and a["probability"] is None for a in activities)


def test_study_then_service_worded_without_cues_is_still_sound(nlp, detector):
    findings = detector.detect(make_view(nlp, STUDY_AND_HOUSEWORK))
    assert codes(findings) == set()
    activities = findings.components["theme_day_activities"]
    assert activities[0]["category"] == "political"
    # two chores for neighbours: called leisure or business work, they would outnumber the 党课
    assert not any(a["category"] in ("mass", "business") for a in activities)


def test_model_threshold_is_configurable(nlp):
    strict = ThemeDayDetector.load(model_min_probability=0.99)
    assert "theme_day.disguised_mass_activity" not in codes(strict.detect(make_view(nlp, PADDLING)))


SERVED_CARE_HOME = (
    "城南街道党支部主题党日活动记录\n活动主题：冬日暖心\n" + HEADER + "应到党员14人，实到13人\n"
    "党员们来到区福利中心，为托养人员包了一顿饺子，陪他们做了几个小游戏。"
)


def test_leisure_done_for_residents_is_service_not_leisure(nlp, detector):
    findings = detector.detect(make_view(nlp, SERVED_CARE_HOME))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}
    (activity,) = findings.components["theme_day_activities"]
    assert activity["category"] == "volunteer" and "为托养人员" in activity["cues"]
    assert "mass" in activity["also"]


def test_the_same_leisure_for_the_members_themselves_is_leisure(nlp, detector):
    text = SERVED_CARE_HOME.replace("为托养人员包了一顿饺子，陪他们做了几个小游戏", "大家一起包了一顿饺子，又做了几个小游戏")
    assert "theme_day.disguised_mass_activity" in codes(detector.detect(make_view(nlp, text)))


def test_saying_whom_a_piece_served_is_a_volunteer_cue(nlp, detector):
    text = (
        "文学院研究生党支部主题党日活动记录\n活动主题：书声暖心\n" + HEADER + "应到党员20人，实到18人\n"
        "党员们来到盲人按摩医院，给视障按摩师们朗读当天的报纸和小说章节。"
    )
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}


def test_a_table_header_row_is_not_an_activity(nlp, detector):
    text = (
        "税务分局党支部主题党日活动\n活动主题：周末课堂\n" + HEADER + "应到党员14人，实到12人\n"
        "项目 | 内容\n辅导作业 | 党员按年级分桌，给二十六名外来务工人员子女检查作业，讲错题\n"
        "修缮 | 给课堂十张旧课桌钉牢桌腿，换了两根灯管"
    )
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}
    texts = [a["text"] for a in findings.components["theme_day_activities"]]
    assert not any(t.startswith("项目") for t in texts)


def test_helping_counted_households_is_service(nlp, detector):
    text = (
        "白沙镇机关党支部主题党日活动\n主题：雨后帮商户渡难关\n" + HEADER + "应到21人，实到19人\n"
        "支部党员帮一家南货店和一家文具店把泡湿的货搬出来晾晒，又帮3位工友写了讨要工资的情况说明。"
    )
    assert codes(detector.detect(make_view(nlp, text))) == {
        "theme_day.weak_political", "theme_day.volunteer_substitute"}


def test_a_work_report_of_felled_trees_is_not_a_clean_up(nlp, detector):
    text = (
        "林业站党支部主题党日\n主题：护好青山\n" + HEADER + "应到党员8名，实到7名\n"
        "站长先讲了去年松材线虫病普查的结果，已经砍伐清理280株。接着部署了春季森林防火，每天两班巡山。"
        "最后技术员教大家用巡护APP打卡、上报火情照片。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.disguised_business"}
    assert "volunteer" not in {a["category"] for a in found.components["theme_day_activities"]}


def test_a_theme_given_after_the_label_theme_day_is_a_theme(nlp, detector):
    from pipeline.analyse.meeting import extract_meeting

    text = SOUND_RED_VISIT.replace("“赓续红色血脉”主题党日活动记录\n", "主题党日：赓续红色血脉 重温入党誓词\n")
    meeting = extract_meeting(text)
    assert meeting.theme == "赓续红色血脉 重温入党誓词"
    assert codes(detector.detect(make_view(nlp, text, meeting=meeting))) == set()


def test_a_reason_for_absence_is_not_an_activity(nlp, detector):
    text = BUSINESS.replace("应到党员15名，实到14名", "支部有党员15名，本次出席14名，缺席1名（下村督查防汛）")
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.disguised_business"}
    assert all("防汛" not in a["text"] for a in found.components["theme_day_activities"])


def test_teaching_farmers_is_service_but_a_teacher_is_not_a_recipient(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("现场教养殖户配制冬季青贮饲料", lexicon)[0] == "volunteer"
    assert "volunteer" not in classify("学习了退休教师王秀兰的先进事迹", lexicon)[2]


FLOOD_DUTY_MEETING = (
    "滨江社区党支部主题党日活动\n主题：筑牢汛期安全防线\n时间：2024年6月18日\n地点：社区会议室\n"
    "参加：支部党员12人全部参加\n"
    "内容：街道网格办工作人员讲解网格通手机应用的事件上报、走访登记流程，党员网格员现场安装并试报事件。"
    "社区书记布置汛期防汛工作，排定防汛志愿者值班表，每晚2人在地下车库出入口值守。"
)


def test_a_meeting_that_arranges_volunteer_duty_is_business_not_service(nlp, detector):
    found = detector.detect(make_view(nlp, FLOOD_DUTY_MEETING))
    assert codes(found) == {"theme_day.weak_political", "theme_day.disguised_business"}
    arranged = [a for a in found.components["theme_day_activities"] if "排定" in a["text"]]
    assert arranged and arranged[0]["category"] == "business" and "布置" in arranged[0]["cues"]


def test_volunteers_doing_the_duty_are_still_service(nlp, detector):
    text = FLOOD_DUTY_MEETING.split("内容：")[0] + "内容：党员志愿者分两组在地下车库出入口值守，清理排水沟里的淤泥和树叶，帮独居老人把杂物搬上二楼。"
    assert codes(detector.detect(make_view(nlp, text))) == {
        "theme_day.weak_political", "theme_day.volunteer_substitute",
    }


TOKEN_READING = (
    "城西支行党支部主题党日\n主题：冲刺全年目标\n时间：2024年12月20日\n地点：支行会议室\n参加：支部党员14人全部参加\n"
    "会议开始，支部书记带大家诵读了《中国共产党纪律处分条例》中关于工作纪律的几条规定，约10分钟。"
    "随后分管行长逐一通报各网点存款、理财任务完成进度，并把储蓄存款增量目标分解到每名客户经理。"
)


def test_a_ten_minute_reading_before_a_business_meeting_is_a_token(nlp, detector):
    assert codes(detector.detect(make_view(nlp, TOKEN_READING))) == {"theme_day.disguised_business"}


def test_the_same_reading_without_a_short_duration_weighs_as_study(nlp, detector):
    text = TOKEN_READING.replace("，约10分钟", "，逐条讨论了对照检查的要求")
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_header_labels_in_table_cells_are_not_activities(nlp, detector):
    text = (
        "｜支部｜土木工程学院研究生第一党支部｜\n｜主题｜青春志愿 服务地铁｜\n｜时间｜2024年10月1日—3日｜\n"
        "｜人数｜支部党员27人，参加23人｜\n"
        "｜内容｜国庆假期期间，党员分三班在站厅引导乘客购票、进站，为携带大件行李的旅客提供帮扶。｜"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}
    assert all("主题" not in a["text"] for a in found.components["theme_day_activities"])


@pytest.mark.parametrize("text, theme", [
    ("桥南派出所党支部：学思想 强党性\n4月12日下午，桥南派出所党支部在所三楼会议室开展主题党日活动，主题是“学思想、强党性、守初心”。"
     "支部书记带领大家学习了论述摘编第三专题。全所19名党员中，除3名当班民警外均参加。", "学思想、强党性、守初心"),
    ("石门村党支部四月主题党日“党课进村头 清洁美家园”\n4月16日上午，镇党委委员在村委会院子里给党员讲党课。支部党员20人全部参加。",
     "党课进村头 清洁美家园"),
    ("市人民医院内科党支部\n——“守初心 护健康”党课暨下乡义诊\n上午党课，下午义诊。支部党员20人全部参加。", "守初心 护健康"),
    ("第一党支部主题党日暨职工趣味运动会\n项目有拔河、托球跑。支部党员20人全部参加。", "职工趣味运动会"),
    ("省疾控中心机关党支部主题党日——热血传递爱心\n支部党员在中心大院学习了党章，随后集体献血。支部10名党员全部到场。", "热血传递爱心"),
    ("热血献爱心——海关查验科党支部开展主题党日\n科室党员学习了党章，随后参加无偿献血。科室党员20人全部参加。", "热血献爱心"),
    ("【支部动态】“烧脑一下午，默契一整年”——云栈科技党支部开展主题党日\n党员学习了党章。支部党员18名全部参加。", "烧脑一下午，默契一整年"),
    ("协会党支部\n3月30日，支部组织党员开展主题党日，主题定为“春日踏青 品味田园”。支部19名党员全部参加。", "春日踏青 品味田园"),
    ("医院党支部警示教育\n本月主题党日围绕“以案为鉴 守住廉洁行医底线”开展警示教育。支部党员10人全部参加。", "以案为鉴 守住廉洁行医底线"),
    ("“热血传递爱心”——农商银行营业部党支部主题党日\n2024年12月14日上午，支部党员在营业部门前广场集中学习了党章，"
     "随后参加无偿献血。支部10名党员全部到场。", "热血传递爱心"),
])
def test_a_theme_stated_in_the_body_or_before_a_dash_in_the_title(nlp, detector, text, theme):
    from pipeline.analyse.theme_day import load_lexicon, stated_theme

    view = make_view(nlp, text)
    assert stated_theme(view, load_lexicon()).text == theme
    assert "theme_day.no_theme" not in codes(detector.detect(view))


def test_a_routine_monthly_activity_is_no_theme(nlp, detector):
    from pipeline.analyse.theme_day import load_lexicon, theme_is_empty

    assert theme_is_empty("月度例行活动", load_lexicon())
    assert not theme_is_empty("月度安全生产之我见", load_lexicon())


def test_a_content_label_is_not_an_activity(nlp, detector):
    text = (
        "税务分局第一党支部主题党日\n主题：学好新法 服务纳税人\n" + HEADER + "支部14名党员全员参加\n学习内容\n"
        "1. 业务骨干讲解《中华人民共和国增值税法》与现行暂行条例相比的主要变化。\n"
        "2. 结合辖区两户餐饮企业的申报数据做案例练习。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.disguised_business"}
    assert all(not a["text"].startswith("学习内容") for a in found.components["theme_day_activities"])


def test_a_business_regulation_is_not_party_study(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("医保办主任逐条讲解《医疗保障基金使用监督管理条例》的处罚额度", lexicon)[0] != "political"
    assert classify("集中学习《中国共产党纪律处分条例》", lexicon)[0] == "political"
    assert classify("学习《医疗机构工作人员廉洁从业九项准则》", lexicon)[0] == "political"


def test_skills_contests_are_business_and_tidying_bicycles_is_service(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("叉车驾驶比武，参赛党员依次完成绕桩和倒车入库", lexicon)[0] == "business"
    assert classify("把地铁口乱停乱放的共享单车搬进划线区域", lexicon)[0] == "volunteer"
    assert classify("给小区褪色生锈的铁艺围栏除锈刷漆", lexicon)[0] == "volunteer"


def test_a_passage_read_out_before_a_business_meeting_is_a_token(nlp, detector):
    text = (
        "西坡村党支部主题党日活动记录\n活动主题：推进土地流转 壮大集体经济\n" + HEADER
        + "参会党员：十九人（全村二十三名党员）\n"
        "会议先由支部书记念了党章中关于村党组织职责的一段话。"
        "接下来主要讨论村里140亩撂荒地流转给种植合作社的方案，流转费每亩每年500元。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.disguised_business"}
    assert not any(a["text"].startswith("参会党员") for a in found.components["theme_day_activities"])
    longer = text.replace("念了党章中关于村党组织职责的一段话", "带领大家逐条学习了党章中关于村党组织职责的规定并开展讨论")
    assert codes(detector.detect(make_view(nlp, longer))) == set()


def test_the_cause_of_an_absence_is_not_an_activity(nlp, detector):
    text = (
        "物业服务中心党支部主题党日\n主题：小区围栏换新颜\n" + HEADER
        + "支部组织党员给3号楼到7号楼之间生锈的铁艺围栏除锈刷漆，一共刷了约180米。\n"
        "参加的有：刘海鹰、常佳、覃德民、吕晓波（共4人）。支部其余7名党员因值班和休假没有参加。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {
        "theme_day.weak_political", "theme_day.volunteer_substitute", "theme_day.low_attendance",
    }
    assert all("值班" not in a["cues"] for a in found.components["theme_day_activities"])


def test_a_label_before_spaces_in_a_form_is_a_header(nlp, detector):
    text = (
        "滨江支行党支部主题党日活动登记表\n活动主题 学习三中全会精神\n活动时间 2024年8月16日\n党员总数 12\n参加人数 11\n"
        "缺席原因 1人在总行参加培训\n活动内容 集体学习《中共中央关于进一步全面深化改革、推进中国式现代化的决定》。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == set()
    assert all("培训" not in a["text"] for a in found.components["theme_day_activities"])


def test_attendance_lines_and_name_lists_are_not_activities(nlp, detector):
    text = (
        "检察院第三党支部主题党日\n主题：学纪律 守规矩\n" + HEADER
        + "参加的党员：林秋、邓子健、包蕾、欧振宇、韩静、侯宁（6人）\n请假的党员：马骁、柯蕴（均出差办案）\n"
        "党员出勤：6/8（其余2人值班）\n"
        "（1）学习《习近平关于全面从严治党论述摘编》第三部分中的两篇文章，由林秋领学\n（2）交纳本月党费"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == set()
    assert [a["category"] for a in found.components["theme_day_activities"]] == ["political", "political"]


def test_a_unit_name_before_a_dash_is_no_theme():
    from pipeline.analyse.meeting import extract_meeting

    assert extract_meeting("机关第一党支部——主题党日活动记录\n正文").theme is None


def test_the_units_own_name_is_not_a_cue(nlp, detector):
    text = (
        "主题党日掠影\n9月20日，市供电公司营销部党支部在公司职工运动场举行趣味运动会，作为本月主题党日活动。"
        "参加人数25人（营销部党支部在册28人）。活动设置拔河、跳大绳、袋鼠跳、两人三足四个项目。"
    )
    found = detector.detect(make_view(nlp, text))
    assert {"theme_day.disguised_mass_activity", "theme_day.weak_political"} <= codes(found)
    assert "theme_day.disguised_business" not in codes(found)
    assert all("营销" not in a["cues"] for a in found.components["theme_day_activities"])


def test_a_directive_to_prepare_flood_supplies_is_a_work_item(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    category, cues, _ = classify("要求6月5日前完成沙袋、编织袋等防汛物资的清点补充", load_lexicon())
    assert category == "business" and cues[0] == "要求"
    assert classify("党员们在河堤上装填沙袋，加固防汛堤坝", load_lexicon())[0] == "volunteer"


def test_a_date_after_the_label_theme_day_is_no_theme():
    from pipeline.analyse.meeting import extract_meeting

    text = "嘉和电子科技有限公司党支部\n主题党日 2023年11月24日\n主题：冲刺四季度 全年目标必达\n地点：公司大会议室"
    assert extract_meeting(text).theme == "冲刺四季度 全年目标必达"


def test_a_school_building_on_an_old_site_is_not_a_red_site():
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("讨论把仓库建在原乡中学旧址上还是建在村东空地", lexicon)[0] != "political"
    assert classify("参观鄂豫皖苏区首府旧址，在旧址前重温入党誓词", lexicon)[0] == "political"
    assert classify("走进新四军第五师司令部旧址", lexicon)[0] == "political"


def test_studying_a_central_conference_and_discipline_cases_is_political():
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    text = "学习中央经济工作会议关于防范化解风险的要求，通报了两起信贷员违纪违法典型案例，都与客户利益输送有关"
    assert classify(text, lexicon)[0] == "political"
    assert classify("召开二季度工作会议，通报各网点存款和客户拓展进度", lexicon)[0] == "business"


def test_an_absence_with_an_exception_is_not_an_activity(nlp, detector):
    text = (
        "证券营业部党支部主题党日\n主题：以案为鉴 廉洁从业\n" + HEADER
        + "支部党员九名，除两名同志在外地参加业务培训外，其余七名都参加了。\n"
        "支部书记带领大家学习了《中国共产党纪律处分条例》中关于廉洁纪律的条款，观看警示教育片。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == set()
    assert all(a["category"] != "business" for a in found.components["theme_day_activities"])


def test_a_quoted_theme_after_a_dash_and_an_empty_arranged_theme():
    from pipeline.analyse.meeting import extract_meeting
    from pipeline.analyse.theme_day import load_lexicon, theme_is_empty

    assert extract_meeting('机关二支部主题党日——"清风拂面 廉洁同行"\n正文').theme == "清风拂面 廉洁同行"
    assert theme_is_empty("按街道党工委统一安排开展本月主题党日", load_lexicon())
    assert theme_is_empty("按上级要求开展主题党日", load_lexicon())
    assert not theme_is_empty("按劳分配与共同富裕", load_lexicon())


def test_people_on_duty_as_recipients_and_case_bulletins_are_not_work():
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("大家包了两百个汤圆，送到值班的消防中队和交警岗亭", lexicon)[0] != "business"
    assert classify("安排节假日值班", lexicon)[0] == "business"
    assert classify("纪检委员通报本行去年查处的3起柜员违规收受客户礼品案例", lexicon)[0] == "political"
    assert classify("通报一季度各网点存款完成情况", lexicon)[0] == "business"


def test_helping_a_library_guiding_visitors_and_giving_away_couplets_are_service():
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("协助社区书屋把捐来的旧书分类整理上架", lexicon)[0] == "volunteer"
    assert classify("在火车站进站口引导旅客使用自助取票机", lexicon)[0] == "volunteer"
    assert classify("给五年级学生讲防溺水常识", lexicon)[0] == "volunteer"
    assert classify("现场写春联，一上午送出春联一百多副", lexicon)[0] == "volunteer"


def test_where_the_rest_were_is_not_an_activity_but_what_they_did_is(nlp, detector):
    absent = (
        "审计局机关党支部主题党日\n主题：学党纪 守底线\n" + HEADER
        + "组织：支部书记 卢文涛\n支部党员12名，到会9名，其余3人在外地开展专项审计。\n"
        "集体学习《中国共产党纪律处分条例》第六章，每名党员谈学习体会。"
    )
    found = detector.detect(make_view(nlp, absent))
    assert codes(found) == set()
    assert [a["category"] for a in found.components["theme_day_activities"]] == ["political"]
    helping = (
        "南岭村党支部主题党日\n主题：帮孤老修院墙\n" + HEADER + "支部党员10名全部参加。\n"
        "会砌墙的两名党员砌墙，其余的在下面搬砖、和泥、清理院子。"
    )
    helped = detector.detect(make_view(nlp, helping))
    assert "theme_day.weak_political" in codes(helped)
    assert any("搬砖" in a["text"] for a in helped.components["theme_day_activities"])


@pytest.mark.parametrize("text, theme", [
    ("农信社营业部党支部主题党日活动记录\n一、活动主题：守好百姓钱袋子\n二、时间：2024年6月4日", "守好百姓钱袋子"),
    ('城关街道机关党支部主题党日："乒"出精彩 健康机关。\n2024年11月8日下午', '"乒"出精彩 健康机关'),
    ("巡河路上见初心\n清溪水务所党支部主题党日活动\n5月10日，支部党员沿清溪巡河。", "巡河路上见初心"),
])
def test_themes_under_numbers_with_inner_quotes_and_in_a_headline(text, theme):
    from pipeline.analyse.meeting import extract_meeting

    assert extract_meeting(text).theme == theme


def test_a_date_headline_is_no_theme_and_routine_study_is_empty():
    from pipeline.analyse.meeting import extract_meeting
    from pipeline.analyse.theme_day import load_lexicon, theme_is_empty

    assert extract_meeting("2024年3月\n清溪水务所党支部主题党日\n正文").theme is None
    assert theme_is_empty("常规学习", load_lexicon())
    assert not theme_is_empty("学习新修订的纪律处分条例", load_lexicon())


def test_a_deployment_with_deadlines_is_work_and_a_reading_of_party_materials_a_token(nlp, detector):
    text = (
        "临川镇机关党支部主题党日\n主题：筑牢防汛堤坝\n" + HEADER + "支部党员20人，到会18人。\n"
        "先由组织委员领读一段党建读物，约十分钟。随后镇长部署今年防汛工作：一是落实各村巡堤责任人；"
        "二是清点镇防汛物资仓库的沙袋和冲锋舟，缺口部分5月底前补齐。最后进行了一次应急通讯测试。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.disguised_business"}
    assert any(a["category"] == "political" for a in found.components["theme_day_activities"])


def test_a_village_clean_up_arranged_as_work_is_business(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("支部书记安排了今年春季村庄环境整治工作，每个片区由两名党员包干", lexicon)[0] == "business"
    assert classify("限5月1日前清理完沟渠里的淤泥", lexicon)[0] == "business"
    assert classify("党员们到河边清理垃圾", lexicon)[0] == "volunteer"


def test_a_meal_after_volunteering_is_one_piece_and_not_the_main_thing(nlp, detector):
    text = (
        "柳林村党支部主题党日\n主题：清河护岸\n" + HEADER + "支部党员20人，到会17人。\n"
        "党员们带着铁锹和编织袋沿河清理垃圾，打捞水面漂浮物。中午在村委会吃了顿便饭，饭后散了。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}


def test_members_remarks_in_the_discussion_are_not_activities_of_their_own(nlp, detector):
    text = (
        "精工机械公司党支部主题党日\n主题：学习讲话精神 坚定发展信心\n" + HEADER + "支部党员15人，到会14人。\n"
        "支部书记带领大家学习了习近平总书记在民营企业座谈会上的重要讲话。"
        "技术部党员方立提出，新产品的研发要加快进度。负责设备维护的老党员吴倩发言时说，要带头落实设备点检制度。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == set()


def test_a_theme_day_written_up_as_news_is_checked_but_other_news_is_not(nlp, detector):
    from pipeline.analyse.doctype import detect_doc_type

    story = (
        "本报讯（通讯员 韩露）为迎接卫生城市复查，6月8日上午，滨江街道机关党支部开展“美化家园 党员先行”主题党日活动。"
        "支部党员30人，参加26人。党员们分成4个小组，清理辖区背街小巷的小广告和乱堆杂物，共清运垃圾5车。\n（审核：汪林）"
    )
    assert detect_doc_type(story)[0] == "news"
    found = detector.detect(make_view(nlp, story, doc_type="news"))
    assert codes(found) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}
    other = "本报讯（通讯员 韩露）6月8日，滨江街道召开夏季防汛工作会议，部署辖区防汛任务。街道主任讲话。"
    assert codes(detector.detect(make_view(nlp, other, doc_type="news"))) == set()


def test_round_31_wordings_of_themes_and_activities():
    from pipeline.analyse.meeting import extract_meeting
    from pipeline.analyse.theme_day import classify, load_lexicon, theme_is_empty

    lexicon = load_lexicon()
    assert extract_meeting("东街社区第一党支部中秋主题党日（“月圆人团圆”）\n9月14日下午").theme == "月圆人团圆"
    assert theme_is_empty("（未填）", lexicon)
    assert classify("支部书记用约十分钟领读了《关于新时代党的建设的意见》中的一段", lexicon)[0] == "political"
    assert classify("书记读了一则关于全国两会开幕的新闻", lexicon)[0] == "political"
    assert classify("二是对照查摆", lexicon)[0] == "political"
    assert classify("党员们沿着海滩拣出废弃渔网和塑料瓶", lexicon)[0] == "volunteer"


def test_records_that_say_what_they_are_only_by_a_form_or_a_verb():
    from pipeline.analyse.doctype import detect_doc_type

    assert detect_doc_type("【活动主题】守护蓝天\n【时间】2024年5月7日\n【地点】局会议室")[0] == "theme_day"
    assert detect_doc_type("2024年9月支部活动\n县水文站党支部　9月12日\n全体党员到水库巡查。")[0] == "theme_day"
    lead = "县老干部局离退休第二党支部，2024年10月9日上午在活动室过主题党日。到会党员九名，大家一起学习了重阳节有关文章，聊了身边的变化，中午散了。"
    assert detect_doc_type(lead)[0] == "theme_day"


def test_round_33_wordings_of_activities_and_the_day_naming_itself(nlp, detector):
    from pipeline.analyse.doctype import detect_doc_type
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("大家进棚帮着采摘、分拣、装箱", lexicon)[0] == "volunteer"
    assert classify("请县农技站的高级农艺师尹红讲大棚番茄的病害防治", lexicon)[0] == "business"
    assert classify("运营讲师讲直播间怎么留人、投流怎么算成本", lexicon)[0] == "business"
    assert classify("校长要求每个班建立学困生帮扶名单", lexicon)[0] == "business"
    assert detect_doc_type("供水公司第三党支部：主题“节水护水 党员先行”。\n6月1日，支部党员到小区宣传节水。")[0] == "theme_day"
    text = (
        "南坡村党支部十月主题党日，主题叫“护林防火 党员带头”。全村党员20名，来了17名。"
        "大家沿着后山防火通道清理枯枝落叶，捡拾垃圾，清出隔离带约2公里。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.volunteer_substitute"}
    assert all("主题叫" not in a["text"] for a in found.components["theme_day_activities"])


def test_round_35_wordings(nlp, detector):
    from pipeline.analyse.doctype import detect_doc_type
    from pipeline.analyse.meeting import extract_meeting
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert extract_meeting("果业合作社党支部五月主题党日（主题：比技艺 促增收）：5月8日在果园举办比赛\n正文").theme == "比技艺 促增收"
    assert extract_meeting("“平安护学岗”守护上学路——城关派出所党支部开展主题党日活动\n正文").theme == "“平安护学岗”守护上学路"
    assert classify("帮村里3户缺劳力的果农采摘猕猴桃", lexicon)[0] == "volunteer"
    assert classify("接着，水利站站长通报全镇水库的汛前检查情况，清理了两处溢洪道", lexicon)[0] == "business"
    assert classify("要求12月5日前把更正后的名册报县财政局", lexicon)[0] == "business"
    assert classify("支部要求每名党员9月底前交一篇学习心得", lexicon)[0] != "business"
    assert detect_doc_type("东兴电子有限公司党支部 11月活动\n11月22日下班后在公司附近吃烧烤。党员18人，到了15人。")[0] == "theme_day"
    assert detect_doc_type("城东中学党支部这次主题党日叫“书香润初心”，5月21日在图书馆共读。党员20名到了18名。")[0] == "theme_day"
    text = (
        "城南小学党支部主题党日 2024.10.16\n主题：学习贯彻全国教育大会精神。支部书记领学习近平总书记在全国教育大会上的重要讲话，"
        "党员分三组讨论“怎样落实立德树人”。党员14人，两人外出培训。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == set()
    assert [a["category"] for a in found.components["theme_day_activities"]][0] == "political"


def test_round_37_wordings(nlp, detector):
    from pipeline.analyse.meeting import extract_meeting
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert extract_meeting('晚报编辑部党支部主题党日｜"走进春天"\n时间｜2024年4月13日').theme == "走进春天"
    assert classify("二、讨论本年度发展党员工作", lexicon)[0] == "political"
    assert classify("大家分工和面、剁馅、擀皮，包了两种馅的饺子", lexicon)[0] == "mass"
    assert classify("本支部18名党员中有16人参加，另外邀请了6名入党积极分子", lexicon)[0] != "political"
    repeated = "支行行长对照普惠小微贷款的投放情况谈体会：普惠贷款户数增加了60余户"
    assert classify(repeated, lexicon)[0] == "political"  # 贷款 twice counts once
    text = (
        "特警支队党支部主题党日\n“六一”前夕，大队组织党员到市儿童福利院开展“警营护童心”活动。\n" + HEADER
        + "支部党员22名，参与20名。\n给福利院孩子们送去图书、文具和篮球，陪孩子们做游戏。"
    )
    assert "theme_day.no_theme" not in codes(detector.detect(make_view(nlp, text)))


def test_round_39_wordings(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("支部组织党员对村北排水渠进行清淤，疏通了村口两处涵洞", lexicon)[0] == "volunteer"
    assert classify("一是组建夜巡组，每晚在夜市一带巡逻", lexicon)[0] == "business"
    from pipeline.analyse.doctype import detect_doc_type
    from pipeline.analyse.meeting import extract_meeting

    assert extract_meeting("水务集团第二党支部主题党日｜热血传递爱心\n6月14日").theme == "热血传递爱心"
    assert detect_doc_type("5月党日：集中学习党章第二章，收缴5月党费。\n地点：社区活动室；到场20人（全支部24人）。")[0] == "theme_day"
    text = (
        "文联机关党支部主题党日\n主题：学讲话 出精品\n" + HEADER + "应到党员15名，实到9名。\n"
        "缺席六名：三名随采风团在外省，两名病假，一名参加市委党校培训。\n"
        "支部书记领读了习近平总书记在文艺工作座谈会上的讲话，大家围绕“以人民为中心的创作导向”谈体会。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.low_attendance"}
    assert all("培训" not in a["cues"] for a in found.components["theme_day_activities"])


def test_round_41_wordings(nlp, detector):
    from pipeline.analyse.theme_day import classify, load_lexicon

    lexicon = load_lexicon()
    assert classify("为幼儿园三个年级的312名儿童进行了视力筛查", lexicon)[0] == "volunteer"
    assert classify("汤明领读会议新闻通稿，着重读了明年重点任务部分", lexicon)[0] == "political"
    text = (
        "县人大机关党支部主题党日\n主题：履职为民\n" + HEADER + "支部党员12人，到会11人。\n主要事项\n"
        "1.代表工委通报代表建议办理进度：共交办80件，已答复60件。\n2.部署乡镇人大换届前的代表资格审查准备工作。"
    )
    found = detector.detect(make_view(nlp, text))
    assert codes(found) == {"theme_day.weak_political", "theme_day.disguised_business"}
    assert all(a["text"] != "主要事项" for a in found.components["theme_day_activities"])


def test_an_activity_record_holds_every_field():
    from dataclasses import asdict

    from pipeline.analyse.theme_day import Activity

    activity = Activity(3, 9, "参观纪念馆", "political", ("参观",), ("leisure",), "model", 0.8)
    assert activity.to_dict() == {**asdict(activity), "cues": ["参观"], "also": ["leisure"]}
