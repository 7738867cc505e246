"""Text shared across a batch: copied passages, templates and boilerplate.

- Candidates: every document is cut into overlapping character windows; each
  window gets a MinHash over character shingles (datasketch's hash family and
  banding, computed in numpy by `window_lsh`). Only documents whose windows
  share a bucket are compared, so the cost grows with the batch, not with its
  square: a bucket holding more than `max_candidates` documents is template
  text, not a pair to compare, and each document keeps the `max_partners`
  documents it collides with most.
- Passages: each candidate pair sharing enough 12-character grams is aligned
  exactly (`alignment.align_pairs`); the passages of at least
  `min_passage` characters shared with one other document become one
  `reuse.copied` flag, with the offsets in both files. Passages lying in batch
  boilerplate are templates, not copies. Last period's records (`prior`) are
  sources only.
- Boilerplate (after Lang & Stice-Lawrence 2015): word 4-grams found in at
  least `boilerplate_min_share` of the batch's documents (and at least
  `boilerplate_min_docs`) are boilerplate; the component is the share of the
  text in sentences containing one. `reuse.template` fires when 4-grams shared
  with at least `template_min_docs` documents cover `template_share` of a text.
  Word ids are spaCy's string hash, the same in every process, so the document
  stage (worker processes) computes each text's 4-grams from the tokens it
  already has (`prepare`) and the batch step only cuts the texts that come
  without them (results read back from the store).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any, ClassVar, Iterable, NamedTuple, Sequence

import numpy
import pandas
from spacy.strings import hash_string
from spacy.tokens import Doc

from ..records import AuditResult, Evidence, Findings, Flag
from ..segment import kept_sentences, load_segmenter, token_columns
from ..sentences import sentence_bounds, split_sentences
from .alignment import HASH_MIX, align_pairs
from .base import SERIAL, Spread
from .char_arrays import chars_that, span_mask
from .window_lsh import WindowLsh, keyed_pairs


class Copy(NamedTuple):
    """A passage of one batch document found in another document (batch or prior).

    A named tuple: a batch of near-copies makes tens of thousands of them, and
    a tuple is built and sorted several times faster than a frozen dataclass.
    """

    start: int
    end: int
    other: int  # index into batch + prior
    other_start: int
    other_end: int


@dataclass(frozen=True)
class WordGrams:
    """A text's word 4-grams as one segmenter cut it: hashes and (start, end)
    character spans; and the (start, end) of its sentences when the document
    stage had them (None: split again), for the boilerplate share."""

    segmenter: str
    hashes: numpy.ndarray
    spans: numpy.ndarray
    sentences: numpy.ndarray | None = None


@dataclass
class ReuseDetector:
    """Options and defaults (all via `load(**options)`):

    min_passage 50 chars; shingle 5 chars; window 100 / stride 50 chars;
    num_perm 64; lsh_threshold 0.3 (Jaccard of two windows); max_candidates 50
    (documents in one LSH bucket before it counts as template); max_partners
    20 (documents aligned with each document, those colliding most first;
    twice the flags a document can get);
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
    max_partners: int = 20
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
        self, results: Sequence[AuditResult], prior: Sequence[AuditResult] = (), spread: Spread = SERIAL
    ) -> dict[int, Findings]:
        texts = [r.text for r in results] + [p.text for p in prior]
        paths = [r.path for r in results] + [p.path for p in prior]
        n = len(results)
        grams = [self._word_grams_of(result) for result in results]
        dfs = _document_frequencies([hashes for hashes, _, _ in grams])
        boiler_df = max(self.boilerplate_min_docs, math.ceil(self.boilerplate_min_share * n))
        boiler_masks = [
            span_mask(len(text), spans[df >= boiler_df]) for text, (_, spans, _), df in zip(texts, grams, dfs)
        ]
        documents = [(text, spans, df, sentences) for text, (_, spans, sentences), df in zip(texts, grams, dfs)]
        # On a pool the steps overlap: the measures run while this process finds
        # the colliding pairs, and the copies are read off each piece of the
        # alignment while the next is still running.
        lsh = self.window_lsh()
        keys = lsh.start_band_keys(texts, boiler_masks, spread)
        measured = spread.start(
            partial(_shared_text_measures, self, boiler_df), documents, [len(text) for text, *_ in documents]
        )
        pairs = keyed_pairs(list(keys), n, self.max_candidates, self.max_partners).tolist()
        aligned = spread.start(
            partial(_align_piece, texts, self.min_passage, self.seed_chars), pairs,
            [len(texts[a]) + len(texts[b]) for a, b in pairs],
        )
        copies = self.copies_of(pairs, aligned, n, boiler_masks)
        measures = list(measured)
        findings: dict[int, Findings] = {}
        for index, (boilerplate, phrases, template_share, template_spans) in enumerate(measures):
            text = texts[index]
            mine = copies.get(index, [])
            copied_chars = _covered_chars(mine)
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
    def window_lsh(self) -> WindowLsh:
        return WindowLsh(
            num_perm=self.num_perm, threshold=self.lsh_threshold, shingle=self.shingle,
            window=self.window, stride=self.stride, min_chars=self.min_passage,
        )

    def find_copies(
        self, texts: Sequence[str], n: int, boiler_masks: Sequence[numpy.ndarray] = ()
    ) -> dict[int, list[Copy]]:
        """Copied passages per batch document, longest first (see `copies_of`)."""
        pairs = self.candidate_pairs(texts, n, boiler_masks)
        return self.copies_of(pairs, align_pairs(texts, pairs, self.min_passage, self.seed_chars), n, boiler_masks)

    def candidate_pairs(
        self, texts: Sequence[str], n: int, boiler_masks: Sequence[numpy.ndarray] = (), spread: Spread = SERIAL
    ) -> list[list[int]]:
        """The document pairs worth aligning: those whose windows share an LSH bucket."""
        lsh = self.window_lsh()
        return lsh.pairs(list(texts), n, self.max_candidates, self.max_partners, boiler_masks, spread).tolist()

    def copies_of(
        self, pairs: Sequence[Sequence[int]], aligned: Iterable[Sequence[Sequence[int]]], n: int,
        boiler_masks: Sequence[numpy.ndarray] = (),
    ) -> dict[int, list[Copy]]:
        """The aligned passages of each pair, (a_start, a_end, b_start, b_end) as
        `SharedPassage` gives them, as copies in both documents, longest first.

        A passage lying mostly in batch boilerplate (a letterhead every unit
        uses) is a template, not a copy, and is left out.
        """
        found = [(a, b, *passage) for (a, b), passages in zip(pairs, aligned) for passage in passages]
        templated = _mostly_boilerplate(
            [row[0] for row in found], [row[2] for row in found], [row[3] for row in found], boiler_masks
        )
        copies: dict[int, list[Copy]] = {}
        for (a, b, a_start, a_end, b_start, b_end), skip in zip(found, templated.tolist()):
            if skip:
                continue
            copies.setdefault(a, []).append(Copy(a_start, a_end, b, b_start, b_end))
            if b < n:
                copies.setdefault(b, []).append(Copy(b_start, b_end, a, a_start, a_end))
        return {doc: sorted(theirs, key=lambda c: (-(c.end - c.start), c.start)) for doc, theirs in copies.items()}

    def _copy_flags(self, text: str, copies: list[Copy], paths: Sequence[str], n: int) -> list[Flag]:
        """One flag per other document: its passages as evidence, the longest named in the message.

        Severity is high when the passages shared with that one document cover
        at least `high_share` of this text (a resubmission, a wholesale copy).
        """
        by_other: dict[int, list[Copy]] = {}
        shared_chars: dict[int, int] = {}
        for copy in copies:
            by_other.setdefault(copy.other, []).append(copy)
            shared_chars[copy.other] = shared_chars.get(copy.other, 0) + copy.end - copy.start
        ranked = sorted(by_other, key=lambda other: (-shared_chars[other], other))
        flags = []
        for other in ranked[: self.max_copy_flags]:
            shared = by_other[other]
            longest = shared[0]
            in_order = sorted(shared, key=attrgetter("start"))
            covered = _covered_chars(in_order)
            source = "上期材料 " if other >= n else ""
            more = f"，另有{len(shared) - 1}段也相同，共{covered}字" if len(shared) > 1 else ""
            flags.append(Flag(
                "reuse.copied", "high" if covered >= self.high_share * len(text) else "medium",
                f"本文第{longest.start + 1}–{longest.end}字的{longest.end - longest.start}字段落与 {source}"
                f"{paths[other]} 第{longest.other_start + 1}–{longest.other_end}字 的段落相同{more}。",
                [Evidence(c.start, c.end, text[c.start : c.end]) for c in in_order],
            ))
        return flags

    # -- boilerplate and templates ----------------------------------------
    def word_grams(self, text: str) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Hashes of the word 4-grams of `text` and their (start, end) character spans."""
        spans, words = _word_spans(text, load_segmenter(self.segmenter).cut(text))
        return _four_grams(numpy.fromiter(map(hash_string, words), dtype=numpy.uint64, count=len(words)), spans)

    def prepare(self, text: str, doc: Doc, segmenter: str) -> WordGrams:
        """The document stage's part: the word 4-grams of the Doc it already has."""
        return doc_word_grams(text, doc, segmenter)

    def _word_grams_of(self, result: AuditResult) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """The 4-grams (hashes, spans) the document stage carried when it cut with
        this segmenter, else cut now; and the sentence bounds, carried or split now."""
        carried = result.batch_inputs.get(self.name)
        if carried is not None and carried.segmenter == self.segmenter:
            hashes, spans = carried.hashes, carried.spans
        else:
            hashes, spans = self.word_grams(result.text)
        if carried is not None and carried.sentences is not None:
            return hashes, spans, carried.sentences
        return hashes, spans, sentence_bounds(split_sentences(result.text))

    def _boilerplate(
        self, text: str, spans: numpy.ndarray, df: numpy.ndarray, min_df: int, sentences: numpy.ndarray
    ) -> tuple[float, list[dict[str, Any]]]:
        """Share of sentence characters (`sentences`: their bounds) in sentences
        holding a boilerplate 4-gram, and the phrases."""
        hits = df >= min_df
        lengths = sentences[:, 1] - sentences[:, 0]
        total = int(lengths.sum())
        if not total or not hits.any():
            return 0.0, []
        owners = numpy.unique(numpy.searchsorted(sentences[:, 0], spans[hits, 0], side="right") - 1)
        share = int(lengths[owners[owners >= 0]].sum()) / total
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


def _align_piece(
    texts: Sequence[str], min_passage: int, seed_chars: int, pairs: Sequence[Sequence[int]]
) -> list[list[tuple[int, int, int, int]]]:
    """`align_pairs` for one piece of the candidate pairs (the piece comes last, for `Spread`),
    as plain tuples, which cross back to the parent faster than named ones."""
    return [[tuple(passage) for passage in found] for found in align_pairs(texts, pairs, min_passage, seed_chars)]


def _shared_text_measures(
    detector: ReuseDetector, boiler_df: int,
    documents: Sequence[tuple[str, numpy.ndarray, numpy.ndarray, numpy.ndarray]],
) -> list[tuple[float, list[dict[str, Any]], float, list[tuple[int, int]]]]:
    """Boilerplate share and phrases, template share and spans, of each (text, 4-gram spans,
    4-gram document frequencies, sentence bounds): the per-document half of `detect_batch`,
    run beside the alignment."""
    measured = []
    for text, spans, df, sentences in documents:
        boilerplate, phrases = detector._boilerplate(text, spans, df, boiler_df, sentences)
        template_share, template_spans = _coverage(text, spans, df >= detector.template_min_docs)
        measured.append((boilerplate, phrases, template_share, template_spans))
    return measured


def doc_word_grams(text: str, doc: Doc, segmenter: str) -> WordGrams:
    """`word_grams(text)` from a Doc that `segmenter` cut: its tokens' ORTH is the same string hash.

    spaCy only regroups whitespace tokens, which hold no word character, so
    the word tokens and their offsets are the segmenter's own. The sentences
    the language's sentence pipe kept come along, so the batch need not split
    every text again (a third of its boilerplate measures).
    """
    columns = token_columns(doc)
    starts, ends = columns.starts, columns.starts + columns.lengths
    word_chars = _word_char_counts(text)
    words = word_chars[ends] > word_chars[starts]
    spans = numpy.stack([starts[words], ends[words]], axis=1)
    sentences = kept_sentences(doc)
    return WordGrams(
        segmenter, *_four_grams(columns.orths[words], spans),
        sentences=None if sentences is None else sentence_bounds(sentences),
    )


def _four_grams(ids: numpy.ndarray, spans: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Hashes of each run of four word ids, and the (start, end) span each run covers."""
    if len(spans) < 4:
        return numpy.zeros(0, dtype=numpy.uint64), numpy.zeros((0, 2), dtype=numpy.int64)
    with numpy.errstate(over="ignore"):
        hashes = ids[:-3].copy()
        for shift in (1, 2, 3):
            hashes = hashes * HASH_MIX + ids[shift : len(ids) - 3 + shift]
    return hashes, numpy.stack([spans[:-3, 0], spans[3:, 1]], axis=1)


def _runs(mask: numpy.ndarray) -> list[tuple[int, int]]:
    """The (start, end) of each run of True: overlapping or touching spans merged."""
    edges = numpy.flatnonzero(numpy.diff(mask.astype(numpy.int8), prepend=0, append=0))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def _word_spans(text: str, tokens: Sequence[str]) -> tuple[numpy.ndarray, list[str]]:
    """Character spans of the word tokens (punctuation and spaces skipped) and the words."""
    word_chars = _word_char_counts(text)
    if "".join(tokens) == text:
        lengths = numpy.fromiter(map(len, tokens), dtype=numpy.int64, count=len(tokens))
        ends = numpy.cumsum(lengths)
        keep = word_chars[ends] > word_chars[ends - lengths]
        spans = numpy.stack([ends - lengths, ends], axis=1)[keep]
        return spans.reshape(-1, 2), [t for t, kept in zip(tokens, keep.tolist()) if kept]
    spans, words = [], []
    offset = 0
    for token in tokens:
        start = text.find(token, offset)
        if start < 0:
            continue
        offset = start + len(token)
        if word_chars[offset] > word_chars[start]:
            spans.append((start, offset))
            words.append(token)
    return numpy.array(spans, dtype=numpy.int64).reshape(-1, 2), words


def _word_char_counts(text: str) -> numpy.ndarray:
    """Word characters (letters, digits, ideographs: `str.isalnum`) before each
    offset: a token is a word when it holds one."""
    return numpy.concatenate([[0], numpy.cumsum(chars_that(text, "isalnum"))])


def _document_frequencies(per_doc: Sequence[numpy.ndarray]) -> list[numpy.ndarray]:
    """For each document, in how many documents each of its hashes occurs.

    Hash tables (`pandas.factorize`, `pandas.unique`) give each hash a dense
    code and keep each (code, document) once, in half the time of sorting.
    """
    if not per_doc:
        return []
    lengths = [len(hashes) for hashes in per_doc]
    codes, distinct = pandas.factorize(numpy.concatenate(per_doc))
    owners = numpy.repeat(numpy.arange(len(per_doc), dtype=numpy.int64), lengths)
    present = pandas.unique(codes * len(per_doc) + owners)
    frequencies = numpy.bincount(present // len(per_doc), minlength=len(distinct))
    return numpy.split(frequencies[codes], numpy.cumsum(lengths)[:-1])


def _mostly_boilerplate(
    docs: Sequence[int], starts: Sequence[int], ends: Sequence[int], boiler_masks: Sequence[numpy.ndarray]
) -> numpy.ndarray:
    """For each passage [start, end) of document docs[i]: are at least half of its
    characters batch boilerplate? Documents without a mask (sources) never are.

    One running count over all masks end to end answers every passage at once.
    """
    doc, start, end = (numpy.asarray(values, dtype=numpy.int64) for values in (docs, starts, ends))
    if not len(boiler_masks) or not len(doc):
        return numpy.zeros(len(doc), dtype=bool)
    lengths = numpy.array([len(mask) for mask in boiler_masks], dtype=numpy.int64)
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)])
    running = numpy.concatenate([[0], numpy.cumsum(numpy.concatenate(boiler_masks), dtype=numpy.int64)])
    masked = doc < len(boiler_masks)
    doc = numpy.where(masked, doc, 0)
    start, end = numpy.minimum(start, lengths[doc]), numpy.minimum(end, lengths[doc])
    boiler = running[offsets[doc] + end] - running[offsets[doc] + start]
    return masked & (end > start) & (2 * boiler >= end - start)


def _covered_chars(spans: Sequence[Sequence[int]]) -> int:
    """Characters in the union of the spans, each (start, end, ...): `Copy` tuples need no copying."""
    covered = 0
    reach = -1
    for span in sorted(spans):
        start, end = span[0], span[1]
        covered += max(0, end - max(start, reach))
        reach = max(reach, end)
    return covered


def _coverage(text: str, spans: numpy.ndarray, selected: numpy.ndarray) -> tuple[float, list[tuple[int, int]]]:
    """Share of non-space characters covered by the selected 4-gram spans, and the merged spans."""
    covered = span_mask(len(text), spans[selected])
    visible = ~chars_that(text, "isspace")
    total = int(visible.sum())
    return (int((covered & visible).sum()) / total if total else 0.0), _runs(covered)
