"""The measured components of the substance score, for any span of a document.

`mark_document` finds every cue once (facts, set phrases, numbered slogans,
表态, meeting-chain steps, problems and measures, repeated runs, function
words); `measure` then aggregates the cues inside any `[start, end)` range, so
the document score and each sentence's score come from the same definitions.
All word lists and patterns are read from `models/substance/`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

import numpy
from spacy.strings import hash_string

from ..resources import json_resource, lexicon
from ..sentences import Sentence, split_sentences
from .alignment import gram_hashes
from .char_arrays import char_codes, in_sorted, span_mask
from .phrase_set import PhraseSet

# The order of the model's feature vector; every value is stored in components.
FEATURES = (
    "specificity",
    "set_phrase_share",
    "slogan_density",
    "biaotai_density",
    "meeting_chain_density",
    "problems_without_measures_share",
    "redundancy",
    "chars_per_clause",
    "function_word_share",
)
# Cue families whose count per 100 characters is a component.
COUNTED_FAMILIES = {"slogan": 0, "biaotai": 1, "chain": 2}
REPEAT_RUN = 10  # a repeated 10-character run counts as redundancy (issue 5)


@dataclass(frozen=True)
class Patterns:
    """Compiled `models/substance/` lexicons and patterns."""

    set_phrases: PhraseSet
    biaotai: PhraseSet
    slogans: tuple[re.Pattern, ...]
    facts: dict[str, tuple[re.Pattern, ...]]
    fact_stop_prefixes: str
    named_reject_endings: tuple[str, ...]
    chain_steps: dict[str, re.Pattern]
    outcome: re.Pattern
    problem: re.Pattern
    problem_heading: re.Pattern
    measure: re.Pattern
    measure_heading: re.Pattern
    function_word_ids: numpy.ndarray  # spaCy ORTH ids of the function words
    problem_window: int
    chain_min_kinds: int
    chain_gap_sentences: int
    clause_delimiters: numpy.ndarray  # code points, sorted


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    data = json_resource("substance", "patterns.json")
    return Patterns(
        set_phrases=PhraseSet.of(lexicon("substance", "set_phrases.txt")),
        biaotai=PhraseSet.of(lexicon("substance", "biaotai.txt")),
        slogans=tuple(re.compile(p) for p in data["numbered_slogans"]),
        facts={kind: tuple(re.compile(expand_han_except(p)) for p in pats) for kind, pats in data["facts"].items()},
        fact_stop_prefixes=data["fact_stop_prefixes"],
        named_reject_endings=tuple(data["named_reject_endings"]),
        chain_steps={kind: re.compile(p) for kind, p in data["chain_steps"].items()},
        outcome=re.compile(data["outcome"]),
        problem=re.compile(data["problem"]),
        problem_heading=re.compile(data["problem_heading"]),
        measure=re.compile(data["measure"]),
        measure_heading=re.compile(data["measure_heading"]),
        function_word_ids=numpy.array(
            sorted({hash_string(w) for w in lexicon("substance", "function_words.txt")}), dtype=numpy.uint64
        ),
        problem_window=data["problem_window"],
        chain_min_kinds=data["chain_min_kinds"],
        chain_gap_sentences=data["chain_gap_sentences"],
        clause_delimiters=numpy.unique(char_codes(data["clause_delimiters"])),
    )


_HAN_EXCEPT = re.compile(r"\{han_except:([^}]*)\}")
_HAN = (0x4E00, 0x9FFF)


def expand_han_except(pattern: str) -> str:
    """`{han_except:的了}` in a pattern file: one Chinese character (\\u4e00-\\u9fff)
    other than those listed, written out as a class of ranges. It matches as
    `(?:(?![的了])[\\u4e00-\\u9fff])` does, in half the time: a named-place
    pattern tests it at every character of every text."""

    def han_class(match: re.Match) -> str:
        excluded = sorted({ord(c) for c in match.group(1) if _HAN[0] <= ord(c) <= _HAN[1]})
        bounds = zip([_HAN[0]] + [c + 1 for c in excluded], [c - 1 for c in excluded] + [_HAN[1]])
        return "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in bounds if low <= high) + "]"

    return _HAN_EXCEPT.sub(han_class, pattern)


@dataclass(frozen=True)
class WordTokens:
    """The word tokens of a text (spaces and punctuation left out) as arrays: their
    offsets and spaCy ORTH ids, so no per-token Python object is needed."""

    starts: numpy.ndarray
    ends: numpy.ndarray
    orths: numpy.ndarray


class Cue(NamedTuple):
    """One thing found in the text: `kind` is fact:<type>, set_phrase, slogan,
    biaotai, chain:<step>, problem_unmeasured. A named tuple: a page of
    figures makes dozens, and a tuple is built several times faster than a
    frozen dataclass."""

    kind: str
    start: int
    end: int
    text: str


@dataclass
class Marks:
    """Every cue of one document plus per-character and per-token arrays for range sums."""

    text: str
    cues: list[Cue]  # sorted by start; one family's cues never overlap
    cue_starts: numpy.ndarray
    cue_ends: numpy.ndarray
    cue_counted: numpy.ndarray  # per cue: its row in `COUNTED_FAMILIES`, or -1
    han_before: numpy.ndarray  # han_before[i] = Chinese characters in text[:i]
    han_at: numpy.ndarray  # offsets of the Chinese characters
    token_starts: numpy.ndarray
    token_ends: numpy.ndarray
    # Running counts (index i = count over the first i tokens or characters), so
    # any range is one subtraction: tokens overlapping a fact, adverb/conjunction
    # tokens, characters in set phrases or slogans, characters in repeated runs,
    # Chinese characters that open a clause (no Chinese character since the last
    # clause delimiter).
    fact_tokens_before: numpy.ndarray
    function_tokens_before: numpy.ndarray
    phrase_before: numpy.ndarray
    repeat_before: numpy.ndarray
    clause_opens_before: numpy.ndarray
    chains: list[tuple[int, int]]
    problems: list[tuple[Sentence, bool]]


def _running(values: numpy.ndarray) -> numpy.ndarray:
    running = numpy.zeros(len(values) + 1, dtype=numpy.int64)
    numpy.cumsum(values, out=running[1:])
    return running


def _finditer(patterns: Iterable[re.Pattern], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(text) if m.end() > m.start()]


def _is_han(codes: numpy.ndarray) -> numpy.ndarray:
    return (codes >= 0x4E00) & (codes <= 0x9FFF)


def _keep_named(text: str, start: int, end: int, patterns: Patterns) -> bool:
    """Drop generic "places" such as 服务大局, 全县, 各科: not names anyone can check."""
    span = text[start:end]
    if span.endswith(patterns.named_reject_endings):
        return False
    return text[start] not in patterns.fact_stop_prefixes


def find_slogans(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    return _finditer(patterns.slogans, text)


def find_facts(text: str, patterns: Patterns, blocked_before: numpy.ndarray) -> list[Cue]:
    """Checkable facts; a match touching a numbered slogan or set phrase (running
    count `blocked_before`) is no fact."""
    cues = []
    for kind, pats in patterns.facts.items():
        for start, end in _finditer(pats, text):
            if blocked_before[end] > blocked_before[start]:
                continue
            if kind == "named" and not _keep_named(text, start, end, patterns):
                continue
            cues.append(Cue(f"fact:{kind}", start, end, text[start:end]))
    return cues


def repeated_mask(text: str, run: int = REPEAT_RUN) -> numpy.ndarray:
    """Characters inside a `run`-character string that occurs twice or more.

    Vectorized: a 64-bit polynomial hash of every run, duplicates found by
    sorting; runs crossing a line break or holding no Chinese character skipped.
    """
    n = len(text)
    if n < run:
        return numpy.zeros(n, dtype=bool)
    codes = char_codes(text)
    count = n - run + 1
    hashes = gram_hashes(text, run)
    newlines = _running(codes == 10)
    han = _running(_is_han(codes))
    valid = (newlines[run:] == newlines[:count]) & (han[run:] > han[:count])
    order = numpy.argsort(hashes)
    same_as_next = hashes[order[1:]] == hashes[order[:-1]]
    repeated_in_order = numpy.zeros(count, dtype=bool)
    repeated_in_order[1:] = same_as_next
    repeated_in_order[:-1] |= same_as_next
    repeated = numpy.empty(count, dtype=bool)
    repeated[order] = repeated_in_order
    starts = numpy.flatnonzero(valid & repeated)
    cover = numpy.zeros(n + 1, dtype=numpy.int64)
    cover[starts] += 1  # starts are distinct, so plain indexed adds are exact
    cover[starts + run] -= 1
    return numpy.cumsum(cover[:n]) > 0


@dataclass(frozen=True)
class SentencedText:
    """A text with its sorted, non-overlapping sentences, whose offsets are kept
    as lists for placing the matches of whole-text scans."""

    text: str
    sentences: Sequence[Sentence]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str, sentences: Sequence[Sentence]) -> "SentencedText":
        return cls(text, sentences, [s.start for s in sentences], [s.end for s in sentences])


def sentence_matches(pattern: re.Pattern, text: SentencedText) -> dict[int, list[tuple[int, int]]]:
    """`pattern.finditer(sentence.text)` for every sentence that has a match (keyed by
    sentence index, offsets into `text`), from one scan of `text` instead of one per sentence.

    Exact for patterns without anchors or lookarounds, on sorted, non-overlapping
    sentences: a match lying inside one sentence is the match scanning that
    sentence alone finds there; a sentence that some match runs over the edge of
    is scanned alone.
    """
    found: dict[int, list[tuple[int, int]]] = {}
    crossed: set[int] = set()
    for match in pattern.finditer(text.text):
        start, end = match.span()
        index = bisect_right(text.starts, start) - 1
        if index >= 0 and end <= text.ends[index]:
            found.setdefault(index, []).append((start, end))
        else:
            crossed.update(range(bisect_right(text.ends, start), bisect_left(text.starts, end)))
    for index in crossed:
        sentence = text.sentences[index]
        alone = [(sentence.start + m.start(), sentence.start + m.end()) for m in pattern.finditer(sentence.text)]
        if alone:
            found[index] = alone
        else:
            found.pop(index, None)
    return found


@dataclass(frozen=True)
class SentenceHits:
    """Indices of the sentences where the outcome, problem, measure and
    measures-heading patterns match."""

    outcome: frozenset[int]
    problem: frozenset[int]
    measure: frozenset[int]
    measure_heading: frozenset[int]

    @classmethod
    def find(cls, text: SentencedText, patterns: Patterns) -> "SentenceHits":
        def hits(pattern: re.Pattern) -> frozenset[int]:
            return frozenset(sentence_matches(pattern, text))

        return cls(hits(patterns.outcome), hits(patterns.problem), hits(patterns.measure), hits(patterns.measure_heading))


def find_chains(
    text: SentencedText,
    patterns: Patterns,
    fact_mask: numpy.ndarray,
    hits: SentenceHits,
) -> tuple[list[Cue], list[tuple[int, int]]]:
    """以会议贯彻会议: runs of sentences stacking meeting/plan/group steps with no outcome.

    A run continues across at most `chain_gap_sentences` step-less sentences;
    it is a chain when it holds `chain_min_kinds` different steps and no
    sentence in it or right after it reports an outcome (a result verb or a
    quantity). A figure inside a step (the year in 《2024年…实施方案》) names
    the step, it is not an outcome.
    """
    sentences = text.sentences
    steps_per_sentence: list[list[Cue]] = [[] for _ in sentences]
    for kind, pattern in patterns.chain_steps.items():
        for index, found in sentence_matches(pattern, text).items():
            steps_per_sentence[index] += [Cue(f"chain:{kind}", start, end, text.text[start:end]) for start, end in found]
    cues: list[Cue] = []
    chains: list[tuple[int, int]] = []
    run: list[int] = []
    gap = 0

    def close() -> None:
        if not run:
            return
        steps = [c for i in run for c in steps_per_sentence[i]]
        kinds = {c.kind for c in steps}
        outcome_facts = fact_mask.copy()
        for step in steps:
            outcome_facts[step.start : step.end] = False
        has_outcome = any(
            i in hits.outcome or outcome_facts[sentences[i].start : sentences[i].end].any()
            for i in range(run[0], min(len(sentences), run[-1] + 2 + patterns.chain_gap_sentences))
        )
        if len(kinds) >= patterns.chain_min_kinds and not has_outcome:
            cues.extend(steps)
            chains.append((sentences[run[0]].start, sentences[run[-1]].end))

    for index, steps in enumerate(steps_per_sentence):
        if steps:
            run.append(index)
            gap = 0
        elif run:
            gap += 1
            if gap > patterns.chain_gap_sentences:
                close()
                run, gap = [], 0
    close()
    return cues, chains


def find_problems(
    sentences: Sequence[Sentence], patterns: Patterns, hits: SentenceHits
) -> list[tuple[Sentence, bool]]:
    """Problem sentences and whether a measure, deadline or responsible person is attached.

    A measure counts when it is in the problem sentence, in the next
    `problem_window` sentences before the next problem, or in a later measures
    section (整改措施 / 下一步打算 …) that names at least one concrete measure.
    Headings (二、存在的问题) and sentences reporting an outcome (立案查处17起)
    are not problems.
    """
    later_measures = _later_measure_sections(sentences, patterns, hits)
    found = []
    for index in sorted(hits.problem):
        sentence = sentences[index]
        if index in hits.outcome or patterns.problem_heading.search(sentence.text):
            continue
        measured = index in hits.measure or later_measures[index]
        for follower in range(index + 1, min(len(sentences), index + 1 + patterns.problem_window)):
            if measured or follower in hits.problem:
                break
            measured = follower in hits.measure
        found.append((sentence, measured))
    return found


def _later_measure_sections(sentences: Sequence[Sentence], patterns: Patterns, hits: SentenceHits) -> list[bool]:
    """For each sentence: does a measures section with a concrete measure come after it?"""
    flags = [False] * len(sentences)
    seen_section = False
    concrete_after = False
    for index in range(len(sentences) - 1, -1, -1):
        flags[index] = seen_section and concrete_after
        heading = index in hits.measure_heading
        if heading:
            concrete = bool(patterns.measure.search(patterns.measure_heading.sub("", sentences[index].text)))
        else:
            concrete = index in hits.measure
        if concrete:
            concrete_after = True
        if heading and concrete_after:
            seen_section = True
    return flags


def mark_document(text: str, tokens: WordTokens, sentences: Sequence[Sentence] | None = None) -> Marks:
    """Find every cue in `text`; `tokens` are its word tokens (`substance.word_tokens`),
    `sentences` the text's `split_sentences` when the caller has them already."""
    patterns = load_patterns()
    n = len(text)
    phrase_spans = patterns.set_phrases.spans(text)
    slogan_spans = find_slogans(text, patterns)
    cues = [Cue("set_phrase", s, e, text[s:e]) for s, e in phrase_spans]
    cues += [Cue("slogan", s, e, text[s:e]) for s, e in slogan_spans]
    cues += [Cue("biaotai", s, e, text[s:e]) for s, e in patterns.biaotai.spans(text)]
    phrase_before = _running(span_mask(n, phrase_spans + slogan_spans))
    facts = find_facts(text, patterns, phrase_before)
    cues += facts
    fact_mask = span_mask(n, [(c.start, c.end) for c in facts])
    covered = _running(fact_mask)
    sentences = split_sentences(text) if sentences is None else sentences
    sentenced = SentencedText.of(text, sentences)
    hits = SentenceHits.find(sentenced, patterns)
    chain_cues, chains = find_chains(sentenced, patterns, fact_mask, hits)
    cues += chain_cues
    problems = find_problems(sentences, patterns, hits)
    cues += [Cue("problem_unmeasured", s.start, s.end, s.text) for s, ok in problems if not ok]
    cues = distinct_cues(cues)
    cue_counted = [COUNTED_FAMILIES.get(c.kind.split(":")[0], -1) for c in cues]
    codes = char_codes(text)
    han = _is_han(codes)
    han_at = numpy.flatnonzero(han)
    delimiters_before = _running(in_sorted(codes, patterns.clause_delimiters))
    opens = numpy.ones(len(han_at), dtype=bool)
    opens[1:] = delimiters_before[han_at[1:]] > delimiters_before[han_at[:-1] + 1]
    clause_opens = numpy.zeros(n, dtype=bool)
    clause_opens[han_at[opens]] = True
    return Marks(
        text=text,
        han_before=_running(han),
        han_at=han_at,
        token_starts=tokens.starts,
        token_ends=tokens.ends,
        fact_tokens_before=_running(covered[tokens.ends] > covered[tokens.starts]),
        function_tokens_before=_running(in_sorted(tokens.orths, patterns.function_word_ids)),
        cues=cues,
        cue_starts=numpy.array([c.start for c in cues], dtype=numpy.int64),
        cue_ends=numpy.array([c.end for c in cues], dtype=numpy.int64),
        cue_counted=numpy.array(cue_counted, dtype=numpy.int64),
        phrase_before=phrase_before,
        repeat_before=_running(repeated_mask(text)),
        clause_opens_before=_running(clause_opens),
        chains=chains,
        problems=problems,
    )


def distinct_cues(cues: Iterable[Cue]) -> list[Cue]:
    """Overlapping cues of one family collapse to the longest (“四个到位” and 四个到位 are one)."""
    kept: list[Cue] = []
    last_end: dict[str, int] = {}
    for cue in sorted(cues, key=lambda c: (c.start, -(c.end - c.start))):
        family = cue.kind.split(":")[0]
        if cue.start < last_end.get(family, -1):
            continue
        kept.append(cue)
        last_end[family] = cue.end
    return kept


def measure(marks: Marks, start: int = 0, end: int | None = None) -> dict[str, float]:
    """The component values of `marks.text[start:end]` (densities are per 100 characters)."""
    end = len(marks.text) if end is None else end
    return dict(zip(FEATURES, measure_spans(marks, [(start, end)])[0].tolist()))


def owners(spans_start: numpy.ndarray, spans_end: numpy.ndarray, starts: Sequence[int], ends: Sequence[int]) -> numpy.ndarray:
    """For each item [start, end): the index of the span wholly containing it, or -1.

    Spans must be sorted and must not overlap (sentences, or one whole text).
    """
    if not len(starts):
        return numpy.zeros(0, dtype=numpy.int64)
    if not len(spans_start):
        return numpy.full(len(starts), -1, dtype=numpy.int64)
    index = numpy.searchsorted(spans_start, numpy.asarray(starts), side="right") - 1
    inside = (index >= 0) & (numpy.asarray(ends) <= spans_end[numpy.maximum(index, 0)])
    return numpy.where(inside, index, -1)


def _clauses(marks: Marks, starts: numpy.ndarray, ends: numpy.ndarray) -> numpy.ndarray:
    """Clauses holding Chinese characters in each span: the span's first Chinese
    character always opens one, every later one that opens a clause in the text too."""
    han = marks.han_before[ends] - marks.han_before[starts]
    if not len(marks.han_at):
        return numpy.zeros(len(starts))
    first = marks.han_at[numpy.minimum(marks.han_before[starts], len(marks.han_at) - 1)]
    after_first = numpy.minimum(first + 1, ends)
    later = marks.clause_opens_before[ends] - marks.clause_opens_before[after_first]
    return numpy.where(han > 0, 1 + later, 0).astype(float)


def measure_spans(marks: Marks, spans: Sequence[tuple[int, int]], whole_text: bool = False) -> numpy.ndarray:
    """Component values (columns in `FEATURES` order) for many sorted, non-overlapping spans at once.

    With `whole_text`, one more row follows for the whole text (what `measure`
    gives): the detector needs both, and one call costs half the array steps of two.
    """
    n = len(spans)
    bounds = numpy.array(spans, dtype=numpy.int64).reshape(n, 2)
    cue_owner = owners(bounds[:, 0], bounds[:, 1], marks.cue_starts, marks.cue_ends)
    counted = (marks.cue_counted >= 0) & (cue_owner >= 0)
    counts = numpy.bincount(
        marks.cue_counted[counted] * n + cue_owner[counted], minlength=len(COUNTED_FAMILIES) * n
    ).reshape(len(COUNTED_FAMILIES), n)
    problem_owner = owners(
        bounds[:, 0], bounds[:, 1], [s.start for s, _ in marks.problems], [s.end for s, _ in marks.problems]
    )
    unmeasured = numpy.array([not measured for _, measured in marks.problems], dtype=bool)
    owned = problem_owner >= 0
    problems = numpy.bincount(problem_owner[owned], minlength=n)
    unanswered = numpy.bincount(problem_owner[owned & unmeasured], minlength=n)
    if whole_text:  # every cue and problem lies in the whole text
        bounds = numpy.vstack([bounds, [[0, len(marks.text)]]])
        totals = numpy.bincount(marks.cue_counted[marks.cue_counted >= 0], minlength=len(COUNTED_FAMILIES))
        counts = numpy.hstack([counts, totals[:, None]])
        problems = numpy.append(problems, len(marks.problems))
        unanswered = numpy.append(unanswered, int(unmeasured.sum()))
    counts, problems, unanswered = counts.astype(float), problems.astype(float), unanswered.astype(float)
    rows = len(bounds)
    starts, ends = bounds[:, 0], bounds[:, 1]
    han = numpy.maximum(1, marks.han_before[ends] - marks.han_before[starts])
    first = numpy.searchsorted(marks.token_starts, starts, side="left")
    last = numpy.maximum(first, numpy.searchsorted(marks.token_ends, ends, side="right"))
    n_tokens = numpy.maximum(1, last - first)
    clauses = _clauses(marks, starts, ends)
    columns = {
        "specificity": (marks.fact_tokens_before[last] - marks.fact_tokens_before[first]) / n_tokens,
        "set_phrase_share": (marks.phrase_before[ends] - marks.phrase_before[starts]) / han,
        "slogan_density": 100.0 * counts[0] / han,
        "biaotai_density": 100.0 * counts[1] / han,
        "meeting_chain_density": 100.0 * counts[2] / han,
        "problems_without_measures_share": unanswered / numpy.maximum(1, problems),
        "redundancy": (marks.repeat_before[ends] - marks.repeat_before[starts]) / numpy.maximum(1, ends - starts),
        "chars_per_clause": numpy.divide(
            marks.han_before[ends] - marks.han_before[starts], clauses,
            out=numpy.zeros(rows), where=clauses > 0,
        ),
        "function_word_share": (
            marks.function_tokens_before[last] - marks.function_tokens_before[first]
        ) / n_tokens,
    }
    return numpy.stack([numpy.asarray(columns[name], dtype=float) for name in FEATURES], axis=1)


def feature_vector(components: dict[str, float]) -> list[float]:
    return [float(components[name]) for name in FEATURES]
