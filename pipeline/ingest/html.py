"""Web pages: the article text only, without the page furniture around it.

Three passes, all structural, with the few Chinese text markers kept in
models/ingest/html_junk.txt:
1. remove what is never article text: scripts, styles, form controls, <nav>,
   <aside> and hidden elements; and, unless they hold much of the page's text,
   forms, page-level <header>/<footer> and elements whose class or id names
   them as menus, breadcrumbs, share bars, sidebars or footers
   (models/ingest/html_junk_attrs.json);
2. cut the rest into blocks (paragraph-level elements and <br>-separated
   lines) and find the article container the way Readability does: every
   sentence-like block that is not mostly link text votes for its container
   and, more weakly, the container's ancestors;
3. output the title (the nearest <h1>/<h2>, or block repeating the page's
   <title>, just before the container) and the short meta lines between it
   and the container, then the container's blocks, dropping
   link lists (mostly link text) and furniture lines (分享到, 上一篇, 责任编辑 ...).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from ..resources import json_resource, lexicon
from .text import decode_text

_NEVER_TEXT = (
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "button", "input", "select", "textarea", "nav", "aside", "head", "link", "meta",
)
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "center", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# Blocks that are one paragraph: their vote starts at the element holding them.
_PARAGRAPH_TAGS = frozenset({"p", "li", "dd", "dt", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})
_STRING_TYPES = (NavigableString, CData)
_CONTENT_MIN_CHARS = 25  # a block this long with few links reads like article text
_CONTENT_MAX_LINK_SHARE = 0.25
_LINK_LIST_SHARE = 0.5  # blocks with more link text than this are navigation
_FURNITURE_MAX_CHARS = 60  # a marker only condemns a short block
_META_MAX_CHARS = 120  # lines between title and body kept: source, date, author
_TITLE_LOOKBACK = 8  # the title sits at most this many blocks before the article body
_TITLE_MIN_CHARS = 6  # shorter text found inside <title> is more likely the site name
_PROTECT_SHARE = 0.4  # never remove by class/id an element holding this share of the page text
_DECAY = (1.0, 0.5, 0.25)  # vote for the container, its parent, its grandparent
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z0-9])(?=[A-Z])")
_WHITESPACE = re.compile(r"\s+")
_OPENING_MARKS = " \t\u3000\xa0【[（(『「·•"


@dataclass
class Block:
    owner: Tag  # the nearest paragraph-level element around the text
    text: str
    link_chars: int

    @property
    def link_share(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def html_text(data: bytes) -> str:
    """The article text of a web page, one block per line."""
    soup = BeautifulSoup(decode_html(data), "lxml")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.body or soup
    strip_furniture(root)
    blocks = list(iter_blocks(root))
    container = best_container(blocks)
    title, body = ([], blocks) if container is None else _article_blocks(blocks, container, page_title)
    return "\n".join(block.text for block in title + [b for b in body if not _is_junk_block(b)])


def decode_html(data: bytes) -> str:
    """Declared charset if it decodes cleanly, else UTF-8, else the .txt detector."""
    match = _CHARSET.search(data[:4096])
    attempts = []
    if match:
        declared = match.group(1).decode("ascii").lower()
        attempts.append(_CHARSET_ALIASES.get(declared, declared))
    attempts.append("utf-8")
    for encoding in attempts:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_text(data)[0]


def strip_furniture(body: Tag) -> None:
    """Remove elements that are never article text (pass 1)."""
    for element in body.find_all(_NEVER_TEXT):
        element.decompose()
    page_chars = len(body.get_text(strip=True))
    for element in body.find_all(True):
        if element.decomposed:
            continue
        if _is_hidden(element) or (_looks_like_furniture(element) and not _holds_article(element, page_chars)):
            element.decompose()


def _looks_like_furniture(element: Tag) -> bool:
    """Forms (search boxes, logins), page-level header/footer, and junk class or id names.

    A form can also wrap a whole ASP.NET page, hence the same protection as class names.
    """
    if element.name == "form":
        return True
    if element.name in ("header", "footer") and element.find_parent("article") is None:
        return True
    return _has_junk_name(element)


def _is_hidden(element: Tag) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style


def _has_junk_name(element: Tag) -> bool:
    names = [*(element.get("class") or []), element.get("id") or ""]  # bs4 gives class as a list
    markers = _junk_attrs()
    for name in names:
        if any(word in markers.tokens for word in _words(name)):
            return True
        if any(part in name.lower() for part in markers.substrings):
            return True
    return False


def _words(name: str) -> list[str]:
    return [word.lower() for word in _WORD_SPLIT.split(name) if word]


def _holds_article(element: Tag, page_chars: int) -> bool:
    if element.name in ("body", "html", "article", "main") or element.find(["article", "main"]):
        return True
    return len(element.get_text(strip=True)) >= _PROTECT_SHARE * page_chars


def iter_blocks(root: Tag) -> Iterator[Block]:
    """Text blocks in document order: a new block at every block-level element and <br>."""
    pieces: list[str] = []
    link_chars = 0
    owner = root

    def flush() -> Iterator[Block]:
        nonlocal pieces, link_chars
        text = _collapse("".join(pieces))
        if text:
            yield Block(owner, text, min(link_chars, len(text)))
        pieces, link_chars = [], 0

    def walk(node: Tag, in_link: bool) -> Iterator[Block]:
        nonlocal owner, link_chars
        for child in node.children:
            if type(child) in _STRING_TYPES:  # not comments, doctypes or processing instructions
                pieces.append(str(child))
                if in_link:
                    link_chars += len(_collapse(str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    yield from flush()
                elif child.name in _BLOCK_TAGS:
                    yield from flush()
                    outer, owner = owner, child
                    yield from walk(child, in_link)
                    yield from flush()
                    owner = outer
                else:
                    yield from walk(child, in_link or child.name == "a")

    yield from walk(root, False)
    yield from flush()


def _collapse(text: str) -> str:
    """HTML whitespace rules, except that a source line break between Chinese characters vanishes."""
    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if "\n" in match.group() and _is_wide(before) and _is_wide(after):
            return ""
        return " "

    return _WHITESPACE.sub(replace, text).strip()


def _is_wide(char: str) -> bool:
    return bool(char) and ord(char) > 0x2E7F


def best_container(blocks: list[Block]) -> Optional[Tag]:
    """The element that most article-like blocks vote for; None if no block looks like prose."""
    scores: dict[int, float] = defaultdict(float)
    elements: dict[int, Tag] = {}
    for block in blocks:
        if len(block.text) < _CONTENT_MIN_CHARS or block.link_share > _CONTENT_MAX_LINK_SHARE:
            continue
        vote = 1 + len(block.text) / 100 + block.text.count("，") + block.text.count(",")
        element: Optional[Tag] = block.owner.parent if block.owner.name in _PARAGRAPH_TAGS else block.owner
        for weight in _DECAY:
            if element is None:
                break
            scores[id(element)] += vote * weight
            elements[id(element)] = element
            element = element.parent
    if not scores:
        return None
    return elements[max(scores, key=lambda key: scores[key])]


def _article_blocks(blocks: list[Block], container: Tag, page_title: str) -> tuple[list[Block], list[Block]]:
    """([title], meta lines + container blocks); the title is kept even when it is a link."""
    inside = [index for index, block in enumerate(blocks) if _within(block.owner, container)]
    first = inside[0]
    title = _title_index(blocks, first, container, page_title)
    if title is None:
        return [], [blocks[index] for index in inside]
    meta = [block for block in blocks[title + 1:first] if len(block.text) <= _META_MAX_CHARS]
    return [blocks[title]], meta + [blocks[index] for index in inside]


def _title_index(blocks: list[Block], first: int, container: Tag, page_title: str) -> Optional[int]:
    """The nearest block shortly before the container that is a heading or repeats the page's <title>.

    None when the container has its own <h1>: then the title is already inside.
    """
    if container.find("h1"):
        return None
    for index in range(first - 1, max(first - _TITLE_LOOKBACK, 0) - 1, -1):
        block = blocks[index]
        if block.owner.name in ("h1", "h2"):
            return index
        if len(block.text) >= _TITLE_MIN_CHARS and block.text in page_title:
            return index
    return None


def _within(element: Tag, container: Tag) -> bool:
    return element is container or any(parent is container for parent in element.parents)


def _is_junk_block(block: Block) -> bool:
    if block.link_share > _LINK_LIST_SHARE:
        return True
    if len(block.text) > _FURNITURE_MAX_CHARS:
        return False
    start = block.text.lstrip(_OPENING_MARKS)
    return start.startswith(_furniture_markers())


@dataclass(frozen=True)
class _AttrMarkers:
    tokens: frozenset[str]
    substrings: tuple[str, ...]


@lru_cache(maxsize=1)
def _junk_attrs() -> _AttrMarkers:
    data = json_resource("ingest", "html_junk_attrs.json")
    return _AttrMarkers(frozenset(data["tokens"]), tuple(data["substrings"]))


@lru_cache(maxsize=1)
def _furniture_markers() -> tuple[str, ...]:
    return lexicon("ingest", "html_junk.txt")
