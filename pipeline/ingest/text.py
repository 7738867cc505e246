"""Decode a .txt file whose encoding nobody told us.

Order of evidence, strongest first: a byte-order mark; a strict UTF-8 decode
(non-ASCII bytes that happen to form valid UTF-8 are almost never anything
else); then every candidate that decodes strictly (GB18030, Big5, BOM-less
UTF-16) is scored by how much of it is frequently used Han characters versus
characters no real document contains (controls, private-use, unassigned code
points). GBK bytes read as Big5, and Big5 bytes read as GBK, decode into rare
characters, kana, Greek or private-use code points, so the right reading wins
even on a single short line. charset-normalizer is the last resort.

"Frequently used" comes from the national standards themselves, read off the
codecs: GB 2312 level 1 (3,755 common simplified characters) and the Big5
"frequently used" block A440-C67E (5,401 traditional characters).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Optional, Sequence

import charset_normalizer

from . import errors

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# In order of preference on a tie; cp950 is Microsoft's Big5 with extensions.
_CJK_CANDIDATES = ("gb18030", "big5", "cp950")
_UTF16_CANDIDATES = ("utf-16-le", "utf-16-be")
_SCORE_SAMPLE = 20_000  # characters; enough to decide, cheap on a 1 MB file
_BAD_WEIGHT = 4  # a control or private-use character outweighs several common ones
_MIN_EXPECTED_TENTHS = 6  # at least 60% common Han, ASCII or CJK punctuation
# Scripts that appear when CJK bytes are read with the wrong double-byte table.
_UNLIKELY_RANGES = (
    (0x0370, 0x04FF),  # Greek, Cyrillic
    (0x2500, 0x257F),  # box drawing
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or IngestFailure(decode_failed)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), codec
            except UnicodeDecodeError:
                raise errors.decode_failed() from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    candidates = ["utf-8"] if b"\x00" in data else []
    candidates += _CJK_CANDIDATES
    if len(data) % 2 == 0:
        candidates += _UTF16_CANDIDATES
    # A few broken bytes (a truncated or patched file) should not lose the
    # whole text: only if no table reads it cleanly, allow replacements.
    best = _best_reading(data, candidates, "strict") or _best_reading(data, _CJK_CANDIDATES, "replace")
    if best is not None:
        return best
    return _charset_normalizer_guess(data)


def _best_reading(data: bytes, candidates: Sequence[str], errors_mode: str) -> Optional[tuple[str, str]]:
    """The plausible reading with the best score; earlier candidates win ties."""
    scored = []
    for order, codec in enumerate(candidates):
        try:
            text = data.decode(codec, errors_mode)
        except UnicodeDecodeError:
            continue
        quality = score(text[:_SCORE_SAMPLE])
        if quality.plausible:
            scored.append((quality.value, -order, text, codec))
    if not scored:
        return None
    _, _, text, name = max(scored)
    return text, name


def _charset_normalizer_guess(data: bytes) -> tuple[str, str]:
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise errors.decode_failed()
    text = str(match)
    if not score(text[:_SCORE_SAMPLE]).plausible:
        raise errors.decode_failed()
    return text, match.encoding


@dataclass(frozen=True)
class Quality:
    """How much a decoded sample looks like a real document.

    `value` ranks readings of the same bytes; `plausible` says whether the best
    one is text at all: almost no impossible characters, and most characters
    ones that Chinese documents are made of.
    """

    value: int
    plausible: bool


def score(sample: str) -> Quality:
    common_set = common_hanzi()
    common = expected = bad = unlikely = visible = 0
    for char, count in Counter(sample).items():
        if char in _ALLOWED_CONTROLS or (char.isspace() and not _is_control(char)):
            continue
        visible += count
        if char in common_set:
            common += count
            expected += count
        elif _is_expected(char):
            expected += count
        elif _is_bad(char):
            bad += count
        elif any(low <= ord(char) <= high for low, high in _UNLIKELY_RANGES):
            unlikely += count
    plausible = visible > 0 and bad * 100 <= visible and expected * 10 >= visible * _MIN_EXPECTED_TENTHS
    return Quality(common - unlikely - _BAD_WEIGHT * bad, plausible)


def _is_expected(char: str) -> bool:
    """Printable ASCII and the punctuation blocks Chinese text uses."""
    code = ord(char)
    return (
        0x20 < code < 0x7F
        or 0x2000 <= code <= 0x206F  # general punctuation: “” ‘’ … —
        or 0x3000 <= code <= 0x303F  # CJK symbols and punctuation: 。、《》【】
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：；（）
    )


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def _is_bad(char: str) -> bool:
    """Characters no document a person typed contains: controls, private use, unassigned, U+FFFD."""
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs")


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """GB 2312 level 1 plus the Big5 frequently-used block, read off the codecs."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(_decode_or_empty(bytes((lead, trail)), "gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if (lead << 8) | trail <= 0xC67E:
                chars.update(_decode_or_empty(bytes((lead, trail)), "big5"))
    return frozenset(chars)


def _decode_or_empty(pair: bytes, codec: str) -> str:
    try:
        return pair.decode(codec)
    except UnicodeDecodeError:
        return ""
