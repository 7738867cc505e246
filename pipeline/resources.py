"""Where the versioned model files and lexicons live, and how to read them.

Lexicons are UTF-8 text files under `models/`: one entry per line, `#` starts a
comment. Code never embeds Chinese word lists; it asks for a lexicon by name.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

MODELS_ENV = "FORMALISM_AUDIT_MODELS"


def models_dir() -> Path:
    """`$FORMALISM_AUDIT_MODELS` if set, else the repository's `models/` folder."""
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "models"


def model_path(*parts: str) -> Path:
    path = models_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"model file {path} is missing; reinstall from a complete checkout of formalism-audit"
        )
    return path


@lru_cache(maxsize=None)
def _read_lexicon(path: Path) -> tuple[str, ...]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return tuple(entries)


def lexicon(*parts: str) -> tuple[str, ...]:
    """Entries of a one-per-line lexicon file under `models/` (order kept)."""
    return _read_lexicon(model_path(*parts))


def json_resource(*parts: str) -> Any:
    return json.loads(model_path(*parts).read_text(encoding="utf-8"))


# Files under models/ that document or evaluate a model but are not read when auditing.
_NOT_RUNTIME_SUFFIXES = {".md", ".py", ".pyc"}
_NOT_RUNTIME_NAMES = {"scores.json", "blind_rounds.json"}


def _is_runtime_file(path: Path) -> bool:
    return path.is_file() and path.suffix not in _NOT_RUNTIME_SUFFIXES and path.name not in _NOT_RUNTIME_NAMES


def models_digest() -> str:
    """A short digest of the model files the audit reads: part of the analysis version.

    Training scripts, data cards and evaluation scores are left out, so
    re-running an evaluation does not invalidate stored results.
    """
    digest = hashlib.sha256()
    root = models_dir()
    for path in sorted(p for p in root.rglob("*") if _is_runtime_file(p)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
