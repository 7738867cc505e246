"""What a detector sees and what it must provide.

A detector is one module in `pipeline/analyse/` with a class that follows
`DocumentDetector` (per document) or `BatchDetector` (across a batch), plus one
line in `pipeline/analyse/registry.py`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Sequence

from spacy.tokens import Doc

from ..records import AuditResult, Evidence, Findings, Meeting
from ..sentences import Sentence, split_lines, split_sentences
from .meeting import find_fields, meeting_of


@dataclass
class DocumentView:
    """Everything known about one normalized document when detectors run."""

    path: str
    text: str
    doc: Doc
    doc_type: str
    meeting: Meeting
    sentences: list[Sentence]
    lines: list[Sentence]
    meeting_spans: dict[str, Evidence]  # where each header field read from `text` sits

    @classmethod
    def of(
        cls, text: str, doc: Doc, doc_type: str, *, path: str = "<text>", meeting: Meeting | None = None
    ) -> "DocumentView":
        """The view the audit builds: sentences, lines and (unless given) the meeting header read from `text`."""
        lines = split_lines(text)
        fields = find_fields(text, lines)
        return cls(
            path=path, text=text, doc=doc, doc_type=doc_type,
            meeting=meeting if meeting is not None else meeting_of(fields),
            sentences=split_sentences(text), lines=lines,
            meeting_spans={field: match.evidence for field, match in fields.items()},
        )


class DocumentDetector(Protocol):
    """Judges one document. `load()` reads model files; `detect()` is pure."""

    name: ClassVar[str]

    @classmethod
    def load(cls) -> "DocumentDetector": ...

    def detect(self, view: DocumentView) -> Findings: ...


class BatchDetector(Protocol):
    """Judges documents against each other (shared text, templates).

    `detect_batch` gets every ok result of the batch (plus prior-period sources)
    and returns findings keyed by the index into `results`.
    """

    name: ClassVar[str]

    @classmethod
    def load(cls, **options: Any) -> "BatchDetector": ...

    def detect_batch(
        self, results: Sequence[AuditResult], prior: Sequence[AuditResult] = ()
    ) -> dict[int, Findings]: ...
