"""Substance components on hand-made texts, each flag firing and not firing,
the sentence view, evidence offsets, and the held-out ranking accuracy
(read from scores.json AND recomputed by loading the model)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.analyse.base import DocumentView
from pipeline.analyse.substance import SubstanceDetector, load_model, word_tokens
from pipeline.analyse.substance_features import mark_document, measure
from pipeline.records import Meeting
from pipeline.resources import lexicon
from pipeline.segment import build_language
from pipeline.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]

HOLLOW = (
    "我们始终高度重视，认真贯彻落实上级决策部署，扎实推进各项工作，取得明显成效。"
    "全体党员切实加强学习，不断提升能力，坚决拥护“两个维护”，做到“四个到位”。"
    "下一步，我们将以更加饱满的热情，确保各项任务落到实处，奋力开创新局面。"
)
CONCRETE = (
    "10月份有3家企业的整改复查超过了15个工作日。城东街道316家商户签订了承诺书，投入13万元更换消防设施。"
    "整改完成率由62%提高到96%，剩余2项在11月底前完成，责任人：王建国。"
)
CHAIN = (
    "接到通知后，支部第一时间召开支委会议传达学习上级精神。随后研究部署整改工作，成立整改工作领导小组。"
    "制定了整改工作方案，与每名党员签订责任书。"
)
PROBLEMS = "对照检查，本人存在以下问题：一是理论学习不够系统。二是担当意识不强。三是联系群众不够。"
PROBLEMS_MEASURED = (
    "一是理论学习不够系统。整改措施：每周三晚自学2小时，12月底前完成，由组织委员检查。"
    "二是联系群众不够。整改措施：每月下社区2天，责任人：李明。"
)


@pytest.fixture(scope="module")
def nlp():
    return build_language("auto")


@pytest.fixture(scope="module")
def detector():
    return SubstanceDetector.load()


def components(nlp, text):
    return measure(mark_document(text, word_tokens(nlp(text))))


def view(nlp, text, doc_type="report"):
    return DocumentView.of(text, nlp(text), doc_type, path="<t>", meeting=Meeting())


def test_set_phrase_lexicon_is_large_and_unique():
    entries = lexicon("substance", "set_phrases.txt")
    assert len(entries) >= 400
    assert len(entries) == len(set(entries))


def test_specificity_counts_checkable_facts(nlp):
    assert components(nlp, CONCRETE)["specificity"] > 0.3
    assert components(nlp, HOLLOW)["specificity"] == 0.0


@pytest.mark.parametrize("slogan", ["四个到位", "三个一", "两个维护", "五个坚持", "“三服务”", "三会一课", "五大行动"])
def test_numbered_slogans_never_count_as_facts(nlp, slogan):
    text = f"我们坚持{slogan}，推动工作落实。"
    values = components(nlp, text)
    marks = mark_document(text, word_tokens(nlp(text)))
    assert values["specificity"] == 0.0
    assert not [c for c in marks.cues if c.kind.startswith("fact:")]
    assert any(c.kind == "slogan" for c in marks.cues)


def test_real_figures_next_to_a_slogan_still_count(nlp):
    marks = mark_document("落实“四个到位”，检查企业316家。", word_tokens(nlp("落实“四个到位”，检查企业316家。")))
    facts = [c.text for c in marks.cues if c.kind.startswith("fact:")]
    assert facts == ["316家"]


def test_set_phrase_and_biaotai_density(nlp):
    hollow, concrete = components(nlp, HOLLOW), components(nlp, CONCRETE)
    assert hollow["set_phrase_share"] > 0.25 > concrete["set_phrase_share"]
    assert hollow["biaotai_density"] > 0 == concrete["biaotai_density"]
    assert hollow["slogan_density"] > 0 == concrete["slogan_density"]


def test_meeting_chain_needs_three_steps_and_no_outcome(nlp):
    assert components(nlp, CHAIN)["meeting_chain_density"] > 0
    with_outcome = CHAIN + "截至10月底已整改完成问题17个。"
    assert components(nlp, with_outcome)["meeting_chain_density"] == 0
    assert components(nlp, "支部召开会议，传达学习上级精神。")["meeting_chain_density"] == 0


def test_problems_without_measures(nlp):
    assert components(nlp, PROBLEMS)["problems_without_measures_share"] == 1.0
    assert components(nlp, PROBLEMS_MEASURED)["problems_without_measures_share"] == 0.0


def test_redundancy_counts_repeated_ten_character_runs(nlp):
    once = "支部全年开展主题党日活动十二次，参加人数逐月上升。"
    assert components(nlp, once)["redundancy"] == 0.0
    assert components(nlp, once + "另外，" + once)["redundancy"] > 0.8


def test_readability(nlp):
    short = components(nlp, "检查企业316家，整改57处。")
    long_ = components(nlp, "我们不断进一步深入全面地认真并且切实地加强和改进以及提升各项工作的质量和水平与效率。")
    assert long_["chars_per_clause"] > short["chars_per_clause"]
    assert long_["function_word_share"] > short["function_word_share"]


def test_score_ranks_concrete_above_hollow(nlp, detector):
    hollow = detector.detect(view(nlp, HOLLOW))
    concrete = detector.detect(view(nlp, CONCRETE))
    assert 0 <= hollow.score < 30 < 70 < concrete.score <= 100
    json.dumps(hollow.components)


def assert_offsets(text, flag):
    assert flag.evidence
    for ev in flag.evidence:
        assert text[ev.start : ev.end] == ev.text
    assert flag.message.endswith("。")


def flags_by_code(findings):
    return {f.code: f for f in findings.flags}


def test_hollow_flag_fires_and_not(nlp, detector):
    fired = flags_by_code(detector.detect(view(nlp, HOLLOW)))
    assert "substance.hollow" in fired
    assert_offsets(HOLLOW, fired["substance.hollow"])
    assert "substance.hollow" not in flags_by_code(detector.detect(view(nlp, CONCRETE)))
    lenient = SubstanceDetector.load(hollow_threshold=0.0)
    assert "substance.hollow" not in flags_by_code(lenient.detect(view(nlp, HOLLOW)))


def test_slogan_heavy_fires_and_not(nlp, detector):
    fired = flags_by_code(detector.detect(view(nlp, HOLLOW)))
    assert "substance.slogan_heavy" in fired
    assert_offsets(HOLLOW, fired["substance.slogan_heavy"])
    assert "substance.slogan_heavy" not in flags_by_code(detector.detect(view(nlp, CONCRETE)))


def test_meeting_chain_flag_fires_and_not(nlp, detector):
    fired = flags_by_code(detector.detect(view(nlp, CHAIN)))
    assert "substance.meeting_chain" in fired
    assert_offsets(CHAIN, fired["substance.meeting_chain"])
    assert "substance.meeting_chain" not in flags_by_code(detector.detect(view(nlp, CONCRETE)))


def test_no_measures_flag_fires_and_not(nlp, detector):
    fired = flags_by_code(detector.detect(view(nlp, PROBLEMS)))
    assert "substance.no_measures" in fired
    assert_offsets(PROBLEMS, fired["substance.no_measures"])
    assert "substance.no_measures" not in flags_by_code(detector.detect(view(nlp, PROBLEMS_MEASURED)))
    assert "substance.no_measures" not in flags_by_code(detector.detect(view(nlp, PROBLEMS, doc_type="speech")))


def test_sentence_view(nlp, detector):
    text = HOLLOW + CONCRETE
    sentences = detector.detect(view(nlp, text)).extra["sentences"]
    assert len(sentences) == len(split_sentences(text))
    for s in sentences:
        assert text[s["start"] : s["end"]] == s["text"]
        assert 0 <= s["score"] <= 100
    by_text = {s["text"]: s for s in sentences}
    first_hollow = by_text["我们始终高度重视，认真贯彻落实上级决策部署，扎实推进各项工作，取得明显成效。"]
    first_fact = by_text["城东街道316家商户签订了承诺书，投入13万元更换消防设施。"]
    assert first_fact["score"] > first_hollow["score"]
    assert "fact:quantity:316家" in first_fact["cues"]
    assert "set_phrase:认真贯彻落实" in first_hollow["cues"]


def test_heldout_ranking_accuracy_reported_and_recomputed(nlp):
    scores = json.loads((REPO / "models" / "substance" / "scores.json").read_text(encoding="utf-8"))
    reported = scores["heldout"]["pairwise_accuracy"]
    assert reported >= 0.95
    rows = [
        json.loads(line)
        for line in (REPO / "corpora" / "substance" / "paragraphs.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    assert len(rows) >= 300
    held = [r for r in rows if r["split"] == "heldout"]
    train_topics = {r["topic"] for r in rows if r["split"] == "train"}
    assert held and not {r["topic"] for r in held} & train_topics
    model = load_model()
    values = [model.score(components(nlp, r["text"])) for r in held]
    pairs = [
        (i, j) for i in range(len(held)) for j in range(len(held))
        if held[i]["topic"] == held[j]["topic"] and held[i]["tier"] > held[j]["tier"]
    ]
    recomputed = sum(1.0 if values[i] > values[j] else 0.5 if values[i] == values[j] else 0.0 for i, j in pairs) / len(pairs)
    assert recomputed == pytest.approx(reported, abs=1e-3)
    assert recomputed >= 0.95


def test_the_audit_record_carries_score_components_and_sentences():
    from pipeline.audit import analyze

    record = analyze("工作总结\n" + HOLLOW).to_dict()
    assert record["substance"]["score"] < 30
    assert record["substance"]["components"]["set_phrase_share"] > 0.25
    assert [s["text"] for s in record["extra"]["sentences"]] == [s.text for s in split_sentences(record["text"])]
    assert "substance.hollow" in {f["code"] for f in record["flags"]}


def test_problems_answered_in_a_later_measures_section_count_as_measured(nlp):
    text = (
        "二、存在的问题\n一是理论学习不够系统。二是联系群众不够。\n"
        "三、下一步打算\n每周三晚自学2小时，12月底前完成第一轮走访，由组织委员检查。"
    )
    values = components(nlp, text)
    marks = mark_document(text, word_tokens(nlp(text)))
    assert [s.text for s, _ in marks.problems] == ["一是理论学习不够系统。", "二是联系群众不够。"]
    assert values["problems_without_measures_share"] == 0.0
    hollow_plan = text.replace("每周三晚自学2小时，12月底前完成第一轮走访，由组织委员检查。", "进一步加强学习，改进作风。")
    assert components(nlp, hollow_plan)["problems_without_measures_share"] == 1.0


def test_sentence_scores_equal_scoring_each_sentence_alone(nlp, detector):
    text = HOLLOW + CHAIN + PROBLEMS + CONCRETE
    marks = mark_document(text, word_tokens(nlp(text)))
    model = load_model()
    for s in detector.detect(view(nlp, text)).extra["sentences"]:
        assert s["score"] == pytest.approx(model.score(measure(marks, s["start"], s["end"])), abs=0.01)
