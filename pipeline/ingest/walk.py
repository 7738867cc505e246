"""Turn the paths a user gave into an ordered stream of loaded sources.

Order is deterministic so results.jsonl is reproducible: inputs in the order
given; inside a folder, entries sorted by path component (files and sub-folders
interleaved by name), recursively; inside a zip, archive order.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Sequence, Union

from . import errors
from .archive import count_members, iter_archive
from .source import Limits, LoadedSource, failed, format_of, is_junk_part, load_file, sha256_bytes

PathLike = Union[str, "os.PathLike[str]"]


def iter_sources(paths: Sequence[PathLike], limits: Limits = Limits()) -> Iterator[LoadedSource]:
    """Expand files, folders and zips into sources, one per document.

    Every path is checked before anything is yielded: a missing one raises
    FileNotFoundError (the CLI reports it as a usage error). A file named
    explicitly is always read, even if it looks like junk; junk is only
    skipped while walking a folder or a zip.
    """
    given = [os.fspath(path) for path in paths]
    missing = [path for path in given if not os.path.exists(path)]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    return _expand_all(given, limits)


def _expand_all(given: list[str], limits: Limits) -> Iterator[LoadedSource]:
    for path in given:
        if os.path.isdir(path):
            for file_path, display in walk_folder(path):
                yield from _expand_file(file_path, display, limits)
        else:
            yield from _expand_file(Path(path), path, limits)


def count_sources(paths: Sequence[PathLike]) -> int:
    """How many records `iter_sources` will yield, cheaply (for progress): zips are listed, not read."""
    total = 0
    for path in (os.fspath(p) for p in paths):
        files = [file_path for file_path, _ in walk_folder(path)] if os.path.isdir(path) else [Path(path)]
        total += sum(count_members(f) if format_of(f.name) == "zip" else 1 for f in files)
    return total


def walk_folder(root: str) -> list[tuple[Path, str]]:
    """Every non-junk file under `root`, sorted, with its display path (root joined with the relative path)."""
    found = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if not is_junk_part(name)]
        for name in filenames:
            if not is_junk_part(name):
                file_path = Path(folder, name)
                found.append((file_path.relative_to(root).parts, file_path))
    found.sort(key=lambda item: item[0])
    return [(file_path, os.path.join(root, *parts)) for parts, file_path in found]


def _expand_file(path: Path, display: str, limits: Limits) -> Iterator[LoadedSource]:
    fmt = format_of(path.name)
    try:
        if fmt == "zip":
            yield from iter_archive(path, display, limits)
        else:
            yield load_file(path, display, limits)
    except OSError as exc:  # unreadable (permissions, vanished, locked): one record, not a crash
        yield failed(display, sha256_bytes(display.encode("utf-8")), fmt, errors.unreadable(exc))
