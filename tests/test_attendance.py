"""The count-role reader: each member count takes the role its own clause gives it."""
from __future__ import annotations

import pytest

from pipeline.analyse.attendance import ABSENT, MEMBER, PRESENT, TOTAL, WEAK_TOTAL, member_mentions, stated_attendance
from pipeline.sentences import split_lines, split_sentences


def read(text: str) -> tuple[int | None, int | None]:
    found = stated_attendance(text, split_sentences(text), split_lines(text))
    return (
        found.expected.value if found.expected else None,
        found.present.value if found.present else None,
    )


def roles(text: str) -> list[tuple[str, int]]:
    return [(m.role, m.count.value) for m in member_mentions(text, split_sentences(text), split_lines(text))]


@pytest.mark.parametrize("text, expected, present", [
    ("支部在册党员十五名，这次来了八名。", 15, 8),
    ("出席：6人 缺席：5人（外出培训3、请假2）", 11, 6),            # total = present + absent
    ("应参加人数：23人\n缺席：9人", 23, 14),                        # present = total - absent
    ("全村党员38名，参加的有11名。", 38, 11),
    ("我支部参赛党员12人，党支部共有党员25人。", 25, 12),
    ("报名参加的党员6人，其余8人因加班未去。", 14, 6),             # 其余 … 未去: absent
    ("党员共二十四人，其余二十一人参加。", 24, 21),                 # 其余 … 参加: present
    ("到会党员16人（共24人，其余8人外出）", 24, 16),
    ("支部党员13名，除2人值班外全部参加", 13, 11),
    ("参加人员：甲某、乙某、丙某（共3人）\n说明：支部现有党员9名", 9, 3),  # the label makes 共3人 present
    ("人员：支部27名党员来了12名", 27, 12),                         # words between two counts are the second's
    ("出勤党员30/33", 33, 30),
    ("党员总数 到场 请假\n16 14 2", 16, 14),                        # a header row over a row of numbers
])
def test_wordings(text, expected, present):
    assert read(text) == (expected, present)


def test_counts_of_other_people_are_not_member_counts():
    text = "为二十多位老人理了发，共接诊居民120余人次，4人均通过考核。"
    assert roles(text) == []
    assert read(text) == (None, None)


def test_roles_and_evidence_offsets():
    text = "活动记录\n本支部共有党员20名，实到12名，3人请假。"
    found = member_mentions(text, split_sentences(text), split_lines(text))
    assert [(m.role, m.count.value) for m in found] == [(TOTAL, 20), (PRESENT, 12), (ABSENT, 3)]
    for mention in found:
        evidence = mention.count.evidence
        assert text[evidence.start : evidence.end] == evidence.text
    assert found[0].count.evidence.text == "本支部共有党员20名"


def test_weak_cues_rank_below_strong_ones():
    assert roles("支部党员9名") == [(WEAK_TOTAL, 9)]
    assert roles("党员9名参加") == [(PRESENT, 9)]
    assert roles("今天党员9名一起出发") == [(MEMBER, 9)]
    assert roles("今天党员9名在场") == [(PRESENT, 9)]


def test_a_table_needs_as_many_numbers_as_header_cells():
    assert roles("党员总数 到场 请假\n16 14") == []


@pytest.mark.parametrize("text, expected, present", [
    # a bracket right after a count breaks it down: its counts have no role of their own
    ("支部党员18人，缺席2人（1人在省分行参加培训，1人病假）。", 18, 16),
    ("参加人员：本所党员15人（应参加16人，1人出差）", 16, 15),     # …but their own leading words still count
    ("参加：党员5人（本支部党员共9人，另4人在项目上值班）", 9, 5),
    # a count after a bare 共 sums the counts before it
    ("参加：支委5人、党员17人，共22人（全村党员24人）", 24, 22),
    ("全村党员31人，来了17个，其余大多在外打工。", 31, 17),         # 个 as the counter
    ("党员总数｜15\n参加｜9\n缺｜6（出差4、加班2）", 15, 9),        # labels in table cells
    ("应到12 实到12", 12, 12),                                      # numbers right after 应到/实到
    ("党员出勤：总数28 / 参加12 / 倒班未参加16", 28, 12),
    ("本次参加人数11，支部党员总数17。", 17, 11),
    ("参加情况——本支部党员三十人，参加十四人。", 30, 14),           # —— ends a label
    ("党员总数｜参加人数｜缺席人数｜缺席原因\n40｜22｜18｜晚高峰运营、跑长线", 40, 22),  # a cell of words is skipped
])
def test_round_19_wordings(text, expected, present):
    assert read(text) == (expected, present)


def test_absentees_named_without_a_count_are_counted():
    text = "未参加人员：储晓明（外出培训）、温莉（产假）、庞浩（陪护家属）。本支部共有党员12名。"
    assert read(text) == (12, 9)
    named = [m for m in member_mentions(text, split_sentences(text), split_lines(text)) if m.role == ABSENT]
    assert named[0].count.value == 3 and named[0].count.evidence.text.startswith("储晓明")


def test_a_list_of_duties_or_groups_is_not_a_name_list():
    text = "参加人员：支部委员、党员代表\n本支部共有党员12名。"
    assert read(text) == (12, None)


def test_speakers_and_groups_are_not_member_counts():
    assert read("2.每名党员结合工作谈学习体会，共发言9人。") == (None, None)
    assert roles("党员分成4个小组讨论") == []


@pytest.mark.parametrize("text, expected, present", [
    ("参加人员：支行全体党员7名，另有3名入党积极分子随行", 7, 7),     # people who are not members
    ("活动人员：孙明、赵琳琳、潘建华、韦小东（支部党员共十五人）", 15, 4),  # names before the total
    ("公司党员23名，本次安排14名前往，其余在生产线上赶订单。", 23, 14),
    # round 22: a count closing a list of names, 没能参加
    ("支部在册党员15人，先后到岗的有张丽萍、方宏达、乌兰、钟建业、徐佳慧5人，其余同志在局值班。", 15, 5),
    ("科室13名党员中只有1名驻场查验的同志没能参加培训。", 13, 12),
    # rounds 23 and 24: 个人 as the counter, a count of speakers
    ("协会党支部有19名党员，去了8个人。", 19, 8),
    ("所党支部党员共10人。两名新调入的党员民警结合办案经历谈体会。", 10, None),
    # rounds 25 and 26: a 支部党员 column, a rate is no present cue, 在场, people chosen are no count
    ("日期\t支部党员\t到会\t请假\n2024-05-10\t18\t11\t7（值班5人、出差2人）", 18, 11),
    ("这次党员的参与率不到一半：第二支部党员32名，参加15名。", 32, 15),
    ("所里党员14名，当天9名在场，其余出庭。", 14, 9),
    ("支部共有党员11名，都参加了。支委会推荐3名党员为优秀共产党员人选。", 11, None),
    # rounds 27 and 28: a ranking is no count, a label spaced from its ｜, words before 、 are no name list
    ("月底举行技能比赛，前三名推荐参加市级评选。本支部党员共20人，到场16人。", 20, 16),
    ("党员总数 ｜ 13\n参加 ｜ 8\n未参加 ｜ 5（值班3，病假2）", 13, 8),
    ("支部里会剪纸、书法的3名党员现场创作，另一名党员发放作品。支部党员共16人，本次到场4人。", 16, 4),
    # rounds 29 and 30: words before a bracket, a long label, 全到, people put in charge
    ("三、到会情况：支部党员（含预备党员）十九名，实际到会十一名。", 19, 11),
    ("今天参加敬老院服务的党员：秦岚、包立新，共2人。支部共有党员14名。", 14, 2),
    ("出勤｜支部党员9人全到", 9, 9),
    ("支部党员10人，到会8人。会上明确由3名党员负责联系困难户。", 10, 8),
    ("支部党员10人。会上明确由3名党员负责联系困难户。", 10, None),
    # rounds 31 and 32: 来的有, a planned count, non-members before the count, duty, a row of pairs
    ("所里现有党员十八名，这天来的有十名。", 18, 10),
    ("计划参加21人，实际到场12人，其余在抢修现场。", 21, 12),
    ("党员6人，另有非党员技术员4人。", 6, None),
    ("参加：站支部党员14名，留站值班3名，其余都在现场。", 14, 11),
    ("党员总数｜12｜出席｜7｜请假｜5（出差3、病假2）", 12, 7),
    # rounds 33 and 34: a label naming the members, 去的/到…的有, 派出, 没去, 个 before a verb
    ("支部党员：11名；到会：6名。", 11, 6),
    ("全村党员38人，报名去的20人。", 38, 20),
    ("到现场的有8位同志，支部总共15位党员。", 15, 8),
    ("支部派出党员代表4人（支部共有党员18名）到敬老院。", 18, 4),
    ("9名党员中4名因值夜班没去。", 9, 5),
    ("在单位的党员只有3个来了，我们支部有8个党员。", 8, 3),
    # rounds 35 and 36: a total label before a pipe, 组织N名, 去世 is no 去, 出缺席 is a label, 没赶回来
    ("党员总数｜16\n参加｜10（夜班4人，出差2人）", 16, 10),
    ("支部组织5名党员医生到小学义诊。该院党支部共有党员26名。", 26, 5),
    ("到会人员比对名册，查出已去世仍在领补贴的7人。支部党员12名，到会10名。", 12, 10),
    ("五、出缺席：本处党员共15人；缺席6人（执法4人，轮休2人）", 15, 9),
    ("所里党员九名，有四名还在村里核对名册没赶回来。", 9, 5),
    # rounds 37 and 38: 仅到N名 / 到N人, 没到
    ("（本次应参加党员15名，因网点轮班仅到8名）", 15, 8),
    ("支部党员教师十八人，到十二人；其余四人带学生外出研学。", 18, 12),
    ("共十二名党员，只有法警队的一名同志因押解任务没到。", 12, 11),
    # rounds 39 and 40: a sum closing names after a comma, a tab label, more people who are no members,
    # 全库党员, N名党员到……, a branch count with no member word
    ("这次参加的有支书马建国、委员周平，党员冯英、马林，共4人（支部在册党员15人）。", 15, 4),
    ("参加人 刘红、贺斌、顾言（共3人）\n支部党员数 12", 12, 3),
    ("参加｜党员十四人（总数15，1人出差），另有各班组长8人", 15, 14),
    ("党员到会10人，另有2名党员在外地实习，未到。", 12, 10),
    ("城东粮库党支部4名党员到邻近的村帮农户晒粮。全库党员16人，其余在库值守。", 16, 4),
    ("本支部十五人，随行九人，六人因工作安排未去。", 15, 9),
    # rounds 41-44: 三人篮球赛 is no count, 找到了两位 is no attendance, 外出务工 is absence
    ("机关党支部举办“城管杯”三人篮球赛。支部共二十名党员，当天到场的有十四个。", 20, 14),
    ("支部共有党员15人，除3名值班外都参加了。党员们在烈士名录墙前找到了两位老乡。", 15, 12),
    ("全村党员20人，外出务工6人。", 20, 14),
])
def test_wordings_from_round_21_on(text, expected, present):
    assert read(text) == (expected, present)


def test_names_do_not_replace_a_count_of_their_own_role():
    assert read("参加人员：张明、李娜等12人（支部党员共15人）") == (15, 12)
