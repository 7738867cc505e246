"""Judge one criticism: specific, boilerplate, suggestion or praise.

The decision is a scikit-learn model (char n-grams plus the cue counts below)
trained by `models/criticism/train.py`, run at audit time from its numpy export
(`model.npz`, see `linear_text`) so the audit never imports scikit-learn; the
cues are found once per text and serve both as model features and, in words,
as the reasons, so an inspector sees *why* (the generic phrase matched, the
date and count found).
Numbered slogans (四个意识, 两个维护, “三个方面”) are masked before facts are
looked for: they look like counts but name nothing checkable.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..resources import json_resource, lexicon, model_path
from .linear_text import LinearTextModel

LABELS = ("specific", "boilerplate", "suggestion", "praise")
FACT_GROUPS = ("date", "count", "consequence", "event")
PHRASE_GROUPS = ("generic", "suggestion", "praise")
CUE_GROUPS = (*FACT_GROUPS, "slogan", *PHRASE_GROUPS)
LABEL_WORDS = {"specific": "具体批评", "boilerplate": "套话", "suggestion": "工作建议", "praise": "变相表扬"}
GROUP_WORDS = {
    "date": "日期或时段", "count": "数量", "consequence": "后果", "event": "具体事件",
    "generic": "套话", "suggestion": "建议句式", "praise": "褒扬句式",
}
MASK = "□"
MODEL_FILE = "model.joblib"  # the trained scikit-learn pipeline (training, tests)
EXPORT_FILE = "model.npz"  # its numpy export, what the audit runs


@dataclass(frozen=True)
class CueLexicon:
    slogans: tuple[str, ...]
    slogan_patterns: tuple[re.Pattern, ...]
    facts: dict[str, tuple[re.Pattern, ...]]
    phrases: dict[str, tuple[str, ...]]
    fillers: frozenset[str]  # generic phrases a message should not quote when a topic is there
    praise_patterns: tuple[re.Pattern, ...]
    max_examples: int


@lru_cache(maxsize=1)
def load_cue_lexicon() -> CueLexicon:
    data = json_resource("criticism", "cues.json")
    return CueLexicon(
        slogans=tuple(sorted(lexicon("criticism", "slogans.txt"), key=len, reverse=True)),
        slogan_patterns=tuple(re.compile(p) for p in data["slogan_patterns"]),
        facts={group: tuple(re.compile(p) for p in data["facts"][group]) for group in FACT_GROUPS},
        phrases={
            "generic": lexicon("criticism", "generic_phrases.txt") + lexicon("criticism", "generic_fillers.txt"),
            "suggestion": lexicon("criticism", "suggestion_frames.txt"),
            "praise": lexicon("criticism", "praise_frames.txt"),
        },
        fillers=frozenset(lexicon("criticism", "generic_fillers.txt")),
        praise_patterns=tuple(re.compile(p) for p in data["praise_patterns"]),
        max_examples=data["max_reason_examples"],
    )


def mask_slogans(text: str, cues: CueLexicon) -> tuple[str, list[str]]:
    """The text with numbered slogans blanked out (same length), and the slogans found."""
    spans: list[tuple[int, int]] = []
    for slogan in (s for s in cues.slogans if s in text):
        spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(slogan), text))
    for pattern in cues.slogan_patterns:
        spans.extend(m.span() for m in pattern.finditer(text))
    chars = list(text)
    found = []
    for start, end in sorted(spans):
        if MASK in "".join(chars[start:end]):
            continue
        found.append(text[start:end].strip("“”"))
        chars[start:end] = MASK * (end - start)
    return "".join(chars), found


def phrase_hits(text: str, phrases: Sequence[str]) -> list[str]:
    """Distinct lexicon phrases found, longest first without overlaps, in text order.

    理论学习不够深入 counts as 理论学习 + 不够深入, not also as 学习不够.
    """
    taken = [False] * len(text)
    hits = []
    for phrase in sorted((p for p in phrases if p in text), key=len, reverse=True):
        for match in re.finditer(re.escape(phrase), text):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, phrase))
    return list(dict.fromkeys(phrase for _, phrase in sorted(hits)))


def find_cues(text: str, cues: CueLexicon) -> dict[str, list[str]]:
    """Every cue group with the distinct strings it matched, in text order."""
    masked, slogans = mask_slogans(text, cues)
    found: dict[str, list[str]] = {"slogan": slogans}
    for group, patterns in cues.facts.items():
        hits = sorted((m.start(), m.group()) for p in patterns for m in p.finditer(masked) if m.group())
        found[group] = list(dict.fromkeys(hit for _, hit in hits))
    for group, phrases in cues.phrases.items():
        found[group] = phrase_hits(text, phrases)
    praise_extra = [m.group() for p in cues.praise_patterns for m in p.finditer(masked)]
    found["praise"] = list(dict.fromkeys(found["praise"] + praise_extra))
    found["digit"] = re.findall(r"\d+", masked)
    return found


def cue_vector(text: str, cues: CueLexicon, found: dict[str, list[str]] | None = None) -> list[float]:
    """log(1+count) per cue group, digits after masking, and the text length
    (`found`: `find_cues(text, cues)` when the caller already has it)."""
    found = find_cues(text, cues) if found is None else found
    counts = [len(found[group]) for group in CUE_GROUPS] + [len(found["digit"]), text.count("你")]
    return [math.log1p(c) for c in counts] + [math.log1p(len(text)) / 5]


@dataclass(frozen=True)
class Judgement:
    label: str
    confidence: float
    reasons: list[str]


def explain(label: str, confidence: float, found: dict[str, list[str]], limit: int) -> list[str]:
    """Reasons in words: the model's call first, then the cues that support or qualify it."""
    def quoted(items: list[str]) -> str:
        return "、".join(f"“{item}”" for item in items[:limit])

    reasons = [f"模型判定为{LABEL_WORDS[label]}（置信度{confidence:.2f}）"]
    facts = [group for group in FACT_GROUPS if found[group]]
    if label == "specific":
        order = [*facts, "generic"]
    else:
        order = [{"boilerplate": "generic", "suggestion": "suggestion", "praise": "praise"}[label], *facts]
    for group in order:
        if found[group]:
            reasons.append(f"{GROUP_WORDS[group]}：{quoted(found[group])}")
    if found["slogan"]:
        reasons.append(f"编号口号不算事实：{quoted(found['slogan'])}")
    if not facts:
        reasons.append("未发现日期、数量、后果或具体事件")
    return reasons


class CriticismJudge:
    """The exported model plus the cue lexicon; `judge()` is pure.

    The scikit-learn training pipeline's cue transformer (`criticism_features.
    CueFeatures`) computes the same `cue_vector` rows that `judge()` passes here.
    """

    def __init__(self, model: LinearTextModel, cues: CueLexicon) -> None:
        self.model = model
        self.cues = cues

    @classmethod
    def load(cls) -> "CriticismJudge":
        return cls(LinearTextModel.load(model_path("criticism", EXPORT_FILE)), load_cue_lexicon())

    def judge(self, texts: Sequence[str]) -> list[Judgement]:
        if not texts:
            return []
        found_all = [find_cues(text, self.cues) for text in texts]
        extra = [cue_vector(text, self.cues, found) for text, found in zip(texts, found_all)]
        probabilities = self.model.predict(list(texts), extra).probabilities
        classes = self.model.classes
        judgements = []
        for found, row in zip(found_all, probabilities):
            best = int(np.argmax(row))
            label, confidence = classes[best], float(row[best])
            judgements.append(Judgement(label, round(confidence, 3), explain(label, confidence, found, self.cues.max_examples)))
        return judgements
