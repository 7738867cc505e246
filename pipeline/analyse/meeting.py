"""The meeting header: date, place, host, recorder, attendance and theme.

Minutes put these at the top as `label：value` lines, as one-line headers
(`时间：… 地点：…`) or as docx table rows that ingest renders as
`时间 | 2024年3月15日 | 地点 | 会议室`. Patterns live in
`models/meeting/patterns.json`. Values are the text found, trimmed (a date stays
"2024年3月15日下午", not ISO: minutes often give only part of a date or a time
range, and the inspector quotes what the branch wrote); host and recorder lose a
leading role word and a trailing 同志/parenthesis so they are names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence, Union

from ..records import Evidence, Meeting
from ..resources import json_resource
from ..sentences import Sentence, split_lines

TEXT_FIELDS = ("date", "place", "host", "recorder", "theme")
PERSON_FIELDS = ("host", "recorder")


@dataclass(frozen=True)
class MeetingPatterns:
    label: re.Pattern  # any header label followed by its separator; group "label"
    line_start_label: re.Pattern  # a label opening a line, then only spaces (a table row: 时间 2024年…)
    field_of_label: dict[str, str]
    known_labels: frozenset[str]
    value_stop: dict[str, re.Pattern]
    value_trim: str
    quotes: str
    person_prefix: re.Pattern
    person_suffix: re.Pattern
    person_role_then_name: re.Pattern
    person_name: re.Pattern
    date_value: re.Pattern
    date_free: re.Pattern
    date_free_rest: re.Pattern
    expected: tuple[re.Pattern, ...]
    present: tuple[re.Pattern, ...]
    attendee_labels: frozenset[str]
    attendee_separator: re.Pattern
    attendee_name: re.Pattern
    attendee_incomplete: re.Pattern
    theme_titles: tuple[re.Pattern, ...]
    title_lines: int
    theme_headline: re.Pattern
    scan_lines: int
    numerals: dict[str, int]
    numeral_units: dict[str, int]


def _spaced(label: str) -> str:
    """Let a label be spread out with single spaces, as in `主 持 人：`."""
    return "[ \u3000]?".join(re.escape(char) for char in label)


@lru_cache(maxsize=1)
def load_patterns() -> MeetingPatterns:
    data = json_resource("meeting", "patterns.json")
    field_of_label = {label: field for field, labels in data["fields"].items() for label in labels}
    labels = sorted({*field_of_label, *data["other_labels"]}, key=len, reverse=True)
    alternatives = "(?P<label>" + "|".join(_spaced(item) for item in labels) + ")"
    label = re.compile(data["label_boundary"] + alternatives + data["separator"], re.M)
    line_start_label = re.compile(alternatives + data["line_start_separator"])
    stops = data["value_stop"]

    def numbered(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p.replace("{number}", data["number"])) for p in patterns)

    return MeetingPatterns(
        label=label,
        line_start_label=line_start_label,
        field_of_label=field_of_label,
        known_labels=frozenset(labels),
        value_stop={field: re.compile(stops.get(field, stops["default"])) for field in TEXT_FIELDS},
        value_trim=data["value_trim"],
        quotes=data["quotes"],
        person_prefix=re.compile(data["person_role_prefix"]),
        person_suffix=re.compile(data["person_suffix"]),
        person_role_then_name=re.compile(data["person_role_then_name"]),
        person_name=re.compile(data["person_name"]),
        date_value=re.compile(data["date_value"]),
        date_free=re.compile(data["date_free"]),
        date_free_rest=re.compile(data["date_free_rest"], re.M),
        expected=numbered(data["expected"]),
        present=numbered(data["present"]),
        attendee_labels=frozenset(data["attendee_labels"]),
        attendee_separator=re.compile(data["attendee_separator"]),
        attendee_name=re.compile(data["attendee_name"]),
        attendee_incomplete=re.compile(data["attendee_incomplete"]),
        theme_titles=tuple(re.compile(p, re.M) for p in data["theme_titles"]),
        title_lines=data["title_lines"],
        theme_headline=re.compile(data["theme_headline"], re.M),
        scan_lines=data["scan_lines"],
        numerals=data["numerals"],
        numeral_units=data["numeral_units"],
    )


@dataclass(frozen=True)
class LabelledValue:
    """The raw value after one header label, with its offsets in the text."""

    label: str
    start: int
    end: int


def labelled_values(text: str, lines: Sequence[Sentence]) -> list[LabelledValue]:
    """Every `label：value` in `lines`; a value ends where the next label starts."""
    patterns = load_patterns()
    found = []
    for line in lines:
        matches = list(patterns.label.finditer(text, line.start, line.end))
        if not matches:
            matches = [m for m in [patterns.line_start_label.match(text, line.start, line.end)] if m]
        for match, following in zip(matches, [*matches[1:], None]):
            end = following.start() if following else line.end
            label = re.sub(r"[ \u3000]", "", match.group("label"))
            found.append(LabelledValue(label, match.end(), end))
    return found


def _trimmed(text: str, start: int, end: int, chars: str) -> Optional[Evidence]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return Evidence(start, end, text[start:end]) if end > start else None


def field_value(text: str, field: str, value: LabelledValue) -> Optional[Evidence]:
    """The trimmed value span, cut at the field's stop characters; None if unusable."""
    patterns = load_patterns()
    stop = patterns.value_stop[field].search(text, value.start, value.end)
    span = _trimmed(text, value.start, stop.start() if stop else value.end, patterns.value_trim)
    if span is None or span.text in patterns.known_labels:  # a table's header row
        return None
    if field == "date" and not patterns.date_value.search(span.text):
        return None
    if field == "theme" and patterns.date_free.fullmatch(span.text):  # 主题党日　2023年11月24日
        return None
    if field == "theme" and _wrapped_in_quotes(span.text, patterns.quotes):
        return Evidence(span.start + 1, span.end - 1, span.text[1:-1])
    return span


def _wrapped_in_quotes(value: str, quotes: str) -> bool:
    """`“学党史”` is wrapped; `“以案促改”专题研讨` is not."""
    inner = value[1:-1]
    return len(value) > 2 and value[0] in quotes and value[-1] in quotes and not any(q in inner for q in quotes)


def clean_person(value: str) -> str:
    """The name in a host/recorder value; the text itself when no name stands out.

    `原支部书记 柯玉珍` → `柯玉珍`, `支部书记王刚` → `王刚`, `张伟（党支部书记）` → `张伟`.
    """
    patterns = load_patterns()
    bare = patterns.person_suffix.sub("", value).strip()
    chunks = bare.split()
    if len(chunks) > 1 and patterns.person_name.match(chunks[-1]):
        return chunks[-1]
    after_role = patterns.person_role_then_name.search(bare)
    if after_role:
        return after_role.group(1)
    return patterns.person_prefix.sub("", bare).strip() or value


def chinese_number(token: str, numerals: dict[str, int], units: dict[str, int]) -> int:
    """`12` → 12, `十二` → 12, `二十八` → 28, `一百零五` → 105."""
    if token.isdigit():
        return int(token)
    total, digit = 0, 0
    for char in token:
        if char in units:
            total += (digit or 1) * units[char]
            digit = 0
        else:
            digit = numerals[char]
    return total + digit


def _first_count(text: str, head_end: int, regexes: tuple[re.Pattern, ...]) -> Optional[tuple[int, Evidence]]:
    patterns = load_patterns()
    for regex in regexes:
        match = regex.search(text, 0, head_end)
        if match:
            number = chinese_number(match.group("n"), patterns.numerals, patterns.numeral_units)
            return number, Evidence(match.start(), match.end(), match.group())
    return None


def _listed_attendees(text: str, values: list[LabelledValue]) -> Optional[tuple[int, Evidence]]:
    """A complete list of names after 参加人员： counts as the attendance.

    Only when every item looks like a name and nothing says the list is partial
    (等, 全体, 见附件 …); a count is never guessed from prose.
    """
    patterns = load_patterns()
    for value in values:
        if value.label not in patterns.attendee_labels:
            continue
        span = _trimmed(text, value.start, value.end, patterns.value_trim)
        if span is None or patterns.attendee_incomplete.search(span.text):
            continue
        names = [n for n in patterns.attendee_separator.split(span.text) if n]
        if len(names) >= 2 and all(patterns.attendee_name.match(n) for n in names):
            return len(names), span
    return None


def _title_theme(text: str, lines: Sequence[Sentence]) -> Optional[Evidence]:
    """The theme a title gives: `“学党史、悟思想”主题党日活动记录`, a quoted slogan
    on a line of its own under the title, `……主题党日：名医下乡义诊`, or a
    headline over a line naming the theme day (`“光明驿站”走进田间地头` over
    `……党支部主题党日活动`)."""
    patterns = load_patterns()
    for line in lines[: patterns.title_lines]:
        for pattern in patterns.theme_titles:
            match = pattern.search(text[: line.end], line.start)
            if match:
                return Evidence(match.start(1), match.end(1), match.group(1))
    if len(lines) >= 2:
        match = patterns.theme_headline.match(text[: lines[1].end], lines[0].start)
        if match:
            return Evidence(match.start(1), match.end(1), match.group(1))
    return None


def _free_date(text: str, lines: Sequence[Sentence]) -> Optional[Evidence]:
    """A header line that is a date, or starts a sentence with one (`2024年5月10日上午9:00，…`).

    A date followed by other words (`2024-12-23 华博范文网`, `… 来源：…`) is a
    web page's publication stamp, not the meeting's date.
    """
    patterns = load_patterns()
    for line in lines:
        match = patterns.date_free.match(text, line.start, line.end)
        if match and patterns.date_free_rest.match(text, match.end(), line.end):
            return _trimmed(text, match.start(), match.end(), patterns.value_trim)
    return None


@dataclass(frozen=True)
class FieldMatch:
    value: Union[str, int]
    evidence: Evidence


def find_fields(text: str, lines: Optional[Sequence[Sentence]] = None) -> dict[str, FieldMatch]:
    """Each header field found, with its value and where it sits in `text`
    (`lines`: the text's `split_lines`, when the caller has them already)."""
    patterns = load_patterns()
    lines = (split_lines(text) if lines is None else lines)[: patterns.scan_lines]
    head_end = lines[-1].end if lines else 0
    values = labelled_values(text, lines)
    spans: dict[str, Evidence] = {}
    for value in values:
        field = patterns.field_of_label.get(value.label)
        if field is not None and field not in spans:
            span = field_value(text, field, value)
            if span is not None:
                spans[field] = span
    if "date" not in spans:
        date = _free_date(text, lines)
        if date is not None:
            spans["date"] = date
    if "theme" not in spans:
        theme = _title_theme(text, lines)
        if theme is not None:
            spans["theme"] = theme
    found = {
        field: FieldMatch(clean_person(span.text) if field in PERSON_FIELDS else span.text, span)
        for field, span in spans.items()
    }
    for field, regexes in (("expected", patterns.expected), ("present", patterns.present)):
        count = _first_count(text, head_end, regexes)
        if count is not None:
            found[field] = FieldMatch(*count)
    if "present" not in found:
        listed = _listed_attendees(text, values)
        if listed is not None:
            found["present"] = FieldMatch(*listed)
    return found


def extract_meeting(text: str) -> Meeting:
    """The header fields of a meeting record; each is None when the text lacks it."""
    return meeting_of(find_fields(text))


def meeting_of(fields: dict[str, FieldMatch]) -> Meeting:
    return Meeting(**{field: match.value for field, match in fields.items()})
