"""Normalize extracted text: simplified script, half-width ASCII, tidy whitespace.

Every offset reported downstream refers to the string this stage returns.
"""
from __future__ import annotations

import re
from functools import lru_cache

import opencc

from .records import NormalizedText

# Full-width ASCII letters and digits (U+FF10-FF19, FF21-FF3A, FF41-FF5A) map to
# half-width; full-width punctuation is left alone because Chinese text uses it.
_FULLWIDTH_ALNUM = {
    code: code - 0xFEE0
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
# `str.translate` looks up every character; most texts hold none of these.
_ANY_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")
_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def classify_script(original: str, simplified: str) -> str:
    """simplified / traditional / mixed, by counting script-specific characters.

    `simplified` is OpenCC's conversion of `original`. A character that OpenCC
    changes when going to simplified is traditional-only; one it changes when
    going to traditional is simplified-only. Text with a handful of both (seed
    000 repeats its title in both scripts) is mixed.
    """
    if original == simplified:
        return "simplified"
    han = "".join(_HAN.findall(original))
    if not han:
        return "simplified"
    traditional_only = _count_changed(han, _converter().convert(han))
    simplified_only = _count_changed(han, _to_traditional().convert(han))
    floor = max(3, len(han) // 200)
    if traditional_only < floor:
        return "mixed" if traditional_only and simplified_only >= floor else "simplified"
    return "mixed" if simplified_only >= floor else "traditional"


def _count_changed(before: str, after: str) -> int:
    return sum(a != b for a, b in zip(before, after))


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def normalize(text: str) -> NormalizedText:
    """Convert to simplified, fold full-width alphanumerics, collapse whitespace.

    `***` redaction marks survive untouched; line breaks are kept (minutes are
    line-structured) but runs of blank lines collapse to one blank line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    simplified = _converter().convert(text)
    script = classify_script(text, simplified)
    folded = simplified.translate(_FULLWIDTH_ALNUM) if _ANY_FULLWIDTH_ALNUM.search(simplified) else simplified
    folded = _HORIZONTAL_SPACE.sub(" ", folded)
    folded = _SPACE_AROUND_NEWLINE.sub("\n", folded)
    folded = _BLANK_LINES.sub("\n\n", folded).strip()
    return NormalizedText(text=folded, script=script)
