"""Exact shared passages between two texts, with offsets in both.

Seed-and-extend over k-character grams: numpy finds the runs of k-grams of `a`
that also occur in `b`; inside a run long enough to hold a passage, each gram
is extended to the longest exact match and matches of at least `min_len`
characters are kept. Near-linear in the two lengths (a k-gram occurring many
times in `b` is followed at most `max_seeds` times).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy

HASH_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier for polynomial hashes


@dataclass(frozen=True)
class SharedPassage:
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True)
class Grams:
    """A text's k-gram hashes in text order, and the distinct ones sorted (to test membership)."""

    hashes: numpy.ndarray
    known: numpy.ndarray

    @classmethod
    def of(cls, text: str, k: int) -> "Grams":
        hashes = gram_hashes(text, k)
        return cls(hashes, numpy.unique(hashes))


def gram_hashes(text: str, k: int) -> numpy.ndarray:
    """A 64-bit hash of every k-character gram of `text`, in text order."""
    if len(text) < k:
        return numpy.zeros(0, dtype=numpy.uint64)
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)
    count = len(text) - k + 1
    hashes = numpy.zeros(count, dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        for offset in range(k):
            hashes = hashes * HASH_MIX + codes[offset : offset + count]
    return hashes


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


def shared_passages(
    a: str, b: str, min_len: int = 50, k: int = 12, max_seeds: int = 8,
    a_grams: Grams | None = None, b_grams: Grams | None = None,
) -> list[SharedPassage]:
    """Maximal exact passages of `a` (left to right, non-overlapping in `a`) also found in `b`.

    A passage of L characters makes a run of L - k + 1 consecutive k-grams of
    `a` that occur in `b`, so only runs that long are walked; the strings
    themselves confirm every match, so a hash collision cannot make one.
    Callers aligning one text against many pass its `Grams` in.
    """
    if min(len(a), len(b)) < min_len or k > min_len:
        return []
    a_hashes = (a_grams or Grams.of(a, k)).hashes
    b_grams = b_grams or Grams.of(b, k)
    b_hashes = b_grams.hashes
    found = []
    for run_start, run_end in _present_runs(a_hashes, b_grams.known, min_len - k + 1):
        i = run_start
        while i < run_end:
            best_len, best_j = 0, -1
            for j in numpy.flatnonzero(b_hashes == a_hashes[i])[:max_seeds].tolist():
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


def _present_runs(a_hashes: numpy.ndarray, known: numpy.ndarray, min_run: int) -> list[tuple[int, int]]:
    """Runs of at least `min_run` consecutive grams of `a` found in `known` (the sorted grams of `b`)."""
    if not len(a_hashes) or not len(known):
        return []
    where = numpy.searchsorted(known, a_hashes).clip(max=len(known) - 1)
    present = numpy.r_[False, known[where] == a_hashes, False]
    edges = numpy.flatnonzero(present[1:] != present[:-1])
    starts, ends = edges[::2], edges[1::2]
    long_enough = ends - starts >= min_run
    return list(zip(starts[long_enough].tolist(), ends[long_enough].tolist()))
