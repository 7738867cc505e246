"""The detectors the audit runs, in order: one line per detector.

Each entry is `module:Class` inside `pipeline.analyse`.
"""
from __future__ import annotations

import importlib

DOCUMENT_DETECTORS: list[str] = [
    "substance:SubstanceDetector",
    "theme_day:ThemeDayDetector",
    "procedure:ProcedureDetector",
    "criticism:CriticismDetector",
]

BATCH_DETECTORS: list[str] = [
    "reuse:ReuseDetector",
]


def resolve(entry: str) -> type:
    module_name, class_name = entry.split(":")
    module = importlib.import_module(f"{__package__}.{module_name}")
    return getattr(module, class_name)
