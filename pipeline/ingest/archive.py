"""Expand a .zip into one source per member, in memory, never onto disk.

Members come in archive order (the order of the zip's central directory, i.e.
how the submitter packed them), each named `archive.zip!inner/path.docx`.
Nothing is ever silently dropped except directories and OS junk (hidden files,
__MACOSX, Thumbs.db, ~$ lock files): unsafe paths, nested archives, encrypted,
oversized and over-the-cap members all become error records.

A member refused without being decompressed cannot have the digest of its
bytes; it gets the sha256 of "<zip sha256>!<member name>" so that its record is
still stable and distinct.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator, Optional

from . import errors
from .source import (
    READABLE_FORMATS,
    Limits,
    LoadedSource,
    failed,
    format_of,
    is_junk_part,
    sha256_bytes,
    sha256_file,
    source_from_bytes,
)

_UTF8_NAME_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_DRIVE = re.compile(r"^[A-Za-z]:")
# What a damaged or unusual member can raise while being decompressed.
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


def iter_archive(path: Path, display: str, limits: Limits) -> Iterator[LoadedSource]:
    """One source per member; one `corrupt`/`empty` record for the zip itself if it has none."""
    digest = sha256_file(path)
    if path.stat().st_size == 0:
        yield failed(display, digest, "zip", errors.empty())
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        yield failed(display, digest, "zip", errors.corrupt("压缩包"))
        return
    with archive:
        yielded = False
        for source in _members(archive, display, digest, limits):
            yielded = True
            yield source
    if not yielded:
        yield failed(display, digest, "zip", errors.empty())


def _listed(info: zipfile.ZipInfo) -> bool:
    """Members that become records: not folders, not OS junk (unsafe paths are listed, to be refused)."""
    if info.is_dir():
        return False
    name = member_name(info)
    return is_unsafe(name) or not any(is_junk_part(part) for part in re.split(r"[/\\]", name))


def count_members(path: Path) -> int:
    """How many records a zip will give, without reading any member (1 for a broken zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return max(1, sum(1 for info in archive.infolist() if _listed(info)))
    except (zipfile.BadZipFile, OSError, ValueError):
        return 1


def _members(archive: zipfile.ZipFile, display: str, digest: str, limits: Limits) -> Iterator[LoadedSource]:
    used = 0
    capped = False
    for info in archive.infolist():
        if not _listed(info):
            continue
        name = member_name(info)
        shown = f"{display}!{name}"
        fmt = format_of(name)
        refusal: Optional[errors.IngestFailure] = None
        if is_unsafe(name):
            refusal = errors.unsafe_member(name)
        elif fmt == "zip":
            refusal = errors.nested_archive()
        elif fmt not in READABLE_FORMATS:
            refusal = errors.unsupported(fmt)
        elif info.flag_bits & _ENCRYPTED_FLAG:
            refusal = errors.encrypted()
        elif info.file_size > limits.max_file_bytes:
            refusal = errors.too_large(info.file_size, limits.max_file_bytes)
        elif capped or used + info.file_size > limits.max_archive_bytes:
            capped = True
            refusal = errors.archive_cap(limits.max_archive_bytes)
        if refusal is not None:
            yield failed(shown, _unread_digest(digest, name), fmt, refusal)
            continue
        try:
            with archive.open(info) as handle:
                # zipfile stops at the declared size; reading one byte past the
                # limit still guards against a member that lies about it.
                data = handle.read(limits.max_file_bytes + 1)
        except _READ_ERRORS:
            yield failed(shown, _unread_digest(digest, name), fmt, errors.corrupt())
            continue
        used += len(data)
        if len(data) <= limits.max_file_bytes and zlib.crc32(data) != info.CRC:
            # zipfile only checks the CRC when it reaches the end of the
            # compressed data; a member that under-declares its size stops early.
            yield failed(shown, sha256_bytes(data), fmt, errors.corrupt())
            continue
        yield source_from_bytes(shown, fmt, data, limits)


def _unread_digest(archive_digest: str, name: str) -> str:
    return sha256_bytes(f"{archive_digest}!{name}".encode("utf-8"))


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the packer meant it.

    Zips made on Chinese Windows store GBK names without the UTF-8 flag, which
    Python decodes as cp437 mojibake; undo that when the bytes say so.
    """
    name = info.filename
    if info.flag_bits & _UTF8_NAME_FLAG:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def is_unsafe(name: str) -> bool:
    """Absolute paths and `..` components could escape any folder they were unpacked into."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    return ".." in re.split(r"[/\\]", name)
