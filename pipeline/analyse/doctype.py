"""Which kind of paperwork a text is, decided by weighted cues an inspector can check.

Each cue (a regex in `models/doctype/cues.json`) counts with the weight of the
zone where it occurs: a title line says more about what a document *is* than a
mention deep in the prose (seed 003 discusses 组织生活会 at length and is still
a report). The winning type's matches are returned as evidence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from ..records import Evidence
from ..resources import json_resource
from ..sentences import Sentence, split_lines
from .literal_needs import Needs, may_match, required_literals

DOC_TYPES = ("org_life_meeting", "theme_day", "branch_meeting", "report", "speech", "news", "other")
ZONES = ("title", "head", "body")
# A cue with anchor "title_end" must end its line: "…对照检查材料" names the
# document, "学习《工作报告》主题党日" only mentions one.
_ANCHORS = {None: "{}", "title_end": r"(?:{})(?=[ \t]*$)"}


@dataclass(frozen=True)
class Cue:
    name: str
    types: tuple[str, ...]
    pattern: re.Pattern
    weights: dict[str, float]
    needs: Needs = None  # `required_literals(pattern)`: a text without them is not scanned


@dataclass(frozen=True)
class CueModel:
    cues: tuple[Cue, ...]
    title_lines: int
    head_lines: int
    short_line_chars: int
    table_line_chars: int
    header_field: re.Pattern
    min_score: float
    max_evidence: int
    tie_order: tuple[str, ...]


@lru_cache(maxsize=1)
def load_cues() -> CueModel:
    data = json_resource("doctype", "cues.json")
    cues = []
    for entry in data["cues"]:
        unknown = set(entry["types"]) - set(DOC_TYPES)
        if unknown:
            raise ValueError(f"cue {entry['name']} names unknown document types {unknown}")
        pattern = re.compile(_ANCHORS[entry.get("anchor")].format(entry["pattern"]), re.M)
        cues.append(Cue(entry["name"], tuple(entry["types"]), pattern, entry["weights"], required_literals(pattern)))
    zones = data["zones"]
    return CueModel(
        cues=tuple(cues),
        title_lines=zones["title_lines"],
        head_lines=zones["head_lines"],
        short_line_chars=zones["short_line_chars"],
        table_line_chars=zones["table_line_chars"],
        header_field=re.compile(zones["header_field"]),
        min_score=data["min_score"],
        max_evidence=data["max_evidence"],
        tie_order=tuple(data["tie_order"]),
    )


@dataclass(frozen=True)
class Zoning:
    """Line starts (sorted) with the zone of each line, for offset → zone lookups.

    `head_end` is where the last title or head line ends: past it all is body.
    """

    starts: list[int]
    zones: list[str]
    head_end: int

    def zone_at(self, offset: int) -> str:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.zones[index] if index >= 0 else "body"


def zone_lines(text: str, model: CueModel, lines: Optional[Sequence[Sentence]] = None) -> Zoning:
    """Short lines near the top are title or head; a prose line among the title lines is
    the lead (a record written as prose says what it is there); other prose is body.

    Table rows and lines of header fields (时间：… 地点：…) may be longer than prose lines.
    `lines` are the text's `split_lines`, when the caller has them already.
    """
    starts, zones, head_end = [], [], 0
    for number, line in enumerate(split_lines(text) if lines is None else lines):
        fields = " | " in line.text or len(model.header_field.findall(line.text)) >= 2
        limit = model.table_line_chars if fields else model.short_line_chars
        short = len(line.text) <= limit
        if short and number < model.title_lines:
            zone = "title"
        elif short and number < model.head_lines:
            zone = "head"
        elif number < model.title_lines:
            zone = "lead"
        else:
            zone = "body"
        if zone != "body":
            head_end = line.end
        starts.append(line.start)
        zones.append(zone)
    return Zoning(starts, zones, head_end)


@dataclass(frozen=True)
class CueHit:
    cue: Cue
    weight: float
    evidence: Evidence


def best_hit(cue: Cue, text: str, zoning: Zoning) -> Optional[CueHit]:
    """The first match in the heaviest zone where the cue occurs (repeats add nothing).

    Past `head_end` every match is body, so one body match is all that is read,
    and a cue that does not count in the body is not searched there at all.
    """
    if not may_match(cue.needs, text):
        return None
    body_weight = cue.weights.get("body", 0)
    top_weight = max(cue.weights.values())
    best: Optional[CueHit] = None
    for match in cue.pattern.finditer(text, 0, len(text) if body_weight > 0 else zoning.head_end):
        if match.end() == match.start():
            continue
        in_body = match.start() >= zoning.head_end
        zone = "body" if in_body else zoning.zone_at(match.start())
        weight = cue.weights.get(zone, body_weight if zone == "lead" else 0)
        if weight > 0 and (best is None or weight > best.weight):
            best = CueHit(cue, weight, Evidence(match.start(), match.end(), match.group()))
        if best is not None and (best.weight == top_weight or in_body):
            break
    return best


def score_types(
    text: str, lines: Optional[Sequence[Sentence]] = None
) -> tuple[dict[str, float], dict[str, list[CueHit]]]:
    """Score per document type and the cue hits behind each score (`lines` as in `zone_lines`)."""
    model = load_cues()
    zoning = zone_lines(text, model, lines)
    scores = {doc_type: 0.0 for doc_type in DOC_TYPES}
    hits: dict[str, list[CueHit]] = {doc_type: [] for doc_type in DOC_TYPES}
    for cue in model.cues:
        hit = best_hit(cue, text, zoning)
        if hit is None:
            continue
        for doc_type in cue.types:
            scores[doc_type] += hit.weight
            hits[doc_type].append(hit)
    return scores, hits


def detect_doc_type(text: str, lines: Optional[Sequence[Sentence]] = None) -> tuple[str, list[Evidence]]:
    """One of DOC_TYPES plus the matched cue spans that decided it (heaviest first).

    Below `min_score` the answer is `other`, with no evidence unless an
    explicit `other` cue (a title ending in 通知, 方案 …) fired. `lines` as in `zone_lines`.
    """
    model = load_cues()
    scores, hits = score_types(text, lines)
    order = {doc_type: i for i, doc_type in enumerate(model.tie_order)}
    winner = max(DOC_TYPES, key=lambda t: (scores[t], -order.get(t, len(order))))
    if scores[winner] < model.min_score:
        winner = "other"
    chosen = sorted(hits[winner], key=lambda h: (-h.weight, h.evidence.start))[: model.max_evidence]
    return winner, sorted((h.evidence for h in chosen), key=lambda e: e.start)


def qualifies_as(text: str, doc_type: str) -> bool:
    """Whether `doc_type`'s own cues reach `min_score`, whatever another type scored
    (a theme day written up as a news item is still a record of that theme day)."""
    return score_types(text)[0][doc_type] >= load_cues().min_score
