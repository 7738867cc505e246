"""Batch work spread over worker processes: pieces keep item order, results
equal the serial run, and the audit's own pool serves the batch step."""
from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor

from pipeline.analyse.base import SERIAL, Spread
from pipeline.analyse.reuse import ReuseDetector
from pipeline.records import AuditResult


def doubled(items):
    return [2 * item for item in items]


def test_cut_makes_contiguous_runs_of_similar_weight():
    spread = Spread(parts=3)
    runs = spread.cut([1] * 9)
    assert runs == [(0, 3), (3, 6), (6, 9)]
    assert spread.cut([10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) == [(0, 1), (1, 5), (5, 11)]
    assert Spread(parts=4).cut([5]) == [(0, 1)] and SERIAL.cut([]) == []


def test_run_keeps_order_and_start_hands_out_pieces_at_once():
    items = list(range(20))
    calls = []

    def recording_map(function, pieces):
        pieces = list(pieces)
        calls.append(len(pieces))
        return map(function, pieces)

    spread = Spread(recording_map, 3)
    assert spread.run(doubled, items, [1] * len(items)) == [2 * i for i in items]
    assert calls == [3]
    started = spread.start(doubled, items[:2], [1, 1])
    assert calls == [3, 2]  # submitted before anything is read
    assert list(started) == [0, 2]
    with ProcessPoolExecutor(2) as pool:
        first = Spread(pool.map, 2).start(doubled, items, [1] * len(items))
        second = Spread(pool.map, 2).start(doubled, items[:5], [1] * 5)
        assert list(second) == [0, 2, 4, 6, 8] and list(first) == [2 * i for i in items]


def batch():
    rng = random.Random(7)
    stock = "支部组织党员学习党章开展批评与自我批评整改问题清单落实责任到人按期销号群众满意度明显提高"
    texts = []
    for index in range(24):  # documents 2k and 2k+1 share a passage of their own
        if index % 2 == 0:
            shared = "".join(rng.choice(stock) for _ in range(160))
        own = "".join(rng.choice(stock) for _ in range(300))
        texts.append(own[:150] + shared + own[150:] + f"第{index}号")
    return [AuditResult(path=f"d{i}.txt", sha256=str(i), status="ok", text=t) for i, t in enumerate(texts)]


def test_batch_findings_are_the_same_in_two_processes():
    detector = ReuseDetector.load()
    serial = detector.detect_batch(batch())
    assert sum(len(f.flags) for f in serial.values()) > 0
    with ProcessPoolExecutor(2) as pool:
        assert detector.detect_batch(batch(), (), Spread(pool.map, 2)) == serial
