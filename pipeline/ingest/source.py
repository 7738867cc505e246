"""One input (a file or a zip member) with its bytes loaded but not yet parsed."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..records import IngestError
from . import errors

# Extensions `extract` can read, after aliasing (htm -> html; .shtml is what
# many government sites save as).
READABLE_FORMATS = frozenset({"txt", "docx", "pdf", "html"})
_FORMAT_ALIASES = {"htm": "html", "shtml": "html", "xhtml": "html"}
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size caps that keep one hostile or huge input from stalling a batch."""

    max_file_bytes: int = 50 * 1024 * 1024  # per file and per zip member -> too_large
    max_archive_bytes: int = 500 * 1024 * 1024  # total uncompressed per zip; the rest -> too_large


@dataclass
class LoadedSource:
    """One input file or zip member: bytes loaded, not yet parsed.

    `data` is None when the error is already known without parsing (too large,
    unsupported, unsafe zip member ...); such a source must still become a record.
    """

    path: str
    sha256: str
    format: Optional[str]
    data: Optional[bytes]
    error: Optional[IngestError] = None


def format_of(name: str) -> Optional[str]:
    """Lower-case extension without the dot (htm -> html); None without one."""
    suffix = Path(name.replace("\\", "/")).suffix.lower().lstrip(".")
    if not suffix:
        return None
    return _FORMAT_ALIASES.get(suffix, suffix)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Streamed, so a file too large to load still gets its real digest."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def failed(path: str, sha256: str, fmt: Optional[str], failure: errors.IngestFailure) -> LoadedSource:
    return LoadedSource(path=path, sha256=sha256, format=fmt, data=None, error=failure.error())


def load_file(path: Path, display: str, limits: Limits) -> LoadedSource:
    """Read one plain (non-zip) file, checking format and size before reading it."""
    fmt = format_of(path.name)
    size = os.stat(path).st_size
    if fmt not in READABLE_FORMATS:
        return failed(display, sha256_file(path), fmt, errors.unsupported(fmt))
    if size > limits.max_file_bytes:
        return failed(display, sha256_file(path), fmt, errors.too_large(size, limits.max_file_bytes))
    data = path.read_bytes()
    return source_from_bytes(display, fmt, data, limits)


def source_from_bytes(display: str, fmt: Optional[str], data: bytes, limits: Limits) -> LoadedSource:
    """Wrap bytes already in memory; the size is re-checked on what was actually read."""
    digest = sha256_bytes(data)
    if len(data) > limits.max_file_bytes:
        return failed(display, digest, fmt, errors.too_large(len(data), limits.max_file_bytes))
    if not data:
        return failed(display, digest, fmt, errors.empty())
    return LoadedSource(path=display, sha256=digest, format=fmt, data=data)


# Files that operating systems and editors leave beside real documents.
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "__macosx"})


def is_junk_part(part: str) -> bool:
    """Hidden entries (.git, .DS_Store), OS junk and Office lock files (~$x.docx)."""
    if part in ("", ".", ".."):
        return False
    return part.startswith((".", "~$")) or part.lower() in _JUNK_NAMES
