"""Segmentation: the domain dictionary, single-token domain terms in both
backends, sentence boundaries that match `split_sentences`, domain-term spans,
and no side effects on jieba's global tokenizer."""
from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import jieba
import pytest
from spacy.util import get_words_and_spaces

from pipeline.normalize import normalize
from pipeline.resources import model_path
from pipeline.segment import (
    AUTO_BACKEND,
    DOMAIN_LABEL,
    DOMAIN_SPANS,
    build_language,
    domain_terms,
    domain_vocabulary,
    load_segmenter,
    resolve_backend,
    words_and_spaces,
)
from pipeline.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "samples"  # the seed documents, as shipped
ISSUE_TERMS = ["三会一课", "主题党日", "组织生活会", "批评与自我批评", "两学一做", "四强党支部", "预备党员", "民主评议"]
BRIEF_TERMS = [
    "发展对象", "入党积极分子", "重温入党誓词", "党费", "支委会", "党员大会", "党小组会", "对照检查",
    "以案促改", "第一议题", "四个意识", "四个自信", "两个维护", "两个确立", "不忘初心", "牢记使命",
    "主题教育", "党史学习教育", "全面从严治党", "中央八项规定", "组织委员", "宣传委员", "纪检委员",
    "党支部书记", "逐个表决", "举手表决", "无记名投票", "计票人", "监票人", "换届选举", "红色教育基地", "志愿服务",
]
SENTENCES = [
    "会上，{}是大家讨论的重点。",
    "今年以来，支部认真落实{}，取得了一定成效。",
    "关于{}的有关情况报告如下：",
    "第一党支部把{}作为一项重要工作来抓。",
]
BACKENDS = ["jieba", "rjieba"]


@pytest.fixture(scope="module", params=BACKENDS)
def nlp(request):
    return build_language(request.param)


def dictionary_words() -> list[str]:
    lines = model_path("domain_dict.txt").read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_dictionary_has_at_least_300_distinct_terms():
    words = dictionary_words()
    assert len(set(words)) >= 300


def test_no_term_listed_twice():
    words = dictionary_words()
    duplicates = sorted({w for w in words if words.count(w) > 1})
    assert duplicates == []


def test_dictionary_lines_are_jieba_userdict_format():
    header = model_path("domain_dict.txt").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#") and "version" in header
    for term in domain_terms():
        assert term.freq > 0 and term.tag.isalpha() and term.tag.islower()
        assert not any(ch.isspace() for ch in term.word)


def sampled_terms() -> list[str]:
    others = sorted(domain_vocabulary() - set(ISSUE_TERMS) - set(BRIEF_TERMS))
    return ISSUE_TERMS + BRIEF_TERMS + random.Random(20240315).sample(others, 50)


@pytest.mark.parametrize("term", sampled_terms())
def test_domain_terms_are_single_tokens(nlp, term):
    for sentence in SENTENCES:
        tokens = [t.text for t in nlp(sentence.format(term))]
        assert term in tokens, (sentence, tokens)


def test_dictionary_terms_are_in_the_vocabulary():
    assert set(ISSUE_TERMS) <= domain_vocabulary()
    assert set(BRIEF_TERMS) <= domain_vocabulary()


def test_domain_term_spans(nlp):
    doc = nlp("支部召开组织生活会，开展批评与自我批评，并讨论预备党员转正。")
    spans = doc.spans[DOMAIN_SPANS]
    assert [s.text for s in spans] == ["组织生活会", "批评与自我批评", "预备党员"]
    assert {s.label_ for s in spans} == {DOMAIN_LABEL}
    assert all(doc.text[s.start_char:s.end_char] == s.text for s in spans)


def test_global_jieba_is_not_changed():
    sentence = "支部召开组织生活会"
    before = jieba.lcut(sentence)
    build_language("jieba")
    assert jieba.lcut(sentence) == before
    assert "组织生活会" not in before


def test_rjieba_language_never_loads_jiebas_global_dictionary():
    """Loading jieba's own dictionary costs ~0.8 s in every worker process and the
    rjieba pipeline never uses it (checked in a fresh process, where nothing else loaded it)."""
    probe = (
        "import jieba; from pipeline.segment import build_language; "
        "nlp = build_language('rjieba'); tokens = [t.text for t in nlp('支部召开组织生活会')]; "
        "print(jieba.dt.initialized, tokens[-1])"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["False", "组织生活会"]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("seed_*.txt")), ids=lambda p: p.name[5:8])
def test_sentences_match_split_sentences(nlp, path):
    text = normalize(path.read_text(encoding="utf-8")).text
    doc = nlp(text)
    assert doc.text == text
    ours = [(s.start_char, s.text.strip()) for s in doc.sents]
    assert ours == [(s.start, s.text) for s in split_sentences(text)]


def test_sentences_on_lines_and_quotes(nlp):
    text = "时间：2024年3月15日\n地点：会议室\n他说：“要加强学习。”大家同意！下一步怎么办？"
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents] == [s.text for s in split_sentences(text)]


def test_empty_text(nlp):
    doc = nlp("")
    assert len(doc) == 0 and list(doc.spans[DOMAIN_SPANS]) == []


def test_backends_agree_on_chinese_prose():
    text = "机关党委审批2名以上预备党员时，未体现逐一表决通过的程序，部分支部换届选举时会议记录不全。"
    jieba_tokens = [t.text for t in build_language("jieba")(text)]
    rjieba_tokens = [t.text for t in build_language("rjieba")(text)]
    assert jieba_tokens == rjieba_tokens


def test_backend_choice():
    assert resolve_backend("auto") == AUTO_BACKEND
    assert resolve_backend("jieba") == "jieba"
    with pytest.raises(ValueError):
        resolve_backend("pkuseg")
    with pytest.raises(ValueError):
        build_language("nonsense")


def test_jieba_logs_nothing_while_loading(capfd):
    load_segmenter.cache_clear()
    build_language("jieba")
    assert "Prefix dict" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "text",
    ["  a  b \n\n c ", " 开头空格", "结尾空格 ", "中文 中文  中文\n \n中文\t中文", "   ", "a b", "党建 \n 工作", "第一行\n\n第二行。"],
)
def test_whitespace_alignment_matches_spacy(text):
    segmenter = load_segmenter("jieba")
    words = [w for w in segmenter.cut(text, cut_all=False) if w]
    assert words_and_spaces(words, text) == get_words_and_spaces(words, text)


def test_long_documents_are_processed_in_linear_time():
    # 1.26 million characters: beyond spaCy's default max_length, and ~50 s with
    # spaCy's quadratic aligner against ~2 s here.
    nlp = build_language("rjieba")
    text = "支部召开组织生活会，开展批评与自我批评。\n" * 60000
    start = time.perf_counter()
    doc = nlp(text)
    assert time.perf_counter() - start < 15.0
    assert len(doc.spans[DOMAIN_SPANS]) == 120000
    assert sum(1 for _ in doc.sents) == 60000


def test_rjieba_ships_jiebas_default_dictionary():
    with jieba.get_dict_file() as handle:
        words = [line.split()[0] for line in handle.read().decode("utf-8").splitlines() if line.strip()]
    assert len(words) > 300_000
    engine = load_segmenter("rjieba").engine
    sample = random.Random(7).sample(words, 3000)
    assert [w for w in sample if not engine.has_word(w)] == []


def test_the_view_takes_the_sentences_the_pipe_kept_and_doc_text_keeps_spaces(nlp):
    from pipeline.analyse.base import DocumentView
    from pipeline.segment import SENTENCES, doc_text

    text = "支部召开组织生活会。 会上开展批评与自我批评 Party  branch\n整改清单已上报！"
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    view = DocumentView.of(text, doc, "org_life_meeting")
    assert view.sentences is doc._.get(SENTENCES)
    assert view.sentences == split_sentences(text)
    bare = DocumentView.of(text, nlp.make_doc(text), "org_life_meeting")
    assert bare.sentences == split_sentences(text)


def test_the_sentence_pipe_reads_the_tokenizers_text_and_rebuilds_it_without(nlp):
    """The tokenizer hands its text to the pipes (`fa_text`); a Doc made some other
    way gets the same sentences from the text rebuilt out of its tokens."""
    from spacy.tokens import Doc

    from pipeline.segment import SENTENCES, SOURCE_TEXT

    text = "支部召开组织生活会。 会上开展批评与自我批评 Party  branch\n整改清单已上报！"
    doc = nlp(text)
    assert doc._.get(SOURCE_TEXT) == doc.text == text
    rebuilt = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    assert rebuilt._.get(SOURCE_TEXT) is None
    assert nlp.get_pipe("fa_sentences")(rebuilt)._.get(SENTENCES) == doc._.get(SENTENCES) == split_sentences(text)
    assert [span.text for span in doc.spans["domain_terms"]] == ["组织生活会", "批评与自我批评", "整改清单"]


def test_token_columns_are_read_once_per_doc_and_match_the_tokens(nlp):
    from pipeline.segment import token_columns

    doc = nlp("支部召开组织生活会。 会上开展批评与自我批评 Party  branch\n整改清单已上报！")
    columns = token_columns(doc)
    assert token_columns(doc) is columns  # kept on the Doc, not read again
    assert columns.starts.tolist() == [t.idx for t in doc]
    assert columns.lengths.tolist() == [len(t) for t in doc]
    assert columns.orths.tolist() == [t.orth for t in doc]
    assert columns.spaces.tolist() == [t.is_space for t in doc]
    assert columns.punct.tolist() == [t.is_punct for t in doc]
