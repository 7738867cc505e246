"""Text shared across a batch: copied passages, templates and boilerplate.

- Candidates: every document is cut into overlapping character windows; each
  window gets a MinHash over character shingles (datasketch) and goes into one
  MinHash LSH index. Only documents whose windows share a bucket are compared,
  so the cost grows with the batch, not with its square. A bucket holding more
  than `max_candidates` documents is template text, not a pair to compare.
- Passages: each candidate pair sharing enough 12-character grams is aligned
  exactly (`alignment.shared_passages`); the passages of at least
  `min_passage` characters shared with one other document become one
  `reuse.copied` flag, with the offsets in both files. Passages lying in batch
  boilerplate are templates, not copies. Last period's records (`prior`) are
  sources only.
- Boilerplate (after Lang & Stice-Lawrence 2015): word 4-grams found in at
  least `boilerplate_min_share` of the batch's documents (and at least
  `boilerplate_min_docs`) are boilerplate; the component is the share of the
  text in sentences containing one. `reuse.template` fires when 4-grams shared
  with at least `template_min_docs` documents cover `template_share` of a text.
"""
from __future__ import annotations

import math
import pickle
import zlib
from dataclasses import dataclass
from typing import Any, ClassVar, Sequence

import numpy
from datasketch import MinHash, MinHashLSH

from ..records import AuditResult, Evidence, Findings, Flag
from ..segment import load_segmenter
from ..sentences import split_sentences
from .alignment import shared_passages

_MIX = numpy.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Copy:
    """A passage of one batch document found in another document (batch or prior)."""

    start: int
    end: int
    other: int  # index into batch + prior
    other_start: int
    other_end: int


@dataclass
class ReuseDetector:
    """Options and defaults (all via `load(**options)`):

    min_passage 50 chars; shingle 5 chars; window 100 / stride 50 chars;
    num_perm 64; lsh_threshold 0.3 (Jaccard of two windows); max_candidates 50
    (documents in one LSH bucket before it counts as template);
    seed_chars 12 (k-gram for exact alignment); max_copy_flags 10 per document
    (one per other document); high_share 0.5 (copied share for severity high);
    boilerplate_min_share 0.10 and boilerplate_min_docs 3; template_min_docs 4
    (this document and 3 others); template_share 0.6; max_phrases 20.

    Lang & Stice-Lawrence counted a 4-gram as boilerplate when it appeared in
    30% of a year's annual reports; a batch of branch paperwork is smaller and
    mixes minutes, theme days and reports, so the default here is 10% of the
    batch (and at least 3 documents). Pass boilerplate_min_share=0.3 for their
    definition.
    """

    name: ClassVar[str] = "reuse"
    min_passage: int = 50
    shingle: int = 5
    window: int = 100
    stride: int = 50
    num_perm: int = 64
    lsh_threshold: float = 0.3
    max_candidates: int = 50
    seed_chars: int = 12
    max_copy_flags: int = 10
    high_share: float = 0.5
    boilerplate_min_share: float = 0.10
    boilerplate_min_docs: int = 3
    template_min_docs: int = 4
    template_share: float = 0.6
    max_phrases: int = 20
    segmenter: str = "rjieba"

    @classmethod
    def load(cls, **options: Any) -> "ReuseDetector":
        return cls(**options)

    def detect_batch(
        self, results: Sequence[AuditResult], prior: Sequence[AuditResult] = ()
    ) -> dict[int, Findings]:
        texts = [r.text for r in results] + [p.text for p in prior]
        paths = [r.path for r in results] + [p.path for p in prior]
        n = len(results)
        grams = [self.word_grams(t) for t in texts[:n]]
        df_keys, df_counts = _document_frequencies([hashes for hashes, _ in grams])
        dfs = [_lookup(df_keys, df_counts, hashes) for hashes, _ in grams]
        boiler_df = max(self.boilerplate_min_docs, math.ceil(self.boilerplate_min_share * n))
        boiler_masks = [
            _char_mask(len(text), spans[df >= boiler_df]) for text, (_, spans), df in zip(texts, grams, dfs)
        ]
        copies = self.find_copies(texts, n, boiler_masks)
        findings: dict[int, Findings] = {}
        for index in range(n):
            text = texts[index]
            spans, df = grams[index][1], dfs[index]
            boilerplate, phrases = self._boilerplate(text, spans, df, boiler_df)
            template_share, template_spans = _coverage(text, spans, df >= self.template_min_docs)
            mine = copies.get(index, [])
            copied_chars = _covered_chars([(c.start, c.end) for c in mine])
            flags = self._copy_flags(text, mine, paths, n)
            if template_share >= self.template_share:
                flags.append(self._template_flag(text, template_share, template_spans))
            findings[index] = Findings(
                flags=flags,
                components={
                    "boilerplate": round(boilerplate, 4),
                    "boilerplate_phrases": phrases,
                    "template_share": round(template_share, 4),
                    "copied_share": round(copied_chars / max(1, len(text)), 4),
                },
                extra={"reuse": [
                    {"start": c.start, "end": c.end, "other_path": paths[c.other],
                     "other_start": c.other_start, "other_end": c.other_end, "other_is_prior": c.other >= n}
                    for c in mine
                ]},
            )
        return findings

    # -- copied passages -------------------------------------------------
    def windows(self, text: str) -> list[tuple[int, int]]:
        if len(text) <= self.window:
            return [(0, len(text))] if len(text) >= self.min_passage else []
        starts = list(range(0, len(text) - self.window + 1, self.stride))
        if starts[-1] + self.window < len(text):
            starts.append(len(text) - self.window)
        return [(s, s + self.window) for s in starts]

    def candidate_pairs(self, texts: Sequence[str], n: int) -> set[tuple[int, int]]:
        """Document pairs (batch index first) whose windows share an LSH bucket.

        Pairs are read from the buckets, never by comparing all documents; a
        bucket holding more than `max_candidates` documents is template text
        (a letterhead, a prescribed paragraph), not a pair to align, and is
        skipped, which keeps the work linear in the batch.
        """
        base = MinHash(num_perm=self.num_perm, seed=1)
        lsh = MinHashLSH(threshold=self.lsh_threshold, num_perm=self.num_perm)
        owners: list[int] = []  # window key -> document; int keys keep the index small
        with lsh.insertion_session() as session:
            for doc, text in enumerate(texts):
                shingles = _shingle_hashes(text, self.shingle)
                for start, end in self.windows(text):
                    minhash = MinHash(
                        num_perm=self.num_perm, hashfunc=int, permutations=base.permutations, scheme=base.scheme
                    )
                    minhash.update_batch(shingles[start : end - self.shingle + 1])
                    session.insert(len(owners), minhash, check_duplication=False)
                    owners.append(doc)
        pairs: set[tuple[int, int]] = set()
        groups: set[tuple[int, ...]] = set()  # the same windows collide in many bands
        for table, counts in zip(lsh.hashtables, lsh.get_counts()):
            for bucket, count in counts.items():
                if count < 2:
                    continue
                keys = table.get(bucket)
                docs = tuple(sorted({owners[pickle.loads(k) if lsh.prepickle else k] for k in keys}))
                if len(docs) < 2 or len(docs) > self.max_candidates or docs in groups:
                    continue
                groups.add(docs)
                pairs.update((a, b) for i, a in enumerate(docs) if a < n for b in docs[i + 1 :])
        return pairs

    def find_copies(
        self, texts: Sequence[str], n: int, boiler_masks: Sequence[numpy.ndarray] = ()
    ) -> dict[int, list[Copy]]:
        """Copied passages per batch document, longest first.

        A passage lying mostly in batch boilerplate (a letterhead every unit
        uses) is a template, not a copy, and is left out.
        """
        copies: dict[int, list[Copy]] = {}
        grams: dict[int, numpy.ndarray] = {}
        # An exact passage of L characters shares L - k + 1 k-grams; a pair sharing
        # fewer than half that many distinct k-grams cannot hold one and is not aligned.
        needed = max(1, (self.min_passage - self.seed_chars + 1) // 2)
        for a, b in sorted(self.candidate_pairs(texts, n)):
            for doc in (a, b):
                if doc not in grams:
                    grams[doc] = _char_gram_hashes(texts[doc], self.seed_chars)
            if numpy.intersect1d(grams[a], grams[b], assume_unique=True).size < needed:
                continue
            for p in shared_passages(texts[a], texts[b], self.min_passage, self.seed_chars):
                if a < len(boiler_masks) and boiler_masks[a][p.a_start : p.a_end].mean() >= 0.5:
                    continue
                copies.setdefault(a, []).append(Copy(p.a_start, p.a_end, b, p.b_start, p.b_end))
                if b < n:
                    copies.setdefault(b, []).append(Copy(p.b_start, p.b_end, a, p.a_start, p.a_end))
        return {doc: sorted(found, key=lambda c: (-(c.end - c.start), c.start)) for doc, found in copies.items()}

    def _copy_flags(self, text: str, copies: list[Copy], paths: Sequence[str], n: int) -> list[Flag]:
        """One flag per other document: its passages as evidence, the longest named in the message.

        Severity is high when the passages shared with that one document cover
        at least `high_share` of this text (a resubmission, a wholesale copy).
        """
        by_other: dict[int, list[Copy]] = {}
        for copy in copies:
            by_other.setdefault(copy.other, []).append(copy)
        ranked = sorted(by_other.items(), key=lambda item: (-sum(c.end - c.start for c in item[1]), item[0]))
        flags = []
        for other, shared in ranked[: self.max_copy_flags]:
            longest = shared[0]
            covered = _covered_chars([(c.start, c.end) for c in shared])
            source = "上期材料 " if other >= n else ""
            more = f"，另有{len(shared) - 1}段也相同，共{covered}字" if len(shared) > 1 else ""
            flags.append(Flag(
                "reuse.copied", "high" if covered >= self.high_share * len(text) else "medium",
                f"本文第{longest.start + 1}–{longest.end}字的{longest.end - longest.start}字段落与 {source}"
                f"{paths[other]} 第{longest.other_start + 1}–{longest.other_end}字 的段落相同{more}。",
                [Evidence(c.start, c.end, text[c.start : c.end]) for c in sorted(shared, key=lambda c: c.start)],
            ))
        return flags

    # -- boilerplate and templates ----------------------------------------
    def word_grams(self, text: str) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Hashes of the word 4-grams of `text` and their (start, end) character spans."""
        spans = _word_spans(text, load_segmenter(self.segmenter).cut(text))
        if len(spans) < 4:
            return numpy.zeros(0, dtype=numpy.uint64), numpy.zeros((0, 2), dtype=numpy.int64)
        ids = numpy.array(
            [zlib.crc32(text[s:e].encode("utf-8")) for s, e in spans], dtype=numpy.uint64
        )
        with numpy.errstate(over="ignore"):
            hashes = ids[:-3].copy()
            for shift in (1, 2, 3):
                hashes = hashes * _MIX + ids[shift : len(ids) - 3 + shift]
        grams = numpy.stack([spans[:-3, 0], spans[3:, 1]], axis=1)
        return hashes, grams

    def _boilerplate(
        self, text: str, spans: numpy.ndarray, df: numpy.ndarray, min_df: int
    ) -> tuple[float, list[dict[str, Any]]]:
        """Share of sentence characters in sentences holding a boilerplate 4-gram, and the phrases."""
        hits = df >= min_df
        sentences = split_sentences(text)
        total = sum(s.end - s.start for s in sentences)
        if not total or not hits.any():
            return 0.0, []
        starts = numpy.array([s.start for s in sentences])
        owners = set((numpy.searchsorted(starts, spans[hits, 0], side="right") - 1).tolist())
        share = sum(sentences[i].end - sentences[i].start for i in owners if i >= 0) / total
        phrases: dict[str, int] = {}
        for (start, end), count in zip(spans[hits].tolist(), df[hits].tolist()):
            phrases.setdefault(text[start:end], int(count))
        ranked = sorted(phrases.items(), key=lambda item: -item[1])[: self.max_phrases]
        return share, [{"phrase": p, "docs": c} for p, c in ranked]

    def _template_flag(self, text: str, share: float, spans: list[tuple[int, int]]) -> Flag:
        longest = sorted(spans, key=lambda s: s[0] - s[1])[:5]
        return Flag(
            "reuse.template", "medium",
            f"全文{share:.0%}的文字与本批至少{self.template_min_docs - 1}份其他材料相同，像是照模板填写。",
            [Evidence(s, e, text[s:e]) for s, e in sorted(longest)],
        )


def _rolling_hashes(text: str, k: int) -> numpy.ndarray:
    """A 64-bit hash of every k-character gram of `text`, in text order."""
    if len(text) < k:
        return numpy.zeros(0, dtype=numpy.uint64)
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)
    count = len(text) - k + 1
    hashes = numpy.zeros(count, dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        for offset in range(k):
            hashes = hashes * _MIX + codes[offset : offset + count]
    return hashes


def _shingle_hashes(text: str, k: int) -> list[int]:
    """32-bit shingle hashes for MinHash (datasketch's affine32 scheme takes 32-bit input)."""
    hashes = _rolling_hashes(text, k)
    return ((hashes >> numpy.uint64(32)) ^ hashes).astype(numpy.uint32).tolist()


def _char_gram_hashes(text: str, k: int) -> numpy.ndarray:
    """Distinct 64-bit hashes of the k-character grams of `text`, sorted."""
    return numpy.unique(_rolling_hashes(text, k))


def _char_mask(length: int, spans: numpy.ndarray) -> numpy.ndarray:
    mask = numpy.zeros(length, dtype=bool)
    for start, end in spans.tolist():
        mask[start:end] = True
    return mask


def _word_spans(text: str, tokens: Sequence[str]) -> numpy.ndarray:
    """Character spans of word tokens (punctuation and spaces skipped)."""
    if "".join(tokens) == text:
        ends = numpy.cumsum([len(t) for t in tokens])
        keep = numpy.array([any(ch.isalnum() for ch in t) for t in tokens], dtype=bool)
        return numpy.stack([ends - [len(t) for t in tokens], ends], axis=1)[keep].astype(numpy.int64).reshape(-1, 2)
    spans = []
    offset = 0
    for token in tokens:
        start = text.find(token, offset)
        if start < 0:
            continue
        offset = start + len(token)
        if any(ch.isalnum() for ch in token):
            spans.append((start, offset))
    return numpy.array(spans, dtype=numpy.int64).reshape(-1, 2)


def _document_frequencies(per_doc: Sequence[numpy.ndarray]) -> tuple[numpy.ndarray, numpy.ndarray]:
    if not per_doc:
        return numpy.zeros(0, dtype=numpy.uint64), numpy.zeros(0, dtype=numpy.int64)
    return numpy.unique(numpy.concatenate([numpy.unique(h) for h in per_doc]), return_counts=True)


def _lookup(keys: numpy.ndarray, counts: numpy.ndarray, hashes: numpy.ndarray) -> numpy.ndarray:
    if not len(hashes):
        return numpy.zeros(0, dtype=numpy.int64)
    where = numpy.searchsorted(keys, hashes).clip(max=len(keys) - 1)
    return numpy.where(keys[where] == hashes, counts[where], 0)


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered_chars(spans: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in _merge(spans))


def _coverage(text: str, spans: numpy.ndarray, selected: numpy.ndarray) -> tuple[float, list[tuple[int, int]]]:
    """Share of non-space characters covered by the selected 4-gram spans, and the merged spans."""
    merged = _merge([tuple(s) for s in spans[selected].tolist()])
    visible = sum(1 for ch in text if not ch.isspace())
    covered = sum(1 for s, e in merged for ch in text[s:e] if not ch.isspace())
    return (covered / visible if visible else 0.0), merged
