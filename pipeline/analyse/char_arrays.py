"""Per-character numpy views of a text, for detectors that work on character
offsets (shared text, substance): one definition each, so every detector
counts characters and covered spans the same way."""
from __future__ import annotations

from typing import Sequence, Union

import numpy


def char_codes(text: str) -> numpy.ndarray:
    """The code point of each character of `text` (uint32), offsets as in the text."""
    return numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)


def span_mask(length: int, spans: Union[numpy.ndarray, Sequence[tuple[int, int]]]) -> numpy.ndarray:
    """Characters covered by any of the (start, end) spans: +1 at each start, -1 at each end, running sum."""
    bounds = numpy.asarray(spans, dtype=numpy.int64).reshape(-1, 2)
    edges = numpy.bincount(bounds[:, 0], minlength=length + 1) - numpy.bincount(bounds[:, 1], minlength=length + 1)
    return numpy.cumsum(edges[:length]) > 0


def in_sorted(values: numpy.ndarray, sorted_set: numpy.ndarray) -> numpy.ndarray:
    """`numpy.isin` for a sorted set of distinct values, without its sorting overhead on short arrays."""
    if not len(sorted_set):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values
