"""Procedure detector: batch votes, incomplete minutes and quorum each fire on
unsound minutes and stay silent on sound ones (逐个表决 with per-person counts,
complete election minutes); the quorum share is an option; offsets are exact."""
from __future__ import annotations

import pytest
import spacy

from pipeline.analyse.base import DocumentView
from pipeline.analyse.procedure import ProcedureDetector
from pipeline.records import Findings, Meeting


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("zh")


@pytest.fixture(scope="module")
def detector():
    return ProcedureDetector.load()


def make_view(nlp, text: str, doc_type: str = "branch_meeting", meeting: Meeting | None = None) -> DocumentView:
    return DocumentView.of(text, nlp.make_doc(text), doc_type, path="<test>", meeting=meeting)


def codes(findings: Findings) -> set[str]:
    return {flag.code for flag in findings.flags}


def flag(findings: Findings, code: str):
    return next(f for f in findings.flags if f.code == code)


def assert_offsets(text: str, findings: Findings) -> None:
    for item in findings.flags:
        assert item.evidence, item.code
        for evidence in item.evidence:
            assert text[evidence.start:evidence.end] == evidence.text


HEADER = (
    "第一党支部党员大会会议记录\n时间：2024年6月12日\n地点：三楼会议室\n主持人：支部书记张伟\n记录人：刘洋\n"
    "应到党员12人，实到11人\n"
)
BATCH_SENTENCE = "经举手表决，一致同意接收张明、李娜、王浩3名同志为预备党员。"
BATCH = HEADER + "会议议程：讨论接收预备党员\n入党介绍人介绍了三名发展对象的情况。" + BATCH_SENTENCE
ONE_BY_ONE = HEADER + (
    "会议议程：讨论接收预备党员\n会议对发展对象逐个进行表决。\n"
    "对赵雪同志接收为预备党员进行表决，赞成11票，反对0票，弃权0票。\n"
    "对李娜同志接收为预备党员进行表决，赞成10票，反对0票，弃权1票。\n"
)
ELECTION = (
    "高家庄村党支部换届选举党员大会会议记录\n时间：2024年10月8日上午\n地点：村委会大会议室\n"
    "主持人：刘刚\n记录人：高敏\n应到党员38人，实到35人\n"
    "推选高长山、王秀英为监票人，李文为计票人。\n候选人：高志强、张红梅、高建国、李春生\n"
    "发出选票35张，收回选票35张，有效票35张。\n"
    "选举结果：高志强得33票，张红梅得31票，高建国得29票，李春生得12票。高志强、张红梅、高建国当选。"
)


def test_one_vote_for_three_applicants_is_a_batch_vote(nlp, detector):
    findings = detector.detect(make_view(nlp, BATCH))
    assert codes(findings) == {"procedure.batch_vote"}
    batch = flag(findings, "procedure.batch_vote")
    assert [e.text for e in batch.evidence] == [BATCH_SENTENCE]
    assert "张明、李娜、王浩" in batch.message and "逐一表决" in batch.message
    assert_offsets(BATCH, findings)


@pytest.mark.parametrize("sentence", [
    "经与会党员举手表决，同意赵刚、钱坤同志按期转为中共正式党员。",
    "会议对3名发展对象进行了表决，均以11票赞成获得通过。",
    "大会对发展对象集中表决，均获全票通过。",
    "会上对曹阳、谢琳、萧然等同志的入党问题进行了表决，全票通过。",
])
def test_other_batch_vote_wordings(nlp, detector, sentence):
    text = HEADER + sentence
    findings = detector.detect(make_view(nlp, text))
    assert codes(findings) == {"procedure.batch_vote"}
    assert flag(findings, "procedure.batch_vote").evidence[0].text == sentence


def test_one_vote_per_person_is_sound(nlp, detector):
    assert codes(detector.detect(make_view(nlp, ONE_BY_ONE))) == set()


def test_summary_after_per_person_tallies_is_sound(nlp, detector):
    text = ONE_BY_ONE + "综上，会议一致同意接收赵雪、李娜2名同志为预备党员，报上级党委审批。"
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_summary_without_tallies_for_everyone_is_a_batch_vote(nlp, detector):
    text = ONE_BY_ONE + "综上，会议一致同意接收赵雪、李娜、王浩3名同志为预备党员。"
    assert codes(detector.detect(make_view(nlp, text))) == {"procedure.batch_vote"}


@pytest.mark.parametrize("sentence", [
    "经举手表决，一致同意接收赵雪同志为预备党员。",
    "经逐一表决，一致同意接收张明、李娜为预备党员。",
    "经举手表决，9名同志全部同意接收刘畅同志为预备党员。",
])
def test_single_or_individual_votes_are_sound(nlp, detector, sentence):
    assert codes(detector.detect(make_view(nlp, HEADER + sentence))) == set()


def test_batch_vote_is_found_in_any_document_type(nlp, detector):
    text = "关于发展党员工作的情况报告\n今年3月，经举手表决，一致同意接收张明、李娜2名同志为预备党员。"
    assert codes(detector.detect(make_view(nlp, text, doc_type="report"))) == {"procedure.batch_vote"}


def test_a_report_about_the_rule_is_not_a_vote(nlp, detector):
    text = (
        "关于2024年发展党员工作情况的报告\n针对个别支部审批2名以上预备党员时未逐一表决的问题，"
        "机关党委开展了培训。各支部接收预备党员时均执行逐个表决程序。"
    )
    assert codes(detector.detect(make_view(nlp, text, doc_type="report"))) == set()


def test_missing_header_fields_are_listed(nlp, detector):
    text = BATCH.replace("记录人：刘洋\n", "").replace("应到党员12人，实到11人", "实到11人")
    findings = detector.detect(make_view(nlp, text))
    incomplete = flag(findings, "procedure.incomplete_record")
    assert incomplete.message == "会议记录缺少：记录人、应到人数。"
    assert incomplete.evidence[0].text == "第一党支部党员大会会议记录"
    assert_offsets(text, findings)


def test_complete_minutes_and_non_minutes_get_no_incomplete_flag(nlp, detector):
    assert "procedure.incomplete_record" not in codes(detector.detect(make_view(nlp, ONE_BY_ONE)))
    prose = "关于机关党建工作的总结\n今年以来，机关党委坚持学习制度。"
    assert codes(detector.detect(make_view(nlp, prose, doc_type="report"))) == set()


@pytest.mark.parametrize("doc_type", ["org_life_meeting", "theme_day", "branch_meeting"])
def test_every_meeting_type_is_checked(nlp, detector, doc_type):
    text = "第二党支部会议记录\n时间：2024年3月1日\n地点：会议室\n全体党员学习了党章。"
    incomplete = flag(detector.detect(make_view(nlp, text, doc_type=doc_type)), "procedure.incomplete_record")
    assert incomplete.message == "会议记录缺少：主持人、记录人、应到人数、实到人数。"


def test_host_and_recorder_named_in_prose_count(nlp, detector):
    text = (
        "第三党支部党员大会会议记录\n2024年11月16日上午，在会议室召开支部党员大会，支部书记程远同志主持，刘洋记录。"
        "应到党员20人，实到18人。\n全体党员学习了党章。"
    )
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_complete_election_minutes_are_sound(nlp, detector):
    assert codes(detector.detect(make_view(nlp, ELECTION))) == set()


def test_election_without_tellers_and_counts(nlp, detector):
    text = (
        "新城社区党支部换届选举大会记录\n时间：2024年11月15日\n地点：社区党群服务中心\n主持人：姜华\n记录人：王倩\n"
        "应到党员46人，实到41人\n会议通过了选举办法。经无记名投票，选举李敏、何平、孙志军为新一届支部委员会委员。"
    )
    findings = detector.detect(make_view(nlp, text))
    incomplete = flag(findings, "procedure.incomplete_record")
    assert incomplete.message == "会议记录缺少：监票人、计票人、各候选人得票数。"
    assert_offsets(text, findings)


def test_election_with_a_candidate_lacking_a_count(nlp, detector):
    text = ELECTION.replace("，李春生得12票", "")
    incomplete = flag(detector.detect(make_view(nlp, text)), "procedure.incomplete_record")
    assert incomplete.message == "会议记录缺少：各候选人得票数。"


QUORUM = (
    "东江电子公司党支部党员大会会议记录\n时间：2024年7月30日\n地点：公司二楼会议室\n主持人：黄涛\n记录人：邓宁\n"
    "应到有表决权的正式党员22名，实到9名\n"
    "经举手表决，一致同意接收刘畅同志为预备党员。"
)


def test_vote_with_fewer_than_half_present_fails_quorum(nlp, detector):
    findings = detector.detect(make_view(nlp, QUORUM))
    assert codes(findings) == {"procedure.quorum"}
    quorum = flag(findings, "procedure.quorum")
    assert "应到22人" in quorum.message and "实到9人" in quorum.message
    assert quorum.evidence[-1].text == "经举手表决，一致同意接收刘畅同志为预备党员。"
    assert_offsets(QUORUM, findings)


def test_exactly_half_is_not_a_quorum_but_more_than_half_is(nlp, detector):
    assert codes(detector.detect(make_view(nlp, QUORUM.replace("实到9名", "实到11名")))) == {"procedure.quorum"}
    assert codes(detector.detect(make_view(nlp, QUORUM.replace("实到9名", "实到12名")))) == set()


def test_low_attendance_without_a_vote_is_not_a_quorum_problem(nlp, detector):
    text = QUORUM.replace("经举手表决，一致同意接收刘畅同志为预备党员。", "全体到会党员学习了党章。")
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_quorum_share_is_configurable(nlp):
    view = make_view(nlp, QUORUM)  # 9 of 22 present
    assert codes(ProcedureDetector.load(quorum_share=0.4).detect(view)) == set()
    assert codes(ProcedureDetector.load(quorum_share=0.5).detect(view)) == {"procedure.quorum"}


def test_hand_built_meeting_is_used(nlp, detector):
    text = "党员大会会议记录\n经举手表决，一致同意接收刘畅同志为预备党员。"
    meeting = Meeting(date="2024年7月30日", host="黄涛", recorder="邓宁", expected=20, present=6)
    findings = detector.detect(make_view(nlp, text, meeting=meeting))
    assert codes(findings) == {"procedure.quorum"}
    assert_offsets(text, findings)


def test_a_report_citing_counts_is_not_checked_for_quorum(nlp, detector):
    text = "关于发展党员工作的报告\n支部应到党员20人，实到8人的会议上，经举手表决接收了赵雪同志。"
    assert "procedure.quorum" not in codes(detector.detect(make_view(nlp, text, doc_type="report")))
    assert "procedure.quorum" in codes(detector.detect(make_view(nlp, text, doc_type="branch_meeting")))


def test_summary_naming_a_count_after_the_names_is_sound(nlp, detector):
    text = ONE_BY_ONE + "根据表决结果，支部大会同意赵雪、李娜两名同志的申请，报党委审批。"
    assert codes(detector.detect(make_view(nlp, text))) == set()


def test_membership_matter_in_the_sentence_before_the_vote(nlp, detector):
    text = HEADER + "会议讨论接收发展对象青松、翠柏、红梅为预备党员。经全体党员举手表决，以上3名同志全票通过。"
    batch = flag(detector.detect(make_view(nlp, text)), "procedure.batch_vote")
    assert batch.evidence[0].text == "经全体党员举手表决，以上3名同志全票通过。"


def test_attendance_is_read_only_for_meeting_records(nlp, detector, monkeypatch):
    """Reading the member counts is the detector's costliest step, and only minutes use it."""
    import pipeline.analyse.procedure as procedure

    calls = []
    real = procedure.attendance
    monkeypatch.setattr(procedure, "attendance", lambda view: calls.append(view.doc_type) or real(view))
    text = "关于发展党员工作的报告\n支部应到党员20人，实到8人的会议上，经举手表决接收了赵雪同志。"
    for doc_type in ("report", "speech", "news", "branch_meeting"):
        detector.detect(make_view(nlp, text, doc_type=doc_type))
    assert calls == ["branch_meeting"]
