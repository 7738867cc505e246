"""Reading submitted files: txt, docx, pdf, html and zip, into plain text.

`iter_sources` expands the user's paths into loaded sources (one per
document, nothing ever dropped); `extract` parses one of them and never raises
for bad input: a file that cannot be read comes back with an `IngestError`
whose code is one of `errors.CODES`.
"""
from __future__ import annotations

import os
from typing import Union

from ..records import RawDocument
from .extract import extract
from .source import Limits, LoadedSource
from .walk import count_sources, iter_sources


def read_path(path: Union[str, "os.PathLike[str]"]) -> list[RawDocument]:
    """Every document under one path (a file, a folder or a zip), extracted."""
    return [extract(source) for source in iter_sources([path])]


__all__ = ["Limits", "LoadedSource", "count_sources", "extract", "iter_sources", "read_path"]
