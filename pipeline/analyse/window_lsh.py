"""Candidate document pairs from MinHash LSH over character windows, in numpy.

Each document is cut into overlapping character windows and each window gets a
MinHash signature over its character shingles. The hash family is
datasketch's: its `affine32` permutation parameters applied after the
MurmurHash3 finalizer, so a window's signature equals what
`datasketch.MinHash(hashfunc=int).update_batch(shingles)` gives, and the bands
and rows are the ones `datasketch.MinHashLSH` picks for the threshold. The
signatures of all windows of a document are computed in one numpy step and the
buckets are found by sorting band keys, instead of one Python object per
window and one dictionary insertion per band.

Two bounds keep the pairs, and so the alignment after them, linear in the
batch: a bucket holding more than `max_bucket` documents is template text, not
a pair to compare, and each document keeps only the `max_partners` documents it
collides with most often (a copied passage collides in many windows and bands,
a chance resemblance in one or two).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Iterator, Sequence

import numpy

from .alignment import HASH_MIX, gram_hashes
from .base import SERIAL, Spread

_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_EMPTY = numpy.uint32(0xFFFFFFFF)  # datasketch's value for "no shingle yet"


@dataclass(frozen=True)
class WindowLsh:
    """Window MinHash LSH settings; `sketch` and `pairs` are pure functions of them."""

    num_perm: int = 64
    threshold: float = 0.3
    shingle: int = 5
    window: int = 100
    stride: int = 50
    min_chars: int = 50
    seed: int = 1

    def permutations(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """datasketch's `affine32` parameters (a, b) for `num_perm` and `seed`: odd
        multipliers, then offsets, drawn from numpy's `RandomState(seed)` as datasketch draws them."""
        generator = numpy.random.RandomState(self.seed)
        a = generator.randint(0, 1 << 31, self.num_perm, dtype=numpy.uint32) * numpy.uint32(2) + numpy.uint32(1)
        b = generator.randint(0, 1 << 32, self.num_perm, dtype=numpy.uint32)
        return a, b

    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) as datasketch's MinHashLSH chooses them for `threshold`:
        the first pair minimizing the false-positive plus false-negative probability
        mass, integrated exactly (Gauss-Legendre with enough nodes for polynomials of
        degree `num_perm`) instead of by importing scipy, which costs the batch step half a second."""
        candidates = [(b, r) for b in range(1, self.num_perm + 1) for r in range(1, self.num_perm // b + 1)]
        bands, rows = (numpy.array(column, dtype=float)[:, None] for column in zip(*candidates))
        nodes, weights = numpy.polynomial.legendre.leggauss(self.num_perm // 2 + 1)

        def integral(low: float, high: float, collide: bool) -> numpy.ndarray:
            s = low + (high - low) * (nodes + 1) / 2
            missed = (1 - s[None, :] ** rows) ** bands  # no band of a pair with similarity s collides
            return ((1 - missed if collide else missed) @ weights) * (high - low) / 2

        errors = integral(0.0, self.threshold, True) + integral(self.threshold, 1.0, False)
        return candidates[int(numpy.argmin(errors))]

    def windows(self, length: int) -> list[tuple[int, int]]:
        """Character windows of a text of `length` characters; short texts are one window or none."""
        if length <= self.window:
            return [(0, length)] if length >= self.min_chars else []
        starts = list(range(0, length - self.window + 1, self.stride))
        if starts[-1] + self.window < length:
            starts.append(length - self.window)
        return [(s, s + self.window) for s in starts]

    def signatures(
        self, text: str, permutations: tuple[numpy.ndarray, numpy.ndarray], ignore: numpy.ndarray | None = None
    ) -> numpy.ndarray:
        """One MinHash signature (num_perm uint32 values) per window of `text`.

        Shingles starting at a character marked in `ignore` (batch boilerplate)
        are left out, and a window left with none gets no signature: text that
        every document carries would otherwise make every pair a candidate.
        """
        windows = self.windows(len(text))
        shingles = shingle_hashes(text, self.shingle)
        if not windows or not len(shingles):
            return numpy.zeros((0, self.num_perm), dtype=numpy.uint32)
        a, b = permutations
        permuted = _fmix32(shingles)[:, None] * a[None, :] + b[None, :]
        bounds = numpy.array(
            [(start, max(start + 1, min(len(shingles), end - self.shingle + 1))) for start, end in windows],
            dtype=numpy.intp,
        )
        if ignore is not None and ignore.any():
            ignored = ignore[: len(shingles)]
            permuted[ignored] = _EMPTY
            own = numpy.r_[0, numpy.cumsum(~ignored)]
            bounds = bounds[own[bounds[:, 1]] > own[bounds[:, 0]]]
            if not len(bounds):
                return numpy.zeros((0, self.num_perm), dtype=numpy.uint32)
        padded = numpy.vstack([permuted, numpy.zeros((1, self.num_perm), dtype=numpy.uint32)])
        return numpy.minimum.reduceat(padded, bounds.ravel(), axis=0)[::2]

    def band_keys(self, signatures: numpy.ndarray, bands: tuple[int, int]) -> numpy.ndarray:
        """A 64-bit key per (window, band); equal keys mean equal band values."""
        count, rows = bands
        values = signatures[:, : count * rows].astype(numpy.uint64).reshape(len(signatures), count, rows)
        keys = numpy.broadcast_to(numpy.arange(1, count + 1, dtype=numpy.uint64), (len(signatures), count))
        with numpy.errstate(over="ignore"):
            for row in range(rows):
                keys = keys * HASH_MIX + values[:, :, row]
        return keys.ravel()

    def pairs(
        self, texts: list[str], batch_size: int, max_bucket: int, max_partners: int,
        ignore: Sequence[numpy.ndarray] = (), spread: Spread = SERIAL,
    ) -> numpy.ndarray:
        """Candidate pairs (a, b), a < b and a in the batch (texts[batch_size:] are sources only).

        `ignore[i]`, where given, marks the characters of texts[i] to leave out
        (batch boilerplate).
        """
        keys = list(self.start_band_keys(texts, ignore, spread))
        return keyed_pairs(keys, batch_size, max_bucket, max_partners)

    def start_band_keys(
        self, texts: Sequence[str], ignore: Sequence[numpy.ndarray] = (), spread: Spread = SERIAL
    ) -> Iterator[numpy.ndarray]:
        """The band keys of each text (see `pairs`), computed in `spread`'s pieces
        (`Spread.start`: on a pool they are under way when this returns). The
        permutations travel with the pieces."""
        documents = [(text, ignore[doc] if doc < len(ignore) else None) for doc, text in enumerate(texts)]
        work = partial(_band_keys_of, self, self.permutations(), self.bands())
        return spread.start(work, documents, [len(text) + 1 for text in texts])


def keyed_pairs(keys: Sequence[numpy.ndarray], batch_size: int, max_bucket: int, max_partners: int) -> numpy.ndarray:
    """`colliding_pairs` of the band keys of each document (index = document)."""
    if not keys:
        return numpy.zeros((0, 2), dtype=numpy.int64)
    owners = numpy.repeat(numpy.arange(len(keys), dtype=numpy.int64), [len(k) for k in keys])
    return colliding_pairs(numpy.concatenate(keys), owners, batch_size, max_bucket, max_partners)


def _band_keys_of(
    lsh: WindowLsh, permutations: tuple[numpy.ndarray, numpy.ndarray], bands: tuple[int, int],
    documents: Sequence[tuple[str, numpy.ndarray | None]],
) -> list[numpy.ndarray]:
    """The band keys of each (text, ignored characters) document: one piece of `WindowLsh.pairs`."""
    return [lsh.band_keys(lsh.signatures(text, permutations, mask), bands) for text, mask in documents]


def shingle_hashes(text: str, k: int) -> numpy.ndarray:
    """32-bit hashes of the k-character shingles of `text`, in text order."""
    hashes = gram_hashes(text, k)
    return ((hashes >> numpy.uint64(32)) ^ hashes).astype(numpy.uint32)


def _fmix32(values: numpy.ndarray) -> numpy.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before the permutations."""
    s1, m1, s2, m2, s3 = _FMIX32
    values = values.astype(numpy.uint32)
    values = values ^ (values >> numpy.uint32(s1))
    values = values * numpy.uint32(m1)
    values = values ^ (values >> numpy.uint32(s2))
    values = values * numpy.uint32(m2)
    return values ^ (values >> numpy.uint32(s3))


def colliding_pairs(
    keys: numpy.ndarray, owners: numpy.ndarray, batch_size: int, max_bucket: int, max_partners: int,
    dense_codes: int = 1 << 23,
) -> numpy.ndarray:
    """Document pairs sharing a bucket, each document keeping its `max_partners` most frequent partners.

    The collisions of each pair are summed in one array slot per possible pair
    while there are at most `dense_codes` of them (64 MB), else by sorting.
    """
    order = numpy.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    distinct = numpy.ones(len(keys), dtype=bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[distinct], owners[distinct]
    if not len(keys):
        return numpy.zeros((0, 2), dtype=numpy.int64)
    starts = numpy.flatnonzero(numpy.r_[True, keys[1:] != keys[:-1]])
    sizes = numpy.diff(numpy.r_[starts, len(keys)])
    usable = (sizes >= 2) & (sizes <= max_bucket)
    starts, sizes = starts[usable], sizes[usable]
    # The same windows collide in many bands: enumerate each distinct set of documents once, weighted.
    with numpy.errstate(over="ignore"):
        member_hash = (owners.astype(numpy.uint64) + numpy.uint64(1)) * HASH_MIX
        member_hash ^= member_hash >> numpy.uint64(29)
        set_hash = numpy.add.reduceat(member_hash, starts) if len(starts) else member_hash[:0]
    set_hash = set_hash * numpy.uint64(1000003) + sizes.astype(numpy.uint64) if len(starts) else set_hash
    _, first, weight = numpy.unique(set_hash, return_index=True, return_counts=True)
    starts, sizes = starts[first], sizes[first]
    firsts, seconds, weights = [], [], []
    for size in numpy.unique(sizes).tolist():
        chosen = sizes == size
        members = owners[starts[chosen][:, None] + numpy.arange(size)[None, :]]
        left, right = numpy.triu_indices(size, 1)
        firsts.append(members[:, left].ravel())
        seconds.append(members[:, right].ravel())
        weights.append(numpy.repeat(weight[chosen], len(left)))
    if not firsts:
        return numpy.zeros((0, 2), dtype=numpy.int64)
    first_doc, second_doc = numpy.concatenate(firsts), numpy.concatenate(seconds)
    in_batch = first_doc < batch_size
    span = int(owners.max()) + 1
    codes, counts = _summed_by_code(
        first_doc[in_batch] * span + second_doc[in_batch], numpy.concatenate(weights)[in_batch], span * span, dense_codes
    )
    pairs = numpy.stack([codes // span, codes % span], axis=1)
    keep = _top_partners(pairs[:, 0], counts, max_partners) | _top_partners(pairs[:, 1], counts, max_partners)
    return pairs[keep]


def _summed_by_code(
    codes: numpy.ndarray, weights: numpy.ndarray, code_count: int, dense_codes: int
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The distinct codes in ascending order and the summed (positive) weight of each.

    Counting into one slot per possible code takes a fifth of the time of the
    sort behind `numpy.unique`, for as long as the slots fit in memory.
    """
    if code_count <= dense_codes:
        summed = numpy.bincount(codes, weights=weights, minlength=code_count)
        present = numpy.flatnonzero(summed)
        return present, summed[present]
    distinct, inverse = numpy.unique(codes, return_inverse=True)
    return distinct, numpy.bincount(inverse, weights=weights)


def _top_partners(doc: numpy.ndarray, counts: numpy.ndarray, limit: int) -> numpy.ndarray:
    """Whether each pair is among the `limit` most colliding pairs of its document `doc`."""
    order = numpy.lexsort((-counts, doc))
    sorted_doc = doc[order]
    group_start = numpy.flatnonzero(numpy.r_[True, sorted_doc[1:] != sorted_doc[:-1]])
    rank = numpy.arange(len(order)) - numpy.repeat(group_start, numpy.diff(numpy.r_[group_start, len(order)]))
    keep = numpy.zeros(len(doc), dtype=bool)
    keep[order[rank < limit]] = True
    return keep
