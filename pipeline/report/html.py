"""The inspector's report: one self-contained HTML file (inline CSS, JS and SVG;
no network), in Chinese.

Everything that comes from a document (text, paths, evidence, messages that
quote it) goes through `html.escape`; on top of that the page carries a
Content-Security-Policy that lets only the report's own script run, so a
submitted file containing `<script>` is shown as text and can never execute.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Iterable, Optional

from .jsonl import write_atomic
from .labels import (
    criticism_kind_name,
    criticism_label_name,
    doc_type_name,
    family_name,
    family_of,
    flag_name,
    labels,
    severity_name,
)
from .tables import SEVERITY_ORDER, severity_counts, worst_first
from .unit import read_unit

ASSETS = Path(__file__).resolve().parent / "assets"
SCORE_BINS = 10
LOW_SCORE = 30  # bars below this are drawn red, as `substance.hollow`'s default threshold
SENTENCE_BANDS = ((30.0, "low"), (60.0, "mid"))  # score < 30 hollow, < 60 middling, else concrete
EVIDENCE_PREVIEW = 120
EVIDENCE_SHOWN = 5
RANKING_RULE = (
    "排序规则（最差在前）：先按高风险问题种类数从多到少，再按中风险问题种类数从多到少，"
    "再按实质性得分从低到高（没有得分的排在后面），再按低风险问题种类数从多到少；"
    "同一问题代码出现多次只计一种。"
)


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def document_stylesheet() -> str:
    """CSS of the document view, every rule scoped under `.fa-doc`."""
    return asset("document.css")


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _css_token(value: str) -> str:
    """A code reduced to characters that are safe inside a class name."""
    return re.sub(r"[^a-z0-9_-]", "", value.lower()) or "other"


def _family_class(code: str) -> str:
    family = _css_token(family_of(code))
    return f"fa-fam-{family}" if family in labels()["families"] else "fa-fam-other"


def _fmt_score(score: Optional[float]) -> str:
    return "—" if score is None else f"{score:.1f}"


# ---------------------------------------------------------------- highlighting


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    flag: int       # index into the record's flags
    evidence: int   # index into that flag's evidence


def valid_spans(record: dict[str, Any]) -> list[Span]:
    """Evidence spans whose offsets really point at their text in `record['text']`."""
    text = record.get("text") or ""
    spans = []
    for i, flag in enumerate(record.get("flags", [])):
        for j, ev in enumerate(flag.get("evidence", [])):
            start, end = ev.get("start"), ev.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) \
                    and text[start:end] == ev.get("text"):
                spans.append(Span(start, end, i, j))
    return spans


def segments(length: int, spans: Iterable[Span]) -> list[tuple[int, int, tuple[Span, ...]]]:
    """Cut [0, length) at every span boundary; each piece lists the spans covering it,
    so overlapping evidence is shown without nesting or losing any span."""
    spans = list(spans)
    cuts = sorted({0, length, *(s.start for s in spans), *(s.end for s in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(s for s in spans if s.start <= a and b <= s.end)
        pieces.append((a, b, covering))
    return pieces


def _most_severe(flags: list[dict[str, Any]], covering: tuple[Span, ...]) -> dict[str, Any]:
    rank = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}
    return min((flags[s.flag] for s in covering), key=lambda f: rank.get(f["severity"], len(rank)))


def highlighted_text(record: dict[str, Any], doc_id: str) -> str:
    """The document text, escaped, with every valid evidence span in a <mark>."""
    text = record.get("text") or ""
    flags = record.get("flags", [])
    spans = valid_spans(record)
    out = []
    for a, b, covering in segments(len(text), spans):
        for span in covering:
            if span.start == a:
                out.append(f'<span class="fa-anchor" id="{doc_id}-f{span.flag}-e{span.evidence}"></span>')
        piece = _e(text[a:b])
        if not covering:
            out.append(piece)
            continue
        flag_ids = sorted({s.flag for s in covering})
        classes = ["fa-hl", _family_class(_most_severe(flags, covering)["code"])]
        if len(flag_ids) > 1:
            classes.append("fa-multi")
        tip = "；".join(f"{flag_name(flags[i]['code'])}（{flags[i]['code']}）" for i in flag_ids)
        out.append(
            f'<mark class="{" ".join(classes)}" data-flags="{" ".join(map(str, flag_ids))}" '
            f'title="{_e(tip)}">{piece}</mark>'
        )
    return "".join(out)


def sentence_view(record: dict[str, Any]) -> str:
    """The text again, each scored sentence shaded by its substance score."""
    text = record.get("text") or ""
    sentences = sorted(
        (s for s in (record.get("extra") or {}).get("sentences") or []
         if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
         and 0 <= s["start"] < s["end"] <= len(text)),
        key=lambda s: s["start"],
    )
    out, position = [], 0
    for sentence in sentences:
        if sentence["start"] < position:
            continue  # overlapping sentence records: keep the first
        out.append(_e(text[position:sentence["start"]]))
        score = sentence.get("score")
        band = _sentence_band(score)
        tip = f"句子得分 {_fmt_score(score)}" + (f"；线索：{'、'.join(sentence.get('cues', []))}" if sentence.get("cues") else "")
        out.append(f'<span class="fa-sent fa-sent-{band}" title="{_e(tip)}">{_e(text[sentence["start"]:sentence["end"]])}</span>')
        position = sentence["end"]
    out.append(_e(text[position:]))
    return "".join(out)


def _sentence_band(score: Optional[float]) -> str:
    if score is None:
        return "none"
    for limit, band in SENTENCE_BANDS:
        if score < limit:
            return band
    return "high"


# ---------------------------------------------------------------- one document


def render_document(record: dict[str, Any], *, doc_id: str = "doc") -> str:
    """One document: highlighted text, flag messages beside it, criticism items,
    sentence-level substance. Needs `document_stylesheet()` on the page."""
    if record.get("status") != "ok":
        error = record.get("error") or {}
        return (
            f'<div class="fa-doc" id="{doc_id}-view"><div class="fa-error"><b>无法读取：</b>{_e(record.get("path"))}<br>'
            f'{_e(error.get("message"))} <span class="fa-code">{_e(error.get("code"))}</span></div></div>'
        )
    return (
        f'<div class="fa-doc" id="{doc_id}-view">'
        f"{_meta(record)}"
        f'<div class="fa-grid"><div><h4>原文（证据已标出）</h4>{_family_legend(record)}'
        f'<div class="fa-text">{highlighted_text(record, doc_id)}</div></div>'
        f'<div><h4>发现的问题（{len(record.get("flags", []))}）</h4>{_flag_list(record, doc_id)}</div></div>'
        f"{_criticism_table(record)}{_sentence_block(record)}{_components(record)}"
        "</div>"
    )


def _meta(record: dict[str, Any]) -> str:
    meeting = record.get("meeting") or {}
    facts = [
        ("文件", record.get("path")),
        ("单位", read_unit(record.get("text") or "")),
        ("类型", doc_type_name(record.get("doc_type"))),
        ("实质性得分", _fmt_score((record.get("substance") or {}).get("score"))),
        ("日期", meeting.get("date")),
        ("地点", meeting.get("place")),
        ("主持人", meeting.get("host")),
        ("记录人", meeting.get("recorder")),
        ("应到", meeting.get("expected")),
        ("实到", meeting.get("present")),
        ("主题", meeting.get("theme")),
        ("字数", record.get("chars")),
    ]
    return '<div class="fa-meta">' + "".join(
        f"<span><b>{name}：</b>{_e(value)}</span>" for name, value in facts if value not in (None, "")
    ) + "</div>"


def _family_legend(record: dict[str, Any]) -> str:
    families = list(dict.fromkeys(family_of(f["code"]) for f in record.get("flags", [])))
    if not families:
        return ""
    return '<div class="fa-legend">' + "".join(
        f'<span class="{_family_class(family + ".")}">{_e(family_name(family))}</span>' for family in families
    ) + "</div>"


def _flag_list(record: dict[str, Any], doc_id: str) -> str:
    flags = record.get("flags", [])
    if not flags:
        return '<p class="fa-reasons">未发现问题。</p>'
    valid = {(s.flag, s.evidence) for s in valid_spans(record)}
    items = []
    for i, flag in enumerate(flags):
        evidence = []
        for j, ev in enumerate(flag.get("evidence", [])):
            quote = _e(_preview(ev.get("text", "")))
            if (i, j) in valid:
                evidence.append(f'<li><a href="#{doc_id}-f{i}-e{j}">“{quote}”</a></li>')
            else:
                evidence.append(f'<li>“{quote}” <span class="fa-invalid">（位置与原文不符，未标出）</span></li>')
        severity = flag.get("severity", "")
        items.append(
            f'<li class="fa-flag {_family_class(flag["code"])}">'
            f'<span class="fa-sev fa-sev-{_css_token(severity)}">{_e(severity_name(severity))}</span>'
            f'<b>{_e(flag_name(flag["code"]))}</b> <span class="fa-code">{_e(flag["code"])}</span>'
            f'<div>{_e(flag.get("message"))}</div>'
            + _evidence_list(evidence)
            + "</li>"
        )
    return f'<ul class="fa-flags">{"".join(items)}</ul>'


def _evidence_list(items: list[str]) -> str:
    """The first few evidence quotes, the rest folded away (a copied template can have dozens)."""
    if not items:
        return ""
    shown = f'<ul class="fa-evidence">{"".join(items[:EVIDENCE_SHOWN])}</ul>'
    rest = items[EVIDENCE_SHOWN:]
    if not rest:
        return shown
    return shown + f'<details><summary>另外{len(rest)}处证据</summary><ul class="fa-evidence">{"".join(rest)}</ul></details>'


def _preview(text: str) -> str:
    return text if len(text) <= EVIDENCE_PREVIEW else text[:EVIDENCE_PREVIEW] + "……"


def _criticism_table(record: dict[str, Any]) -> str:
    items = record.get("criticisms", [])
    if not items:
        return ""
    rows = []
    for item in items:
        label = item.get("label", "")
        reasons = "；".join(item.get("reasons", []))
        rows.append(
            f"<tr><td>{_e(criticism_kind_name(item.get('kind', '')))}</td>"
            f"<td>{_e(item.get('critic') or '—')} → {_e(item.get('target') or '—')}</td>"
            f'<td><span class="fa-label fa-label-{_css_token(label)}">{_e(criticism_label_name(label))}</span></td>'
            f"<td>{_e(item.get('text'))}<div class=\"fa-reasons\">{_e(reasons)}</div></td></tr>"
        )
    counts = Counter(criticism_label_name(i.get("label", "")) for i in items if i.get("kind") == "mutual")
    summary = "，".join(f"{name}{n}条" for name, n in counts.items())
    return (
        f"<h4>批评意见（{len(items)}条{'：' + _e(summary) if summary else ''}）</h4>"
        '<table class="fa-crit"><thead><tr><th>类别</th><th>批评人 → 被批评人</th><th>判定</th><th>内容与依据</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _sentence_block(record: dict[str, Any]) -> str:
    if not (record.get("extra") or {}).get("sentences"):
        return ""
    legend = (
        '<div class="fa-legend"><span class="fa-sent-low">得分低于30：空话套话</span>'
        '<span class="fa-sent-mid">30—60：一般</span><span class="fa-sent-high">60以上：有具体内容</span>'
        "（鼠标停在句子上可见得分和线索）</div>"
    )
    return (
        f"<details><summary>逐句实质性</summary>{legend}"
        f'<div class="fa-sentences">{sentence_view(record)}</div></details>'
    )


def _components(record: dict[str, Any]) -> str:
    components = (record.get("substance") or {}).get("components") or {}
    scalars = [(k, v) for k, v in components.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not scalars:
        return ""
    rows = "".join(f"<tr><td>{_e(k)}</td><td>{_e(round(v, 4))}</td></tr>" for k, v in scalars)
    return f'<details><summary>得分构成</summary><table class="fa-components">{rows}</table></details>'


# ---------------------------------------------------------------- the whole report


def score_histogram(scores: list[float], *, width: int = 520, height: int = 200) -> str:
    """Inline SVG bar chart of substance scores in bins of ten points."""
    counts = [0] * SCORE_BINS
    for score in scores:
        counts[min(int(score // (100 / SCORE_BINS)), SCORE_BINS - 1)] += 1
    top = max(counts) or 1
    left, bottom, gap = 28, 24, 4
    bar_w = (width - left) / SCORE_BINS - gap
    plot_h = height - bottom - 14
    parts = [f'<svg class="score-chart" role="img" aria-label="实质性得分分布" viewBox="0 0 {width} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">']
    for i, n in enumerate(counts):
        x = left + i * (bar_w + gap)
        h = plot_h * n / top
        y = height - bottom - h
        low = " low" if (i + 1) * (100 / SCORE_BINS) <= LOW_SCORE else ""
        lo, hi = i * 10, (i + 1) * 10
        parts.append(f'<rect class="bar{low}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                     f"<title>{lo}–{hi}分：{n}份</title></rect>")
        if n:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - 8}" text-anchor="middle">{lo}</text>')
    parts.append(f'<line x1="{left - 2}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def _overview(records: list[dict[str, Any]]) -> str:
    ok = [r for r in records if r.get("status") == "ok"]
    errors = len(records) - len(ok)
    flagged = sum(1 for r in ok if r.get("flags"))
    scores = [r["substance"]["score"] for r in ok if (r.get("substance") or {}).get("score") is not None]
    cards = [("审查文件", len(records)), ("成功读取", len(ok)), ("无法读取", errors), ("发现问题的文件", flagged),
             ("问题总数", sum(len(r.get("flags", [])) for r in ok))]
    docs_by_code: Counter[str] = Counter()
    flags_by_code: Counter[str] = Counter()
    severity_by_code: dict[str, str] = {}
    for record in ok:
        for flag in record.get("flags", []):
            flags_by_code[flag["code"]] += 1
            severity_by_code.setdefault(flag["code"], flag.get("severity", ""))
        docs_by_code.update({flag["code"] for flag in record.get("flags", [])})
    flag_rows = "".join(
        f'<tr><td><span class="chip {_family_class(code)}">{_e(flag_name(code))}</span></td>'
        f'<td class="fa-code">{_e(code)}</td><td>{_e(severity_name(severity_by_code[code]))}</td>'
        f'<td class="num">{docs_by_code[code]}</td><td class="num">{flags_by_code[code]}</td></tr>'
        for code in sorted(docs_by_code, key=lambda c: (_severity_rank(severity_by_code[c]), -docs_by_code[c], c))
    ) or '<tr><td colspan="5">未发现问题。</td></tr>'
    type_counts = Counter(doc_type_name(r.get("doc_type")) for r in ok)
    types = "、".join(f"{_e(name)} {n} 份" for name, n in type_counts.most_common())
    by_type = _by_doc_type(ok)
    return (
        '<section id="overview"><h2>概况</h2><div class="cards">'
        + "".join(f'<div class="card"><div class="num">{n}</div><div class="lbl">{name}</div></div>' for name, n in cards)
        + f'</div><p class="note">文档类型：{types or "—"}</p><div class="overview">'
        '<div class="panel"><h3>按问题统计</h3><table class="grid"><thead><tr><th>问题</th><th>代码</th><th>严重程度</th>'
        f'<th>文件数</th><th>条数</th></tr></thead><tbody>{flag_rows}</tbody></table></div>'
        f'<div class="panel"><h3>实质性得分分布（{len(scores)}份，满分100，越高越实）</h3>{score_histogram(scores)}'
        f'<p class="note">红色柱：低于{LOW_SCORE}分，内容空泛。</p>{by_type}</div>'
        "</div></section>"
    )


def _severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def _by_doc_type(ok: list[dict[str, Any]]) -> str:
    """Per document type: how many, how many with problems, mean score."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in ok:
        groups.setdefault(record.get("doc_type") or "other", []).append(record)
    rows = []
    for doc_type, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        scores = [r["substance"]["score"] for r in members if (r.get("substance") or {}).get("score") is not None]
        mean = sum(scores) / len(scores) if scores else None
        flagged = sum(1 for r in members if r.get("flags"))
        rows.append(f"<tr><td>{_e(doc_type_name(doc_type))}</td><td class=\"num\">{len(members)}</td>"
                    f"<td class=\"num\">{flagged}</td><td class=\"num\">{_fmt_score(mean)}</td></tr>")
    return ('<table class="grid" id="type-table"><thead><tr><th>文档类型</th><th>文件数</th><th>有问题</th>'
            f'<th>平均得分</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _document_table(records: list[dict[str, Any]], order: list[int]) -> str:
    ok_order = [i for i in order if records[i].get("status") == "ok"]
    codes = sorted({f["code"] for i in ok_order for f in records[i].get("flags", [])})
    types = sorted({records[i].get("doc_type") or "other" for i in ok_order})
    flag_options = "".join(f'<option value="{_e(c)}">{_e(flag_name(c))}（{_e(c)}）</option>' for c in codes)
    type_options = "".join(f'<option value="{_e(t)}">{_e(doc_type_name(t))}</option>' for t in types)
    rows = []
    for rank, i in enumerate(ok_order, start=1):
        record = records[i]
        counts = severity_counts(record)
        score = (record.get("substance") or {}).get("score")
        flag_codes = list(dict.fromkeys(f["code"] for f in record.get("flags", [])))
        chips = "".join(f'<span class="chip {_family_class(c)}" title="{_e(c)}">{_e(flag_name(c))}</span>' for c in flag_codes)
        rows.append(
            f'<tr data-doc="doc-{i}" data-doc-type="{_e(record.get("doc_type") or "other")}" data-flags="{_e(" ".join(flag_codes))}">'
            f'<td class="num" data-value="{rank}">{rank}</td>'
            f'<td class="path"><a href="#doc-{i}">{_e(record.get("path"))}</a></td>'
            f"<td class=\"unit\">{_e(read_unit(record.get('text') or '') or '')}</td>"
            f"<td class=\"type\">{_e(doc_type_name(record.get('doc_type')))}</td>"
            f'<td class="num" data-value="{"" if score is None else score}">{_fmt_score(score)}</td>'
            + "".join(f'<td class="num" data-value="{counts[s]}">{counts[s]}</td>' for s in SEVERITY_ORDER)
            + f"<td>{chips}</td></tr>"
        )
    headers = [("排序", "num"), ("文件", "text"), ("单位", "text"), ("类型", "text"), ("得分", "num"),
               ("高", "num"), ("中", "num"), ("低", "num"), ("问题", None)]
    initial = ' aria-sort="ascending"'
    head = "".join(
        f'<th data-type="{kind}"{initial if name == "排序" else ""}><button type="button">{name}</button></th>'
        if kind else f"<th>{name}</th>"
        for name, kind in headers
    )
    return (
        '<section id="documents"><h2>文档一览</h2>'
        f'<p class="note">{RANKING_RULE}点击表头可重新排序；点击文件名查看原文和证据。</p>'
        '<div class="filters">'
        f'<label>问题：<select id="filter-flag"><option value="">全部</option>{flag_options}</select></label>'
        f'<label>文档类型：<select id="filter-type"><option value="">全部</option>{type_options}</select></label>'
        '<label>查找：<input id="filter-text" type="search" placeholder="文件名或单位"></label>'
        f'<span>显示 <b id="shown-count">{len(ok_order)}</b> / {len(ok_order)} 份</span></div>'
        f'<table class="grid" id="doc-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _document_sections(records: list[dict[str, Any]], order: list[int]) -> str:
    sections = []
    for rank, i in enumerate((i for i in order if records[i].get("status") == "ok"), start=1):
        record = records[i]
        chips = "".join(
            f'<span class="chip {_family_class(c)}">{_e(flag_name(c))}</span>'
            for c in dict.fromkeys(f["code"] for f in record.get("flags", []))
        )
        sections.append(
            f'<details class="doc-section" id="doc-{i}"><summary>#{rank} {_e(record.get("path"))}'
            f' · {_e(doc_type_name(record.get("doc_type")))} · 得分 {_fmt_score(record["substance"].get("score"))} {chips}</summary>'
            f"{render_document(record, doc_id=f'doc-{i}')}</details>"
        )
    return '<section id="details"><h2>逐份文档</h2>' + "".join(sections) + "</section>"


def _errors(records: list[dict[str, Any]]) -> str:
    failed = [r for r in records if r.get("status") != "ok"]
    if not failed:
        return '<section id="errors"><h2>无法读取的文件</h2><p class="note">所有文件都已读取。</p></section>'
    rows = "".join(
        f"<tr><td>{_e(r.get('path'))}</td><td class=\"fa-code\">{_e((r.get('error') or {}).get('code'))}</td>"
        f"<td>{_e((r.get('error') or {}).get('message'))}</td></tr>"
        for r in failed
    )
    return (
        f'<section id="errors"><h2>无法读取的文件（{len(failed)}）</h2><table class="grid" id="error-table">'
        f"<thead><tr><th>文件</th><th>错误代码</th><th>说明</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render_report(records: list[dict[str, Any]], *, title: str = "形式主义审查报告") -> str:
    """The whole report as one HTML page that needs no network."""
    order = worst_first(records)
    script = asset("report.js")
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              f"script-src '{_script_hash(script)}'; base-uri 'none'; form-action 'none'")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{asset('report.css')}\n{document_stylesheet()}</style></head>"
        f"<body><main><h1>{_e(title)}</h1>"
        '<p class="note">本报告由 formalism-audit 生成，所有结论都附有原文证据，请对照原文核实后使用。</p>'
        f"{_overview(records)}{_document_table(records, order)}{_document_sections(records, order)}{_errors(records)}"
        f"</main><script>{script}</script></body></html>\n"
    )


def write_html(records: list[dict[str, Any]], path: Path) -> None:
    write_atomic(Path(path), render_report(records))
