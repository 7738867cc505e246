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
from ..sentences import Sentence


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
