"""Member counts in free wording: each count takes the role its own clause gives it.

Minutes state attendance in endless ways (支部在册党员十五名，这次来了八名 /
出席：6人 缺席：5人 / 参加人员：……（共7人） / 出勤党员30/33 / a header row
党员总数 到场 请假 over a row 16 14 2). One pattern per wording never caught up
with the next round of records, so every `number + 名/人/位` in a sentence
about members is read with the cue words of its clause: absent beats total
beats present, words before the number beat words after it, and the line's
label decides when the clause says less. Cue words: `models/procedure/attendance.json`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Iterator, Optional, Sequence

from ..records import Evidence
from ..resources import json_resource
from ..sentences import Sentence
from .base import DocumentView
from .meeting import chinese_number, load_patterns as load_meeting_patterns

ABSENT, TOTAL, PRESENT, WEAK_TOTAL, MEMBER = "absent", "total", "present", "weak_total", "member"


@dataclass(frozen=True)
class Count:
    """A member count and where the text states it (None when given by hand)."""

    value: int
    evidence: Optional[Evidence]


@dataclass(frozen=True)
class Attendance:
    expected: Optional[Count]
    present: Optional[Count]


@dataclass(frozen=True)
class AttendanceCues:
    count: re.Pattern
    bare_count: re.Pattern
    ratio: re.Pattern
    table_value: re.Pattern
    member_sentence: re.Pattern
    clause_break: re.Pattern
    suffix_stop: re.Pattern
    label: re.Pattern
    pipe_label: re.Pattern
    pipe_before_number: re.Pattern
    pipe_after_number: re.Pattern
    table_cell: re.Pattern
    roles: tuple[tuple[str, re.Pattern], ...]  # absent, total, present: strongest first
    rest: re.Pattern
    extra: re.Pattern
    excepted: re.Pattern
    part: re.Pattern
    weak_total: re.Pattern
    sum: re.Pattern
    sum_of_parts: re.Pattern
    member: re.Pattern
    member_after: re.Pattern
    not_attending_before: re.Pattern
    non_member_before: re.Pattern
    non_member_after: re.Pattern
    everyone: re.Pattern
    all_present: re.Pattern
    bracket_open: re.Pattern
    bracket_close: re.Pattern
    bracketed: re.Pattern
    name_list_item: re.Pattern
    name_list_separator: re.Pattern
    name_run_separator: re.Pattern
    not_a_name: re.Pattern


@lru_cache(maxsize=1)
def load_cues() -> AttendanceCues:
    data = json_resource("procedure", "attendance.json")
    patterns = {f.name: re.compile(data[f.name]) for f in fields(AttendanceCues) if f.name != "roles"}
    return AttendanceCues(roles=tuple((role, re.compile(data[role])) for role in (ABSENT, TOTAL, PRESENT)), **patterns)


def to_number(token: str) -> int:
    """`12` → 12, `十二` → 12 (the meeting extractor's numerals)."""
    meeting = load_meeting_patterns()
    return chinese_number(token, meeting.numerals, meeting.numeral_units)


@dataclass(frozen=True)
class Mention:
    role: str
    count: Count


def _strong_role(words: str, cues: AttendanceCues) -> Optional[str]:
    return next((role for role, pattern in cues.roles if pattern.search(words)), None)


def _role(
    prefix: str, suffix: str, between: str, label: str, cues: AttendanceCues, breakdown: bool = False
) -> Optional[str]:
    """The role of one count from the words around it (see the module docstring);
    `between` runs to the next count, whose cue words `suffix` leaves out.

    In a `breakdown` (a bracket right after a count: 缺席2人（1人病假，1人在外参加培训）)
    only the count's own leading words give it a role; the rest are parts of that count.
    """
    if (  # 另有3名入党积极分子随行, 另有非党员技术人员5人, 提名2名党员为……
        cues.non_member_after.search(between) or cues.non_member_before.search(prefix)
        or cues.not_attending_before.search(prefix)
    ):
        return None
    absent = cues.roles[0][1]
    if absent.search(prefix) or cues.excepted.search(suffix):
        return ABSENT
    if not breakdown and (absent.search(suffix) or absent.search(label)):
        return ABSENT
    if cues.rest.search(prefix):
        return PRESENT if _strong_role(suffix, cues) == PRESENT else ABSENT
    if cues.extra.search(prefix):  # 另有2名党员……未到 stayed away; 另有各班组长8人 are more people, no members
        if _strong_role(suffix, cues) == PRESENT:
            return PRESENT
        return ABSENT if cues.member_after.search(between) else None
    role = _strong_role(prefix, cues) or (None if breakdown else _strong_role(suffix, cues))
    if role is not None:
        return role
    if cues.part.search(prefix):
        return None
    if cues.weak_total.search(prefix):
        return WEAK_TOTAL
    if breakdown:
        return WEAK_TOTAL if cues.sum.search(prefix) else None
    if cues.member.search(prefix) or cues.member_after.search(between):
        return MEMBER
    role = _strong_role(label, cues)
    if role is not None:
        return role
    if not prefix.strip():  # 支部党员：9名: the label says whose count it is
        if cues.weak_total.search(label):
            return WEAK_TOTAL
        if cues.member.search(label):
            return MEMBER
    return WEAK_TOTAL if cues.sum.search(prefix) else None


def _clauses(sentence: Sentence, cues: AttendanceCues) -> Iterator[tuple[int, str, str]]:
    """(offset, clause, the break that opened it: "" for the first)."""
    start, opener = 0, ""
    for match in cues.clause_break.finditer(sentence.text):
        yield sentence.start + start, sentence.text[start : match.start()], opener
        start, opener = match.end(), match.group()
    yield sentence.start + start, sentence.text[start:], opener


def _counts(clause: str, cues: AttendanceCues) -> list[re.Match]:
    """Counts with 名/人/位, then bare numbers after a label where no such count is."""
    counts = list(cues.count.finditer(clause))
    taken = [(m.start("n"), m.end()) for m in counts]
    counts += [
        m for m in cues.bare_count.finditer(clause)
        if not any(start <= m.start("n") < end for start, end in taken)
    ]
    return sorted(counts, key=lambda m: m.start("n"))


def _sentence_mentions(text: str, sentence: Sentence, label: str, cues: AttendanceCues) -> list[Mention]:
    mentions: list[Mention] = []
    breakdown = ended_with_count = False
    list_opening = ""  # the clause before a run of 、-separated names
    before_bracket = after_bracket = ""  # 支部党员（含预备党员）二十三名: the words before the bracket
    in_bracket = False
    cue_clause = ""  # the last clause with a role word and no count (参加的有甲某、……，共5人)
    for offset, clause, opener in _clauses(sentence, cues):
        in_list = cues.name_run_separator.fullmatch(opener) is not None
        if not in_list:
            list_opening = clause
        after_bracket = ""
        if cues.bracket_open.fullmatch(opener):
            breakdown, in_bracket = ended_with_count, True
        elif cues.bracket_close.fullmatch(opener):
            breakdown, in_bracket = False, False
            after_bracket = before_bracket
        if not in_bracket:  # without the label (四、出席情况：), which may span several clauses
            before_bracket = clause[max(0, sentence.start + len(label) - offset) :]
        counts = _counts(clause, cues)
        if not counts and not in_bracket and _strong_role(clause, cues) is not None:
            cue_clause = clause
        ended_with_count = False
        ratio = cues.ratio.search(clause)
        if ratio and _strong_role(clause[: ratio.start()], cues) == PRESENT:
            start, end = offset + ratio.start(), offset + ratio.end()
            evidence = Evidence(start, end, text[start:end])
            mentions += [Mention(PRESENT, Count(int(ratio.group("present")), evidence)),
                         Mention(TOTAL, Count(int(ratio.group("expected")), evidence))]
            continue
        for index, match in enumerate(counts):
            # the label (参加人员：) is read on its own; words between two counts are the second one's
            prefix_start = counts[index - 1].end() if index else (len(label) if offset == sentence.start else 0)
            own_words = clause[prefix_start : match.start("n")]
            prefix = own_words
            listed = own_words.strip()
            if in_list and not index and cues.name_list_item.match(listed) and not cues.not_a_name.search(listed):
                prefix = list_opening + own_words  # 到岗的有甲某、乙某5人: the list's opening words
            elif after_bracket and not index and not listed:
                prefix = after_bracket
            elif cues.sum_of_parts.search(prefix):
                prefix = cue_clause + prefix
            if index + 1 < len(counts):
                suffix, between = "", clause[match.end() : counts[index + 1].start("n")]
            else:
                rest = clause[match.end() :]
                stop = cues.suffix_stop.search(rest)
                suffix = between = rest[: stop.start()] if stop else rest
                ended_with_count = not rest.strip()
            role = _role(prefix, suffix, between, label, cues, breakdown)
            if role is None:
                continue
            if not breakdown and cues.sum_of_parts.search(prefix):  # 支委5人、党员17人，共22人: the sum replaces its parts
                mentions = [m for m in mentions if m.role not in (role, MEMBER)]
            start, end = offset + match.start("n") - len(own_words.lstrip()), offset + match.end()
            count = Count(to_number(match.group("n")), Evidence(start, end, text[start:end]))
            mentions.append(Mention(role, count))
            if role == TOTAL and cues.everyone.search(prefix) and _strong_role(label, cues) == PRESENT:
                mentions.append(Mention(PRESENT, count))  # 参加人员：全体党员7名: all of them came
            if role != ABSENT and cues.all_present.search(suffix):  # 支部党员12人全到: the total, and all came
                mentions += [Mention(other, count) for other in (TOTAL, PRESENT) if other != role]
    return mentions


def _name_list(text: str, sentence: Sentence, label: str, cues: AttendanceCues) -> Optional[Mention]:
    """未参加人员：甲某（病假）、乙某 → 2 absent: a present or absent label followed only by names."""
    role = _role("", "", "", label, cues)
    if role not in (ABSENT, PRESENT):
        return None
    value = sentence.text[len(label) :].rstrip("。；;.")
    items = [item.strip() for item in cues.name_list_separator.split(cues.bracketed.sub("", value))]
    names = [item for item in items if cues.name_list_item.match(item) and not cues.not_a_name.search(item)]
    if not names or len(names) != len(items) or (role == PRESENT and len(names) < 2):
        return None
    start = sentence.start + len(label)
    end = start + len(value)
    return Mention(role, Count(len(names), Evidence(start, end, text[start:end])))


def _table_mentions(lines: Sequence[Sentence], cues: AttendanceCues) -> Iterator[Mention]:
    """A header row of cue words over a row of numbers (党员总数 到场 请假 / 16 14 2);
    a cell of words in that row (the reasons for absence) is skipped."""
    for header, row in zip(lines, lines[1:]):
        names = cues.table_cell.split(header.text)
        values = cues.table_cell.split(row.text)
        numbers = [cues.table_value.fullmatch(v) for v in values]
        if len(names) < 2 or len(names) != len(values) or sum(1 for n in numbers if n) < 2:
            continue
        offset = row.start
        for name, value, number in zip(names, values, numbers):
            start = row.text.index(value, offset - row.start) + row.start
            offset = start + len(value)
            role = _role(name, "", "", "", cues)
            if number is not None and role is not None:  # a 支部党员 or 党员 column is the total
                yield Mention(role, Count(to_number(number.group("n")), Evidence(start, offset, value)))


def member_mentions(text: str, sentences: Sequence[Sentence], lines: Sequence[Sentence]) -> list[Mention]:
    """Every member count with a role, in text order; table rows, then name lists, after sentences."""
    cues = load_cues()
    mentions, named = [], []
    for sentence in sentences:
        pipe = cues.pipe_label.match(sentence.text)
        if pipe is None and not cues.member_sentence.search(sentence.text):
            continue
        if pipe and not cues.label.match(sentence.text):  # 参加｜9 reads as 参加：9
            colon = pipe.end()
            row = sentence.text[:colon] + "：" + sentence.text[colon + 1 :]
            # 党员总数｜15｜出席｜9 reads as 党员总数：15，出席：9 (one character for one: offsets hold)
            row = cues.pipe_after_number.sub("，", cues.pipe_before_number.sub("：", row))
            sentence = Sentence(sentence.start, sentence.end, row)
        label = cues.label.match(sentence.text)
        label_text = label.group() if label else ""
        found = _sentence_mentions(text, sentence, label_text, cues)
        mentions.extend(found)
        if label:  # names, unless a count of their own role was stated (参加人员：甲某、乙某等12人)
            name_list = _name_list(text, sentence, label_text, cues)
            if name_list is not None and all(m.role != name_list.role for m in found):
                named.append(name_list)
    mentions.extend(_table_mentions(lines, cues))
    return mentions + named


def stated_attendance(text: str, sentences: Sequence[Sentence], lines: Sequence[Sentence]) -> Attendance:
    """Total and present members from the first count of each role.

    A total with absentees gives present = total - absent, present with
    absentees gives total = present + absent; a bare 党员 count fills the one
    of total and present that is missing.
    """
    first: dict[str, Count] = {}
    for mention in member_mentions(text, sentences, lines):
        first.setdefault(mention.role, mention.count)
    total = first.get(TOTAL) or first.get(WEAK_TOTAL)
    present, absent, member = first.get(PRESENT), first.get(ABSENT), first.get(MEMBER)
    total, present = _with_absentees(total, present, absent)
    if member is not None and (total is None or present is None):
        total, present = (member, present) if total is None else (total, member)
        total, present = _with_absentees(total, present, absent)
    return Attendance(expected=total, present=present)


def _with_absentees(
    total: Optional[Count], present: Optional[Count], absent: Optional[Count]
) -> tuple[Optional[Count], Optional[Count]]:
    """The missing one of total and present from the other and the absentees."""
    if absent is None:
        return total, present
    if present is None and total is not None and absent.value < total.value:
        return total, Count(total.value - absent.value, absent.evidence)
    if total is None and present is not None:
        return Count(present.value + absent.value, absent.evidence), present
    return total, present


def _meeting_count(view: DocumentView, field: str, spans: dict[str, Evidence]) -> Optional[Count]:
    value = getattr(view.meeting, field)
    return None if value is None else Count(value, spans.get(field))


def attendance(view: DocumentView) -> Attendance:
    """Expected and present members: the meeting header first, then the member
    counts anywhere in the text (在册党员十五名，这次来了八名; 出席6人 缺席5人 →
    11 expected) for what the header lacks."""
    expected = _meeting_count(view, "expected", view.meeting_spans)
    present = _meeting_count(view, "present", view.meeting_spans)
    if expected is None or present is None:
        stated = stated_attendance(view.text, view.sentences, view.lines)
        expected, present = expected or stated.expected, present or stated.present
    return Attendance(expected=expected, present=present)
