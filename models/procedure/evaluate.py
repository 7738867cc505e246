"""Measure `ProcedureDetector` on `corpora/procedure/`; writes `models/procedure/scores.json`.

The evaluation code is shared with the theme-day detector (`models/theme_day/evaluate.py`).

    .venv/bin/python models/procedure/evaluate.py
"""
from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    shared = runpy.run_path(str(Path(__file__).resolve().parents[1] / "theme_day" / "evaluate.py"))
    shared["main"](default="procedure")
