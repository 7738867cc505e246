"""Build the spaCy `Language`: jieba segmentation with the Party-building domain
dictionary, sentence boundaries that agree with `pipeline.sentences`, and the
domain terms of each document collected in `doc.spans["domain_terms"]`.

The domain dictionary is loaded into a private segmenter instance, never into
jieba's global default tokenizer, so importing this module changes nothing for
other jieba users in the same process.
"""
from __future__ import annotations

import io
import logging
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Protocol

import jieba
import numpy
import rjieba
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc, Span
from spacy.util import get_words_and_spaces

from .analyse.char_arrays import in_sorted
from .resources import lexicon
from .sentences import Sentence, split_sentences

DOMAIN_DICT = "domain_dict.txt"
DOMAIN_SPANS = "domain_terms"
DOMAIN_LABEL = "DOMAIN"
SENTENCES = "fa_sentences"  # Doc extension: the `split_sentences` of the doc's text, set by the pipe
SOURCE_TEXT = "fa_text"  # Doc extension: the text the tokenizer cut (equal to doc.text), for the pipes
BACKENDS = ("jieba", "rjieba", "auto")
# What "auto" means, decided by measurement (`python bench/segmenter.py`): on the
# seeds repeated to 5 MB, rjieba (same dict.txt as jieba) reproduced every jieba
# token that holds a Chinese character and 99.75% of all tokens (it keeps
# "2017-08-13" or "www.yybnet.net" whole where jieba splits them), and the
# pipeline ran 4-5x faster (2.4-2.6 MB/s against 0.5 MB/s).
AUTO_BACKEND = "rjieba"
MAX_CHARS = 50_000_000


@dataclass(frozen=True)
class DomainTerm:
    word: str
    freq: int
    tag: str


@lru_cache(maxsize=1)
def domain_terms() -> tuple[DomainTerm, ...]:
    """The entries of `models/domain_dict.txt` (`word freq tag`), in file order."""
    terms = []
    for entry in lexicon(DOMAIN_DICT):
        word, freq, tag = entry.split()
        terms.append(DomainTerm(word, int(freq), tag))
    return tuple(terms)


def domain_vocabulary() -> frozenset[str]:
    """The domain terms as a set, for membership tests."""
    return frozenset(term.word for term in domain_terms())


class Segmenter(Protocol):
    """What spaCy's ChineseTokenizer calls on its `jieba_seg` attribute."""

    def cut(self, text: str, cut_all: bool = False) -> Iterable[str]: ...


class RjiebaSegmenter:
    """Gives an `rjieba.Jieba` the `cut(text, cut_all=False)` signature of jieba."""

    def __init__(self, engine: rjieba.Jieba) -> None:
        self.engine = engine

    def cut(self, text: str, cut_all: bool = False) -> list[str]:
        return self.engine.cut_all(text) if cut_all else self.engine.cut(text, hmm=True)


def _jieba_cache_dir() -> str:
    """jieba caches its prefix dictionary (built from the shipped dict.txt) here."""
    path = Path(tempfile.gettempdir()) / "formalism-audit"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def _userdict_stream() -> io.BytesIO:
    """The domain dictionary without comments: jieba's own loader has no comment syntax."""
    lines = (f"{t.word} {t.freq} {t.tag}" for t in domain_terms())
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def silence_jieba() -> None:
    """jieba logs the prefix-dictionary build at DEBUG level to stderr on every load."""
    jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=None)
def load_segmenter(backend: str) -> Segmenter:
    """A segmenter with the domain dictionary; cached because loading jieba takes ~1 s."""
    silence_jieba()
    if backend == "jieba":
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = _jieba_cache_dir()
        tokenizer.load_userdict(_userdict_stream())
        return tokenizer
    if backend == "rjieba":
        engine = rjieba.Jieba()
        for term in domain_terms():
            engine.add_word(term.word, term.freq, term.tag)
        return RjiebaSegmenter(engine)
    raise ValueError(f"unknown segmenter backend {backend!r}; choose one of {BACKENDS}")


def resolve_backend(backend: str) -> str:
    if backend == "auto":
        return AUTO_BACKEND
    if backend not in BACKENDS:
        raise ValueError(f"unknown segmenter backend {backend!r}; choose one of {BACKENDS}")
    return backend


def build_language(backend: str = "jieba") -> Language:
    """`spacy.blank("zh")` segmenting with jieba (or rjieba) plus the domain dictionary.

    Pipes: `fa_sentences` (sentence starts as in `split_sentences`) and
    `fa_domain_terms` (domain-dictionary tokens in `doc.spans["domain_terms"]`).
    """
    segmenter = load_segmenter(resolve_backend(backend))
    # The default (character) tokenizer config: asking spaCy for "jieba" makes it
    # load jieba's global dictionary (~0.8 s per process) that our own segmenter,
    # installed next, never uses.
    nlp = spacy.blank("zh")
    nlp.tokenizer = AligningChineseTokenizer(nlp.vocab, segmenter)
    # spaCy's 1M-character cap guards parser/NER memory, which this pipeline
    # lacks; a long report must not fail, so allow up to the ingest file limit.
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("fa_sentences")
    nlp.add_pipe("fa_domain_terms")
    return nlp


_WHITESPACE = re.compile(r"\s")


class AligningChineseTokenizer(ChineseTokenizer):
    """spaCy's jieba tokenizer with a linear-time whitespace alignment.

    spaCy's `get_words_and_spaces` slices the rest of the text once per token,
    which is quadratic: a 300,000-character report took 3.4 s instead of 0.1 s.
    """

    def __init__(self, vocab, segmenter: Segmenter) -> None:
        super().__init__(vocab, segmenter="char")  # "jieba" would load jieba's global dictionary
        self.segmenter = "jieba"  # what spaCy's serialization calls this kind of tokenizer
        self.jieba_seg = segmenter
        if not Doc.has_extension(SOURCE_TEXT):
            Doc.set_extension(SOURCE_TEXT, default=None)

    def __call__(self, text: str) -> Doc:
        words = [word for word in self.jieba_seg.cut(text, cut_all=False) if word]
        words, spaces = words_and_spaces(words, text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.set(SOURCE_TEXT, text)  # rebuilding it from the tokens costs the sentence pipe a third of its time
        return doc


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What `spacy.util.get_words_and_spaces` returns, for words that tile `text`.

    A single space after a word becomes that word's trailing space; any other
    run of whitespace becomes one token. jieba and rjieba always cut whitespace
    into tokens of its own; words that do not tile the text go to spaCy's
    general aligner.
    """
    if "".join(words) != text:
        return get_words_and_spaces(words, text)
    out_words: list[str] = []
    out_spaces: list[bool] = []
    done = 0
    for start, end in _whitespace_runs(words, text):
        out_words.extend(words[done:start])
        out_spaces.extend([False] * (start - done))
        run = "".join(words[start:end])
        if out_words and not out_spaces[-1] and run[0] == " ":
            out_spaces[-1] = True
            run = run[1:]
        if run:
            out_words.append(run)
            out_spaces.append(False)
        done = end
    out_words.extend(words[done:])
    out_spaces.extend([False] * (len(words) - done))
    return out_words, out_spaces


def _whitespace_runs(words: list[str], text: str) -> list[tuple[int, int]]:
    """[start, end) index ranges of consecutive all-whitespace words of `words`, which tile `text`.

    Only the words holding a whitespace character of `text` are looked at
    (found by one regex pass and their offsets), not every word.
    """
    ends = numpy.cumsum(numpy.fromiter(map(len, words), dtype=numpy.int64, count=len(words)))
    holders = numpy.searchsorted(ends, [m.start() for m in _WHITESPACE.finditer(text)], side="right")
    runs: list[tuple[int, int]] = []
    for index in [i for i in dict.fromkeys(holders.tolist()) if words[i].isspace()]:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


class SentenceSetter:
    """Marks the token holding each `split_sentences` start as a sentence start,
    and keeps the sentences in `doc._.fa_sentences` for whoever needs them next.

    Whitespace between sentences stays at the end of the previous sentence, so
    `[s.text.strip() for s in doc.sents]` equals the `split_sentences` texts.
    """

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc._.set(SENTENCES, [])
            return doc
        token_starts = token_columns(doc).starts
        sentences = split_sentences(doc._.get(SOURCE_TEXT) or doc_text(doc))
        doc._.set(SENTENCES, sentences)
        sentence_starts = numpy.fromiter((s.start for s in sentences), dtype=token_starts.dtype)
        flags = numpy.full(len(doc), -1, dtype="int64")
        flags[0] = 1
        if len(sentence_starts):
            holders = numpy.searchsorted(token_starts, sentence_starts, side="right") - 1
            flags[numpy.maximum(holders, 0)] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        return doc


@dataclass(frozen=True)
class TokenColumns:
    """The token attributes the pipes, the audit and the detectors read as arrays."""

    starts: numpy.ndarray  # character offsets (int64)
    lengths: numpy.ndarray  # characters (int64)
    orths: numpy.ndarray  # string hashes (uint64), the same in every process
    spaces: numpy.ndarray  # whitespace tokens (bool)
    punct: numpy.ndarray  # punctuation tokens (bool)


_COLUMNS_KEY = "fa_token_columns"


def token_columns(doc: Doc) -> TokenColumns:
    """One `to_array` per Doc, kept in `doc.user_data`, instead of one in each of the five readers."""
    kept = doc.user_data.get(_COLUMNS_KEY)
    if kept is None or len(kept.starts) != len(doc):
        rows = doc.to_array([IDX, LENGTH, ORTH, IS_SPACE, IS_PUNCT])
        kept = TokenColumns(
            starts=rows[:, 0].astype(numpy.int64), lengths=rows[:, 1].astype(numpy.int64), orths=rows[:, 2],
            spaces=rows[:, 3].astype(bool), punct=rows[:, 4].astype(bool),
        )
        doc.user_data[_COLUMNS_KEY] = kept
    return kept


def kept_sentences(doc: Doc) -> list[Sentence] | None:
    """The `split_sentences` the sentence pipe kept on `doc`; None when the language has no such pipe."""
    return doc._.get(SENTENCES) if Doc.has_extension(SENTENCES) else None


def doc_text(doc: Doc) -> str:
    """`doc.text` without creating a Token object per token, which dominated the pipe's time."""
    columns = doc.to_array([ORTH, SPACY])
    words = list(map(doc.vocab.strings.__getitem__, columns[:, 0].tolist()))
    for index in numpy.flatnonzero(columns[:, 1]).tolist():
        words[index] += " "
    return "".join(words)


class DomainTermTagger:
    """Collects the tokens that are domain-dictionary terms as `DOMAIN` spans."""

    def __init__(self, orths: frozenset[int]) -> None:
        self.orths = numpy.array(sorted(orths), dtype=numpy.uint64)

    def __call__(self, doc: Doc) -> Doc:
        hits = numpy.flatnonzero(in_sorted(token_columns(doc).orths, self.orths)).tolist()
        doc.spans[DOMAIN_SPANS] = [Span(doc, i, i + 1, label=DOMAIN_LABEL) for i in hits]
        return doc


@Language.factory("fa_sentences")
def make_sentence_setter(nlp: Language, name: str) -> SentenceSetter:
    if not Doc.has_extension(SENTENCES):
        Doc.set_extension(SENTENCES, default=None)
    return SentenceSetter()


@Language.factory("fa_domain_terms")
def make_domain_term_tagger(nlp: Language, name: str) -> DomainTermTagger:
    return DomainTermTagger(frozenset(nlp.vocab.strings.add(word) for word in domain_vocabulary()))
