"""Throughput of the whole audit against plain jieba segmentation, in one run.

Builds a corpus of at least --mb MB (UTF-8 of normalized text) from the shipped
samples, audits it and times plain `jieba.cut` (jieba's own default dictionary
and tokenizer) over exactly the same normalized texts. Prints both throughputs
and their ratio; nothing is compared against figures from another run.

The corpus repeats each sample many times, so every document has dozens of
near-copies: the worst case for shared-text detection, which compares every
copy with every other. The audit's own stage timings split the run into the
per-document part (loading, reading, analysing) and that batch step, so the
per-document pipeline can be compared with jieba too. `bench/reuse.py`
measures shared-text detection on batches with a realistic amount of copying.

The machine's speed drifts from minute to minute, so the two are timed back
to back in `--rounds` alternations; the summary compares the fastest run of
each (the least disturbed) and also prints the median of the rounds' ratios.

jieba loads its dictionary (`jieba.initialize`) once, before the rounds, and
that time is left out of its figures, while every audit run loads its own
models in its worker processes. The load is timed too, and a last ratio puts
each side's loading in.

    python bench/throughput.py [--mb 5] [--workers 1] [--rounds 5]
"""
from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

import jieba

from pipeline.audit import AuditOptions, BatchStats, analyze_many
from pipeline.ingest import extract, iter_sources
from pipeline.normalize import normalize

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "corpora" / "samples"


def sample_texts() -> list[str]:
    texts = []
    for source in iter_sources([SAMPLES]):
        raw = extract(source)
        if raw.error is None and raw.text.strip():
            texts.append(normalize(raw.text).text)
    return texts


def build_corpus(folder: Path, texts: list[str], megabytes: float) -> list[str]:
    """Copies of the samples, each made distinct by a numbered first line."""
    written: list[str] = []
    size = 0
    copy = 0
    while size < megabytes * 1_000_000:
        for index, text in enumerate(texts):
            document = f"第{copy}批第{index}号材料\n{text}"
            (folder / f"doc_{copy:04d}_{index:03d}.txt").write_text(document, encoding="utf-8")
            written.append(normalize(document).text)
            size += len(written[-1].encode("utf-8"))
        copy += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB of normalized text")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--rounds", type=int, default=5, help="alternations of plain jieba and the audit")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    started = time.perf_counter()
    jieba.initialize()
    jieba_load = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        texts = build_corpus(Path(folder), sample_texts(), args.mb)
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
        print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB of normalized text")
        rounds = [_round(folder, texts, args) for _ in range(args.rounds)]

    print(f"{'round':>5}  {'jieba s':>8}  {'audit s':>8}  {'batch s':>8}  {'ratio':>6}  {'per-doc ratio':>13}")
    for number, (jieba_seconds, audit_seconds, batch_seconds) in enumerate(rounds, 1):
        print(
            f"{number:5d}  {jieba_seconds:8.2f}  {audit_seconds:8.2f}  {batch_seconds:8.2f}  "
            f"{jieba_seconds / audit_seconds:6.2f}  {jieba_seconds / (audit_seconds - batch_seconds):13.2f}"
        )
    # The machine's speed drifts between minutes; the fastest run of each is the least disturbed.
    jieba_best = min(r[0] for r in rounds)
    audit_best, batch_of_best = min((r[1], r[2]) for r in rounds)
    print(f"whole audit ({args.workers} worker(s), backend {args.backend}), fastest of {args.rounds}: "
          f"{audit_best:7.2f} s  {megabytes / audit_best:6.2f} MB/s")
    print(f"  of which shared-text detection (batch):  {batch_of_best:7.2f} s")
    print(f"  the rest (load, read, per-document):      {audit_best - batch_of_best:7.2f} s  "
          f"{megabytes / (audit_best - batch_of_best):6.2f} MB/s")
    print(f"plain jieba.cut, fastest of {args.rounds}:            {jieba_best:7.2f} s  {megabytes / jieba_best:6.2f} MB/s")
    print(f"ratio whole audit / jieba throughput:         {jieba_best / audit_best:.2f}")
    print(f"ratio per-document part / jieba throughput:   {jieba_best / (audit_best - batch_of_best):.2f}")
    print(f"median of the rounds' own ratios:             {statistics.median(j / a for j, a, _ in rounds):.2f}")
    print(f"jieba.initialize (its dictionary, timed once, left out above): {jieba_load:.2f} s")
    print(f"ratio with each side's loading in (jieba + dictionary / whole audit): "
          f"{(jieba_best + jieba_load) / audit_best:.2f}")


def _round(folder: str, texts: list[str], args: argparse.Namespace) -> tuple[float, float, float]:
    """Plain jieba, then the whole audit, back to back: (jieba s, audit s, batch s)."""
    started = time.perf_counter()
    sum(1 for text in texts for _ in jieba.cut(text))
    jieba_seconds = time.perf_counter() - started
    stats = BatchStats()
    started = time.perf_counter()
    results = analyze_many([folder], workers=args.workers, options=AuditOptions(backend=args.backend), stats=stats)
    audit_seconds = time.perf_counter() - started
    assert len(results) == len(texts) and all(r.status == "ok" for r in results)
    return jieba_seconds, audit_seconds, stats.batch_seconds


if __name__ == "__main__":
    main()
