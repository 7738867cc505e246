"""Plain typed records passed between the stages.

`AuditResult.to_dict()` is the fixed JSON contract of `results.jsonl`; every
character offset in it refers to `AuditResult.text` (the normalized text).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Optional

SEVERITIES = ("high", "medium", "low")


@dataclass
class IngestError:
    """Why a file could not be read: a stable code plus a plain-words message."""

    code: str
    message: str


@dataclass
class RawDocument:
    """What ingest hands on: the extracted text of one input, or the error."""

    path: str
    sha256: str
    format: Optional[str]
    text: str = ""
    encoding: Optional[str] = None
    error: Optional[IngestError] = None


@dataclass
class NormalizedText:
    text: str
    script: str  # simplified | traditional | mixed


@dataclass
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class Flag:
    code: str
    severity: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")


@dataclass
class Meeting:
    date: Optional[str] = None
    place: Optional[str] = None
    host: Optional[str] = None
    recorder: Optional[str] = None
    expected: Optional[int] = None
    present: Optional[int] = None
    theme: Optional[str] = None


@dataclass
class Criticism:
    kind: str  # mutual | self
    critic: Optional[str]
    target: Optional[str]
    text: str
    start: int
    end: int
    label: str  # specific | boilerplate | suggestion | praise
    confidence: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Substance:
    score: Optional[float] = None
    components: dict[str, Any] = field(default_factory=dict)


@dataclass
class Findings:
    """What one detector adds to a record."""

    flags: list[Flag] = field(default_factory=list)
    criticisms: list[Criticism] = field(default_factory=list)
    components: dict[str, Any] = field(default_factory=dict)
    score: Optional[float] = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuditResult:
    path: str
    sha256: str
    status: str  # ok | error
    error: Optional[IngestError] = None
    format: Optional[str] = None
    encoding: Optional[str] = None
    script: Optional[str] = None
    text: str = ""
    doc_type: Optional[str] = None
    doc_type_evidence: list[Evidence] = field(default_factory=list)
    chars: int = 0
    tokens: int = 0
    meeting: Meeting = field(default_factory=Meeting)
    substance: Substance = field(default_factory=Substance)
    criticisms: list[Criticism] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Transient: what each batch detector prepared from this document in the
    # document stage (worker processes), by detector name, so the batch step in
    # the same run need not segment again; not part of the JSON contract nor
    # the store, and dropped once the batch step has used it.
    batch_inputs: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract; `extra` carries optional per-detector detail (e.g. sentences)."""
        record = asdict(replace(self, batch_inputs={}))
        del record["batch_inputs"]
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AuditResult":
        data = dict(data)
        error = data.pop("error", None)
        meeting = data.pop("meeting", None) or {}
        substance = data.pop("substance", None) or {}
        return cls(
            error=IngestError(**error) if error else None,
            meeting=Meeting(**meeting),
            substance=Substance(**substance),
            doc_type_evidence=[Evidence(**e) for e in data.pop("doc_type_evidence", [])],
            criticisms=[Criticism(**c) for c in data.pop("criticisms", [])],
            flags=[
                Flag(**{**f, "evidence": [Evidence(**e) for e in f.get("evidence", [])]})
                for f in data.pop("flags", [])
            ],
            **data,
        )
