"""Report stage: write what the audit found, for machines and for people."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .jsonl import read_results, summarize, write_results, write_summary

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"


def write_outputs(records: list[dict[str, Any]], out_dir: Path, **run_facts: Any) -> dict[str, Path]:
    """Write every output file of a run; returns them by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {
        "results": out_dir / RESULTS_FILE,
        "summary": out_dir / SUMMARY_FILE,
    }
    write_results(records, written["results"])
    write_summary(summarize(records, **run_facts), written["summary"])
    return written


def rebuild_outputs(out_dir: Path) -> dict[str, Path]:
    """Re-create the human-readable outputs from stored results, without analysing again."""
    records = read_results(out_dir / RESULTS_FILE)
    return write_outputs(records, out_dir)


__all__ = ["write_outputs", "rebuild_outputs", "read_results", "summarize"]
