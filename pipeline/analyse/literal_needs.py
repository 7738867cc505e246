"""The literal strings a regex cannot match without.

`required_literals(pattern)` reads the parse tree that `re` itself compiles a
pattern from and returns strings of which every match must contain at least
one, or None when there is no such guarantee. A text holding none of them
cannot match, and `str.__contains__` finds that out far faster than a regex
scan: most document-type cues name the vocabulary of one kind of paperwork,
which the other kinds lack.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Needs = Optional[frozenset[str]]

# Character classes of up to this many characters count as that many one-character needs.
_MAX_CLASS = 16
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)}


def required_literals(pattern: re.Pattern, max_literals: int = 8) -> Needs:
    """Strings at least one of which is in every match of `pattern` (None: no
    guarantee, or one of more than `max_literals` strings, which costs more to
    look for than it saves)."""
    if pattern.flags & re.IGNORECASE:
        return None
    needs = _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    return needs if needs is not None and len(needs) <= max_literals else None


def may_match(needs: Needs, text: str) -> bool:
    """False only when `text` holds none of `needs`, so the pattern cannot match it."""
    return needs is None or any(literal in text for literal in needs)


def _sequence(items: Iterable) -> Needs:
    """Every item of a sequence must match: the most telling single item's needs,
    with runs of plain characters joined into one string."""
    best: Needs = None
    run = ""
    for op, value in [*items, (None, None)]:
        if op is sre_constants.LITERAL:
            run += chr(value)
            continue
        if run:
            best = _more_telling(best, frozenset([run]))
            run = ""
        if op is not None:
            best = _more_telling(best, _item(op, value))
    return best


def _more_telling(a: Needs, b: Needs) -> Needs:
    """Fewer, longer strings rule out more texts and cost fewer lookups."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _item(op, value) -> Needs:
    if op is sre_constants.SUBPATTERN:
        return _sequence(value[-1])
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op is sre_constants.ASSERT:  # a lookahead or lookbehind matches text that is there too
        return _sequence(value[1])
    if op is sre_constants.BRANCH:
        union: set[str] = set()
        for branch in value[1]:
            needs = _sequence(branch)
            if needs is None:
                return None
            union |= needs
        return frozenset(union)
    if op in _REPEATS:
        low, _, body = value
        return _sequence(body) if low >= 1 else None
    if op is sre_constants.IN:
        return _class_characters(value)
    return None  # anchors, negative assertions, categories, any character, back references


def _class_characters(members) -> Needs:
    characters: set[str] = set()
    for op, value in members:
        if op is sre_constants.LITERAL:
            characters.add(chr(value))
        elif op is sre_constants.RANGE and value[1] - value[0] < _MAX_CLASS:
            characters.update(map(chr, range(value[0], value[1] + 1)))
        else:  # negated classes, categories such as \d, wide ranges
            return None
    return frozenset(characters) if 0 < len(characters) <= _MAX_CLASS else None
