"""Parse a loaded source into plain text, by format; never raises for bad input."""
from __future__ import annotations

from typing import Callable, Optional

from ..records import RawDocument
from . import errors
from .docx import docx_text
from .html import html_text
from .pdf import pdf_text
from .source import LoadedSource
from .text import decode_text


def _without_encoding(reader: Callable[[bytes], str]) -> Callable[[bytes], tuple[str, Optional[str]]]:
    return lambda data: (reader(data), None)


# format -> reader returning (text, encoding); the encoding is recorded for txt only.
_READERS: dict[str, Callable[[bytes], tuple[str, Optional[str]]]] = {
    "txt": decode_text,
    "docx": _without_encoding(docx_text),
    "pdf": _without_encoding(pdf_text),
    "html": _without_encoding(html_text),
}


def extract(source: LoadedSource) -> RawDocument:
    """The text of one source, or a RawDocument carrying the reason it has none."""
    document = RawDocument(path=source.path, sha256=source.sha256, format=source.format)
    if source.error is not None:
        document.error = source.error
        return document
    reader = _READERS.get(source.format or "")
    try:
        if reader is None:
            raise errors.unsupported(source.format)
        if not source.data:
            raise errors.empty()
        text, encoding = reader(source.data)
        if not text.strip():
            raise errors.empty()
    except errors.IngestFailure as failure:
        document.error = failure.error()
        return document
    document.text = text
    document.encoding = encoding
    return document
