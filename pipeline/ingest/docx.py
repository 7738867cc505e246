"""Word .docx: body paragraphs and tables, in document order.

Conventions every later stage relies on:
- one body paragraph per line; empty paragraphs are dropped;
- one table row per line, its cells joined by " | " (space, pipe, space);
  a cell's own paragraphs are joined by a space, and a table nested in a cell
  is flattened into that cell's text the same way;
- a horizontally merged cell (one w:tc spanning several grid columns) appears
  once; the rows a vertically merged cell continues into get an empty cell
  there, so the merged text is never repeated;
- the body only: headers, footers, footnotes, comments and text boxes are left
  out (they hold letterheads, page numbers and notes, not the record itself);
- tracked insertions and content controls (form fields) count as text,
  tracked deletions do not.
"""
from __future__ import annotations

import io
import zipfile
from typing import Iterator

import docx
from docx.oxml.ns import qn
from lxml import etree

from . import errors

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx is a CFB container holding this stream instead of a zip.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Declared unpacked size beyond which a small .docx is a zip bomb, not a document.
_MAX_UNPACKED = 1024 * 1024 * 1024
_CELL_SEPARATOR = " | "

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
# Wrappers whose children are ordinary block content.
_TRANSPARENT = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
_RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)"
    " and not(ancestor::mc:Fallback)]",
    namespaces={
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    },
)


def docx_text(data: bytes) -> str:
    """The body text of a .docx, or IngestFailure (encrypted, corrupt, pictures only, not really docx)."""
    if data.startswith(_CFB_MAGIC):
        raise errors.encrypted() if _ENCRYPTED_STREAM in data else errors.legacy_word()
    has_pictures = _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on damaged packages
        raise errors.corrupt() from None
    text = "\n".join(_block_lines(document.element.body))
    if not text.strip() and has_pictures:
        raise errors.images_only()
    return text


def _check_package(data: bytes) -> bool:
    """Refuse zip bombs and non-zips; say whether the package holds pictures."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except zipfile.BadZipFile:
        raise errors.corrupt() from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > _MAX_UNPACKED:
        raise errors.too_large(unpacked, _MAX_UNPACKED)
    return any(info.filename.startswith("word/media/") for info in infos)


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """w:p and w:tbl children in order, looking through content-control wrappers."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _blocks(child)


def _block_lines(container: etree._Element) -> Iterator[str]:
    for block in _blocks(container):
        if block.tag == _P:
            text = paragraph_text(block)
            if text.strip():
                yield text
        else:
            yield from table_lines(block)


def paragraph_text(paragraph: etree._Element) -> str:
    """Run text as python-docx renders it (tabs as \\t, breaks as \\n), across hyperlinks, fields and insertions."""
    return "".join(run.text for run in _RUNS(paragraph))


def table_lines(table: etree._Element) -> Iterator[str]:
    for row in _children(table, _TR):
        cells = [cell_text(cell) for cell in _children(row, _TC) if not _continues_horizontally(cell)]
        if any(cells):
            yield _CELL_SEPARATOR.join(cells)


def cell_text(cell: etree._Element) -> str:
    if _continues_vertically(cell):
        return ""
    parts = []
    for block in _blocks(cell):
        if block.tag == _P:
            parts.append(" ".join(paragraph_text(block).split("\n")).strip())
        else:
            parts.extend(" ".join(cell_text(inner) for inner in _children(row, _TC)).strip()
                         for row in _children(block, _TR))
    return " ".join(part for part in parts if part)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _continues_vertically(cell: etree._Element) -> bool:
    merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"


def _continues_horizontally(cell: etree._Element) -> bool:
    """Legacy w:hMerge continuation cells are empty stand-ins for the merged one."""
    merge = cell.find(f"{qn('w:tcPr')}/{qn('w:hMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"
