"""Machine-readable outputs: one JSON record per input, and the batch summary."""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a killed run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes owner-only files; reports are shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_results(records: Iterable[dict[str, Any]], path: Path) -> None:
    lines = (json.dumps(record, ensure_ascii=False) for record in records)
    write_atomic(path, "".join(line + "\n" for line in lines))


def read_results(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def summarize(records: list[dict[str, Any]], **run_facts: Any) -> dict[str, Any]:
    """Counts by status, doc_type, flag code and error code, plus facts about the run."""
    flag_counts: Counter[str] = Counter()
    for record in records:
        flag_counts.update(flag["code"] for flag in record["flags"])
    return {
        "files": len(records),
        "by_status": dict(Counter(r["status"] for r in records)),
        "by_doc_type": dict(Counter(r["doc_type"] for r in records if r["status"] == "ok")),
        "by_flag": dict(sorted(flag_counts.items())),
        "by_error": dict(Counter(r["error"]["code"] for r in records if r["error"])),
        **run_facts,
    }


def write_summary(summary: dict[str, Any], path: Path) -> None:
    write_atomic(path, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
