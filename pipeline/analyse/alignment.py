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


def kgram_index(text: str, k: int) -> dict[str, list[int]]:
    """Where each k-character gram of `text` starts."""
    positions: dict[str, list[int]] = {}
    for i in range(len(text) - k + 1):
        positions.setdefault(text[i : i + k], []).append(i)
    return positions


def _extend(a: str, b: str, i: int, j: int) -> int:
    """Length of the common run of a[i:] and b[j:].

    Compares growing slices (done in C) and then halves the last, differing
    slice, so a copied passage of L characters costs O(log L) comparisons
    instead of L Python steps.
    """
    limit = min(len(a) - i, len(b) - j)
    matched, step = 0, 16
    while matched < limit:
        end = min(limit, matched + step)
        if a[i + matched : i + end] == b[j + matched : j + end]:
            matched, step = end, step * 2
            continue
        while end - matched > 1:  # the first difference lies in [matched, end)
            middle = (matched + end) // 2
            if a[i + matched : i + middle] == b[j + matched : j + middle]:
                matched = middle
            else:
                end = middle
        return matched
    return matched


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
    index = kgram_index(b, k)
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
