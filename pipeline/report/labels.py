"""Chinese display names for codes (doc types, flags, labels), from
`models/report/labels.json`; an unknown code is shown as itself."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from ..resources import json_resource


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return json_resource("report", "labels.json")


def _name(table: str, code: Optional[str]) -> str:
    if code is None:
        return ""
    return labels()[table].get(code, code)


def doc_type_name(code: Optional[str]) -> str:
    return _name("doc_types", code)


def flag_name(code: str) -> str:
    return _name("flags", code)


def family_of(code: str) -> str:
    """A flag's family is the part of its code before the first dot."""
    return code.split(".", 1)[0]


def family_name(family: str) -> str:
    return _name("families", family)


def severity_name(severity: str) -> str:
    return _name("severities", severity)


def criticism_label_name(label: str) -> str:
    return _name("criticism_labels", label)


def criticism_kind_name(kind: str) -> str:
    return _name("criticism_kinds", kind)


def status_name(status: str) -> str:
    return _name("statuses", status)
