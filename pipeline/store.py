"""SQLite store of finished analyses, keyed by content sha256 and analysis version.

Each finished document is committed at once, so a run that is killed keeps
everything it finished and a re-run does only the rest. Batch-relative
findings (shared text) are not stored: they are recomputed for every batch.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Optional

from .records import AuditResult

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    record TEXT NOT NULL,
    stored_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (sha256, version)
)
"""


class ResultStore:
    """One SQLite file; safe to share between runs (one writer at a time)."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = Path(path)
        self.version = version
        self._connection: Optional[sqlite3.Connection] = None

    def __enter__(self) -> "ResultStore":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(self.path, timeout=30)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute(_SCHEMA)
        self._connection.commit()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError("ResultStore must be used as a context manager")
        return self._connection

    def get(self, sha256: str, path: str) -> Optional[AuditResult]:
        """The stored analysis of this content, re-labelled with the current path."""
        row = self.connection.execute(
            "SELECT record FROM results WHERE sha256 = ? AND version = ?", (sha256, self.version)
        ).fetchone()
        if row is None:
            return None
        record = json.loads(row[0])
        record["path"] = path
        return AuditResult.from_dict(record)

    def put(self, result: AuditResult) -> None:
        """Store a successful analysis (errors depend on limits and are not cached)."""
        if result.status != "ok":
            return
        record = result.to_dict()
        record["path"] = None
        self.connection.execute(
            "INSERT OR REPLACE INTO results (sha256, version, record) VALUES (?, ?, ?)",
            (result.sha256, self.version, json.dumps(record, ensure_ascii=False)),
        )
        self.connection.commit()
