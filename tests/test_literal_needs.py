"""Literal needs of a regex: a text without any of them cannot match, so skipping
the scan changes nothing (checked on every pattern that uses them, over the corpora)."""
from __future__ import annotations

import re

import pytest

from pipeline.analyse.doctype import best_hit, load_cues, zone_lines
from pipeline.analyse.literal_needs import may_match, required_literals
from corpus_texts import corpus_texts


@pytest.mark.parametrize("source, needs", [
    ("主题党日|党日活动", {"主题党日", "党日活动"}),
    ("(?:开展|举行)了?[^，。]{0,20}?(?:主题党日|固定党日)", {"主题党日", "固定党日"}),
    ("时\\s?间[:：]", {"时", "间"}),  # one of the two runs: both are in every match
    ("(?<!通)过(?:了|个)?本月", {"本月"}),
    ("(?=党日)", {"党日"}),
    ("(?!党日)支部", {"支部"}),
    ("[甲乙丙]支部|第[一二]党小组", {"支部", "党小组"}),
    ("(?:支部)?大会", {"大会"}),
    ("\\d+月", {"月"}),
])
def test_needs_are_strings_every_match_holds(source, needs):
    found = required_literals(re.compile(source))
    if source == "时\\s?间[:：]":
        assert found in ({"时"}, {"间"}, {":", "："})
    else:
        assert found == needs


@pytest.mark.parametrize("source", [
    "\\d+", "(?:党日)?", "[^，]+", "党日|\\d", "a|", "(?i)abc", ".", "[一-龥]{2}",
    "甲|乙|丙|丁|戊|己|庚|辛|壬",  # more than eight strings: no needs
])
def test_no_needs_without_a_guarantee(source):
    assert required_literals(re.compile(source)) is None


def test_may_match_rules_out_only_texts_without_any_need():
    needs = required_literals(re.compile("主题党日|固定党日"))
    assert may_match(needs, "开展固定党日活动") and not may_match(needs, "召开支部委员会")
    assert may_match(None, "")


def test_every_cue_match_in_the_corpora_holds_a_need_and_hits_are_unchanged():
    texts = corpus_texts()
    assert len(texts) > 2000
    model = load_cues()
    guarded = [cue for cue in model.cues if cue.needs is not None]
    assert len(guarded) >= 20  # most cues name some vocabulary
    for cue in guarded:
        for text in texts:
            if cue.pattern.search(text):
                assert may_match(cue.needs, text), (cue.name, sorted(cue.needs))
    unguarded = [type(cue)(cue.name, cue.types, cue.pattern, cue.weights) for cue in guarded]
    for text in texts[:600]:
        zoning = zone_lines(text, model)
        assert [_found(best_hit(cue, text, zoning)) for cue in guarded] == [
            _found(best_hit(cue, text, zoning)) for cue in unguarded
        ]


def _found(hit):
    return None if hit is None else (hit.weight, hit.evidence)
