"""The HTML report: self-contained, escaped, every evidence span highlighted in place."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pipeline.report.html import render_document, render_report, segments, Span, valid_spans, write_html
from report_records import error_record, orglife_record, report_record, sample_records


class Collector(HTMLParser):
    """Records tags, scripts and the text inside <mark> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.marks: list[str] = []
        self._in_script = False
        self._mark_depth = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "mark":
            self._mark_depth += 1
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "mark":
            self._mark_depth -= 1

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        if self._mark_depth:
            self.marks[-1] += data


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def test_report_has_exactly_one_script_and_no_network_reference():
    html = render_report(sample_records())
    parsed = parse(html)
    script_tags = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert len(script_tags) == 1 and "src" not in script_tags[0]
    assert "window.__pwned" not in parsed.scripts[0]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)


def test_document_text_and_messages_are_escaped():
    html = render_report(sample_records())
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1;document.title=&quot;pwned&quot;&lt;/script&gt;" in html
    assert '<img src=x onerror' not in html
    # the error message and the path of an unreadable file are escaped too
    html = render_report([error_record(path='<b onmouseover="x()">bad.doc</b>')])
    assert '<b onmouseover' not in html and "&lt;b onmouseover=&quot;x()&quot;&gt;" in html


def test_content_security_policy_allows_only_the_report_script():
    html = render_report(sample_records())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_every_valid_evidence_span_is_highlighted_in_place():
    record = orglife_record()
    html = render_document(record, doc_id="d1")
    marked = "".join(parse(html).marks)
    for flag in record["flags"]:
        for ev in flag["evidence"]:
            assert ev["text"] in marked
    # the anchor of each evidence sits right before the text it points at
    for i, flag in enumerate(record["flags"]):
        assert f'id="d1-f{i}-e0"' in html


def test_overlapping_spans_are_cut_not_nested():
    record = orglife_record()
    spans = valid_spans(record)
    pieces = segments(len(record["text"]), spans)
    assert "".join(record["text"][a:b] for a, b, _ in pieces) == record["text"]
    overlap = [covering for _, _, covering in pieces if len(covering) > 1]
    assert overlap, "the boilerplate and slogan flags share 大局意识有待增强"
    html = render_document(record, doc_id="d1")
    assert "fa-multi" in html
    # the overlapping part is coloured by the most severe flag (substance.slogan_heavy is high)
    multi = re.search(r'<mark class="([^"]*fa-multi[^"]*)"[^>]*>([^<]*)</mark>', html)
    assert "fa-fam-substance" in multi.group(1) and multi.group(2) == "大局意识有待增强。"
    # no <mark> inside a <mark>
    assert not re.search(r"<mark[^>]*>[^<]*<mark", html)


def test_segments_of_simple_layout():
    pieces = segments(10, [Span(2, 6, 0, 0), Span(4, 8, 1, 0)])
    assert [(a, b, sorted(s.flag for s in c)) for a, b, c in pieces] == [
        (0, 2, []), (2, 4, [0]), (4, 6, [0, 1]), (6, 8, [1]), (8, 10, []),
    ]


def test_evidence_with_wrong_offsets_is_listed_but_not_highlighted():
    record = report_record("丁局.txt", 50.0, [("substance.hollow", "high")])
    record["flags"][0]["evidence"][0]["start"] += 1  # now points at the wrong text
    html = render_document(record, doc_id="d")
    assert "<mark" not in html
    assert "位置与原文不符" in html


def test_document_view_shows_flags_criticisms_and_sentences():
    html = render_document(orglife_record(), doc_id="d")
    for text in ("批评套话", "变相表扬", "criticism.praise_disguised", "张伟", "李强", "套话", "具体",
                 "找到日期：10月份", "逐句实质性", "fa-sent-low", "fa-sent-high", "城东社区党支部", "2024年2月1日"):
        assert text in html, text


def test_table_is_worst_first_and_carries_filter_data():
    records = sample_records()
    html = render_report(records)
    body = html.split('id="doc-table"')[1].split("</table>")[0]
    rows = re.findall(r'<tr data-doc="doc-(\d+)" data-doc-type="([^"]+)" data-flags="([^"]*)">', body)
    assert [int(i) for i, _, _ in rows] == [1, 3, 4, 0]  # the unreadable file is not in the table
    assert rows[2][1] == "speech" and rows[2][2] == "reuse.copied"
    assert set(rows[0][2].split()) == {"criticism.boilerplate", "criticism.praise_disguised",
                                       "substance.slogan_heavy", "reuse.copied"}
    options = re.findall(r'<option value="([^"]+)"', html.split('id="filter-flag"')[1].split("</select>")[0])
    assert "substance.hollow" in options and "reuse.copied" in options


def test_overview_counts_and_errors_section():
    html = render_report(sample_records())
    overview = html.split('id="overview"')[1].split("</section>")[0]
    assert re.search(r'<div class="num">5</div><div class="lbl">审查文件', overview)
    assert re.search(r'<div class="num">1</div><div class="lbl">无法读取', overview)
    assert "<svg" in overview and overview.count('<rect class="bar') == 10
    errors = html.split('id="errors"')[1]
    assert "unsupported_format" in errors and "bad/旧文件.doc" in errors


def test_score_chart_bins():
    from pipeline.report.html import score_histogram

    svg = score_histogram([5, 15, 15, 99.5, 100])
    titles = re.findall(r"<title>(\d+)–(\d+)分：(\d+)份</title>", svg)
    counts = {int(lo): int(n) for lo, _, n in titles}
    assert counts[0] == 1 and counts[10] == 2 and counts[90] == 2 and sum(counts.values()) == 5


def test_write_html(tmp_path):
    path = tmp_path / "out" / "report.html"
    write_html(sample_records(), path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("records", [[], [error_record()]])
def test_report_without_readable_documents(records):
    html = render_report(records)
    assert "文档一览" in html and "<tbody></tbody>" in html


def test_long_evidence_lists_are_folded_not_dropped():
    record = report_record("戊局.txt", 40.0, [("reuse.copied", "medium")])
    record["flags"][0]["evidence"] = record["flags"][0]["evidence"] * 8
    html = render_document(record, doc_id="d")
    assert "另外3处证据" in html
    assert all(f'href="#d-f0-e{j}"' in html for j in range(8))
