"""Criticism extraction and meeting-level flags on hand-written 组织生活会 minutes
(tests/fixtures/criticism/): each layout, self vs mutual, each flag firing and
not firing, a meeting with no criticism, exact offsets, other document types."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.analyse.base import DocumentView
from pipeline.analyse.criticism import CriticismDetector
from pipeline.analyse.criticism_extract import extract_criticisms
from pipeline.analyse.registry import DOCUMENT_DETECTORS, resolve
from pipeline.normalize import normalize
from pipeline.records import Meeting

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "criticism"


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("zh")


@pytest.fixture(scope="module")
def detector():
    return CriticismDetector.load()


def make_view(nlp, text: str, doc_type: str = "org_life_meeting") -> DocumentView:
    text = normalize(text).text
    return DocumentView.of(text, nlp.make_doc(text), doc_type, path="test.txt", meeting=Meeting())


def fixture_text(name: str) -> str:
    return normalize((FIXTURES / name).read_text(encoding="utf-8")).text


def pairs(items, kind="mutual"):
    return [(item.critic, item.target) for item in items if item.kind == kind]


def flag_codes(findings) -> set[str]:
    return {flag.code for flag in findings.flags}


# ------------------------------------------------------------------ layouts

def test_inline_pairs_with_self_criticism_and_summary_left_out():
    text = fixture_text("pairs.txt")
    items = extract_criticisms(text).items
    assert pairs(items) == [("张伟", "李强"), ("李强", "张伟"), ("王芳", "李强"), ("赵敏", "王芳"), ("陈刚", "赵敏")]
    assert pairs(items, "self") == [("张伟", "张伟"), ("李强", "李强")]
    spans = [text[i.start:i.end] for i in items]
    assert spans[2].startswith("去年10月份有3家企业")
    assert not spans[2].startswith("张伟")  # names and verb are not part of the criticism
    # agenda, the branch report, 民主评议 and the host's summary are not criticisms
    for fragment in ("会议议程", "4个方面问题", "合格等次", "红了脸"):
        assert not any(fragment in span for span in spans), fragment


def test_target_headings_numbered_items_and_multiline():
    text = fixture_text("headings.txt")
    items = extract_criticisms(text).items
    assert pairs(items, "self") == [("周建国", "周建国")]
    assert pairs(items) == [
        ("李强", "周建国"), ("王芳", "周建国"),
        (None, "何平"), (None, "何平"), (None, "何平"),
        (None, "吴丽"), (None, "吴丽"),
    ]
    first = items[1]
    span = text[first.start:first.end]
    assert span.startswith("今年汛期") and span.endswith("群众对此意见很大。")
    assert span.count("\n") == 2
    assert text[items[3].start:items[3].end].startswith("低保复核")  # the (1) is not part of it
    assert text[items[6].start:items[6].end].startswith("秸秆禁烧")  # 一是 is not part of it
    assert not any("本次会议开得很成功" in text[i.start:i.end] for i in items)


def test_docx_tables_three_columns_two_columns_and_reverse():
    text = fixture_text("tables.txt")
    items = extract_criticisms(text).items
    assert pairs(items, "self") == [("孙丽", "孙丽")]
    assert pairs(items) == [
        ("钱多", "孙丽"), ("孙丽", "钱多"), ("郑华", "钱多"),  # 批评人 | 被批评人 | 批评意见
        ("孙丽", "郑华"), ("钱多", "郑华"),  # 姓名 | 批评意见 under 对郑华同志的批评意见
        ("王涛", "孙丽"),  # 被批评人 | 批评意见 under 王涛同志提出的批评意见
    ]
    cell = items[4]
    assert text[cell.start:cell.end].endswith("没有提前自查。")  # a cell that runs over two lines
    assert "被扣了款" in text[cell.start:cell.end]
    # the 民主评议 table (序号 | 姓名 | 评议等次) and header rows give nothing
    assert not any(text[i.start:i.end] in ("优秀", "合格", "内科示教室") for i in items)


def test_pair_heading_followed_by_numbered_items():
    text = "相互批评\n张伟对李强提出以下批评意见：\n1.上个月的安全例会你连续两次没参加。\n2.理论学习不够深入。\n民主评议\n均为合格。"
    items = extract_criticisms(text).items
    assert pairs(items) == [("张伟", "李强"), ("张伟", "李强")]
    assert [text[i.start:i.end] for i in items] == ["上个月的安全例会你连续两次没参加。", "理论学习不够深入。"]


def test_mixed_section_keeps_self_apart_from_mutual():
    text = (
        "二、开展批评与自我批评\n"
        "张伟：本人去年有两次支部学习没有参加。\n"
        "张伟对李强：上个月的值班表你排错了两天，导致值班室空岗。\n"
        "李强：我对自己的工作要求不严，有一次材料报送晚了三天。\n"
    )
    items = extract_criticisms(text).items
    assert [(i.kind, i.critic, i.target) for i in items] == [
        ("self", "张伟", "张伟"), ("mutual", "张伟", "李强"), ("self", "李强", "李强"),
    ]


def test_target_answering_is_not_a_criticism():
    text = "对王芳同志：\n李强：去年12月你经手的报销单有3张缺少附件。\n王芳：我接受大家的批评，会后认真整改。"
    items = extract_criticisms(text).items
    assert pairs(items) == [("李强", "王芳")]


def test_agenda_line_mentioning_mutual_criticism_is_not_a_section():
    text = "会议议程：一、自我批评；二、相互批评；三、民主评议\n张伟：今天的会议很重要。"
    assert extract_criticisms(text).items == []


# ------------------------------------------------------------------ detector output

@pytest.mark.parametrize("name", ["pairs.txt", "headings.txt", "tables.txt", "hollow.txt", "sound.txt", "none.txt"])
def test_offsets_index_the_normalized_text(nlp, detector, name):
    view = make_view(nlp, (FIXTURES / name).read_text(encoding="utf-8"))
    findings = detector.detect(view)
    for item in findings.criticisms:
        assert item.text == view.text[item.start:item.end]
        assert item.label in ("specific", "boilerplate", "suggestion", "praise")
        assert 0.0 <= item.confidence <= 1.0 and item.reasons
    for flag in findings.flags:
        assert flag.evidence
        for evidence in flag.evidence:
            assert evidence.text == view.text[evidence.start:evidence.end]


def test_each_label_found_in_minutes(nlp, detector):
    findings = detector.detect(make_view(nlp, (FIXTURES / "pairs.txt").read_text(encoding="utf-8")))
    labels = {(i.critic, i.target): i.label for i in findings.criticisms if i.kind == "mutual"}
    assert labels == {
        ("张伟", "李强"): "specific", ("李强", "张伟"): "specific", ("王芳", "李强"): "boilerplate",
        ("赵敏", "王芳"): "praise", ("陈刚", "赵敏"): "suggestion",
    }
    assert findings.components["bite"] == pytest.approx(2 / 5, abs=1e-3)


def test_hollow_meeting_raises_every_hollow_flag(nlp, detector):
    findings = detector.detect(make_view(nlp, (FIXTURES / "hollow.txt").read_text(encoding="utf-8")))
    codes = flag_codes(findings)
    assert {"criticism.boilerplate", "criticism.praise_disguised", "criticism.suggestion_only",
            "criticism.repeated", "criticism.low_bite"} <= codes
    assert "criticism.none" not in codes
    by_code = {flag.code: flag for flag in findings.flags}
    boilerplate = [i for i in findings.criticisms if i.label == "boilerplate"]
    assert len(by_code["criticism.boilerplate"].evidence) == len(boilerplate) >= 3
    assert f"{len(boilerplate)}条" in by_code["criticism.boilerplate"].message
    repeated = {e.text for e in by_code["criticism.repeated"].evidence}
    assert repeated == {"理论学习不够深入，要加强学习。", "理论学习还不够深入，要加强学习。"}
    assert len(by_code["criticism.repeated"].evidence) == 3
    assert by_code["criticism.low_bite"].severity == "high"
    assert findings.components["bite"] == 0.0
    for flag in findings.flags:
        assert flag.message.endswith("。") and flag.message.count("。") == 1


def test_sound_meeting_raises_no_flag(nlp, detector):
    findings = detector.detect(make_view(nlp, (FIXTURES / "sound.txt").read_text(encoding="utf-8")))
    assert len(findings.criticisms) == 5
    assert all(item.label == "specific" for item in findings.criticisms)
    assert findings.flags == []
    assert findings.components["bite"] == 1.0


def test_meeting_without_mutual_criticism(nlp, detector):
    view = make_view(nlp, (FIXTURES / "none.txt").read_text(encoding="utf-8"))
    findings = detector.detect(view)
    assert [flag.code for flag in findings.flags] == ["criticism.none"]
    assert findings.flags[0].severity == "high"
    assert [e.text for e in findings.flags[0].evidence] == ["二、党员开展相互批评"]
    assert [i.kind for i in findings.criticisms] == ["self"]
    assert findings.components["bite"] is None


def test_minutes_with_no_criticism_section_point_at_first_line(nlp, detector):
    view = make_view(nlp, "XX支部组织生活会记录\n时间：2024年1月5日\n会议学习了有关文件，大家进行了讨论。")
    findings = detector.detect(view)
    assert findings.criticisms == []
    assert [flag.code for flag in findings.flags] == ["criticism.none"]
    assert findings.flags[0].evidence[0].text == "XX支部组织生活会记录"


def test_repeated_by_several_critics_to_one_member(nlp, detector):
    text = (
        "相互批评\n对刘洋同志：\n张伟：希望进一步加强理论学习。\n李强：希望进一步加强理论学习。\n"
        "王芳：去年3月你负责的项目验收拖了两个月。"
    )
    findings = detector.detect(make_view(nlp, text))
    repeated = [flag for flag in findings.flags if flag.code == "criticism.repeated"]
    assert len(repeated) == 1 and len(repeated[0].evidence) == 2


def test_distinct_criticisms_are_not_repeated(nlp, detector):
    findings = detector.detect(make_view(nlp, (FIXTURES / "tables.txt").read_text(encoding="utf-8")))
    assert "criticism.repeated" not in flag_codes(findings)
    assert "criticism.low_bite" not in flag_codes(findings)  # 3 of 6 specific: exactly half
    assert findings.components["bite"] == 0.5


@pytest.mark.parametrize("doc_type", ["theme_day", "branch_meeting", "report", "speech", "news", "other"])
def test_other_document_types_get_nothing(nlp, detector, doc_type):
    view = make_view(nlp, (FIXTURES / "hollow.txt").read_text(encoding="utf-8"), doc_type=doc_type)
    findings = detector.detect(view)
    assert findings.flags == [] and findings.criticisms == [] and findings.components == {}


def test_registered_and_loadable():
    assert "criticism:CriticismDetector" in DOCUMENT_DETECTORS
    detector_class = resolve("criticism:CriticismDetector")
    assert detector_class is CriticismDetector and detector_class.name == "criticism"


def test_narrative_lines_end_a_criticism_and_headings_may_end_with_a_full_stop():
    text = (
        "第三项，开展批评与自我批评。\n"
        "党员对周敏同志提出批评意见：\n"
        "（1）上周的家长会你没有到场，也没有请假。\n"
        "其余党员之间也相互提了意见，主要集中在加强教研合作等方面。\n"
        "（六）党员对张桂兰等其余6名同志的批评意见，大家一致认为要继续努力。\n"
        "四、民主评议党员。经投票，13名党员中评定优秀党员3名。\n"
        "第四项，吴建明总结：大家提的意见很中肯。\n"
    )
    items = extract_criticisms(text).items
    assert [(i.critic, i.target, text[i.start:i.end]) for i in items] == [
        (None, "周敏", "上周的家长会你没有到场，也没有请假。"),
    ]


def test_boilerplate_message_quotes_the_shared_phrase(nlp, detector):
    findings = detector.detect(make_view(nlp, (FIXTURES / "hollow.txt").read_text(encoding="utf-8")))
    message = next(f.message for f in findings.flags if f.code == "criticism.boilerplate")
    assert "“加强学习”式套话" in message  # in 3 of the 4 items, listed before 理论学习


@pytest.mark.parametrize("line, critic, target, body", [
    ("张伟同志对李强同志提出批评：去年你分管的项目超期两个月。", "张伟", "李强", "去年你分管的项目超期两个月。"),
    ("邱月对韩东的批评：春耕时化肥补贴发放慢。", "邱月", "韩东", "春耕时化肥补贴发放慢。"),
    ("钱志高对陈红：果园承包费有2户拖欠。", "钱志高", "陈红", "果园承包费有2户拖欠。"),
    ("3. 王芳批评赵敏：上周例会迟到了半小时。", "王芳", "赵敏", "上周例会迟到了半小时。"),
    ("组织委员李强对张伟提出批评意见：党费收缴拖到月底。", "李强", "张伟", "党费收缴拖到月底。"),
    ("李强同志对张伟同志提出：去年的述职报告是找人代写的。", "李强", "张伟", "去年的述职报告是找人代写的。"),
])
def test_inline_pair_forms(line, critic, target, body):
    text = "相互批评\n" + line
    items = extract_criticisms(text).items
    assert [(i.critic, i.target, text[i.start:i.end]) for i in items] == [(critic, target, body)]


def test_role_words_and_speech_verbs_before_the_colon():
    text = "对周建国同志：\n组织委员李强：你分管的台账有3个月没更新。\n王芳指出：去年汛期你没有下村。"
    items = extract_criticisms(text).items
    assert [(i.critic, i.target) for i in items] == [("李强", "周建国"), ("王芳", "周建国")]
    assert text[items[1].start:items[1].end] == "去年汛期你没有下村。"


def test_opinion_table_under_democratic_review_is_not_criticism():
    text = "三、民主评议\n姓名 | 等次 | 意见\n孙丽 | 优秀 | 同意评为优秀\n四、相互批评\n批评人 | 被批评人 | 批评意见\n钱多 | 孙丽 | 上周三门诊迟到二十分钟。"
    items = extract_criticisms(text).items
    assert [(i.critic, i.target, text[i.start:i.end]) for i in items] == [("钱多", "孙丽", "上周三门诊迟到二十分钟。")]
