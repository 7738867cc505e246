"""What a detector sees and what it must provide.

A detector is one module in `pipeline/analyse/` with a class that follows
`DocumentDetector` (per document) or `BatchDetector` (across a batch), plus one
line in `pipeline/analyse/registry.py`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Sequence

from spacy.tokens import Doc

from ..records import AuditResult, Findings, Meeting
from ..sentences import Sentence, split_lines, split_sentences
from .meeting import extract_meeting


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

    @classmethod
    def of(
        cls, text: str, doc: Doc, doc_type: str, *, path: str = "<text>", meeting: Meeting | None = None
    ) -> "DocumentView":
        """The view the audit builds: sentences, lines and (unless given) the meeting header read from `text`."""
        return cls(
            path=path, text=text, doc=doc, doc_type=doc_type,
            meeting=meeting if meeting is not None else extract_meeting(text),
            sentences=split_sentences(text), lines=split_lines(text),
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
