"""Segmenter speed and agreement: jieba backend vs rjieba backend vs plain jieba.

Builds a corpus of at least `--mb` MB (UTF-8) by repeating the normalized seed
documents, then in one run times
  * plain `jieba.cut` (the global tokenizer, no domain dictionary),
  * the raw segmenters with the domain dictionary (jieba.Tokenizer, rjieba),
  * the full spaCy pipelines of `build_language("jieba")` / `build_language("rjieba")`,
and reports the token agreement between the two backends (share of jieba's
token spans that rjieba produces identically). `segment.AUTO_BACKEND` is chosen
from this output.

    .venv/bin/python bench/segmenter.py [--seeds DIR] [--mb 5]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jieba  # noqa: E402

from pipeline.normalize import normalize  # noqa: E402
from pipeline.segment import build_language, load_segmenter, silence_jieba  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff]")
DEFAULT_SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "samples"  # holds the seeds as seed_*.txt


def build_corpus(seeds: Path, megabytes: float) -> list[str]:
    """Normalized seed texts, repeated until the corpus holds `megabytes` of UTF-8."""
    texts = [normalize(p.read_text(encoding="utf-8")).text for p in sorted(seeds.glob("seed_*.txt"))]
    if not texts:
        raise SystemExit(f"no seed_*.txt files in {seeds}")
    corpus, size, target = [], 0, megabytes * 1_000_000
    while size < target:
        for text in texts:
            corpus.append(text)
            size += len(text.encode("utf-8"))
    return corpus


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def spans(tokens: Iterable[str]) -> set[tuple[int, int]]:
    result, offset = set(), 0
    for token in tokens:
        result.add((offset, offset + len(token)))
        offset += len(token)
    return result


def agreement(texts: list[str], left, right) -> tuple[float, float]:
    """Share of `left`'s token spans that `right` produces too (distinct texts only):
    over all tokens, and over tokens holding a Chinese character."""
    shared = total = han_shared = han_total = 0
    for text in dict.fromkeys(texts):
        a, b = spans(left.cut(text)), spans(right.cut(text))
        han = {(s, e) for s, e in a if HAN.search(text, s, e)}
        shared += len(a & b)
        total += len(a)
        han_shared += len(han & b)
        han_total += len(han)
    return shared / total, han_shared / han_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()

    silence_jieba()
    corpus = build_corpus(args.seeds, args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in corpus) / 1_000_000
    print(f"corpus: {len(corpus)} documents, {megabytes:.2f} MB")

    jieba.initialize()
    seg_jieba, seg_rjieba = load_segmenter("jieba"), load_segmenter("rjieba")
    nlp_jieba, nlp_rjieba = build_language("jieba"), build_language("rjieba")
    runs = {
        "plain jieba.cut": lambda: [list(jieba.cut(t)) for t in corpus],
        "jieba + domain dict (raw)": lambda: [list(seg_jieba.cut(t)) for t in corpus],
        "rjieba + domain dict (raw)": lambda: [list(seg_rjieba.cut(t)) for t in corpus],
        "build_language('jieba')": lambda: list(nlp_jieba.pipe(corpus)),
        "build_language('rjieba')": lambda: list(nlp_rjieba.pipe(corpus)),
    }
    seconds = {name: timed(run) for name, run in runs.items()}
    base = seconds["plain jieba.cut"]
    for name, secs in seconds.items():
        print(f"{name:30s} {secs:7.2f} s  {megabytes / secs:7.2f} MB/s  x{base / secs:5.2f} vs plain jieba")
    ratio = seconds["build_language('jieba')"] / seconds["build_language('rjieba')"]
    print(f"rjieba pipeline is x{ratio:.2f} the speed of the jieba pipeline")
    overall, chinese = agreement(corpus, seg_jieba, seg_rjieba)
    print(f"token agreement rjieba vs jieba (domain dict): {overall:.5f} of all tokens, "
          f"{chinese:.5f} of tokens with Chinese characters")


if __name__ == "__main__":
    main()
