"""Read the submitting unit (e.g. 大庄村党支部) from a document's title or header.

Inspectors compare units, not files; the unit is almost always named in the
first lines. The patterns live in `models/report/unit.json`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..resources import json_resource


@dataclass(frozen=True)
class UnitPatterns:
    field_patterns: tuple[re.Pattern, ...]
    title_patterns: tuple[re.Pattern, ...]
    reject_prefixes: tuple[str, ...]
    strip_prefixes: tuple[str, ...]
    title_lines: int
    max_title_line_chars: int
    header_lines: int
    max_chars: int


@lru_cache(maxsize=1)
def unit_patterns() -> UnitPatterns:
    data = json_resource("report", "unit.json")
    return UnitPatterns(
        field_patterns=tuple(re.compile(p) for p in data["field_patterns"]),
        title_patterns=tuple(re.compile(p) for p in data["title_patterns"]),
        reject_prefixes=tuple(data["reject_prefixes"]),
        strip_prefixes=tuple(data["strip_prefixes"]),
        title_lines=data["title_lines"],
        max_title_line_chars=data["max_title_line_chars"],
        header_lines=data["header_lines"],
        max_chars=data["max_chars"],
    )


def read_unit(text: str) -> Optional[str]:
    """The unit named by a header field (单位：…) or in the title lines, else None."""
    patterns = unit_patterns()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[: patterns.header_lines]:
        for pattern in patterns.field_patterns:
            unit = _accepted(pattern.search(line), patterns)
            if unit:
                return unit
    for line in lines[: patterns.title_lines]:
        if len(line) > patterns.max_title_line_chars:
            continue
        for pattern in patterns.title_patterns:
            unit = _accepted(pattern.search(line), patterns)
            if unit:
                return unit
    return None


def _accepted(match: Optional[re.Match], patterns: UnitPatterns) -> Optional[str]:
    if match is None:
        return None
    unit = match.group("unit").strip()
    for prefix in patterns.strip_prefixes:
        if unit.startswith(prefix) and len(unit) > len(prefix) + 1:
            unit = unit[len(prefix):]
    if unit.startswith(patterns.reject_prefixes) or len(unit) > patterns.max_chars:
        return None
    return unit
