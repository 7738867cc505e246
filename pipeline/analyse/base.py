"""What a detector sees and what it must provide.

A detector is one module in `pipeline/analyse/` with a class that follows
`DocumentDetector` (per document) or `BatchDetector` (across a batch), plus one
line in `pipeline/analyse/registry.py`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Iterable, Iterator, Protocol, Sequence, TypeVar

import numpy

from spacy.tokens import Doc

from ..records import AuditResult, Evidence, Findings, Meeting
from ..segment import kept_sentences
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
        cls, text: str, doc: Doc, doc_type: str, *, path: str = "<text>", meeting: Meeting | None = None,
        lines: list[Sentence] | None = None,
    ) -> "DocumentView":
        """The view the audit builds: sentences (the ones the language's sentence pipe
        kept on `doc`, when it ran), lines (`split_lines`, unless given) and (unless
        given) the meeting header read from `text`."""
        lines = split_lines(text) if lines is None else lines
        fields = find_fields(text, lines)
        sentences = kept_sentences(doc)
        return cls(
            path=path, text=text, doc=doc, doc_type=doc_type,
            meeting=meeting if meeting is not None else meeting_of(fields),
            sentences=split_sentences(text) if sentences is None else sentences, lines=lines,
            meeting_spans={field: match.evidence for field, match in fields.items()},
        )


class DocumentDetector(Protocol):
    """Judges one document. `load()` reads model files; `detect()` is pure."""

    name: ClassVar[str]

    @classmethod
    def load(cls) -> "DocumentDetector": ...

    def detect(self, view: DocumentView) -> Findings: ...


Item = TypeVar("Item")
Out = TypeVar("Out")


@dataclass(frozen=True)
class Spread:
    """How a batch detector may spread independent work over the audit's worker
    processes: `map` is the builtin `map` or a process pool's, `parts` the number
    of pieces that keeps every worker busy. Functions given to `map` must pickle
    (module-level functions, or partials of them over plain values)."""

    map: Callable[..., Iterable[Any]] = map
    parts: int = 1

    def cut(self, weights: Sequence[int]) -> list[tuple[int, int]]:
        """[start, end) ranges cutting `weights` into at most `parts` contiguous runs of similar total weight."""
        if not len(weights):
            return []
        totals = numpy.cumsum(weights)
        marks = numpy.searchsorted(totals, totals[-1] * numpy.arange(1, self.parts) / self.parts) + 1
        edges = sorted({0, len(weights), *marks.tolist()})
        return list(zip(edges[:-1], edges[1:]))

    def run(self, work: Callable[[Sequence[Item]], list[Out]], items: Sequence[Item], weights: Sequence[int]) -> list[Out]:
        """`work` over `items` cut into pieces (see `cut`); its outputs joined in item order."""
        return list(self.start(work, items, weights))

    def start(
        self, work: Callable[[Sequence[Item]], list[Out]], items: Sequence[Item], weights: Sequence[int]
    ) -> Iterator[Out]:
        """`run`, but returning at once: on a pool the pieces are submitted now and
        work while the caller goes on (pieces started earlier run first), and the
        outputs arrive, in item order, as they are iterated. With the builtin `map`
        the work is done as it is iterated."""
        outputs = self.map(work, [items[start:end] for start, end in self.cut(weights)])
        return (out for piece in outputs for out in piece)


SERIAL = Spread()


class BatchDetector(Protocol):
    """Judges documents against each other (shared text, templates).

    `prepare` runs in the document stage (in the worker processes) on each
    document's text and Doc; what it returns reaches `detect_batch` as
    `result.batch_inputs[name]` (absent for results read back from the store).
    `detect_batch` gets every ok result of the batch (plus prior-period sources)
    and returns findings keyed by the index into `results`; `spread` lets it run
    independent pieces in the worker processes.
    """

    name: ClassVar[str]

    @classmethod
    def load(cls, **options: Any) -> "BatchDetector": ...

    def prepare(self, text: str, doc: Doc, segmenter: str) -> Any: ...

    def detect_batch(
        self, results: Sequence[AuditResult], prior: Sequence[AuditResult] = (), spread: Spread = SERIAL
    ) -> dict[int, Findings]: ...
