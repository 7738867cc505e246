"""PDF with a text layer: lines rejoined into the paragraphs the author wrote.

A PDF only knows lines. A line break is a real paragraph break when the page
shows one: the next line is indented (by position or by leading full-width
spaces), there is a blank gap before it, or the line before it is short: a
finished sentence (ending in 。！？；： ...) that stops short of the right
margin, or an unfinished one so short that it is a heading. Otherwise the next
line continues the sentence and is joined without a space (with one space
between two Latin words). The same test runs across page boundaries, after
dropping page-number lines.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import Optional

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from ..resources import lexicon
from . import errors

_INDENT_EMS = 0.8  # first non-space character this far right of the margin: new paragraph
_SHORT_EMS = 1.5  # a sentence ending this far left of the right margin ends its paragraph
_HEADING_SHARE = 0.5  # an unfinished line filling less of the width is a heading or label
# Punctuation that can end a paragraph (closing quotes and brackets follow a full stop).
_TERMINAL = tuple("。！？；：…”’」』）》.!?;:)")
_GAP_EMS = 0.5  # extra vertical space beyond the usual line gap: blank line between paragraphs
# pdfminer writes a glyph it cannot map to Unicode (a font without a ToUnicode
# table) as "(cid:N)".
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_MAX_UNMAPPED_SHARE = 0.3
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?)]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass
class Line:
    text: str  # stripped
    x0: float  # of the first visible character
    x1: float
    top: float
    bottom: float
    indented_by_spaces: bool  # began with full-width or ordinary spaces

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageLayout:
    lines: list[Line]
    left: float
    right: float
    usual_gap: float


def pdf_text(data: bytes) -> str:
    """The paragraphs of a PDF, or IngestFailure (encrypted, corrupt, no usable text layer)."""
    pages = _read_pages(data)
    if not any(page.lines for page in pages):
        raise errors.no_text_layer() if pages else errors.empty()
    return without_unmapped_glyphs("\n".join(join_lines(pages)))


def without_unmapped_glyphs(text: str) -> str:
    """Drop pdfminer's "(cid:123)" stand-ins; a text made mostly of them has no usable text layer."""
    unmapped = len(_UNMAPPED_GLYPH.findall(text))
    if not unmapped:
        return text
    cleaned = _UNMAPPED_GLYPH.sub("", text)
    readable = sum(1 for char in cleaned if not char.isspace())
    if unmapped > _MAX_UNMAPPED_SHARE * (unmapped + readable):
        raise errors.unmapped_glyphs()
    return cleaned


def _read_pages(data: bytes) -> list[PageLayout]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [layout(_page_lines(page)) for page in pdf.pages]
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        raise (errors.encrypted() if isinstance(cause, PDFEncryptionError) else errors.corrupt()) from None
    except PDFEncryptionError:
        raise errors.encrypted() from None
    except Exception:  # pdfminer raises many kinds on damaged files
        raise errors.corrupt() from None


def _page_lines(page) -> list[Line]:
    lines = []
    for raw in page.extract_text_lines(strip=False, return_chars=True):
        visible = [char for char in raw["chars"] if not char["text"].isspace()]
        text = raw["text"].strip()
        if not visible or not text:
            continue
        lines.append(Line(
            text=text, x0=visible[0]["x0"], x1=visible[-1]["x1"], top=raw["top"], bottom=raw["bottom"],
            indented_by_spaces=raw["text"][:1].isspace(),
        ))
    return _drop_page_numbers(lines)


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    if lines and _is_page_number(lines[-1].text):
        lines = lines[:-1]
    if lines and _is_page_number(lines[0].text):
        lines = lines[1:]
    return lines


def _is_page_number(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in _page_number_patterns())


@lru_cache(maxsize=1)
def _page_number_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(entry) for entry in lexicon("ingest", "pdf_page_numbers.txt"))


def layout(lines: list[Line]) -> PageLayout:
    """The page's text block: left margin, right margin and ordinary line gap."""
    if not lines:
        return PageLayout(lines, 0.0, 0.0, 0.0)
    gaps = [cur.top - prev.bottom for prev, cur in zip(lines, lines[1:]) if cur.top > prev.top]
    return PageLayout(
        lines=lines,
        left=min(line.x0 for line in lines),
        right=max(line.x1 for line in lines),
        usual_gap=median(gaps) if gaps else 0.0,
    )


def join_lines(pages: list[PageLayout]) -> list[str]:
    """Paragraphs, each the concatenation of the lines that continue it."""
    paragraphs: list[str] = []
    previous: Optional[tuple[Line, PageLayout]] = None
    for page in pages:
        for line in page.lines:
            if previous is not None and continues(previous[0], previous[1], line, page):
                paragraphs[-1] = _glue(paragraphs[-1], line.text)
            else:
                paragraphs.append(line.text)
            previous = (line, page)
    return paragraphs


def continues(prev: Line, prev_page: PageLayout, line: Line, page: PageLayout) -> bool:
    """Does `line` carry on the paragraph `prev` belongs to?"""
    em = max(prev.height, line.height, 1.0)
    if line.indented_by_spaces or line.x0 > page.left + _INDENT_EMS * em:
        return False
    if prev_page is page and line.top - prev.bottom > page.usual_gap + _GAP_EMS * em:
        return False
    width = prev_page.right - prev_page.left
    filled = prev.x1 - prev_page.left
    if prev.text.endswith(_TERMINAL):
        # A finished sentence that stops short of the margin ends its paragraph.
        return filled >= width - _SHORT_EMS * em
    # A line broken mid-sentence is ragged when it holds digits or Latin
    # letters; only a line shorter than a heading's share of the width ends here.
    return filled >= _HEADING_SHARE * width


def _glue(head: str, tail: str) -> str:
    """Chinese joins directly; Latin words get their space back; a number split over two lines stays one."""
    if _LATIN_END.search(head) and _LATIN_START.search(tail) and not (head[-1].isdigit() and tail[0].isdigit()):
        return f"{head} {tail}"
    return head + tail
