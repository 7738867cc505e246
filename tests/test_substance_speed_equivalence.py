"""The fast substance paths agree with the plain definitions they replace:
whole-text scans placed into sentences vs scanning each sentence alone, clause
counts from running sums vs splitting, repeated runs vs counting substrings,
function words from ORTH ids vs token texts."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy
import pytest

from pipeline.analyse.substance import word_tokens
from pipeline.analyse.substance_features import (
    SentencedText, _clauses, expand_han_except, load_patterns, mark_document, measure, measure_spans, owners,
    repeated_mask, sentence_matches,
)
from pipeline.ingest import extract, iter_sources
from pipeline.normalize import normalize
from pipeline.resources import json_resource, lexicon
from pipeline.segment import build_language
from pipeline.sentences import split_sentences

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"
# A meeting step that runs over a sentence end and hides the step the second
# sentence holds alone: the whole-text scan finds 召开！召开支委会议, scanning
# each sentence finds only 召开支委会议.
CROSSING = "支部召开！召开支委会议研究。随后传达学习上级精神。\n制定了整改工作方案。"


@pytest.fixture(scope="module")
def nlp():
    return build_language("auto")


def texts():
    samples = [extract(source) for source in iter_sources([SAMPLES])]
    return [CROSSING] + [normalize(raw.text).text for raw in samples if raw.error is None and raw.text.strip()][:12]


def sentence_patterns():
    patterns = load_patterns()
    return [patterns.outcome, patterns.problem, patterns.measure, patterns.measure_heading, *patterns.chain_steps.values()]


@pytest.mark.parametrize("text", texts())
def test_sentence_matches_equal_scanning_each_sentence_alone(text):
    sentences = split_sentences(text)
    sentenced = SentencedText.of(text, sentences)
    for pattern in sentence_patterns():
        alone = {
            index: [(s.start + m.start(), s.start + m.end()) for m in pattern.finditer(s.text)]
            for index, s in enumerate(sentences)
        }
        assert sentence_matches(pattern, sentenced) == {i: found for i, found in alone.items() if found}


def test_the_crossing_case_is_exercised():
    meeting = load_patterns().chain_steps["meeting"]
    sentences = split_sentences(CROSSING)
    first = next(meeting.finditer(CROSSING))
    assert first.start() < sentences[0].end < first.end()
    found = sentence_matches(meeting, SentencedText.of(CROSSING, sentences))
    assert 0 not in found
    assert [CROSSING[s:e] for s, e in found[1]] == ["召开支委会议"]


@pytest.mark.parametrize("text", texts())
def test_clause_counts_equal_splitting(nlp, text):
    marks = mark_document(text, word_tokens(nlp(text)))
    delimiters = re.compile("[" + re.escape(json_resource("substance", "patterns.json")["clause_delimiters"]) + "]")
    spans = [(s.start, s.end) for s in split_sentences(text)] + [(0, len(text)), (3, len(text) - 2)]
    starts = numpy.array([s for s, _ in spans], dtype=numpy.int64)
    ends = numpy.array([e for _, e in spans], dtype=numpy.int64)
    expected = [
        sum(1 for part in delimiters.split(text[s:e]) if re.search("[\u4e00-\u9fff]", part)) for s, e in spans
    ]
    assert _clauses(marks, starts, ends).tolist() == expected


@pytest.mark.parametrize("text", texts()[:4])
def test_repeated_mask_equals_counting_runs(text):
    run = 10
    counts = Counter(text[i : i + run] for i in range(len(text) - run + 1))
    expected = numpy.zeros(len(text), dtype=bool)
    for i in range(len(text) - run + 1):
        window = text[i : i + run]
        if counts[window] > 1 and "\n" not in window and re.search("[\u4e00-\u9fff]", window):
            expected[i : i + run] = True
    assert repeated_mask(text, run).tolist() == expected.tolist()


@pytest.mark.parametrize("text", texts()[:4])
def test_function_words_from_orth_ids_equal_token_texts(nlp, text):
    tokens = word_tokens(nlp(text))
    words = set(lexicon("substance", "function_words.txt"))
    expected = [text[s:e] in words for s, e in zip(tokens.starts.tolist(), tokens.ends.tolist())]
    marks = mark_document(text, tokens)
    assert numpy.diff(marks.function_tokens_before).astype(bool).tolist() == expected


@pytest.mark.parametrize("text", texts()[:6] + ["。。。", " "])
def test_whole_text_row_equals_measuring_the_text_alone(nlp, text):
    marks = mark_document(text, word_tokens(nlp(text)))
    spans = [(s.start, s.end) for s in split_sentences(text)]
    rows = measure_spans(marks, spans, whole_text=True)
    assert rows[-1].tolist() == list(measure(marks).values())
    assert rows[:-1].tolist() == (measure_spans(marks, spans).tolist() if spans else [])


def test_owners_without_spans_owns_nothing():
    empty = numpy.zeros(0, dtype=numpy.int64)
    assert owners(empty, empty, [0, 4], [2, 6]).tolist() == [-1, -1]
    assert owners(numpy.array([0, 5]), numpy.array([5, 9]), [0, 4, 6], [2, 6, 9]).tolist() == [0, -1, 1]


def test_han_except_class_matches_as_the_lookahead_it_replaces():
    excluded = "的了一步老旧x鿿"
    expanded = re.compile(expand_han_except("{han_except:" + excluded + "}"))
    lookahead = re.compile("(?:(?![" + re.escape(excluded) + "])[\u4e00-\u9fff])")
    for code in range(0x4D00, 0xA100):
        char = chr(code)
        assert bool(expanded.fullmatch(char)) == bool(lookahead.fullmatch(char)), hex(code)
    assert "{han_except" not in "".join(p.pattern for ps in load_patterns().facts.values() for p in ps)
