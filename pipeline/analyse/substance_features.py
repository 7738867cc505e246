"""The measured components of the substance score, for any span of a document.

`mark_document` finds every cue once (facts, set phrases, numbered slogans,
表态, meeting-chain steps, problems and measures, repeated runs, function
words); `measure` then aggregates the cues inside any `[start, end)` range, so
the document score and each sentence's score come from the same definitions.
All word lists and patterns are read from `models/substance/`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy

from ..resources import json_resource, lexicon
from ..sentences import Sentence, split_sentences

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
REPEAT_RUN = 10  # a repeated 10-character run counts as redundancy (issue 5)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Patterns:
    """Compiled `models/substance/` lexicons and patterns."""

    set_phrases: re.Pattern
    biaotai: re.Pattern
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
    function_words: frozenset[str]
    problem_window: int
    chain_min_kinds: int
    chain_gap_sentences: int
    clause_delimiters: str


def _alternation(entries: Iterable[str]) -> re.Pattern:
    """One regex over literal phrases, factored as a trie: Python's `re` tries a
    flat alternation of 800 phrases one by one at every character, a trie only
    follows the phrases that share the next character. Greedy optional tails
    make the longest phrase win."""
    trie: dict = {}
    for entry in set(entries):
        node = trie
        for ch in entry:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    data = json_resource("substance", "patterns.json")
    return Patterns(
        set_phrases=_alternation(lexicon("substance", "set_phrases.txt")),
        biaotai=_alternation(lexicon("substance", "biaotai.txt")),
        slogans=tuple(re.compile(p) for p in data["numbered_slogans"]),
        facts={kind: tuple(re.compile(p) for p in pats) for kind, pats in data["facts"].items()},
        fact_stop_prefixes=data["fact_stop_prefixes"],
        named_reject_endings=tuple(data["named_reject_endings"]),
        chain_steps={kind: re.compile(p) for kind, p in data["chain_steps"].items()},
        outcome=re.compile(data["outcome"]),
        problem=re.compile(data["problem"]),
        problem_heading=re.compile(data["problem_heading"]),
        measure=re.compile(data["measure"]),
        measure_heading=re.compile(data["measure_heading"]),
        function_words=frozenset(lexicon("substance", "function_words.txt")),
        problem_window=data["problem_window"],
        chain_min_kinds=data["chain_min_kinds"],
        chain_gap_sentences=data["chain_gap_sentences"],
        clause_delimiters=data["clause_delimiters"],
    )


@dataclass(frozen=True)
class Cue:
    """One thing found in the text: `kind` is fact:<type>, set_phrase, slogan,
    biaotai, chain:<step>, problem_unmeasured."""

    kind: str
    start: int
    end: int
    text: str


@dataclass
class Marks:
    """Every cue of one document plus per-character and per-token arrays for range sums."""

    text: str
    cues: list[Cue]  # sorted by start; one family's cues never overlap
    han_before: numpy.ndarray  # han_before[i] = Chinese characters in text[:i]
    token_starts: numpy.ndarray
    token_ends: numpy.ndarray
    # Running counts (index i = count over the first i tokens or characters), so
    # any range is one subtraction: tokens overlapping a fact, adverb/conjunction
    # tokens, characters in set phrases or slogans, characters in repeated runs.
    fact_tokens_before: numpy.ndarray
    function_tokens_before: numpy.ndarray
    phrase_before: numpy.ndarray
    repeat_before: numpy.ndarray
    chains: list[tuple[int, int]]
    problems: list[tuple[Sentence, bool]]


def _running(values: numpy.ndarray) -> numpy.ndarray:
    return numpy.concatenate([[0], numpy.cumsum(values, dtype=numpy.int64)])


def _finditer(patterns: Iterable[re.Pattern], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in p.finditer(text) if m.end() > m.start()]


def _mask(length: int, spans: Iterable[tuple[int, int]]) -> numpy.ndarray:
    mask = numpy.zeros(length, dtype=bool)
    for start, end in spans:
        mask[start:end] = True
    return mask


def _keep_named(text: str, start: int, end: int, patterns: Patterns) -> bool:
    """Drop generic "places" such as 服务大局, 全县, 各科: not names anyone can check."""
    span = text[start:end]
    if any(span.endswith(e) for e in patterns.named_reject_endings):
        return False
    return text[start] not in patterns.fact_stop_prefixes


def find_slogans(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    return _finditer(patterns.slogans, text)


def find_facts(text: str, patterns: Patterns, blocked: numpy.ndarray) -> list[Cue]:
    """Checkable facts; a match touching a numbered slogan or set phrase is no fact."""
    cues = []
    for kind, pats in patterns.facts.items():
        for start, end in _finditer(pats, text):
            if blocked[start:end].any():
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
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)
    count = n - run + 1
    hashes = numpy.zeros(count, dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        for k in range(run):
            hashes = hashes * numpy.uint64(1_000_003) + codes[k : k + count]
    newlines = _running(codes == 10)
    han = _running((codes >= 0x4E00) & (codes <= 0x9FFF))
    valid = (newlines[run:] == newlines[:count]) & (han[run:] > han[:count])
    _, inverse, counts = numpy.unique(hashes, return_inverse=True, return_counts=True)
    starts = numpy.flatnonzero(valid & (counts[inverse] > 1))
    cover = numpy.zeros(n + 1, dtype=numpy.int64)
    numpy.add.at(cover, starts, 1)
    numpy.add.at(cover, starts + run, -1)
    return numpy.cumsum(cover[:n]) > 0


def find_chains(
    sentences: Sequence[Sentence], patterns: Patterns, fact_mask: numpy.ndarray
) -> tuple[list[Cue], list[tuple[int, int]]]:
    """以会议贯彻会议: runs of sentences stacking meeting/plan/group steps with no outcome.

    A run continues across at most `chain_gap_sentences` step-less sentences;
    it is a chain when it holds `chain_min_kinds` different steps and no
    sentence in it or right after it reports an outcome (a result verb or a
    quantity). A figure inside a step (the year in 《2024年…实施方案》) names
    the step, it is not an outcome.
    """
    steps_per_sentence = []
    for sentence in sentences:
        steps = [
            Cue(f"chain:{kind}", sentence.start + m.start(), sentence.start + m.end(), m.group())
            for kind, pattern in patterns.chain_steps.items()
            for m in pattern.finditer(sentence.text)
        ]
        steps_per_sentence.append(steps)
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
            patterns.outcome.search(sentences[i].text)
            or outcome_facts[sentences[i].start : sentences[i].end].any()
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
    sentences: Sequence[Sentence], patterns: Patterns
) -> list[tuple[Sentence, bool]]:
    """Problem sentences and whether a measure, deadline or responsible person is attached.

    A measure counts when it is in the problem sentence, in the next
    `problem_window` sentences before the next problem, or in a later measures
    section (整改措施 / 下一步打算 …) that names at least one concrete measure.
    Headings (二、存在的问题) and sentences reporting an outcome (立案查处17起)
    are not problems.
    """
    later_measures = _later_measure_sections(sentences, patterns)
    found = []
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if (
            not patterns.problem.search(text)
            or patterns.problem_heading.search(text)
            or patterns.outcome.search(text)
        ):
            continue
        measured = bool(patterns.measure.search(text)) or later_measures[index]
        for follower in sentences[index + 1 : index + 1 + patterns.problem_window]:
            if measured or patterns.problem.search(follower.text):
                break
            measured = bool(patterns.measure.search(follower.text))
        found.append((sentence, measured))
    return found


def _later_measure_sections(sentences: Sequence[Sentence], patterns: Patterns) -> list[bool]:
    """For each sentence: does a measures section with a concrete measure come after it?"""
    flags = [False] * len(sentences)
    seen_section = False
    concrete_after = False
    for index in range(len(sentences) - 1, -1, -1):
        flags[index] = seen_section and concrete_after
        text = sentences[index].text
        if patterns.measure.search(patterns.measure_heading.sub("", text)):
            concrete_after = True
        if patterns.measure_heading.search(text) and concrete_after:
            seen_section = True
    return flags


def mark_document(
    text: str, tokens: Sequence[tuple[int, int, str]], sentences: Sequence[Sentence] | None = None
) -> Marks:
    """Find every cue in `text`; `tokens` are (start, end, text) word tokens without punctuation,
    `sentences` the text's `split_sentences` when the caller has them already."""
    patterns = load_patterns()
    n = len(text)
    phrase_spans = [m.span() for m in patterns.set_phrases.finditer(text)]
    slogan_spans = find_slogans(text, patterns)
    cues = [Cue("set_phrase", s, e, text[s:e]) for s, e in phrase_spans]
    cues += [Cue("slogan", s, e, text[s:e]) for s, e in slogan_spans]
    cues += [Cue("biaotai", m.start(), m.end(), m.group()) for m in patterns.biaotai.finditer(text)]
    blocked = _mask(n, slogan_spans + phrase_spans)
    facts = find_facts(text, patterns, blocked)
    cues += facts
    fact_mask = _mask(n, ((c.start, c.end) for c in facts))
    starts = numpy.array([s for s, _, _ in tokens], dtype=numpy.int64)
    ends = numpy.array([e for _, e, _ in tokens], dtype=numpy.int64)
    covered = numpy.concatenate([[0], numpy.cumsum(fact_mask)])
    sentences = split_sentences(text) if sentences is None else sentences
    chain_cues, chains = find_chains(sentences, patterns, fact_mask)
    cues += chain_cues
    problems = find_problems(sentences, patterns)
    cues += [Cue("problem_unmeasured", s.start, s.end, s.text) for s, ok in problems if not ok]
    cues = distinct_cues(cues)
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
    return Marks(
        text=text,
        han_before=_running((codes >= 0x4E00) & (codes <= 0x9FFF)),
        token_starts=starts,
        token_ends=ends,
        fact_tokens_before=_running(covered[ends] > covered[starts]),
        function_tokens_before=_running(
            numpy.array([t in patterns.function_words for _, _, t in tokens], dtype=bool)
        ),
        cues=cues,
        phrase_before=_running(_mask(n, phrase_spans + slogan_spans)),
        repeat_before=_running(repeated_mask(text)),
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


def _clause_count(text: str, delimiters: str) -> int:
    """Clauses (between commas, stops, colons…) that hold Chinese characters."""
    return sum(1 for part in re.split("[" + re.escape(delimiters) + "]", text) if _HAN.search(part))


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
    index = numpy.searchsorted(spans_start, numpy.asarray(starts), side="right") - 1
    inside = (index >= 0) & (numpy.asarray(ends) <= spans_end[index.clip(min=0)])
    return numpy.where(inside, index, -1)


def measure_spans(marks: Marks, spans: Sequence[tuple[int, int]]) -> numpy.ndarray:
    """Component values (columns in `FEATURES` order) for many sorted, non-overlapping spans at once."""
    patterns = load_patterns()
    n = len(spans)
    starts = numpy.array([s for s, _ in spans], dtype=numpy.int64).reshape(n)
    ends = numpy.array([e for _, e in spans], dtype=numpy.int64).reshape(n)
    han = numpy.maximum(1, marks.han_before[ends] - marks.han_before[starts])
    first = numpy.searchsorted(marks.token_starts, starts, side="left")
    last = numpy.maximum(first, numpy.searchsorted(marks.token_ends, ends, side="right"))
    n_tokens = numpy.maximum(1, last - first)
    families = {"slogan": 0, "biaotai": 1, "chain": 2}
    cue_owner = owners(starts, ends, [c.start for c in marks.cues], [c.end for c in marks.cues])
    counts = numpy.zeros((len(families), n + 1))
    for cue, owner in zip(marks.cues, cue_owner.tolist()):
        family = families.get(cue.kind.split(":")[0])
        if family is not None:
            counts[family, owner] += 1  # owner -1 lands in the spare last column
    problem_owner = owners(
        starts, ends, [s.start for s, _ in marks.problems], [s.end for s, _ in marks.problems]
    )
    problems = numpy.zeros(n + 1)
    unmeasured = numpy.zeros(n + 1)
    for (_, measured), owner in zip(marks.problems, problem_owner.tolist()):
        problems[owner] += 1
        unmeasured[owner] += not measured
    clauses = numpy.array(
        [_clause_count(marks.text[s:e], patterns.clause_delimiters) for s, e in spans], dtype=float
    ).reshape(n)
    columns = {
        "specificity": (marks.fact_tokens_before[last] - marks.fact_tokens_before[first]) / n_tokens,
        "set_phrase_share": (marks.phrase_before[ends] - marks.phrase_before[starts]) / han,
        "slogan_density": 100.0 * counts[0, :n] / han,
        "biaotai_density": 100.0 * counts[1, :n] / han,
        "meeting_chain_density": 100.0 * counts[2, :n] / han,
        "problems_without_measures_share": unmeasured[:n] / numpy.maximum(1, problems[:n]),
        "redundancy": (marks.repeat_before[ends] - marks.repeat_before[starts]) / numpy.maximum(1, ends - starts),
        "chars_per_clause": numpy.divide(
            marks.han_before[ends] - marks.han_before[starts], clauses,
            out=numpy.zeros(n), where=clauses > 0,
        ),
        "function_word_share": (
            marks.function_tokens_before[last] - marks.function_tokens_before[first]
        ) / n_tokens,
    }
    return numpy.stack([numpy.asarray(columns[name], dtype=float) for name in FEATURES], axis=1)


def feature_vector(components: dict[str, float]) -> list[float]:
    return [float(components[name]) for name in FEATURES]
