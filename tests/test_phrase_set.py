"""Phrase sets: tried only where a phrase opens, found exactly as the trie regex's
`finditer` finds them (leftmost, longest, not overlapping)."""
from __future__ import annotations

import random

import pytest

from pipeline.analyse.phrase_set import PhraseSet
from pipeline.resources import lexicon
from corpus_texts import corpus_texts

PHRASES = ["高度重视", "高度", "重视程度", "落到实处", "实处", "一以贯之", "不断", "不断加强"]


@pytest.mark.parametrize("text, found", [
    ("我们高度重视程度不够", ["高度重视"]),  # leftmost first, then the longest there
    ("工作落到实处。实处", ["落到实处", "实处"]),
    ("不断加强不断", ["不断加强", "不断"]),  # a two-character phrase at the very end
    ("", []),
    ("高", []),
    ("𠀀高度𠀀重视", ["高度"]),  # characters beyond the BMP around a phrase
])
def test_spans_are_leftmost_longest_and_do_not_overlap(text, found):
    phrases = PhraseSet.of(PHRASES)
    assert phrases.initials is not None
    assert [text[s:e] for s, e in phrases.spans(text)] == found
    assert phrases.spans(text) == [m.span() for m in phrases.pattern.finditer(text)]


def test_a_one_character_phrase_falls_back_to_the_plain_scan():
    phrases = PhraseSet.of(["好", "很好"])
    assert phrases.initials is None
    assert phrases.spans("很好，好") == [(0, 2), (3, 4)]


@pytest.mark.parametrize("name", ["set_phrases.txt", "biaotai.txt"])
def test_the_shipped_lexicons_give_what_the_regex_gives_on_the_corpora(name):
    phrases = PhraseSet.of(lexicon("substance", name))
    texts = corpus_texts()
    rng = random.Random(3)
    entries = sorted(set(lexicon("substance", name)))
    texts += ["".join(rng.choice(entries) + rng.choice(["", "，", "的"]) for _ in range(40)) for _ in range(50)]
    for text in texts:
        assert phrases.spans(text) == [m.span() for m in phrases.pattern.finditer(text)]
