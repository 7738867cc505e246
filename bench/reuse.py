"""Time reuse detection (MinHash LSH candidates + exact alignment + boilerplate)
on synthetic batches of 2k, 5k and 20k documents of about 2 KB each.

Documents are built from the project's own text (the substance corpus and the
seeds; nothing is downloaded): sentences drawn at random, with about one
character in four replaced so that unrelated documents do not share long
runs, one shared letterhead line (a template every document carries), and 1%
of documents carrying a planted 150-character passage copied from another
document. Prints the time per size, the recall of the planted copies, and the
growth ratio (time at the largest size over time at the smallest, against the
size ratio a linear method would show), for wall-clock and process CPU time.

    python bench/reuse.py [--sizes 2000 5000 20000] [--bytes 2048] [--seed 7]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

from pipeline.analyse.reuse import ReuseDetector
from pipeline.records import AuditResult
from pipeline.segment import load_segmenter
from pipeline.sentences import split_sentences

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "substance" / "paragraphs.jsonl"
SAMPLES = REPO / "corpora" / "samples"  # holds the seeds as seed_*.txt
LETTERHEAD = "中共某某市直机关工作委员会关于报送年度党建工作材料的通知要求各党支部按时如实报送。\n"
COPY_CHARS = 150


def sentence_pool() -> list[str]:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("seed_*.txt"))]
    pool = {s.text for t in texts for s in split_sentences(t) if len(s.text) >= 12}
    return sorted(pool)


def mutate(sentence: str, alphabet: str, rng: random.Random) -> str:
    return "".join(rng.choice(alphabet) if rng.random() < 0.25 else ch for ch in sentence)


def synthesize(n: int, size_bytes: int, pool: list[str], rng: random.Random) -> tuple[list[str], list[tuple[int, int]]]:
    """`n` documents and the planted (copier, source) pairs."""
    alphabet = "".join(sorted({ch for s in pool for ch in s if "\u4e00" <= ch <= "\u9fff"}))
    docs = []
    for _ in range(n):
        parts = [LETTERHEAD]
        while len("".join(parts).encode("utf-8")) < size_bytes:
            parts.append(mutate(rng.choice(pool), alphabet, rng))
        docs.append("".join(parts))
    planted = []
    for copier in rng.sample(range(n), max(1, n // 100)):
        source = rng.randrange(n)
        if source == copier:
            continue
        start = rng.randrange(len(LETTERHEAD), len(docs[source]) - COPY_CHARS)
        passage = docs[source][start : start + COPY_CHARS]
        cut = len(docs[copier]) // 2
        docs[copier] = docs[copier][:cut] + passage + docs[copier][cut:]
        planted.append((copier, source))
    return docs, planted


def run(n: int, size_bytes: int, pool: list[str], seed: int) -> dict:
    docs, planted = synthesize(n, size_bytes, pool, random.Random(seed))
    results = [AuditResult(path=f"doc{i:05d}.txt", sha256="", status="ok", text=t) for i, t in enumerate(docs)]
    detector = ReuseDetector.load()
    started, started_cpu = time.perf_counter(), time.process_time()
    findings = detector.detect_batch(results)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    found = sum(
        any(c["other_path"] == f"doc{source:05d}.txt" for c in findings[copier].extra["reuse"])
        for copier, source in planted
    )
    flagged = sum(1 for f in findings.values() if any(fl.code == "reuse.copied" for fl in f.flags))
    return {
        "docs": n, "mean_bytes": round(sum(len(d.encode("utf-8")) for d in docs) / n),
        "mean_chars": round(sum(len(d) for d in docs) / n), "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "planted": len(planted), "planted_found": found, "docs_with_copy_flags": flagged,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 20000])
    parser.add_argument("--bytes", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pool = sentence_pool()
    # Load the segmenter (about a second) before any timing, so it is not billed to the smallest batch.
    load_segmenter(ReuseDetector.load().segmenter)
    print(f"sentence pool: {len(pool)} sentences from {CORPUS.name} and the seeds")
    rows = []
    for n in args.sizes:
        row = run(n, args.bytes, pool, args.seed)
        rows.append(row)
        print(
            f"{row['docs']:>6} docs (~{row['mean_bytes']} B, {row['mean_chars']} chars each): "
            f"{row['seconds']:>8.2f} s wall, {row['cpu_seconds']:.2f} s CPU, "
            f"{row['cpu_seconds'] / n * 1000:.2f} ms CPU/doc, "
            f"planted copies found {row['planted_found']}/{row['planted']}, "
            f"documents with reuse.copied {row['docs_with_copy_flags']}, "
            f"peak memory so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
            flush=True,
        )
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        print(
            f"growth: {last['docs'] / first['docs']:.1f}x documents took "
            f"{last['seconds'] / first['seconds']:.2f}x wall time and {last['cpu_seconds'] / first['cpu_seconds']:.2f}x "
            f"CPU time (linear would be {last['docs'] / first['docs']:.1f}x; wall time on a shared machine is noisy)"
        )


if __name__ == "__main__":
    main()
