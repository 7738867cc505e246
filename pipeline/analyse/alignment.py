"""Exact shared passages between two texts, with offsets in both.

Seed-and-extend over k-character grams: numpy finds the runs of k-grams of `a`
that also occur in `b`; inside a run long enough to hold a passage, each gram
is extended to the longest exact match and matches of at least `min_len`
characters are kept. Near-linear in the two lengths (a k-gram occurring many
times in `b` is followed at most `max_seeds` times). `align_pairs` does many
pairs of one batch at once (dense gram ids, pairs taken by their second text);
`shared_passages` is the same code for one pair.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy
import pandas

from .char_arrays import char_codes

HASH_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier for polynomial hashes


class SharedPassage(NamedTuple):
    """A passage a[a_start:a_end] == b[b_start:b_end]. A named tuple: a batch of
    near-copies makes tens of thousands, built in workers and sent back."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def gram_hashes(text: str, k: int) -> numpy.ndarray:
    """A 64-bit hash of every k-character gram of `text`, in text order."""
    if len(text) < k:
        return numpy.zeros(0, dtype=numpy.uint64)
    codes = char_codes(text).astype(numpy.uint64)
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
) -> list[SharedPassage]:
    """Maximal exact passages of `a` (left to right, non-overlapping in `a`) also found in `b`.

    A passage of L characters makes a run of L - k + 1 consecutive k-grams of
    `a` that occur in `b`, so only runs that long are walked; the strings
    themselves confirm every match, so a hash collision cannot make one.
    Callers aligning many pairs use `align_pairs`, which this calls with one pair.
    """
    return align_pairs([a, b], [(0, 1)], min_len, k, max_seeds)[0]


def align_pairs(
    texts: Sequence[str], pairs: Sequence[Sequence[int]], min_len: int = 50, k: int = 12, max_seeds: int = 8,
) -> list[list[SharedPassage]]:
    """`shared_passages(texts[a], texts[b], ...)` for every pair (a, b), in the order given.

    One pass over the k-gram hashes of every text in a pair gives each gram a
    dense id. The pairs are then taken b by b: the grams of `b` are written
    once into tables indexed by id (how often each occurs in `b`, and where its
    positions start in `b`'s positions ordered by gram, text order within a
    gram), and the grams of all the texts paired with that `b` are looked up
    there in one step.
    """
    found: list[list[SharedPassage]] = [[] for _ in pairs]
    live = [index for index, (a, b) in enumerate(pairs) if k <= min_len <= min(len(texts[a]), len(texts[b]))]
    if not live:
        return found
    docs = sorted({doc for index in live for doc in pairs[index]})
    per_doc = [gram_hashes(texts[doc], k) for doc in docs]
    # Dense ids in order of first appearance, from a hash table (a fifth of the time of sorting them).
    ids, distinct = pandas.factorize(numpy.concatenate(per_doc))
    bounds = numpy.cumsum([0] + [len(h) for h in per_doc]).tolist()
    gram_ids = {doc: ids[start:end] for doc, start, end in zip(docs, bounds, bounds[1:])}
    separator = numpy.array([len(distinct)])  # an id no text has: ends each text of a group
    count = numpy.zeros(len(distinct) + 1, dtype=numpy.int64)  # occurrences in the current b
    first = numpy.zeros(len(distinct) + 1, dtype=numpy.int64)  # start of a gram's positions in `order`
    by_b: dict[int, list[int]] = {}
    for index in live:
        by_b.setdefault(pairs[index][1], []).append(index)
    for b, group in by_b.items():
        b_ids = gram_ids[b]
        order = numpy.argsort(b_ids, kind="stable")  # b's positions by gram, in text order within one
        ranked = b_ids[order]
        starts = numpy.flatnonzero(numpy.diff(ranked, prepend=-1))
        b_grams = ranked[starts]
        count[b_grams] = numpy.diff(starts, append=len(ranked))
        first[b_grams] = starts
        a_ids = [gram_ids[pairs[index][0]] for index in group]
        joined = numpy.concatenate([separator] + [part for ids_a in a_ids for part in (ids_a, separator)])
        offsets = numpy.cumsum([1] + [len(ids_a) + 1 for ids_a in a_ids]).tolist()  # where each a starts
        present = count[joined] > 0
        edges = (numpy.flatnonzero(present[1:] != present[:-1]) + 1).tolist()
        runs: dict[int, list[tuple[int, int]]] = {}
        text = 0
        for run_start, run_end in zip(edges[::2], edges[1::2]):
            if run_end - run_start >= min_len - k + 1:
                while offsets[text + 1] <= run_start:
                    text += 1
                runs.setdefault(text, []).append((run_start, run_end))
        for text, text_runs in runs.items():
            index = group[text]
            found[index] = _walk(
                texts[pairs[index][0]], texts[b], offsets[text], text_runs, (joined, first, count, order),
                min_len, max_seeds,
            )
        count[b_grams] = 0
    return found


def _walk(
    a: str, b: str, offset: int, runs: list[tuple[int, int]],
    index: tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray], min_len: int, max_seeds: int,
) -> list[SharedPassage]:
    """Seed-and-extend along the runs of `a`'s grams found in `b`.

    Run positions index `joined` (a's gram ids start at `offset`); a gram's
    seeds are its first `max_seeds` positions in `b`, from `first`, `count`
    and `order` as `align_pairs` builds them. At each gram the longest exact
    match wins; one of at least `min_len` characters (after trimming) is kept
    and skipped over.
    """
    joined, first, count, order = index
    found = []
    for run_start, run_end in runs:
        position = run_start
        while position < run_end:
            i = position - offset
            best_len, best_j = 0, -1
            gram = joined[position]
            seeds = first[gram]
            for j in order[seeds : seeds + count[gram]][:max_seeds].tolist():
                length = _extend(a, b, i, j)
                if length > best_len:
                    best_len, best_j = length, j
            if best_len >= min_len:
                start, end = _trim(a, i, i + best_len)
                shift = start - i
                if end - start >= min_len:
                    found.append(SharedPassage(start, end, best_j + shift, best_j + shift + (end - start)))
                position += best_len
            else:
                position += 1
    return found
