"""Find every criticism in organizational-life minutes, with critic and target.

Minutes are line-structured, so this is a small state machine over lines:
section headings (自我批评 / 相互批评 / 民主评议 / 总结 …) say what the following
lines are; headings that name a target (`对周建国同志：`) or a critic
(`张伟同志提出的批评意见：`) set who is speaking about whom; each criticism
line (`张伟对李强提出批评：…`, `李强：…`, `（1）…`, `一是…`, a docx table row
rendered as `张伟 | 李强 | …`) opens an item; a plain line after an item
continues it (a criticism that runs over several lines). Headers, agenda,
民主评议 and the host's summary fall in sections that yield nothing.
Patterns live in `models/criticism/layout.json`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from ..resources import json_resource, lexicon
from ..sentences import Sentence, split_lines

SECTION_KINDS = ("other", "mixed", "mutual", "self")


@dataclass(frozen=True)
class Layout:
    pair: tuple[re.Pattern, ...]
    self_person: tuple[re.Pattern, ...]
    target_heading: tuple[re.Pattern, ...]
    critic_heading: tuple[re.Pattern, ...]
    name_colon: re.Pattern
    numbered: re.Pattern
    narrative: re.Pattern
    sections: tuple[tuple[str, re.Pattern], ...]
    table_separator: str
    table_columns: dict[str, tuple[str, ...]]
    table_marker: str
    inline_body_min_chars: int
    self_openers: re.Pattern
    nonnames: frozenset[str]


def _expand(pattern: str, placeholders: dict[str, str]) -> str:
    """Fill {num} {role} {title} and the named {critic}/{target}/{person}/{name} slots."""
    for key in ("num", "role", "title"):
        pattern = pattern.replace("{" + key + "}", placeholders[key])
    for group in ("critic", "target", "person", "name"):
        pattern = pattern.replace("{" + group + "}", placeholders["name"].replace("GROUP", group))
    return pattern


@lru_cache(maxsize=1)
def load_layout() -> Layout:
    data = json_resource("criticism", "layout.json")
    slots = data["placeholders"]

    def compiled(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(_expand(p, slots)) for p in patterns)

    sections = []
    for kind in SECTION_KINDS:
        keywords = "|".join(re.escape(k) for k in data["sections"][kind])
        sections.append((kind, re.compile(_expand(data["section_heading"].replace("{keywords}", keywords), slots))))
    return Layout(
        pair=compiled(data["pair"]),
        self_person=compiled(data["self_person"]),
        target_heading=compiled(data["target_heading"]),
        critic_heading=compiled(data["critic_heading"]),
        name_colon=re.compile(_expand(data["name_colon"], slots)),
        numbered=re.compile(data["numbered"]),
        narrative=re.compile(_expand(data["narrative"], slots)),
        sections=tuple(sections),
        table_separator=data["table_separator"],
        table_columns={role: tuple(labels) for role, labels in data["table_columns"].items()},
        table_marker=data["table_criticism_marker"],
        inline_body_min_chars=data["inline_body_min_chars"],
        self_openers=re.compile(data["self_openers"]),
        nonnames=frozenset(lexicon("criticism", "nonnames.txt")),
    )


@dataclass(frozen=True)
class Found:
    """One extracted criticism: who about whom, and its span in the normalized text."""

    kind: str  # mutual | self
    critic: Optional[str]
    target: Optional[str]
    start: int
    end: int


@dataclass
class Extraction:
    items: list[Found] = field(default_factory=list)
    # Headings of mutual-criticism sections (evidence when none were recorded).
    mutual_headings: list[Sentence] = field(default_factory=list)


@dataclass
class _State:
    section: str = "other"
    critic: Optional[str] = None
    target: Optional[str] = None
    table: Optional[dict[int, str]] = None
    open_item: Optional[Found] = None


def _name(match: re.Match, group: str, layout: Layout) -> Optional[str]:
    value = match.group(group)
    return None if value is None or value in layout.nonnames else value


def _span(line: Sentence, match: re.Match, group: str = "body") -> tuple[int, int]:
    """Offsets of a match group inside the document, surrounding spaces trimmed."""
    start, end = match.span(group)
    text = line.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return line.start + start, line.start + end


def _section_of(line: Sentence, layout: Layout) -> Optional[tuple[str, Optional[re.Match]]]:
    for kind, pattern in layout.sections:
        match = pattern.match(line.text)
        if match:
            return kind, match
    return None


def _table_cells(line: Sentence, separator: str) -> list[tuple[int, int, str]]:
    cells, offset = [], 0
    for raw in line.text.split(separator):
        stripped = raw.strip()
        start = offset + (raw.index(stripped) if stripped else 0)
        cells.append((line.start + start, line.start + start + len(stripped), stripped))
        offset += len(raw) + len(separator)
    return cells


def _table_header(cells: list[tuple[int, int, str]], layout: Layout) -> Optional[dict[int, str]]:
    """Column roles when the row is a criticism table header (it needs a text column)."""
    roles = {}
    for index, (_, _, text) in enumerate(cells):
        for role, labels in layout.table_columns.items():
            if text in labels:
                roles[index] = role
                break
    if any(role in ("text", "self_text") for role in roles.values()):
        return roles
    return None


class _Reader:
    """Walks the lines once; `items` grows as criticisms are found."""

    def __init__(self, text: str, layout: Layout) -> None:
        self.text = text
        self.layout = layout
        self.state = _State()
        self.result = Extraction()

    def add(self, kind: str, critic: Optional[str], target: Optional[str], start: int, end: int) -> None:
        self.close()
        if end - start < 2:
            return
        if kind == "mutual" and critic is not None and critic == target:
            return  # the target answering the criticism (表态), not a criticism
        if kind == "self":
            target = critic
        self.state.open_item = Found(kind, critic, target, start, end)

    def close(self) -> None:
        if self.state.open_item is not None:
            self.result.items.append(self.state.open_item)
            self.state.open_item = None

    def enter(self, section: str, critic: Optional[str] = None, target: Optional[str] = None) -> None:
        self.close()
        self.state = _State(section=section, critic=critic, target=target)

    def read(self, line: Sentence) -> None:
        layout, state = self.layout, self.state
        if layout.table_separator in line.text:
            self.table_row(line)
            return
        for pattern in layout.pair:
            match = pattern.match(line.text)
            if match and _name(match, "critic", layout) and _name(match, "target", layout):
                critic, target = match.group("critic"), match.group("target")
                if match.group("body").strip():
                    self.state.section = "mutual" if state.section != "mixed" else "mixed"
                    self.state.critic, self.state.target = None, None
                    self.add("mutual", critic, target, *_span(line, match))
                else:
                    self.enter("mutual", critic, target)
                return
        for pattern in layout.self_person:
            match = pattern.match(line.text)
            if match and _name(match, "person", layout):
                person = match.group("person")
                self.enter("self", person, person)
                if match.group("body").strip():
                    self.add("self", person, person, *_span(line, match))
                return
        for pattern in layout.target_heading:
            match = pattern.match(line.text)
            if match and _name(match, "target", layout):
                self.result.mutual_headings.append(line)
                self.enter("mutual", None, match.group("target"))
                return
        for pattern in layout.critic_heading:
            match = pattern.match(line.text)
            if match and _name(match, "critic", layout):
                self.result.mutual_headings.append(line)
                self.enter("mutual", match.group("critic"), None)
                return
        section = _section_of(line, layout)
        if section is not None:
            kind, match = section
            if kind == "mutual":
                self.result.mutual_headings.append(line)
            self.enter(kind)
            body = match.group("body")
            if kind in ("self", "mutual") and body and len(body.strip()) >= layout.inline_body_min_chars:
                self.add(kind, None, None, *_span(line, match))
            return
        if state.section == "other":
            return
        self.content_line(line)

    def content_line(self, line: Sentence) -> None:
        """A line inside a self/mutual/mixed section: a new item or a continuation."""
        layout, state = self.layout, self.state
        if layout.narrative.search(line.text):
            self.close()  # a summary of the rest of the meeting, not a criticism
            return
        start, end = line.start, line.end
        numbered = layout.numbered.match(line.text)
        if numbered:
            start, end = _span(line, numbered)
        inner = Sentence(start, end, self.text[start:end])
        named = layout.name_colon.match(inner.text)
        if named and _name(named, "name", layout):
            name = named.group("name")
            body_start, body_end = _span(inner, named)
            self.add(*self.roles_for(name, self.text[body_start:body_end]), body_start, body_end)
        elif numbered or (state.open_item is None and (state.critic or state.target)):
            self.add(*self.roles_for(None, inner.text), start, end)
        elif state.open_item is not None:
            state.open_item = replace(state.open_item, end=line.end)

    def roles_for(self, name: Optional[str], body: str) -> tuple[str, Optional[str], Optional[str]]:
        """(kind, critic, target) for a line spoken by `name` (None when unnamed)."""
        state = self.state
        if state.section == "self":
            return "self", name or state.critic, None
        if state.target is not None:
            return "mutual", name or state.critic, state.target
        if state.critic is not None:
            return "mutual", state.critic, name
        if state.section == "mixed" and (name is None or self.layout.self_openers.match(body)):
            return "self", name, None
        return "mutual", name, None

    def table_row(self, line: Sentence) -> None:
        layout, state = self.layout, self.state
        cells = _table_cells(line, layout.table_separator)
        header = _table_header(cells, layout)
        if header is not None:
            self.close()
            roles = set(header.values())
            named = bool(roles & {"critic", "target"}) or any(layout.table_marker in cell[2] for cell in cells)
            if "text" not in roles:
                state.section = "self"  # 姓名 | 自我批评
            elif state.section == "other" and not named:
                state.table = None  # 姓名 | 等次 | 意见 under 民主评议 is not criticism
                return
            else:
                state.section = "mutual"
            state.table = header
            return
        if state.table is None:
            return
        by_role: dict[str, tuple[int, int, str]] = {}
        for index, role in state.table.items():
            if index < len(cells):
                by_role.setdefault(role, cells[index])
        body = by_role.get("text") or by_role.get("self_text")
        if body is None or not body[2]:
            return

        def person(role: str) -> Optional[str]:
            return by_role[role][2] or None if role in by_role else None

        if state.section == "self" or ("self_text" in by_role and "text" not in by_role):
            self.add("self", person("name") or person("critic"), None, body[0], body[1])
            return
        critic, target, name = person("critic"), person("target"), person("name")
        if name is not None:
            if state.target is not None and critic is None:
                critic = name
            elif target is None:
                target = name
        self.add("mutual", critic or state.critic, target or state.target, body[0], body[1])


def extract_criticisms(text: str) -> Extraction:
    """Every criticism item in minutes text, in document order."""
    reader = _Reader(text, load_layout())
    for line in split_lines(text):
        reader.read(line)
    reader.close()
    return reader.result
