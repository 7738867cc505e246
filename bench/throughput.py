"""Throughput of the whole audit against plain jieba segmentation, in one run.

Builds a corpus of at least --mb MB (UTF-8 of normalized text) from the shipped
samples, audits it, then times plain `jieba.cut` (jieba's own default
dictionary and tokenizer) over exactly the same normalized texts. Prints both
throughputs and their ratio; nothing is compared against figures from another run.

The corpus repeats each sample many times, so every document has dozens of
near-copies: the worst case for shared-text detection, which compares every
copy with every other. The audit's own stage timings split the run into the
per-document part (loading, reading, analysing) and that batch step, so the
per-document pipeline can be compared with jieba too. `bench/reuse.py`
measures shared-text detection on batches with a realistic amount of copying.

    python bench/throughput.py [--mb 5] [--workers 1]
"""
from __future__ import annotations

import argparse
import logging
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
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)

    with tempfile.TemporaryDirectory() as folder:
        texts = build_corpus(Path(folder), sample_texts(), args.mb)
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
        print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB of normalized text")

        stats = BatchStats()
        started = time.perf_counter()
        results = analyze_many([folder], workers=args.workers, options=AuditOptions(backend=args.backend), stats=stats)
        audit_seconds = time.perf_counter() - started
        assert len(results) == len(texts) and all(r.status == "ok" for r in results)
        batch_seconds = stats.batch_seconds

        jieba.initialize()
        started = time.perf_counter()
        tokens = sum(1 for text in texts for _ in jieba.cut(text))
        jieba_seconds = time.perf_counter() - started

    audit_rate = megabytes / audit_seconds
    document_rate = megabytes / (audit_seconds - batch_seconds)
    jieba_rate = megabytes / jieba_seconds
    print(f"whole audit ({args.workers} worker(s), backend {args.backend}):  {audit_seconds:7.2f} s  {audit_rate:6.2f} MB/s")
    print(f"  of which shared-text detection (batch):  {batch_seconds:7.2f} s")
    print(f"  the rest (load, read, per-document):      {audit_seconds - batch_seconds:7.2f} s  {document_rate:6.2f} MB/s")
    print(f"plain jieba.cut ({tokens} tokens):     {jieba_seconds:7.2f} s  {jieba_rate:6.2f} MB/s")
    print(f"ratio whole audit / jieba throughput:         {audit_rate / jieba_rate:.2f}")
    print(f"ratio per-document part / jieba throughput:   {document_rate / jieba_rate:.2f}")


if __name__ == "__main__":
    main()
