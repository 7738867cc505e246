"""Substance score: how much of a text says something checkable.

The components (`substance_features.FEATURES`) are measured for the whole
document and for each sentence; a linear model fitted on the ranked corpus
`corpora/substance/` (`models/substance/train.py`) weighs them, and a logistic
calibration maps the linear score to 0..100 (higher = more substantive).
Flags: substance.hollow, substance.slogan_heavy, substance.meeting_chain,
substance.no_measures.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Iterable, Sequence

import numpy
from spacy.tokens import Doc

from ..records import Evidence, Findings, Flag
from ..resources import json_resource
from ..segment import token_columns
from ..sentences import Sentence, sentence_bounds
from .base import DocumentView
from .substance_features import FEATURES, Cue, Marks, WordTokens, mark_document, measure_spans, owners

MODEL_FILE = ("substance", "model.json")


@dataclass(frozen=True)
class SubstanceModel:
    """Standardize → weighted sum → logistic calibration to 0..100."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    slope: float
    intercept: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubstanceModel":
        if tuple(data["features"]) != FEATURES:
            raise ValueError("models/substance/model.json was fitted on other features; rerun train.py")
        return cls(
            tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]),
            tuple(data["weights"]), float(data["slope"]), float(data["intercept"]),
        )

    def linear(self, components: dict[str, float]) -> float:
        return sum(
            w * (components[name] - m) / s
            for name, m, s, w in zip(self.features, self.mean, self.scale, self.weights)
        )

    def score(self, components: dict[str, float]) -> float:
        z = self.slope * self.linear(components) + self.intercept
        return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def scores(self, values: numpy.ndarray) -> numpy.ndarray:
        """`score` for many rows of component values (columns in `features` order)."""
        linear = ((values - numpy.array(self.mean)) / numpy.array(self.scale)) @ numpy.array(self.weights)
        z = numpy.minimum(numpy.maximum(self.slope * linear + self.intercept, -50.0), 50.0)
        return 100.0 / (1.0 + numpy.exp(-z))


@lru_cache(maxsize=1)
def load_model() -> SubstanceModel:
    return SubstanceModel.from_dict(json_resource(*MODEL_FILE))


def word_tokens(doc: Doc) -> WordTokens:
    """The word tokens of `doc`: spaces and punctuation do not count.

    Read as arrays (offsets and ORTH ids) in one call, since a Python object per
    token cost more than the rest of the detector."""
    columns = token_columns(doc)
    words = ~(columns.punct | columns.spaces)
    starts = columns.starts[words]
    return WordTokens(starts=starts, ends=starts + columns.lengths[words], orths=columns.orths[words])


@dataclass
class SubstanceDetector:
    """Scores a document and its sentences, and flags hollow prose.

    Options (all via `load(**options)`):
    - hollow_threshold (30): document score below this → substance.hollow
    - slogan_share (0.20) and slogan_min (5): share of Chinese characters in set
      phrases and numbered slogans, and their count, for substance.slogan_heavy
      (on the sample corpus sound documents stay at or below 0.15, hollow
      reports and speeches reach 0.20 and more)
    - no_measures_share (0.5), no_measures_min (2), no_measures_doc_types: the
      share and count of problems without measure/deadline/responsibility, and
      the document types where substance.no_measures applies (default: report,
      which covers 对照检查材料, 述职报告, 整改报告; criticism in minutes is
      judged by the criticism detector)
    - max_evidence (5), min_sentence_chars (8): evidence size; sentences shorter
      than min_sentence_chars (headings) are not quoted as hollowest
    """

    name: ClassVar[str] = "substance"
    model: SubstanceModel
    hollow_threshold: float = 30.0
    slogan_share: float = 0.20
    slogan_min: int = 5
    no_measures_share: float = 0.5
    no_measures_min: int = 2
    no_measures_doc_types: tuple[str, ...] = ("report",)
    max_evidence: int = 5
    min_sentence_chars: int = 8

    @classmethod
    def load(cls, **options: Any) -> "SubstanceDetector":
        if "no_measures_doc_types" in options:
            options["no_measures_doc_types"] = tuple(options["no_measures_doc_types"])
        return cls(model=load_model(), **options)

    def detect(self, view: DocumentView) -> Findings:
        marks = mark_document(view.text, word_tokens(view.doc), view.sentences)
        bounds = sentence_bounds(view.sentences)
        rows = measure_spans(marks, bounds, whole_text=True)
        components = dict(zip(FEATURES, rows[-1].tolist()))
        score = self.model.score(components)
        sentences = self._sentences(marks, view.sentences, bounds, rows[:-1])
        counts = _cue_counts(marks.cues)
        flags = [
            flag for flag in (
                self._hollow(score, sentences),
                self._slogan_heavy(components, marks),
                self._meeting_chain(marks),
                self._no_measures(marks, view.doc_type),
            ) if flag is not None
        ]
        return Findings(
            flags=flags,
            score=round(score, 2),
            components={
                **{k: round(v, 4) for k, v in components.items()},
                "linear": round(self.model.linear(components), 4),
                "counts": counts,
                "hollow_threshold": self.hollow_threshold,
            },
            extra={"sentences": sentences},
        )

    def _sentences(
        self, marks: Marks, sentences: Sequence[Sentence], bounds: numpy.ndarray, components: numpy.ndarray
    ) -> list[dict[str, Any]]:
        """Each sentence (`bounds`: its start and end) with its own score (from its row
        of `components`) and the cues inside it."""
        scores = self.model.scores(components).tolist() if len(sentences) else []
        cues: list[list[str]] = [[] for _ in sentences]
        cue_owner = owners(bounds[:, 0], bounds[:, 1], marks.cue_starts, marks.cue_ends)
        for cue, owner in zip(marks.cues, cue_owner.tolist()):
            if owner >= 0:
                cues[owner].append(f"{cue.kind}:{cue.text}")
        return [
            {"start": s.start, "end": s.end, "text": s.text, "score": round(score, 2), "cues": found}
            for s, score, found in zip(sentences, scores, cues)
        ]

    def _hollow(self, score: float, sentences: Sequence[dict[str, Any]]) -> Flag | None:
        if score >= self.hollow_threshold:
            return None
        quotable = [s for s in sentences if len(s["text"]) >= self.min_sentence_chars] or list(sentences)
        hollowest = sorted(quotable, key=lambda s: (s["score"], s["start"]))[: self.max_evidence]
        return Flag(
            "substance.hollow", "medium",
            f"全文实质性得分{score:.0f}分，低于{self.hollow_threshold:g}分，"
            "内容多为套话和表态，缺少可核查的数量、时间、地点和责任人。",
            _evidence(
                ((s["start"], s["end"], s["text"]) for s in sorted(hollowest, key=lambda s: s["start"])),
                self.max_evidence,
            ),
        )

    def _slogan_heavy(self, components: dict[str, float], marks: Marks) -> Flag | None:
        phrases = [c for c in marks.cues if c.kind in ("set_phrase", "slogan")]
        if components["set_phrase_share"] < self.slogan_share or len(phrases) < self.slogan_min:
            return None
        examples = "、".join(f"“{c.text.strip('“”')}”" for c in phrases[:3])
        return Flag(
            "substance.slogan_heavy", "low",
            f"套话和数字口号占全文文字的{components['set_phrase_share']:.0%}，共{len(phrases)}处，如{examples}。",
            _evidence(((c.start, c.end, c.text) for c in phrases), self.max_evidence),
        )

    def _meeting_chain(self, marks: Marks) -> Flag | None:
        if not marks.chains:
            return None
        steps = [c for c in marks.cues if c.kind.startswith("chain:")]
        named = "、".join(dict.fromkeys(c.text for c in steps[:4]))
        return Flag(
            "substance.meeting_chain", "medium",
            f"以会议贯彻会议、以文件落实文件：连续写了{named}等{len(steps)}个步骤，却没有写出任何结果。",
            _evidence(((s, e, marks.text[s:e]) for s, e in marks.chains), self.max_evidence),
        )

    def _no_measures(self, marks: Marks, doc_type: str) -> Flag | None:
        if doc_type not in self.no_measures_doc_types:
            return None
        total = len(marks.problems)
        bare = [s for s, measured in marks.problems if not measured]
        if total < self.no_measures_min or len(bare) < self.no_measures_min:
            return None
        if len(bare) / total < self.no_measures_share:
            return None
        return Flag(
            "substance.no_measures", "medium",
            f"列出的{total}个问题中有{len(bare)}个没有写明整改措施、完成时限或责任人。",
            _evidence(((s.start, s.end, s.text) for s in bare), self.max_evidence),
        )


def _evidence(spans: Iterable[tuple[int, int, str]], limit: int) -> list[Evidence]:
    return [Evidence(start, end, text) for start, end, text in list(spans)[:limit]]


def _cue_counts(cues: Iterable[Cue]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for cue in cues:
        family = cue.kind.split(":")[0]
        counts[family] = counts.get(family, 0) + 1
    return counts
