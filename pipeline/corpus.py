"""The notebook API: a batch of audit records with pandas views, the report's
document view inside Jupyter, and the term/phrase exploration.

    corpus = Corpus.from_path("corpora/samples", workers=2)
    corpus.to_pandas()          # one row per document (the report's 文档 sheet)
    corpus.flags()              # one row per flag, with evidence
    corpus.show(0)              # highlighted document, same HTML as report.html

A Corpus holds plain records (`AuditResult.to_dict()`), so one loaded from a
results.jsonl behaves exactly like one audited in the session.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

import pandas as pd

from . import explore
from .report.html import document_stylesheet, render_document, render_report, write_html
from .report.jsonl import read_results
from .report.tables import (
    CRITICISM_ROW_KEYS, DOCUMENT_COLUMNS, FLAG_ROW_KEYS, SENTENCE_ROW_KEYS, criticism_rows, document_rows,
    flag_rows, sentence_rows, worst_first, write_csv, write_xlsx,
)

PathLike = Union[str, os.PathLike]
RESULTS_FILE = "results.jsonl"


@dataclass(frozen=True)
class DocumentHTML:
    """One document's highlighted view; Jupyter displays it through `_repr_html_`."""

    html: str

    def _repr_html_(self) -> str:
        return f"<style>{document_stylesheet()}</style>{self.html}"

    def __str__(self) -> str:
        return self.html


class Corpus:
    """Audit records of one batch, in input order."""

    def __init__(self, records: Sequence[dict[str, Any]]) -> None:
        self.records = list(records)

    # ------------------------------------------------------------ loading

    @classmethod
    def from_path(
        cls,
        path: Union[PathLike, Sequence[PathLike]],
        *,
        workers: int = 1,
        db_path: Optional[PathLike] = None,
        prior: Sequence[PathLike] = (),
    ) -> "Corpus":
        """Audit files, folders or .zip archives; with `db_path`, results already in the
        store are re-used instead of analysed again."""
        from .audit import analyze_many  # the audit loads spaCy; import it only when auditing

        paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
        results = analyze_many(paths, workers=workers, db_path=db_path, prior=prior)
        return cls([result.to_dict() for result in results])

    @classmethod
    def from_results(cls, path: PathLike) -> "Corpus":
        """Load a `scan --out DIR` folder (its results.jsonl) or a .jsonl file, without re-analysis."""
        path = Path(path)
        return cls(read_results(path / RESULTS_FILE if path.is_dir() else path))

    # ------------------------------------------------------------ access

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def __getitem__(self, key: Union[int, str]) -> dict[str, Any]:
        return self.records[self.index(key)]

    def index(self, key: Union[int, str]) -> int:
        """Position of a document given by position, by path, or by a unique end of its path."""
        if isinstance(key, int):
            if not -len(self.records) <= key < len(self.records):
                raise IndexError(f"document {key} out of range; the corpus has {len(self.records)}")
            return key % len(self.records)
        exact = [i for i, r in enumerate(self.records) if r["path"] == key]
        matches = exact or [i for i, r in enumerate(self.records) if r["path"].endswith(key)]
        if len(matches) != 1:
            raise KeyError(f"{key!r} matches {len(matches)} documents; give the position or a longer path")
        return matches[0]

    def worst(self, n: int = 10) -> "Corpus":
        """The `n` worst documents, in the report's order (see `worst_first_key`)."""
        return Corpus([self.records[i] for i in worst_first(self.records)[:n]])

    def ok(self) -> "Corpus":
        """Only the documents that could be read."""
        return Corpus([r for r in self.records if r.get("status") == "ok"])

    # ------------------------------------------------------------ tables

    def to_pandas(self) -> pd.DataFrame:
        """One row per document; same rows as the report's 文档 sheet (English column names)."""
        return _frame(document_rows(self.records), [key for key, _ in DOCUMENT_COLUMNS])

    def flags(self) -> pd.DataFrame:
        """One row per flag: code, family, severity, message, evidence texts and spans."""
        return _frame(flag_rows(self.records), FLAG_ROW_KEYS)

    def criticisms(self) -> pd.DataFrame:
        """One row per criticism item: kind, critic, target, label, confidence, text, reasons."""
        return _frame(criticism_rows(self.records), CRITICISM_ROW_KEYS)

    def sentences(self) -> pd.DataFrame:
        """One row per scored sentence: its score and the cues found in it."""
        return _frame(sentence_rows(self.records), SENTENCE_ROW_KEYS)

    # ------------------------------------------------------------ viewing and writing

    def show(self, key: Union[int, str]) -> DocumentHTML:
        """A document with every flag's evidence highlighted, as in report.html."""
        index = self.index(key)
        return DocumentHTML(render_document(self.records[index], doc_id=f"doc-{index}"))

    def report_html(self, *, title: str = "形式主义审查报告") -> str:
        return render_report(self.records, title=title)

    def write_report(self, out_dir: PathLike) -> dict[str, Path]:
        """Write report.html, results.xlsx and results.csv into `out_dir`."""
        out_dir = Path(out_dir)
        written = {"html": out_dir / "report.html", "xlsx": out_dir / "results.xlsx", "csv": out_dir / "results.csv"}
        write_html(self.records, written["html"])
        write_xlsx(self.records, written["xlsx"])
        write_csv(self.records, written["csv"])
        return written

    # ------------------------------------------------------------ exploration

    def top_terms(self, *, by: explore.Grouping = "doc_type", n: int = 20, min_chars: int = 2) -> pd.DataFrame:
        return explore.top_terms(self.records, by=by, n=n, min_chars=min_chars)

    def top_ngrams(self, *, size: int = 2, by: explore.Grouping = "doc_type", n: int = 20) -> pd.DataFrame:
        return explore.top_ngrams(self.records, size=size, by=by, n=n)

    def shared_phrases(self, *, size: int = 4, min_share: float = 0.5, n: int = 30) -> pd.DataFrame:
        return explore.shared_phrases(self.records, size=size, min_share=min_share, n=n)

    def kwic(self, term: str, *, width: int = 20, limit: Optional[int] = None) -> pd.DataFrame:
        return explore.kwic(self.records, term, width=width, limit=limit)

    def __repr__(self) -> str:
        errors = sum(1 for r in self.records if r.get("status") != "ok")
        return f"<Corpus {len(self.records)} documents, {errors} unreadable>"


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a frame with fixed columns, so an empty table still has them."""
    return pd.DataFrame(rows, columns=list(columns))
