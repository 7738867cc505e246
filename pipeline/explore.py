"""Term and phrase exploration for researchers: top terms and n-grams per group
(doc type, unit), phrases shared across most documents, keyword in context.

Words come from the audit's own segmenter (jieba with the Party-building domain
dictionary), so domain terms such as 三会一课 count as one word. n-grams never
cross a clause boundary (punctuation or line break). Results are pandas frames.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional, Union

import pandas as pd

from .report.unit import read_unit
from .resources import lexicon
from .segment import load_segmenter, resolve_backend

Record = dict[str, Any]
Grouping = Union[None, str, Callable[[Record], Optional[str]]]

CLAUSE_BREAK = re.compile(r"[\s，,。.；;：:！!？?、“”\"‘’'（）()《》〈〉【】\[\]「」…—\-·|/]+")
WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
ALL_GROUPS = "全部"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(lexicon("report", "explore_stopwords.txt"))


def clauses(text: str) -> list[list[str]]:
    """The words of each clause, with punctuation and spaces dropped."""
    segmenter = load_segmenter(resolve_backend("auto"))
    result = []
    for clause in CLAUSE_BREAK.split(text):
        if clause:
            words = [w for w in segmenter.cut(clause) if WORD.search(w)]
            if words:
                result.append(words)
    return result


def ngrams(words: list[str], size: int) -> Iterable[tuple[str, ...]]:
    return (tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def _content(gram: tuple[str, ...]) -> bool:
    """A term or n-gram worth counting: no stopword at either end, not a bare number."""
    stop = stopwords()
    return gram[0] not in stop and gram[-1] not in stop and not "".join(gram).isdigit()


def group_of(record: Record, by: Grouping) -> str:
    if by is None:
        return ALL_GROUPS
    if callable(by):
        return by(record) or "（未知）"
    if by == "unit":
        return read_unit(record.get("text") or "") or "（未识别单位）"
    return record.get(by) or "（无）"


def _readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.get("status") == "ok" and r.get("text")]


def top_ngrams(records: Iterable[Record], *, size: int = 2, by: Grouping = "doc_type", n: int = 20) -> pd.DataFrame:
    """The `n` most frequent word n-grams of each group, with how many documents use them.

    Columns: group, ngram (words joined without spaces), count, documents.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    documents: dict[str, Counter] = defaultdict(Counter)
    for record in _readable(records):
        group = group_of(record, by)
        grams = [g for words in clauses(record["text"]) for g in ngrams(words, size) if _content(g)]
        counts[group].update(grams)
        documents[group].update(set(grams))
    rows = [
        {"group": group, "ngram": "".join(gram), "count": count, "documents": documents[group][gram]}
        for group in sorted(counts)
        for gram, count in counts[group].most_common(n)
    ]
    return pd.DataFrame(rows, columns=["group", "ngram", "count", "documents"])


def top_terms(records: Iterable[Record], *, by: Grouping = "doc_type", n: int = 20, min_chars: int = 2) -> pd.DataFrame:
    """The `n` most frequent words (at least `min_chars` characters, no stopwords) of each group."""
    frame = top_ngrams(records, size=1, by=by, n=10**9)
    frame = frame[frame["ngram"].str.len() >= min_chars].rename(columns={"ngram": "term"})
    return frame.groupby("group", sort=True, group_keys=False).head(n).reset_index(drop=True)


def shared_phrases(records: Iterable[Record], *, size: int = 4, min_share: float = 0.5, n: int = 30) -> pd.DataFrame:
    """Phrases used by at least `min_share` of the readable documents (and by two or
    more), most widespread first: the template phrases of the batch.

    A phrase is a word `size`-gram; overlapping n-grams used by exactly the same
    documents are joined into one longer phrase, and stopwords at its ends dropped (现将有关情况总结 + 有关情况总结如下
    → 现将有关情况总结如下). Columns: phrase, documents, share, example (a path).
    """
    readable = _readable(records)
    per_doc = [{g for words in clauses(record["text"]) for g in ngrams(words, size)} for record in readable]
    users: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, grams in enumerate(per_doc):
        for gram in grams:
            users[gram].append(index)
    total = len(readable) or 1
    common = {
        gram: frozenset(docs) for gram, docs in users.items()
        if len(docs) >= 2 and len(docs) / total >= min_share
    }
    rows = []
    for words, docs in _join_overlapping(common):
        words = _trim(words)
        if len(words) < size or not _content(tuple(words)):
            continue
        first = min(docs)
        rows.append({"phrase": "".join(words), "documents": len(docs), "share": len(docs) / total,
                     "example": readable[first]["path"]})
    rows.sort(key=lambda row: (-row["documents"], -len(row["phrase"]), row["phrase"]))
    return pd.DataFrame(rows[:n], columns=["phrase", "documents", "share", "example"])


def _trim(words: list[str]) -> list[str]:
    """Drop stopwords from both ends of a phrase."""
    stop = stopwords()
    start, end = 0, len(words)
    while start < end and words[start] in stop:
        start += 1
    while end > start and words[end - 1] in stop:
        end -= 1
    return words[start:end]


def _join_overlapping(grams: dict[tuple[str, ...], frozenset]) -> list[tuple[list[str], frozenset]]:
    """Chain n-grams that overlap by all but one word and share their document set."""
    following: dict[tuple[tuple[str, ...], frozenset], list[tuple[str, ...]]] = defaultdict(list)
    for gram, docs in grams.items():
        following[(gram[:-1], docs)].append(gram)
    has_predecessor = {
        nxt for gram, docs in grams.items() for nxt in following.get((gram[1:], docs), []) if nxt != gram
    }
    chains, used = [], set()
    for gram in sorted(grams):
        if gram in has_predecessor or gram in used:
            continue
        docs, words, current = grams[gram], list(gram), gram
        used.add(gram)
        while True:
            successors = [g for g in following.get((current[1:], docs), []) if g not in used]
            if len(successors) != 1:
                break
            current = successors[0]
            used.add(current)
            words.append(current[-1])
        chains.append((words, docs))
    chains.extend(([*gram], grams[gram]) for gram in sorted(grams) if gram not in used)  # cycles
    return chains


def kwic(records: Iterable[Record], term: str, *, width: int = 20, limit: Optional[int] = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of `term` with `width` characters either side.

    Columns: path, doc_type, start, left, term, right. `start` indexes the record's text.
    """
    if not term:
        raise ValueError("kwic needs a non-empty term")
    rows = []
    for record in _readable(records):
        text = record["text"]
        for match in re.finditer(re.escape(term), text):
            start, end = match.span()
            rows.append({
                "path": record["path"], "doc_type": record.get("doc_type"), "start": start,
                "left": text[max(0, start - width):start].replace("\n", " "),
                "term": term,
                "right": text[end:end + width].replace("\n", " "),
            })
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows)
    return pd.DataFrame(rows, columns=["path", "doc_type", "start", "left", "term", "right"])


CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Microsoft YaHei", "SimHei", "PingFang SC")


def use_cjk_font() -> Optional[str]:
    """Make matplotlib draw Chinese labels with an installed CJK font; returns its
    name, or None (labels then show as boxes and the missing-glyph warnings are
    silenced). Debian: apt-get install fonts-wqy-microhei."""
    import warnings

    import matplotlib
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            matplotlib.rcParams["font.sans-serif"] = [name, *matplotlib.rcParams["font.sans-serif"]]
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    return None
