"""Every text the project's corpora hold (UTF-8 samples and the labelled jsonl
records), for tests that check a faster path against the plain one on real wording."""
from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "corpora" / "samples").glob("*.txt"))
             if _is_utf8(path)]
    for path in sorted((REPO / "corpora").glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text")
            if isinstance(text, str):
                texts.append(text)
    return texts


def _is_utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
        return True
    except UnicodeDecodeError:
        return False
