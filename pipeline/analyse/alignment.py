"""Exact shared passages between two texts, with offsets in both.

Seed-and-extend over k-character grams: every k-gram of `a` that also occurs
in `b` is extended to the longest exact match; matches of at least `min_len`
characters are kept. Linear in the two lengths for ordinary prose (a k-gram
occurring many times in `b` is followed at most `max_seeds` times).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedPassage:
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _index(text: str, k: int) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i in range(len(text) - k + 1):
        positions.setdefault(text[i : i + k], []).append(i)
    return positions


def _extend(a: str, b: str, i: int, j: int) -> int:
    length = 0
    while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
        length += 1
    return length


_LEADING = "。，；、：！？”’）)].,;:!? "


def _trim(a: str, start: int, end: int) -> tuple[int, int]:
    """Passages do not start with whitespace or the previous sentence's closing mark."""
    while start < end and (a[start].isspace() or a[start] in _LEADING):
        start += 1
    while end > start and a[end - 1].isspace():
        end -= 1
    return start, end


def shared_passages(a: str, b: str, min_len: int = 50, k: int = 12, max_seeds: int = 8) -> list[SharedPassage]:
    """Maximal exact passages of `a` (left to right, non-overlapping in `a`) also found in `b`."""
    if min(len(a), len(b)) < min_len or k > min_len:
        return []
    index = _index(b, k)
    found = []
    i = 0
    while i <= len(a) - k:
        seeds = index.get(a[i : i + k])
        if not seeds:
            i += 1
            continue
        best_len, best_j = 0, -1
        for j in seeds[:max_seeds]:
            length = _extend(a, b, i, j)
            if length > best_len:
                best_len, best_j = length, j
        if best_len >= min_len:
            start, end = _trim(a, i, i + best_len)
            shift = start - i
            if end - start >= min_len:
                found.append(SharedPassage(start, end, best_j + shift, best_j + shift + (end - start)))
            i += best_len
        else:
            i += 1
    return found
