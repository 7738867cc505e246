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


def models_digest() -> str:
    """A short digest of every file under `models/`: part of the analysis version."""
    digest = hashlib.sha256()
    root = models_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
