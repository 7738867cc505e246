"""Report stage: write what the audit found, for machines and for people."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .html import write_html
from .jsonl import read_results, summarize, write_results, write_summary
from .tables import write_csv, write_xlsx

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"


def write_outputs(records: list[dict[str, Any]], out_dir: Path, **run_facts: Any) -> dict[str, Path]:
    """Write every output file of a run; returns them by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {
        "results": out_dir / RESULTS_FILE,
        "summary": out_dir / SUMMARY_FILE,
        "report": out_dir / "report.html",
        "xlsx": out_dir / "results.xlsx",
        "csv": out_dir / "results.csv",
    }
    write_results(records, written["results"])
    write_summary(summarize(records, **run_facts), written["summary"])
    write_html(records, written["report"])
    write_xlsx(records, written["xlsx"])
    write_csv(records, written["csv"])
    return written


def rebuild_outputs(out_dir: Path) -> dict[str, Path]:
    """Re-create the outputs from stored results, without analysing again.

    Facts about the original run (analysis version, re-use counts) are kept.
    """
    records = read_results(out_dir / RESULTS_FILE)
    summary_path = out_dir / SUMMARY_FILE
    counts = summarize([])
    run_facts = {}
    if summary_path.exists():
        previous = json.loads(summary_path.read_text(encoding="utf-8"))
        run_facts = {key: value for key, value in previous.items() if key not in counts}
    return write_outputs(records, out_dir, **run_facts)


__all__ = ["write_outputs", "rebuild_outputs", "read_results", "summarize"]
