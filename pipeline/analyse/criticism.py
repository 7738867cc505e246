"""Criticism without bite (seed 003, problem 1): judge every criticism in
organizational-life minutes and the meeting's mutual criticism as a whole.

Only `org_life_meeting` documents are read. Items come from
`criticism_extract`, labels and reasons from `criticism_judge`. Flags concern
mutual criticism only: self-criticism is kept in the record (kind "self") but a
meeting is judged by what members said to each other. `bite` (share of specific
mutual criticisms) goes into the components so meetings can be ranked.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, Optional

from ..records import Criticism, Evidence, Findings, Flag
from ..resources import json_resource
from .base import DocumentView
from .criticism_extract import Extraction, extract_criticisms
from .criticism_judge import CriticismJudge, CueLexicon, find_cues

DOC_TYPE = "org_life_meeting"


@dataclass(frozen=True)
class FlagRules:
    flags: dict[str, dict[str, str]]
    label_flags: dict[str, str]
    example_chars: int
    repeat_min_chars: int
    repeat_similarity: float
    repeat_strip: re.Pattern


@lru_cache(maxsize=1)
def load_flag_rules() -> FlagRules:
    data = json_resource("criticism", "flags.json")
    repeated = data["repeated"]
    return FlagRules(
        flags=data["flags"],
        label_flags=data["label_flags"],
        example_chars=data["example_chars"],
        repeat_min_chars=repeated["min_chars"],
        repeat_similarity=repeated["similarity"],
        repeat_strip=re.compile(repeated["strip"]),
    )


def evidence_of(items: list[Criticism]) -> list[Evidence]:
    return [Evidence(item.start, item.end, item.text) for item in items]


def make_flag(code: str, rules: FlagRules, evidence: list[Evidence], plain: bool = False, **values) -> Flag:
    spec = rules.flags[code]
    template = spec["message_plain"] if plain and "message_plain" in spec else spec["message"]
    return Flag(code, spec["severity"], template.format(**values), evidence)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split()).rstrip("。；;，,")
    return text if len(text) <= limit else text[:limit] + "…"


def bite(mutual: list[Criticism]) -> Optional[float]:
    """Share of specific mutual criticisms; None when there is none to judge."""
    if not mutual:
        return None
    return round(sum(item.label == "specific" for item in mutual) / len(mutual), 3)


def label_flags(mutual: list[Criticism], rules: FlagRules, cues: CueLexicon) -> list[Flag]:
    """One flag per hollow label, listing every mutual criticism with that label."""
    flags = []
    for label, code in rules.label_flags.items():
        items = [item for item in mutual if item.label == label]
        if not items:
            continue
        if label == "suggestion":  # suggestions share no phrase; quote the first one
            example = shorten(items[0].text, rules.example_chars)
        else:
            example = typical_phrase(items, label, cues)
        flags.append(make_flag(code, rules, evidence_of(items), plain=example is None,
                               count=len(items), example=example))
    return flags


def typical_phrase(items: list[Criticism], label: str, cues: CueLexicon) -> Optional[str]:
    """The cue phrase most of these items share (e.g. 加强学习), for the message:
    a topic before a filler (有待加强), then the most frequent, then lexicon order."""
    group = {"boilerplate": "generic", "praise": "praise"}.get(label)
    if group is None:
        return None
    counts = Counter(phrase for item in items for phrase in find_cues(item.text, cues)[group])
    order = {phrase: index for index, phrase in enumerate(cues.phrases[group])}
    if not counts:
        return None
    return max(counts, key=lambda p: (p not in cues.fillers, counts[p], -order.get(p, len(order))))


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset([text])


def repeat_key(item: Criticism, rules: FlagRules) -> str:
    """The wording with names, pronouns and punctuation removed."""
    text = item.text
    for name in (item.critic, item.target):
        if name:
            text = text.replace(name, "")
    return rules.repeat_strip.sub("", text)


def repeated_groups(mutual: list[Criticism], rules: FlagRules) -> list[list[Criticism]]:
    """Groups of (nearly) identical criticisms given to several members or by several critics."""
    keys = [repeat_key(item, rules) for item in mutual]
    grams = [bigrams(key) for key in keys]
    parent = list(range(len(mutual)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(mutual)):
        for j in range(i + 1, len(mutual)):
            if min(len(keys[i]), len(keys[j])) < rules.repeat_min_chars:
                continue
            overlap = len(grams[i] & grams[j]) / len(grams[i] | grams[j])
            if overlap >= rules.repeat_similarity:
                parent[root(j)] = root(i)
    groups: dict[int, list[Criticism]] = {}
    for index, item in enumerate(mutual):
        groups.setdefault(root(index), []).append(item)
    return [
        group for group in groups.values()
        if len(group) > 1 and (len({i.target for i in group}) > 1 or len({i.critic for i in group}) > 1)
    ]


def meeting_flags(mutual: list[Criticism], extraction: Extraction, view: DocumentView,
                  rules: FlagRules, cues: CueLexicon) -> list[Flag]:
    if not mutual:
        where = extraction.mutual_headings[:1] or view.lines[:1]
        return [make_flag("criticism.none", rules, [Evidence(s.start, s.end, s.text) for s in where])]
    flags = label_flags(mutual, rules, cues)
    groups = repeated_groups(mutual, rules)
    if groups:
        items = sorted((item for group in groups for item in group), key=lambda i: i.start)
        flags.append(make_flag("criticism.repeated", rules, evidence_of(items), count=len(items),
                               example=shorten(groups[0][0].text, rules.example_chars)))
    specific = sum(item.label == "specific" for item in mutual)
    if specific * 2 < len(mutual):
        hollow = [item for item in mutual if item.label != "specific"]
        flags.append(make_flag("criticism.low_bite", rules, evidence_of(hollow), total=len(mutual), specific=specific))
    return flags


class CriticismDetector:
    """Extract, judge and flag the criticism in organizational-life minutes."""

    name: ClassVar[str] = "criticism"

    def __init__(self, judge: CriticismJudge, rules: FlagRules) -> None:
        self.judge = judge
        self.rules = rules

    @classmethod
    def load(cls) -> "CriticismDetector":
        return cls(CriticismJudge.load(), load_flag_rules())

    def criticisms(self, text: str) -> tuple[list[Criticism], Extraction]:
        """Every criticism item of minutes text, judged, in document order."""
        extraction = extract_criticisms(text)
        spans = [text[found.start:found.end] for found in extraction.items]
        items = [
            Criticism(found.kind, found.critic, found.target, span, found.start, found.end,
                      judgement.label, judgement.confidence, judgement.reasons)
            for found, span, judgement in zip(extraction.items, spans, self.judge.judge(spans))
        ]
        return items, extraction

    def detect(self, view: DocumentView) -> Findings:
        if view.doc_type != DOC_TYPE:
            return Findings()
        items, extraction = self.criticisms(view.text)
        mutual = [item for item in items if item.kind == "mutual"]
        return Findings(
            flags=meeting_flags(mutual, extraction, view, self.rules, self.judge.cues),
            criticisms=items,
            components={"bite": bite(mutual)},
        )
