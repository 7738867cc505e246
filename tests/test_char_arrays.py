"""Per-character arrays shared by the shared-text and substance detectors."""
from __future__ import annotations

import numpy

from pipeline.analyse.char_arrays import char_codes, in_sorted, span_mask


def test_span_mask_marks_overlapping_touching_and_no_spans():
    assert span_mask(8, [(1, 3), (2, 4), (6, 8)]).tolist() == [False, True, True, True, False, False, True, True]
    assert span_mask(4, [(0, 2), (2, 4)]).all()
    assert not span_mask(5, []).any() and len(span_mask(5, numpy.zeros((0, 2)))) == 5


def test_char_codes_keep_one_value_per_character():
    codes = char_codes("党a 1")
    assert codes.tolist() == [ord("党"), ord("a"), ord(" "), ord("1")] and codes.dtype == numpy.uint32


def test_in_sorted_is_isin_for_a_sorted_set():
    values = numpy.array([5, 1, 9, 12, 7, 0, 9], dtype=numpy.int64)
    sorted_set = numpy.array([1, 7, 9], dtype=numpy.int64)
    assert in_sorted(values, sorted_set).tolist() == numpy.isin(values, sorted_set).tolist()
    assert in_sorted(values, sorted_set[:0]).tolist() == [False] * 7
