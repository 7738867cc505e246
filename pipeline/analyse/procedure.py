"""Procedure in branch minutes: one vote per applicant, a complete record, a quorum.

Seed 003's third problem: 审批2名以上预备党员时未体现逐一表决, and 换届选举
minutes that are 记录不全、程序不严谨. Patterns live in
`models/procedure/patterns.json`; the header fields come from the meeting
extractor (`view.meeting`), attendance from `attendance.py`, with the members
entitled to vote (`有表决权的正式党员9名`) and host and recorder in prose
(`支部书记张伟主持，李娜记录`) that header parsing leaves out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Optional

from ..records import Evidence, Findings, Flag
from ..resources import json_resource
from ..sentences import Sentence
from .base import DocumentView
from .attendance import Attendance, Count, attendance, to_number

HEADER_FIELDS = ("date", "host", "recorder", "expected", "present")
SINGLE_PATTERNS = (
    "vote_cue", "quorum_vote_cue", "subject_cue", "individual_cue", "batch_cue", "name_list",
    "count_group", "per_person_vote", "election_cue", "teller_cue", "counter_cue",
    "candidate_count", "candidate_list", "host_fallback", "recorder_fallback",
)
PATTERN_LISTS = ("voting_expected", "voting_present")


@dataclass(frozen=True)
class ProcedureConfig:
    """Thresholds an inspector may change.

    `quorum_share`: a vote is valid only when MORE than this share of the
    members entitled to vote are present (《发展党员工作细则》: 超过半数), so
    exactly half present is flagged.
    """

    quorum_share: float = 0.5


@dataclass(frozen=True)
class ProcedurePatterns:
    vote_cue: re.Pattern
    quorum_vote_cue: re.Pattern
    subject_cue: re.Pattern
    individual_cue: re.Pattern
    batch_cue: re.Pattern
    name_list: re.Pattern
    count_group: re.Pattern
    per_person_vote: re.Pattern
    election_cue: re.Pattern
    teller_cue: re.Pattern
    counter_cue: re.Pattern
    candidate_count: re.Pattern
    candidate_list: re.Pattern
    host_fallback: re.Pattern
    recorder_fallback: re.Pattern
    voting_expected: tuple[re.Pattern, ...]
    voting_present: tuple[re.Pattern, ...]
    field_names: dict[str, str]
    meeting_doc_types: frozenset[str]
    max_evidence: int


@lru_cache(maxsize=1)
def load_patterns() -> ProcedurePatterns:
    data = json_resource("procedure", "patterns.json")

    def compiled(pattern: str) -> re.Pattern:
        return re.compile(pattern.replace("{name}", data["name"]).replace("{number}", data["number"]))

    return ProcedurePatterns(
        **{name: compiled(data[name]) for name in SINGLE_PATTERNS},
        **{name: tuple(compiled(p) for p in data[name]) for name in PATTERN_LISTS},
        field_names=data["field_names"],
        meeting_doc_types=frozenset(data["meeting_doc_types"]),
        max_evidence=data["max_evidence"],
    )


def _first_count(text: str, regexes: tuple[re.Pattern, ...]) -> Optional[Count]:
    for regex in regexes:
        match = regex.search(text)
        if match:
            return Count(to_number(match.group("n")), Evidence(match.start(), match.end(), match.group()))
    return None


def voting_attendance(view: DocumentView, patterns: ProcedurePatterns, general: Attendance) -> Attendance:
    """Members entitled to vote (正式党员) when the minutes count them apart."""
    return Attendance(
        expected=_first_count(view.text, patterns.voting_expected) or general.expected,
        present=_first_count(view.text, patterns.voting_present) or general.present,
    )


@dataclass(frozen=True)
class BatchVote:
    sentence: Sentence
    names: tuple[str, ...]
    people: int


_NAME_TAIL = re.compile(r"(?:同志|等|[零一二两三四五六七八九十\d]+[名位个])+$")


def _clean_name(name: str) -> str:
    """`张明同志` → `张明`, `韩冬四名` → `韩冬`: the list regex may take what follows a name."""
    cleaned = _NAME_TAIL.sub("", name)
    return cleaned if len(cleaned) >= 2 else name


def _names_in(sentence: Sentence, patterns: ProcedurePatterns) -> tuple[str, ...]:
    """The longest 、-list of people after a decision verb (接收/同意/通过 …)."""
    best: tuple[str, ...] = ()
    for match in patterns.name_list.finditer(sentence.text):
        names = tuple(_clean_name(n) for n in re.split(r"[、和及与]", match.group("names")) if n)
        if len(names) > len(best):
            best = names
    return best


def _group_count(sentence: Sentence, patterns: ProcedurePatterns) -> int:
    return max((to_number(m.group("n")) for m in patterns.count_group.finditer(sentence.text)), default=0)


def _tallies(sentences: list[Sentence], skip: Sentence, patterns: ProcedurePatterns) -> list[str]:
    """Context (this and the previous sentence) of every per-person vote tally outside `skip`."""
    contexts = []
    for index, sentence in enumerate(sentences):
        if sentence == skip:
            continue
        for _ in patterns.per_person_vote.finditer(sentence.text):
            previous = sentences[index - 1].text if index > 0 else ""
            contexts.append(previous + sentence.text)
    return contexts


def batch_votes(sentences: list[Sentence], patterns: ProcedurePatterns) -> list[BatchVote]:
    """Votes on membership that cover two or more people at once.

    The membership matter (预备党员, 转正 …) may sit in the vote sentence or the
    one before it (`讨论接收A、B、C。经举手表决，以上3名同志全票通过。`). A
    sentence that says 逐个/分别 is sound, and so is a summary sentence whose
    people each have their own tally elsewhere (对赵雪同志……赞成13票).
    """
    found = []
    for index, sentence in enumerate(sentences):
        text = sentence.text
        previous = sentences[index - 1].text if index > 0 else ""
        if not patterns.vote_cue.search(text):
            continue
        if not (patterns.subject_cue.search(text) or patterns.subject_cue.search(previous)):
            continue
        if patterns.individual_cue.search(text):
            continue
        names = _names_in(sentence, patterns)
        people = max(len(names), _group_count(sentence, patterns))
        explicit_batch = bool(patterns.batch_cue.search(text))
        if people < 2 and not explicit_batch:
            continue
        tallies = _tallies(sentences, sentence, patterns)
        if names and all(any(name in context for context in tallies) for name in names):
            continue
        if not names and people >= 2 and len(tallies) >= people:
            continue
        found.append(BatchVote(sentence, names, people))
    return found


def _is_election(text: str, patterns: ProcedurePatterns) -> bool:
    return bool(patterns.election_cue.search(text))


def _candidate_counts_missing(view: DocumentView, patterns: ProcedurePatterns) -> bool:
    """No tally at all, or a listed candidate without a tally in his sentence."""
    tallied = [
        s.text for s in view.sentences
        if patterns.candidate_count.search(s.text) or patterns.per_person_vote.search(s.text)
    ]
    if not tallied:
        return True
    listed = patterns.candidate_list.search(view.text)
    if listed is None:
        return False
    names = [n for n in re.split(r"[、和及与 ]", listed.group("names")) if n]
    return not all(any(name in sentence for sentence in tallied) for name in names)


def missing_fields(view: DocumentView, counts: Attendance, patterns: ProcedurePatterns) -> list[str]:
    """Keys of `field_names` the minutes lack, in the order an inspector reads a header."""
    present = {
        "date": view.meeting.date is not None,
        "host": view.meeting.host is not None or bool(patterns.host_fallback.search(view.text)),
        "recorder": view.meeting.recorder is not None or bool(patterns.recorder_fallback.search(view.text)),
        "expected": counts.expected is not None,
        "present": counts.present is not None,
    }
    missing = [field for field in HEADER_FIELDS if not present[field]]
    if _is_election(view.text, patterns):
        if not patterns.teller_cue.search(view.text):
            missing.append("tellers")
        if not patterns.counter_cue.search(view.text):
            missing.append("counters")
        if _candidate_counts_missing(view, patterns):
            missing.append("candidate_counts")
    return missing


def _sentence_evidence(sentence: Sentence) -> Evidence:
    return Evidence(sentence.start, sentence.end, sentence.text)


def _title_evidence(view: DocumentView) -> list[Evidence]:
    """Where to point when the problem is an absence: the first line (the title)."""
    return [_sentence_evidence(view.lines[0])] if view.lines else []


def _count_evidence(*counts: Optional[Count]) -> list[Evidence]:
    return [c.evidence for c in counts if c is not None and c.evidence is not None]


class ProcedureDetector:
    """Flags `procedure.batch_vote`, `procedure.incomplete_record` and `procedure.quorum`."""

    name: ClassVar[str] = "procedure"

    def __init__(self, config: ProcedureConfig, patterns: ProcedurePatterns) -> None:
        self.config = config
        self.patterns = patterns

    @classmethod
    def load(cls, **options: Any) -> "ProcedureDetector":
        return cls(ProcedureConfig(**options), load_patterns())

    def detect(self, view: DocumentView) -> Findings:
        flags = [self._batch_flag(vote) for vote in batch_votes(view.sentences, self.patterns)]
        if view.doc_type not in self.patterns.meeting_doc_types:
            return Findings(flags=flags)  # reports only mention votes and counts
        counts = attendance(view)
        missing = missing_fields(view, counts, self.patterns)
        if missing:
            flags.append(self._incomplete_flag(view, missing))
        quorum = self._quorum_flag(view, voting_attendance(view, self.patterns, counts))
        if quorum is not None:
            flags.append(quorum)
        return Findings(flags=flags)

    def _batch_flag(self, vote: BatchVote) -> Flag:
        who = "、".join(vote.names) if vote.names else f"{vote.people}名同志" if vote.people >= 2 else "多名同志"
        return Flag(
            code="procedure.batch_vote",
            severity="high",
            message=f"会议对{who}一次性集中表决，未体现逐一表决的程序。",
            evidence=[_sentence_evidence(vote.sentence)],
        )

    def _incomplete_flag(self, view: DocumentView, missing: list[str]) -> Flag:
        names = "、".join(self.patterns.field_names[field] for field in missing)
        evidence = _title_evidence(view)
        election = self.patterns.election_cue.search(view.text)
        if election is not None and any(f in missing for f in ("tellers", "counters", "candidate_counts")):
            evidence.append(Evidence(election.start(), election.end(), election.group()))
        return Flag(
            code="procedure.incomplete_record",
            severity="medium",
            message=f"会议记录缺少：{names}。",
            evidence=evidence,
        )

    def _quorum_flag(self, view: DocumentView, voting: Attendance) -> Optional[Flag]:
        expected, present = voting.expected, voting.present
        if expected is None or present is None or expected.value <= 0:
            return None
        if present.value > expected.value * self.config.quorum_share:
            return None
        votes = [s for s in view.sentences if self.patterns.quorum_vote_cue.search(s.text)]
        if not votes:
            return None
        evidence = _count_evidence(expected, present)
        evidence += [_sentence_evidence(s) for s in votes[: self.patterns.max_evidence]]
        return Flag(
            code="procedure.quorum",
            severity="high",
            message=(
                f"有表决权的党员应到{expected.value}人、实到{present.value}人，"
                f"到会人数不足法定比例，会上的表决不能成立。"
            ),
            evidence=evidence,
        )
