"""Theme days (主题党日) without politics: no theme, no political activity, an
outing, a business meeting or a volunteer job relabelled as the theme day, or
too few members present (seed 003's second problem).

Each activity the record describes is classified by cue words from
`models/theme_day/lexicon.json` as political, mass (leisure, sports, outings,
meals, performances), business, volunteer or other, and the words that decided
it are kept so an inspector can check the call. Where no cue matches, a
character n-gram classifier (`activity_model.npz`) decides if it is sure
enough, and says so (category, probability, the n-grams that weighed most):
new records keep describing activities with words no lexicon lists. A 党课 or
study combined with volunteer service is a sound theme day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Optional, Sequence

from ..records import Evidence, Findings, Flag
from ..resources import json_resource, model_path
from ..sentences import Sentence
from .base import DocumentView
from .attendance import Attendance, attendance, to_number
from .doctype import qualifies_as
from .linear_text import LinearTextModel

CATEGORIES = ("political", "mass", "business", "volunteer")
OTHER = "other"
MAX_EVIDENCE = 3
MAX_MESSAGE_WORDS = 4
MODEL_NGRAMS = 3
WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_FULL_STOP = re.compile(r"[。！？!?]")
LEXICON = "lexicon"
MODEL = "model"


@dataclass(frozen=True)
class ThemeDayConfig:
    """Thresholds an inspector may change.

    `min_attendance`: share of members who must attend (default two thirds).
    `mainly_share`: a day is "mainly" leisure or business when MORE than this
    share of its classified activities are (a volunteer job followed by a
    meal is not mainly a meal). Volunteering "stands in" for the day when
    there is no political activity and no other kind outweighs it.
    `model_min_probability`: the activity classifier decides a piece without
    cue words only when its top category is at least this probable (above 1
    turns the model off).
    `also_types`: other document types checked too when the theme-day cues
    alone would type the text a theme day (a branch's theme day written up as
    a news item, 本报讯……党支部开展“……”主题党日活动).
    """

    min_attendance: float = 2 / 3
    mainly_share: float = 0.5
    model_min_probability: float = 0.55
    also_types: tuple[str, ...] = ("news",)


@dataclass(frozen=True)
class ThemeDayLexicon:
    cues: dict[str, re.Pattern]
    priority: tuple[str, ...]
    served_others: re.Pattern
    skip_sentence: re.Pattern
    table_header_row: re.Pattern
    header_line: re.Pattern
    content_label: re.Pattern  # 活动内容： opening a line: the activities follow
    title_max_chars: int
    sentence_split: re.Pattern
    sequence_split: re.Pattern
    activity_verb: re.Pattern
    arranging: re.Pattern  # a work meeting arranging the service (排定志愿者值班表), not the service
    short_duration: re.Pattern
    token_minutes: int
    token_phrase: re.Pattern  # 一刻钟, 念了…一段话: a token item without minutes
    attendance_sentence: re.Pattern
    self_description: re.Pattern  # a piece naming only the day and its theme label (……党支部十一月主题党日，主题叫)
    absence_in_attendance: re.Pattern  # brackets in a sentence stating attendance
    absence_anywhere: re.Pattern  # 因值班和休假（没有参加）
    unit_name: re.Pattern  # 市供电公司营销部党支部: a name, not a cue
    empty_theme_filler: re.Pattern
    theme_min_chars: int
    theme_in_body: tuple[re.Pattern, ...]
    quotes: str
    category_names: dict[str, str]
    model_strip: re.Pattern


def _alternation(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _words(words: list[str]) -> str:
    """A group matching any of `words` literally, the longest first (主题党日 before 主题)."""
    return "(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def load_lexicon() -> ThemeDayLexicon:
    data = json_resource("theme_day", "lexicon.json")
    separator = data["label_separator"]
    return ThemeDayLexicon(
        cues={category: _alternation(data["categories"][category]) for category in CATEGORIES},
        priority=tuple(data["priority"]),
        served_others=_alternation(data["served_others"]),
        skip_sentence=_alternation(data["skip_sentence"]),
        table_header_row=re.compile(data["table_header_row"]),
        header_line=re.compile("^[ \\t]*[|｜]?[ \\t]*" + _words(data["header_labels"]) + separator),
        content_label=re.compile("^[ \\t]*" + _words(data["content_labels"]) + "(?:" + separator + "|[ \\t]*$)"),
        title_max_chars=data["title_max_chars"],
        sentence_split=re.compile(data["sentence_split"]),
        sequence_split=re.compile(data["sequence_split"]),
        activity_verb=re.compile(data["activity_verb"]),
        arranging=re.compile(data["arranging"]),
        short_duration=re.compile(data["short_duration"]),
        token_minutes=data["token_minutes"],
        token_phrase=re.compile(data["token_phrase"]),
        attendance_sentence=_alternation(data["attendance_sentence"]),
        self_description=re.compile(data["self_description"]),
        absence_in_attendance=re.compile(data["absence_reasons"]["in_attendance_sentence"]),
        absence_anywhere=re.compile(data["absence_reasons"]["anywhere"]),
        unit_name=re.compile(data["unit_name"]),
        empty_theme_filler=_alternation(data["empty_theme_filler"]),
        theme_min_chars=data["theme_min_chars"],
        theme_in_body=tuple(re.compile(p) for p in data["theme_in_body"]),
        quotes=data["quotes"],
        category_names=data["category_names"],
        model_strip=_alternation(data["model_strip"]),
    )


@dataclass(frozen=True)
class ModelCall:
    """The classifier's call on one piece: its top category, how probable, and
    the character n-grams that pushed hardest towards it (the reason to show)."""

    category: str
    probability: float
    ngrams: tuple[str, ...]


@dataclass(frozen=True)
class ActivityModel:
    """Character n-gram TF-IDF + logistic regression over activity snippets
    (trained by `models/theme_day/train_activities.py`), run from the numpy
    export of the trained pipeline (`activity_model.npz`, see `linear_text`)
    so the audit never imports scikit-learn."""

    EXPORT_FILE: ClassVar[str] = "activity_model.npz"

    model: LinearTextModel  # classes, the n-gram of each TF-IDF column (for the reasons), weights
    strip: re.Pattern  # words in every kind of activity (党员们, 1.), removed before and in training

    @classmethod
    def load(cls, lexicon: ThemeDayLexicon) -> "ActivityModel":
        return cls(LinearTextModel.load(model_path("theme_day", cls.EXPORT_FILE)), lexicon.model_strip)

    def predict(self, texts: Sequence[str]) -> list[ModelCall]:
        """One call per text, all vectorized together."""
        if not texts:
            return []
        vectors = self.model.predict([self.strip.sub("", t.strip()) for t in texts])
        coef, features = self.model.coef, self.model.features
        calls = []
        for row, probs in enumerate(vectors.probabilities):
            best = int(probs.argmax())
            indices, values = vectors.row(row)
            weights = values * coef[best, indices]
            ranked = [str(features[indices[i]]).strip() for i in weights.argsort()[::-1] if weights[i] > 0]
            # an n-gram bridging a stripped word is not in the text: not a reason to show
            ranked = [g for g in ranked if WORD_CHAR.search(g) and g in texts[row]]
            # longer n-grams read as words; single characters only fill up
            ngrams = ([g for g in ranked if len(g) > 1] + [g for g in ranked if len(g) == 1])[:MODEL_NGRAMS]
            calls.append(ModelCall(self.model.classes[best], round(float(probs[best]), 3), tuple(ngrams)))
        return calls


@dataclass(frozen=True)
class Activity:
    """One activity of the day: its text span, category and the words that decided it.

    `also` names the other categories whose cues the sentence contains (a 党课
    followed by volunteering in one sentence is political, also volunteer).
    `decided_by` is `lexicon` (cues are lexicon words) or `model` (cues are the
    n-grams that weighed most, `probability` the classifier's confidence).
    """

    start: int
    end: int
    text: str
    category: str
    cues: tuple[str, ...]
    also: tuple[str, ...] = ()
    decided_by: str = LEXICON
    probability: Optional[float] = None

    def to_dict(self) -> dict[str, Any]:
        """`dataclasses.asdict`, spelled out: asdict deep-copies every field and took a fifth of the detector's time."""
        return {
            "start": self.start, "end": self.end, "text": self.text, "category": self.category,
            "cues": list(self.cues), "also": list(self.also), "decided_by": self.decided_by,
            "probability": self.probability,
        }


_TRIM = "，,、：:|"


def _pieces(text: str, start: int, end: int, splitter: re.Pattern) -> list[Sentence]:
    """The stretches of text[start:end] between splitter matches, trimmed of spaces and marks."""
    pieces, cursor = [], start
    bounds = [(m.start(), m.end()) for m in splitter.finditer(text, start, end)] + [(end, end)]
    for cut, resume in bounds:
        piece_start, piece_end = cursor, cut
        while piece_start < piece_end and (text[piece_start].isspace() or text[piece_start] in _TRIM):
            piece_start += 1
        while piece_end > piece_start and (text[piece_end - 1].isspace() or text[piece_end - 1] in _TRIM):
            piece_end -= 1
        if piece_end > piece_start:
            pieces.append(Sentence(piece_start, piece_end, text[piece_start:piece_end]))
        cursor = max(resume, cut)
    return pieces


def _is_title(line: Sentence, index: int, lexicon: ThemeDayLexicon) -> bool:
    return index == 0 and "。" not in line.text and len(line.text) <= lexicon.title_max_chars


def activity_sentences(view: DocumentView, lexicon: ThemeDayLexicon) -> list[list[Sentence]]:
    """Body sentences that may describe activities, each cut into its sequenced
    pieces (随后…, 2.…): not the title, not header fields (时间/地点/主题/参加人员 …),
    not a table's header row (项目 | 内容), not reflections (大家纷纷表示 …), and
    without the content label opening a line (活动内容：)."""
    sentences = []
    for index, line in enumerate(view.lines):
        if _is_title(line, index, lexicon) or lexicon.table_header_row.match(line.text):
            continue
        start = line.start
        if lexicon.header_line.match(line.text):  # 主题：……。支部书记领学……: the field ends at its sentence
            field_end = _FULL_STOP.search(line.text)
            rest = line.text[field_end.end() :].strip() if field_end else ""
            if not rest or lexicon.header_line.match(rest):
                continue
            start = line.start + field_end.end()
        label = lexicon.content_label.match(view.text[start : line.end])
        start += label.end() if label else 0
        for sentence in _pieces(view.text, start, line.end, lexicon.sentence_split):
            pieces = [
                piece for piece in _pieces(view.text, sentence.start, sentence.end, lexicon.sequence_split)
                if not lexicon.skip_sentence.search(piece.text)
            ]
            if pieces:
                sentences.append(pieces)
    return sentences


def _masked(text: str, start: int, masks: Sequence[tuple[int, int]]) -> str:
    """`text` (found at `start`) with the masked stretches blanked, offsets kept."""
    chars = list(text)
    for mask_start, mask_end in masks:
        for position in range(max(mask_start, start), min(mask_end, start + len(text))):
            chars[position - start] = " "
    return "".join(chars)


def classify(text: str, lexicon: ThemeDayLexicon) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(category, deciding cue words, other categories present): the most distinct cue words
    win (a word said twice, 贷款……贷款, counts once), ties by priority.

    Saying whom a piece served (为托养人员, 给视障按摩师们) is itself a
    volunteer cue, and leisure done for other people (dumplings made for
    care-home residents, games played with them) is a service: such a
    leisure piece counts as volunteer service. A volunteer or leisure piece
    that opens by arranging it (排定防汛志愿者值班表) is a work meeting's item.
    """
    matches = {category: [m.group() for m in lexicon.cues[category].finditer(text)] for category in CATEGORIES}
    served = lexicon.served_others.search(text)
    if served is not None:
        matches["volunteer"].insert(0, served.group())
    best = max(lexicon.priority, key=lambda c: (len(set(matches[c])), -lexicon.priority.index(c)))
    if not matches[best]:
        return OTHER, (), ()
    arranged = lexicon.arranging.search(text) if best in ("volunteer", "mass") else None
    if arranged is not None:
        also = tuple(c for c in CATEGORIES if c != "business" and matches[c])
        return "business", tuple(dict.fromkeys([arranged.group("verb"), *matches["business"]])), also
    if best == "mass" and served is not None:
        matches["volunteer"] += matches["mass"]
        best = "volunteer"
    also = tuple(c for c in CATEGORIES if c != best and matches[c])
    return best, tuple(dict.fromkeys(matches[best])), also


def theme_masks(text: str, theme: Optional[Evidence], quotes: str) -> list[tuple[int, int]]:
    """The theme's own span and its quoted repetitions (以“学党史”为主题): words that
    describe the day, not an activity. An unquoted repetition is left alone, since
    a theme such as 趣味运动会 may name the activity itself."""
    if theme is None or not theme.text:
        return []
    masks, position = [(theme.start, theme.end)], text.find(theme.text)
    while position >= 0:
        end = position + len(theme.text)
        if position > 0 and end < len(text) and text[position - 1] in quotes and text[end] in quotes:
            masks.append((position, end))
        position = text.find(theme.text, position + 1)
    return masks


def _model_calls(
    visible: list[list[str]], lexical: list[list[tuple]], lexicon: ThemeDayLexicon,
    model: Optional[ActivityModel], min_probability: float,
) -> dict[tuple[int, int], ModelCall]:
    """The classifier's confident calls on pieces without cues, by (sentence, piece)."""
    if model is None:
        return {}
    keys = [
        (i, j) for i, row in enumerate(visible) for j, text in enumerate(row)
        if lexical[i][j][0] == OTHER and not lexicon.attendance_sentence.search(text)
        and not lexicon.self_description.match(text)
    ]
    calls = model.predict([visible[i][j] for i, j in keys])
    return {
        key: call for key, call in zip(keys, calls)
        if call.category in CATEGORIES and call.probability >= min_probability
    }


def activities(
    view: DocumentView,
    lexicon: ThemeDayLexicon,
    masks: Sequence[tuple[int, int]] = (),
    model: Optional[ActivityModel] = None,
    min_probability: float = 1.0,
) -> list[Activity]:
    """One activity per sentence piece with a cue, or (no cue) with a confident
    model call; a piece with neither continues the activity before it in the
    same sentence, or else is an `other` activity when it has an activity verb
    and does not merely state attendance (a confident model call is an activity
    of its own, as a cued piece is). Cues inside `masks`, in the unit's name
    (营销部党支部) and in reasons for absence do not count."""
    sentences = activity_sentences(view, lexicon)
    visible = [[_visible(piece, masks, lexicon) for piece in pieces] for pieces in sentences]
    lexical = [[classify(text, lexicon) for text in row] for row in visible]
    calls = _model_calls(visible, lexical, lexicon, model, min_probability)
    found: list[Activity] = []
    for i, pieces in enumerate(sentences):
        previous: Optional[Activity] = None
        for j, piece in enumerate(pieces):
            category, cues, also = lexical[i][j]
            call = calls.get((i, j))
            if call is not None:
                previous = Activity(piece.start, piece.end, piece.text, call.category, call.ngrams,
                                    decided_by=MODEL, probability=call.probability)
                found.append(previous)
                continue
            if category == OTHER and previous is not None:
                previous = Activity(previous.start, piece.end, view.text[previous.start:piece.end],
                                    previous.category, previous.cues, previous.also,
                                    previous.decided_by, previous.probability)
                found[-1] = previous
                continue
            if category == OTHER and (
                not lexicon.activity_verb.search(visible[i][j]) or lexicon.attendance_sentence.search(visible[i][j])
            ):
                continue
            previous = Activity(piece.start, piece.end, piece.text, category, cues, also)
            found.append(previous)
    return found


def _visible(piece: Sentence, masks: Sequence[tuple[int, int]], lexicon: ThemeDayLexicon) -> str:
    """The piece as the classifiers see it: the masked stretches (the theme), the
    unit's name and reasons for absence blanked, offsets kept."""
    return _without_absence_reasons(lexicon.unit_name.sub(_blank, _masked(piece.text, piece.start, masks)), lexicon)


def _without_absence_reasons(text: str, lexicon: ThemeDayLexicon) -> str:
    """Reasons for absence are not activities: they are blanked, offsets kept. In
    a sentence stating attendance they are the words in brackets (缺席7名（下村督查防汛）);
    anywhere, the cause before 没有参加 (其余7名党员因值班和休假没有参加)."""
    text = lexicon.absence_anywhere.sub(_blank, text)
    if not lexicon.attendance_sentence.search(text):
        return text
    return lexicon.absence_in_attendance.sub(_blank, text)


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def stated_theme(view: DocumentView, lexicon: ThemeDayLexicon) -> Optional[Evidence]:
    """The theme with its span: the meeting header's, else `以“…”为主题` in the body."""
    theme = view.meeting.theme
    if theme:
        span = view.meeting_spans.get("theme")
        if span is not None and span.text == theme:
            return span
        start = view.text.find(theme)
        return Evidence(start, start + len(theme), theme) if start >= 0 else None
    for pattern in lexicon.theme_in_body:
        match = pattern.search(view.text)
        if match:
            return Evidence(match.start(1), match.end(1), match.group(1))
    return None


def theme_is_empty(theme: str, lexicon: ThemeDayLexicon) -> bool:
    """`3月份主题党日` or `开展了活动，效果良好` name no content once filler words go."""
    residue = lexicon.empty_theme_filler.sub("", theme)
    return len(re.sub(r"[^\u4e00-\u9fff]", "", residue)) < lexicon.theme_min_chars


def category_counts(found: list[Activity]) -> dict[str, int]:
    return {category: sum(1 for a in found if a.category == category) for category in (*CATEGORIES, OTHER)}


def _span(item: Any) -> Evidence:
    return Evidence(item.start, item.end, item.text)


class ThemeDayDetector:
    """Flags the `theme_day.*` codes on documents typed `theme_day`."""

    name: ClassVar[str] = "theme_day"

    def __init__(
        self, config: ThemeDayConfig, lexicon: ThemeDayLexicon, model: Optional[ActivityModel] = None,
    ) -> None:
        self.config = config
        self.lexicon = lexicon
        self.model = model

    @classmethod
    def load(cls, **options: Any) -> "ThemeDayDetector":
        config, lexicon = ThemeDayConfig(**options), load_lexicon()
        model = ActivityModel.load(lexicon) if config.model_min_probability <= 1 else None
        return cls(config, lexicon, model)

    def detect(self, view: DocumentView) -> Findings:
        if view.doc_type != "theme_day" and not (
            view.doc_type in self.config.also_types and qualifies_as(view.text, "theme_day")
        ):
            return Findings()
        theme = stated_theme(view, self.lexicon)
        found = activities(
            view, self.lexicon, theme_masks(view.text, theme, self.lexicon.quotes),
            self.model, self.config.model_min_probability,
        )
        counts = category_counts(found)
        political_share = counts["political"] / len(found) if found else None
        flags = [
            flag for flag in (
                self._theme_flag(view, theme),
                *self._content_flags(view, found, counts),
                self._attendance_flag(view, attendance(view)),
            )
            if flag is not None
        ]
        return Findings(
            flags=flags,
            components={
                "political_share": political_share,
                "theme_day_activities": [a.to_dict() for a in found],
            },
        )

    def _title(self, view: DocumentView) -> list[Evidence]:
        return [_span(view.lines[0])] if view.lines else []

    def _theme_flag(self, view: DocumentView, theme: Optional[Evidence]) -> Optional[Flag]:
        if theme is None:
            return Flag("theme_day.no_theme", "medium", "本次主题党日没有写明活动主题。", self._title(view))
        if theme_is_empty(theme.text, self.lexicon):
            return Flag(
                "theme_day.no_theme", "medium",
                f"本次主题党日的主题“{theme.text}”没有实际内容，主题不明。", [theme],
            )
        return None

    def _evidence(self, view: DocumentView, items: list[Activity]) -> list[Evidence]:
        return [_span(a) for a in items[: MAX_EVIDENCE]] or self._title(view)

    def _content_flags(self, view: DocumentView, found: list[Activity], counts: dict[str, int]) -> list[Flag]:
        """A token political item (约10分钟) keeps a day from weak_political but does
        not weigh against its main kind."""
        flags = []
        political = counts["political"]
        tokens = sum(1 for a in found if a.category == "political" and is_token(a.text, self.lexicon))
        classified = sum(counts[c] for c in CATEGORIES) - tokens
        by_category = {c: [a for a in found if a.category == c] for c in CATEGORIES}
        if political == 0:
            flags.append(Flag(
                "theme_day.weak_political", "high",
                "本次主题党日没有安排政治理论学习、党课或党性教育等政治内容。",
                self._evidence(view, [a for a in found if a.category != OTHER] or found),
            ))
        for category, code in (("mass", "theme_day.disguised_mass_activity"), ("business", "theme_day.disguised_business")):
            count = counts[category]
            if classified and count > political - tokens and count / classified > self.config.mainly_share:
                words = _message_words(by_category[category], self.lexicon.category_names[category])
                lacking = "缺少政治学习内容" if political == 0 else "政治学习内容所占比重很小"
                flags.append(Flag(
                    code, "high", f"本次主题党日以{words}为主，{lacking}。", self._evidence(view, by_category[category]),
                ))
        volunteer = counts["volunteer"]
        if volunteer and political == 0 and volunteer >= max(counts["mass"], counts["business"]):
            flags.append(Flag(
                "theme_day.volunteer_substitute", "medium",
                "本次主题党日以志愿服务代替，没有安排政治学习内容。", self._evidence(view, by_category["volunteer"]),
            ))
        return flags

    def _attendance_flag(self, view: DocumentView, counts: Attendance) -> Optional[Flag]:
        expected, present = counts.expected, counts.present
        if expected is None or present is None or expected.value <= 0:
            return None
        if present.value >= expected.value * self.config.min_attendance:
            return None
        evidence = [c.evidence for c in (expected, present) if c.evidence is not None]
        return Flag(
            "theme_day.low_attendance", "medium",
            f"本次主题党日应到{expected.value}人、实到{present.value}人，"
            f"参加人数不足应到人数的{_fraction(self.config.min_attendance)}。",
            evidence or self._title(view),
        )


def is_token(text: str, lexicon: ThemeDayLexicon) -> bool:
    """A political item that says it took a few minutes (领读几条规定，约10分钟, 一刻钟)
    or was a passage read out (念了党章中……一段话)."""
    return lexicon.token_phrase.search(text) is not None or any(
        to_number(m.group("n")) <= lexicon.token_minutes for m in lexicon.short_duration.finditer(text)
    )


def _message_words(items: list[Activity], category_name: str) -> str:
    """The lexicon cue words of the activities, else the category's name (model
    n-grams are reasons to show, not words to read aloud)."""
    words = list(dict.fromkeys(w for a in items if a.decided_by == LEXICON for w in a.cues))[:MAX_MESSAGE_WORDS]
    return "、".join(words) or category_name


def _fraction(share: float) -> str:
    """2/3 → 三分之二, 0.8 → 80%: the threshold as an inspector says it."""
    return "三分之二" if abs(share - 2 / 3) < 1e-9 else f"{share:.0%}"
