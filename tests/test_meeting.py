"""Meeting header extraction: every header form the issue lists, tables, and
offsets of the evidence that index the text exactly."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analyse.meeting import (
    chinese_number,
    extract_meeting,
    find_fields,
    load_patterns,
)
from pipeline.normalize import normalize
from pipeline.records import Meeting

SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "samples"  # the seed documents, as shipped

FORMS = [
    ("时间：2024年3月15日下午", {"date": "2024年3月15日下午"}),
    ("会议时间：2023年12月28日", {"date": "2023年12月28日"}),
    ("日期：2024.5.10", {"date": "2024.5.10"}),
    ("2024年5月10日上午9:00，第一党支部在三楼会议室召开支部党员大会。", {"date": "2024年5月10日上午9:00"}),
    ("活动时间：2024年7月1日上午\n活动地点：烈士陵园", {"date": "2024年7月1日上午", "place": "烈士陵园"}),
    ("地点：三楼会议室", {"place": "三楼会议室"}),
    ("主持人：张伟", {"host": "张伟"}),
    ("主持：李红", {"host": "李红"}),
    ("主持人：支部书记王刚", {"host": "王刚"}),
    ("主持人：张伟（党支部书记）", {"host": "张伟"}),
    ("主 持 人：王刚同志", {"host": "王刚"}),
    ("记录人：刘洋", {"recorder": "刘洋"}),
    ("主持人：原支部书记 柯玉珍", {"host": "柯玉珍"}),
    ("主持人：镇党委委员、机关第二党支部书记 谭永福", {"host": "谭永福"}),
    ("记录人：支部组织委员杜晓燕", {"recorder": "杜晓燕"}),
    ("主持人：张书记", {"host": "张书记"}),
    ("记录：周敏", {"recorder": "周敏"}),
    ("应到党员9人，实到8人", {"expected": 9, "present": 8}),
    ("应到12人，实到11人", {"expected": 12, "present": 11}),
    ("应到党员28人，实际参加5人", {"expected": 28, "present": 5}),
    ("应到会15人，实到会13人", {"expected": 15, "present": 13}),
    ("参会人员：应到10人，实到9人（李某因公请假）", {"expected": 10, "present": 9}),
    ("应到十二人，实到十一人", {"expected": 12, "present": 11}),
    ("应到党员二十八人，实到二十人", {"expected": 28, "present": 20}),
    ("应到有表决权的正式党员13人，实到12人（1人出差请假）", {"expected": 13, "present": 12}),
    ("应到第一党小组党员9人，实到正式党员8人", {"expected": 9, "present": 8}),
    ("参加人员：张三、李四、王五", {"present": 3}),
    ("活动主题：重温入党誓词，牢记初心使命", {"theme": "重温入党誓词，牢记初心使命"}),
    ("主题：学习新修订的《中国共产党纪律处分条例》", {"theme": "学习新修订的《中国共产党纪律处分条例》"}),
    ("会议主题：“以案促改”专题研讨", {"theme": "“以案促改”专题研讨"}),
    ("活动主题：“学党史、悟思想”", {"theme": "学党史、悟思想"}),
    ("“学党史、悟思想”主题党日活动记录\n时间：2024年3月15日", {"theme": "学党史、悟思想", "date": "2024年3月15日"}),
    ("时间 | 2024年3月15日 | 地点 | 会议室", {"date": "2024年3月15日", "place": "会议室"}),
    ("主题｜学用新思想 做群众贴心人\n时间｜2024年3月22日", {"theme": "学用新思想 做群众贴心人", "date": "2024年3月22日"}),
    ("【活动主题】法治进社区\n【地点】街道广场", {"theme": "法治进社区", "place": "街道广场"}),
    ("题目：学习教育强国重要论述", {"theme": "学习教育强国重要论述"}),
    ("活动主题 情暖夕阳 孝老敬亲\n时间 2024年10月11日", {"theme": "情暖夕阳 孝老敬亲", "date": "2024年10月11日"}),
    ("第二党支部主题党日\n“热血青春 爱心接力”\n12月10日", {"theme": "热血青春 爱心接力"}),
    ("中医院第二党支部主题党日：名医下乡义诊", {"theme": "名医下乡义诊"}),
    (
        "主持人 | 李红 | 记录人 | 周敏\n应到人数 | 12 | 实到人数 | 10",
        {"host": "李红", "recorder": "周敏", "expected": 12, "present": 10},
    ),
    (
        "时间：2024年3月15日下午2:30 地点：会议室 主持人：张伟 记录人：刘洋",
        {"date": "2024年3月15日下午2:30", "place": "会议室", "host": "张伟", "recorder": "刘洋"},
    ),
]


@pytest.mark.parametrize("text,expected", FORMS)
def test_header_forms(text, expected):
    meeting = extract_meeting(text)
    assert {k: v for k, v in vars(meeting).items() if v is not None} == expected


@pytest.mark.parametrize("text,expected", FORMS)
def test_evidence_offsets_index_the_text(text, expected):
    evidence = {field: match.evidence for field, match in find_fields(text).items()}
    assert set(evidence) == set(expected)
    for item in evidence.values():
        assert text[item.start:item.end] == item.text


def test_full_minutes_header():
    text = (
        "机关第一党支部2023年度组织生活会会议记录\n"
        "时间：2024年1月18日下午3:00\n"
        "地点：机关三楼会议室\n"
        "主持人：支部书记王刚\n"
        "记录人：刘洋\n"
        "参会人员：应到党员9人，实到8人（张某因病请假）\n"
        "会议议程：一、支部书记作对照检查；二、党员开展批评与自我批评\n"
        "王刚：本人对照检查如下……"
    )
    assert extract_meeting(text) == Meeting(
        date="2024年1月18日下午3:00", place="机关三楼会议室", host="王刚", recorder="刘洋",
        expected=9, present=8, theme=None,
    )


def test_absent_fields_are_none():
    assert extract_meeting("同志们，今天我们召开会议，我讲三点意见。") == Meeting()
    assert extract_meeting("") == Meeting()


def test_partial_name_list_is_not_counted():
    assert extract_meeting("参加人员：张三、李四、王五等").present is None
    assert extract_meeting("参加人员：全体党员").present is None


def test_explicit_count_beats_name_list():
    text = "参加人员：张三、李四、王五\n应到5人，实到4人"
    assert (extract_meeting(text).expected, extract_meeting(text).present) == (5, 4)


def test_label_inside_a_word_is_not_a_label():
    # 会议记录 is a title, not the recorder label; 整改时间 is not the meeting time.
    meeting = extract_meeting("第一党支部会议记录\n整改时间：2024年6月30日前")
    assert meeting.recorder is None and meeting.date is None


def test_date_field_without_a_date_is_ignored():
    assert extract_meeting("时间 | 内容 | 地点").date is None


def test_table_header_row_gives_no_values():
    assert extract_meeting("序号 | 主持人 | 地点 | 主题 | 备注\n1 | 张三 | 会议室 | 学习 | 无") == Meeting()


def test_web_publication_stamp_is_not_a_meeting_date():
    assert extract_meeting("华博范文网 首页\n2024-12-23 华博范文网\n正文……").date is None


def test_first_header_value_wins():
    meeting = extract_meeting("时间：2024年3月15日\n……\n时间：2024年4月1日")
    assert meeting.date == "2024年3月15日"


@pytest.mark.parametrize(
    "token,value", [("9", 9), ("十", 10), ("十二", 12), ("二十", 20), ("二十八", 28), ("两", 2), ("一百零五", 105)]
)
def test_chinese_numbers(token, value):
    patterns = load_patterns()
    assert chinese_number(token, patterns.numerals, patterns.numeral_units) == value


def test_seeds_are_not_minutes_and_yield_no_header():
    seeds = sorted(SEEDS.glob("seed_*.txt"))
    assert len(seeds) == 5
    for path in seeds:
        meeting = extract_meeting(normalize(path.read_text(encoding="utf-8")).text)
        assert meeting.expected is None and meeting.present is None and meeting.host is None


def test_patterns_load_once():
    assert load_patterns() is load_patterns()
