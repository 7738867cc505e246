"""Reading files: every format, every error code, nothing ever dropped."""
from __future__ import annotations

import hashlib
import os
import pickle
import random
import struct
import zipfile
from pathlib import Path

import pytest

from pipeline.ingest import Limits, LoadedSource, extract, iter_sources, read_path
from pipeline.ingest.errors import CODES
from pipeline.ingest.pdf import Line, join_lines, layout
from pipeline.records import RawDocument

from ingest_fixtures import (
    ARTICLE_META,
    ARTICLE_PARAGRAPHS,
    ARTICLE_TITLE,
    JUNK_SNIPPETS,
    MINUTES,
    NOTICE_LINES,
    TRADITIONAL_LINE,
    add_content_control,
    add_tracked_deletion,
    article_page,
    article_tag_page,
    encrypt_docx,
    gbk_named_member,
    mark_member_encrypted,
    merge_right,
    table_layout_page,
    write_docx,
    write_pdf,
    write_pdf_lines,
    write_scanned_pdf,
    write_zip,
)

TRADITIONAL_MINUTES = (
    "第二黨支部召開組織生活會，應到黨員十二人，實到十一人。\n"
    "支部書記代表支委會作對照檢查，黨員逐一發言，開展批評與自我批評。\n"
)


def read_one(path: Path, limits: Limits = Limits()) -> RawDocument:
    sources = list(iter_sources([path], limits))
    assert len(sources) == 1, [s.path for s in sources]
    return extract(sources[0])


def error_code(document: RawDocument) -> str | None:
    return document.error.code if document.error else None


# ----------------------------------------------------------------- txt

@pytest.mark.parametrize(
    "text, data, encoding",
    [
        (MINUTES, MINUTES.encode("utf-8"), "utf-8"),
        (MINUTES, MINUTES.encode("utf-8-sig"), "utf-8-sig"),
        (MINUTES, MINUTES.encode("utf-16"), "utf-16-le"),  # with BOM (little-endian here)
        (MINUTES, b"\xfe\xff" + MINUTES.encode("utf-16-be"), "utf-16-be"),
        (MINUTES, MINUTES.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (MINUTES, MINUTES.encode("utf-16-be"), "utf-16-be"),  # no BOM
        (MINUTES, MINUTES.encode("gb18030"), "gb18030"),
        (MINUTES, MINUTES.encode("gbk"), "gb18030"),
        (TRADITIONAL_MINUTES, TRADITIONAL_MINUTES.encode("big5"), "big5"),
        (TRADITIONAL_MINUTES, TRADITIONAL_MINUTES.encode("gb18030"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom",
         "gb18030", "gbk", "big5", "traditional-in-gb18030"],
)
def test_txt_encoding_detected_and_text_exact(tmp_path, text, data, encoding):
    path = tmp_path / "minutes.txt"
    path.write_bytes(data)
    document = read_one(path)
    assert document.error is None
    assert document.encoding == encoding
    assert document.text == text
    assert document.format == "txt"
    assert document.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("encoding", ["big5", "gb18030"])
def test_short_cjk_lines_are_not_mistaken_for_the_other_table(tmp_path, encoding):
    assert len(TRADITIONAL_LINE) == 22
    lines = {"big5": TRADITIONAL_LINE, "gb18030": "党支部召开组织生活会，认真开展批评与自我批评"}
    path = tmp_path / "line.txt"
    path.write_bytes(lines[encoding].encode(encoding))
    document = read_one(path)
    assert (document.text, document.encoding) == (lines[encoding], encoding)


def test_long_gbk_text_with_one_truncated_character_still_reads(tmp_path):
    body = (MINUTES * 300).rstrip("\n")
    data = body.encode("gbk")[:-1]  # cut inside the final double-byte character
    path = tmp_path / "long.txt"
    path.write_bytes(data)
    document = read_one(path)
    assert document.encoding == "gb18030"
    assert document.text[:-1] == body[:-1]


def test_random_binary_in_txt_is_decode_failed(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(random.Random(7).randbytes(4096))
    document = read_one(path)
    assert error_code(document) == "decode_failed"
    assert "UTF-8" in document.error.message and document.text == ""


def test_whitespace_only_txt_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\n\t", encoding="utf-8")
    assert error_code(read_one(path)) == "empty"


# ----------------------------------------------------------------- docx

def _minutes_with_tables(document) -> None:
    document.add_paragraph("第一支部组织生活会记录")
    document.add_paragraph("")  # empty paragraphs are dropped
    table = document.add_table(rows=3, cols=3)
    for column, heading in enumerate(("批评人", "被批评人", "批评意见")):
        table.cell(0, column).text = heading
    table.cell(1, 0).text = "张三"
    table.cell(1, 1).text = "李四"
    opinion = table.cell(1, 2)
    opinion.text = "理论学习不够深入"
    opinion.add_paragraph("建议每月精读一本原著")
    nested = opinion.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "整改时限"
    nested.cell(0, 1).text = "三月底"
    merged = merge_right(table.rows[2], 0, 1)
    merged.text = "合计"
    table.cell(2, 2).text = "1条"
    paragraph = document.add_paragraph("会议时间：")
    add_content_control(paragraph, "2024年1月18日")
    add_tracked_deletion(paragraph, "已删除的文字")
    vertical = document.add_table(rows=2, cols=2)
    vertical.cell(0, 0).merge(vertical.cell(1, 0)).text = "王五"
    # Word hides text left in a merged-away cell; some editors leave some there.
    hidden_cell = vertical._tbl.tr_lst[1].tc_lst[0]
    hidden_cell.p_lst[0].add_r().text = "被合并单元格里的残留文字"
    vertical.cell(0, 1).text = "意见一"
    vertical.cell(1, 1).text = "意见二"
    document.add_paragraph("会议结束。")
    document.sections[0].header.paragraphs[0].text = "页眉文字"


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    path = write_docx(tmp_path / "minutes.docx", _minutes_with_tables)
    document = read_one(path)
    assert document.error is None and document.encoding is None and document.format == "docx"
    assert document.text.split("\n") == [
        "第一支部组织生活会记录",
        "批评人 | 被批评人 | 批评意见",
        "张三 | 李四 | 理论学习不够深入 建议每月精读一本原著 整改时限 三月底",
        "合计 | 1条",  # the horizontally merged cell once, not "合计 | 合计 | 1条"
        "会议时间：2024年1月18日",  # content control kept, tracked deletion not
        "王五 | 意见一",
        " | 意见二",  # the vertically merged cell is not repeated
        "会议结束。",
    ]
    assert "页眉文字" not in document.text


def test_password_protected_docx_is_encrypted(tmp_path):
    plain = write_docx(tmp_path / "plain.docx", lambda d: d.add_paragraph("保密内容"))
    locked = encrypt_docx(plain, tmp_path / "locked.docx")
    document = read_one(locked)
    assert error_code(document) == "encrypted"
    assert "密码" in document.error.message


def test_docx_without_text_is_empty(tmp_path):
    path = write_docx(tmp_path / "blank.docx", lambda d: d.add_table(rows=2, cols=2))
    assert error_code(read_one(path)) == "empty"


def test_docx_of_pasted_scans_has_no_text_layer(tmp_path):
    from PIL import Image

    picture = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(picture)
    path = write_docx(tmp_path / "scan.docx", lambda d: d.add_picture(str(picture)))
    document = read_one(path)
    assert error_code(document) == "no_text_layer" and "OCR" in document.error.message


@pytest.mark.parametrize("damage", ["truncated", "not_a_zip", "zip_without_document"])
def test_damaged_docx_is_corrupt(tmp_path, damage):
    good = write_docx(tmp_path / "good.docx", lambda d: d.add_paragraph("正文")).read_bytes()
    path = tmp_path / "bad.docx"
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "not_a_zip":
        path.write_bytes("这不是Word文件".encode("utf-8") * 50)
    else:
        write_zip(path, [("readme.txt", b"hello")])
    assert error_code(read_one(path)) == "corrupt"


def test_legacy_doc_is_unsupported_with_save_as_hint(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    document = read_one(path)
    assert error_code(document) == "unsupported_format"
    assert ".docx" in document.error.message and document.format == "doc"
    renamed = tmp_path / "old-renamed.docx"
    renamed.write_bytes(path.read_bytes())
    document = read_one(renamed)
    assert error_code(document) == "unsupported_format" and ".docx" in document.error.message


# ----------------------------------------------------------------- pdf

PDF_PARAGRAPHS = (
    "会议由支部书记张三主持，应到党员9人，实到8人，1人因病请假。会议首先传达学习了上级关于召开组织生活会的"
    "通知精神，随后支部书记代表支委会作对照检查发言，查摆了在学习贯彻、服务群众、作风建设等方面存在的问题",
    "党员李四发言指出：支部在组织开展主题党日活动时，存在活动形式单一、内容不够丰富的问题，建议今后结合业务"
    "工作实际，开展更多有针对性的活动，比如到社区开展志愿服务，到企业走访调研，切实增强活动实效。",
    "最后，支部书记作总结讲话。",
)


def test_pdf_lines_rejoined_into_paragraphs(tmp_path):
    path = write_pdf(tmp_path / "minutes.pdf", PDF_PARAGRAPHS, title="第一支部组织生活会会议记录")
    document = read_one(path)
    assert document.error is None and document.format == "pdf" and document.encoding is None
    assert document.text.split("\n") == ["第一支部组织生活会会议记录", *PDF_PARAGRAPHS]


def test_pdf_paragraphs_continue_across_pages_and_page_numbers_are_dropped(tmp_path):
    paragraphs = [f"第{n}条，" + PDF_PARAGRAPHS[n % 2] for n in range(1, 13)]
    path = write_pdf(tmp_path / "long.pdf", paragraphs, page_numbers=True)
    document = read_one(path)
    assert document.text.split("\n") == paragraphs
    assert "- 1 -" not in document.text


def test_pdf_breaks_at_gap_and_full_width_indent_but_joins_mid_sentence(tmp_path):
    full = "支部委员会认真组织党员学习党的二十大精神并结合本单位实际"  # 28 characters: full width
    assert len(full) == 28
    lines = [
        (72, full), (72, full[:20] + "提出整改"), (72, ""),  # short last line, then a blank gap
        (72, full), (72, full),  # full width, flush left: one paragraph
        (72, ""), (72, full), (72, "　　" + full[:26]), (72, full[:10]),  # gap; full-width-space indent
    ]
    path = write_pdf_lines(tmp_path / "lines.pdf", lines)
    assert read_one(path).text.split("\n") == [
        full + full[:20] + "提出整改",
        full + full,
        full,
        full[:26] + full[:10],
    ]


def test_pdf_ragged_lines_with_digits_join_and_finished_short_sentences_break(tmp_path):
    lines = [
        (96, "一、排查情况。全区纳入排查范围的企业共316家，截至10"),  # first line, indented
        (72, "月31日已全部完成检查，覆盖率100%。其中冶金企业4家"),  # narrower (digits), unfinished
        (72, "、有限空间作业企业87家。"),  # finished and short: paragraph ends
        (72, "二、整改情况。已整改1163项，整改率96.3%。"),  # flush left, yet a new paragraph
    ]
    path = write_pdf_lines(tmp_path / "ragged.pdf", lines)
    assert read_one(path).text.split("\n") == [lines[0][1] + lines[1][1] + lines[2][1], lines[3][1]]


def test_pdf_joins_latin_words_with_a_space_and_chinese_without():
    def line(text: str, top: float, x1: float = 500.0) -> Line:
        return Line(text=text, x0=72.0, x1=x1, top=top, bottom=top + 12, indented_by_spaces=False)

    lines = [line("The branch adopted", 100), line("the plan，并决定", 120), line("下月实施。", 140, x1=200)]
    assert join_lines([layout(lines)]) == ["The branch adopted the plan，并决定下月实施。"]


def test_pdf_text_of_unmapped_glyphs_is_no_text_layer_but_a_stray_one_is_dropped():
    from pipeline.ingest.errors import IngestFailure
    from pipeline.ingest.pdf import without_unmapped_glyphs

    assert without_unmapped_glyphs("会议(cid:4321)记录") == "会议记录"
    with pytest.raises(IngestFailure) as failure:
        without_unmapped_glyphs("(cid:12)(cid:345)(cid:67)会(cid:8)(cid:9)")
    assert failure.value.code == "no_text_layer"


def test_scanned_pdf_has_no_text_layer(tmp_path):
    document = read_one(write_scanned_pdf(tmp_path / "scan.pdf"))
    assert error_code(document) == "no_text_layer"
    assert "OCR" in document.error.message


def test_password_pdf_is_encrypted(tmp_path):
    path = write_pdf_lines(tmp_path / "locked.pdf", [(72, "保密材料")], encrypt="secret")
    assert error_code(read_one(path)) == "encrypted"


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage \n%%EOF", b"hello, not a pdf"], ids=["garbage", "text"])
def test_broken_pdf_is_corrupt(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    assert error_code(read_one(path)) == "corrupt"


def test_truncated_pdf_is_corrupt(tmp_path):
    good = write_pdf(tmp_path / "good.pdf", PDF_PARAGRAPHS).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(good[: len(good) // 3])
    assert error_code(read_one(path)) == "corrupt"


# ----------------------------------------------------------------- html

def _expected_article() -> list[str]:
    return [ARTICLE_TITLE, ARTICLE_META.replace("\u3000", " "), *ARTICLE_PARAGRAPHS]


@pytest.mark.parametrize("charset, codec, name", [
    ("utf-8", "utf-8", "page.html"), ("gb2312", "gbk", "page.htm"), ("GBK", "gb18030", "page.HTML"),
    ("utf-8", "utf-8", "content_1234.shtml"),
])
def test_html_keeps_only_the_article(tmp_path, charset, codec, name):
    path = tmp_path / name
    path.write_bytes(article_page(charset).encode(codec))
    document = read_one(path)
    assert document.format == "html" and document.encoding is None
    assert document.text.split("\n") == _expected_article()
    for junk in JUNK_SNIPPETS:
        assert junk not in document.text


def test_html_page_wrapped_in_an_aspnet_form_keeps_its_article(tmp_path):
    page = article_page().replace("<body>", '<body><form id="form1" method="post" action="./a.aspx">')
    page = page.replace("</body>", '<input type="hidden" name="__VIEWSTATE" value="x"></form></body>')
    path = tmp_path / "webforms.aspx.html"
    path.write_text(page, encoding="utf-8")
    assert read_one(path).text.split("\n") == _expected_article()


def test_html_article_found_by_structure_alone_without_class_names(tmp_path):
    import re

    page = re.sub(r'\s(class|id)="[^"]*"', "", article_page())
    path = tmp_path / "bare.html"
    path.write_text(page, encoding="utf-8")
    document = read_one(path)
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in document.text.split("\n")
    for junk in ("首页", "相关阅读", "热点排行", "版权所有", "上一篇", "分享到", "老少齐乐"):
        assert junk not in document.text


def test_html_table_layout_page_keeps_title_meta_and_br_paragraphs(tmp_path):
    path = tmp_path / "notice.htm"
    path.write_bytes(table_layout_page().encode("gbk"))
    assert read_one(path).text.split("\n") == list(NOTICE_LINES)


def test_html_article_element_keeps_its_header_and_drops_editor_and_comments(tmp_path):
    page, lines = article_tag_page()
    path = tmp_path / "article.html"
    path.write_text(page, encoding="utf-8")
    assert read_one(path).text.split("\n") == lines


def test_html_without_declared_charset_is_detected(tmp_path):
    page = article_page().replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "")
    path = tmp_path / "nocharset.html"
    path.write_bytes(page.encode("gbk"))
    assert read_one(path).text.split("\n") == _expected_article()


def test_html_of_only_scripts_is_empty(tmp_path):
    path = tmp_path / "app.html"
    path.write_text("<html><head><script>var a='正文';</script></head><body><nav><a href='/'>首页</a></nav></body></html>",
                    encoding="utf-8")
    assert error_code(read_one(path)) == "empty"


# ----------------------------------------------------------------- zip

def test_zip_members_named_and_in_archive_order(tmp_path):
    docx_bytes = write_docx(tmp_path / "x.docx", lambda d: d.add_paragraph("支部工作总结")).read_bytes()
    archive = write_zip(tmp_path / "batch.zip", [
        ("z-last-by-name.txt", "第一个".encode("gb18030")),
        ("folder/", b""),
        ("folder/minutes.docx", docx_bytes),
        ("__MACOSX/folder/._minutes.docx", b"\x00\x05\x16\x07"),
        ("folder/.DS_Store", b"\x00\x00\x00\x01Bud1"),
        ("a-first-by-name.txt", "第三个".encode("utf-8")),
    ])
    documents = read_path(archive)
    assert [d.path for d in documents] == [
        f"{archive}!z-last-by-name.txt", f"{archive}!folder/minutes.docx", f"{archive}!a-first-by-name.txt",
    ]
    assert [d.text for d in documents] == ["第一个", "支部工作总结", "第三个"]
    assert [d.format for d in documents] == ["txt", "docx", "txt"]
    assert documents[1].sha256 == hashlib.sha256(docx_bytes).hexdigest()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.zip", "x.docx"]  # nothing unpacked


def test_zip_member_names_stored_in_gbk_are_decoded(tmp_path):
    archive = write_zip(tmp_path / "gbk.zip", [gbk_named_member("三支部/会议记录.txt", "会议".encode("utf-8"))])
    assert [s.path for s in iter_sources([archive])] == [f"{archive}!三支部/会议记录.txt"]


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/abs.txt", "ok/../../escape.txt", "C:/Windows/x.txt"])
def test_zip_members_with_unsafe_paths_are_refused(tmp_path, name):
    inner = tmp_path / "inner"
    inner.mkdir()
    archive = write_zip(inner / "evil.zip", [(name, "内容".encode("utf-8")), ("good.txt", "正常".encode("utf-8"))])
    sources = list(iter_sources([archive]))
    assert [s.path for s in sources] == [f"{archive}!{name}", f"{archive}!good.txt"]
    refused = sources[0]
    assert refused.data is None and refused.error.code == "corrupt" and "不安全" in refused.error.message
    assert extract(sources[1]).text == "正常"
    assert not (tmp_path / "escape.txt").exists()
    assert sorted(p.name for p in inner.iterdir()) == ["evil.zip"]


def test_zip_total_size_cap_turns_the_rest_into_too_large_records(tmp_path):
    member = ("支" * 3000).encode("utf-8")  # 9,000 bytes each
    archive = write_zip(tmp_path / "big.zip", [
        ("1.txt", member), ("2.txt", member), ("3.txt", member), ("4-small.txt", "小".encode("utf-8")),
    ])
    sources = list(iter_sources([archive], Limits(max_file_bytes=10_000, max_archive_bytes=20_000)))
    assert [s.path.rsplit("!", 1)[1] for s in sources] == ["1.txt", "2.txt", "3.txt", "4-small.txt"]
    assert [s.error.code if s.error else None for s in sources] == [None, None, "too_large", "too_large"]
    assert "压缩包" in sources[2].error.message
    assert sources[2].data is None and sources[3].data is None


def test_zip_member_over_the_file_limit_is_too_large(tmp_path):
    archive = write_zip(tmp_path / "one.zip", [("huge.txt", b"a" * 5000), ("small.txt", b"ok")])
    sources = list(iter_sources([archive], Limits(max_file_bytes=1000)))
    assert [s.error.code if s.error else None for s in sources] == ["too_large", None]


def test_zip_member_that_understates_its_size_is_not_trusted(tmp_path):
    archive = write_zip(tmp_path / "liar.zip", [("bomb.txt", b"A" * 200_000)])
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as handle:
        info = handle.infolist()[0]
    # Patch the declared uncompressed size (local header offset 22, central directory offset 24).
    struct.pack_into("<I", data, info.header_offset + 22, 5_000)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 5_000)
    archive.write_bytes(bytes(data))
    (source,) = iter_sources([archive], Limits(max_file_bytes=10_000))
    assert source.error is not None and source.error.code == "corrupt"
    assert source.data is None


def test_zip_nested_archives_images_and_encrypted_members_are_records(tmp_path):
    inner = write_zip(tmp_path / "inner.zip", [("a.txt", b"a")]).read_bytes()
    archive = write_zip(tmp_path / "outer.zip", [
        ("inner.zip", inner), ("photo.JPG", b"\xff\xd8\xff"), ("locked.txt", b"secret"), ("empty.txt", b""),
    ])
    mark_member_encrypted(archive, "locked.txt")
    documents = read_path(archive)
    assert [(d.path.rsplit("!", 1)[1], error_code(d)) for d in documents] == [
        ("inner.zip", "unsupported_format"), ("photo.JPG", "unsupported_format"),
        ("locked.txt", "encrypted"), ("empty.txt", "empty"),
    ]
    assert documents[1].format == "jpg"


@pytest.mark.parametrize("content, code", [(b"PK\x03\x04 this is not really a zip", "corrupt"), (b"", "empty")])
def test_broken_or_empty_zip_is_one_record(tmp_path, content, code):
    path = tmp_path / "broken.zip"
    path.write_bytes(content)
    documents = read_path(path)
    assert [(d.path, error_code(d), d.format) for d in documents] == [(str(path), code, "zip")]


def test_zip_with_only_folders_is_one_empty_record(tmp_path):
    archive = write_zip(tmp_path / "dirs.zip", [("a/", b""), ("a/b/", b"")])
    assert [(d.path, error_code(d)) for d in read_path(archive)] == [(str(archive), "empty")]


# ----------------------------------------------------------------- folders, limits, formats

def test_folder_walk_is_sorted_recursive_and_skips_junk(tmp_path):
    root = tmp_path / "submissions"
    for relative in ("b.txt", "a/2.txt", "a/10.txt", "a/sub/x.txt", "c.txt"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("内容", encoding="utf-8")
    for junk in (".git/config", ".DS_Store", "a/~$lock.docx", "Thumbs.db", "a/.hidden.txt"):
        (root / junk).parent.mkdir(parents=True, exist_ok=True)
        (root / junk).write_bytes(b"junk")
    paths = [s.path for s in iter_sources([str(root)])]
    assert paths == [os.path.join(str(root), *p.split("/")) for p in
                     ("a/10.txt", "a/2.txt", "a/sub/x.txt", "b.txt", "c.txt")]


def test_unreadable_entry_in_a_folder_becomes_a_record(tmp_path):
    root = tmp_path / "batch"
    root.mkdir()
    (root / "a.txt").write_text("内容", encoding="utf-8")
    (root / "b.docx").symlink_to(tmp_path / "deleted-meanwhile.docx")  # listed, but cannot be opened
    documents = read_path(root)
    assert [(Path(d.path).name, error_code(d)) for d in documents] == [("a.txt", None), ("b.docx", "corrupt")]
    assert "无法打开" in documents[1].error.message


def test_explicitly_named_hidden_file_is_read(tmp_path):
    path = tmp_path / ".notes.txt"
    path.write_text("支部记录", encoding="utf-8")
    assert read_one(path).text == "支部记录"


def test_missing_path_raises_before_anything_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("内容", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="nope"):
        iter_sources([good, tmp_path / "nope.txt"])


def test_file_over_the_limit_is_too_large_with_its_real_digest(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("党".encode("utf-8") * 100)
    (source,) = iter_sources([path], Limits(max_file_bytes=200))
    assert source.data is None and source.error.code == "too_large"
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert extract(source).error.code == "too_large"


@pytest.mark.parametrize("name, fmt, hint", [
    ("a.doc", "doc", ".docx"), ("b.wps", "wps", ".docx"), ("c.jpg", "jpg", "OCR"),
    ("README", None, "扩展名"), ("d.xlsx", "xlsx", ".xlsx"), ("e.rar", "rar", ".zip"),
])
def test_unsupported_formats_say_what_to_do(tmp_path, name, fmt, hint):
    path = tmp_path / name
    path.write_bytes(b"some bytes")
    document = read_one(path)
    assert (document.format, error_code(document)) == (fmt, "unsupported_format")
    assert hint in document.error.message


def test_zero_byte_file_is_empty(tmp_path):
    path = tmp_path / "nothing.docx"
    path.write_bytes(b"")
    assert error_code(read_one(path)) == "empty"


def test_every_input_gets_exactly_one_record_and_every_code_occurs(tmp_path):
    root = tmp_path / "batch"
    root.mkdir()
    (root / "01.txt").write_text(MINUTES, encoding="utf-8")
    (root / "02.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "03.txt").write_bytes(b"")
    (root / "04.pdf").write_bytes(b"%PDF-1.4 broken")
    encrypt_docx(write_docx(tmp_path / "p.docx", lambda d: d.add_paragraph("x")), root / "05.docx")
    write_scanned_pdf(root / "06.pdf", pages=1)
    (root / "07.txt").write_bytes(b"x" * 150_000)
    (root / "08.txt").write_bytes(random.Random(3).randbytes(1000))
    write_zip(root / "09.zip", [("a.txt", b"ok"), ("../bad.txt", b"no")])
    files = sorted(p for p in root.iterdir())
    documents = [extract(s) for s in iter_sources([root], Limits(max_file_bytes=100_000))]
    assert len(documents) == len(files) + 1  # the zip holds two documents
    codes = [error_code(d) for d in documents]
    assert codes == [None, "unsupported_format", "empty", "corrupt", "encrypted", "no_text_layer",
                     "too_large", "decode_failed", None, "corrupt"]
    assert set(CODES) <= set(codes)


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "html"])
def test_extract_never_raises_on_random_bytes(fmt):
    rng = random.Random(fmt)
    for size in (1, 17, 512, 4096):
        data = rng.randbytes(size)
        document = extract(LoadedSource(path=f"x.{fmt}", sha256="0" * 64, format=fmt, data=data))
        assert document.error is None or document.error.code in CODES


def test_loaded_sources_survive_pickling_for_worker_processes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(MINUTES, encoding="utf-8")
    (source,) = iter_sources([path])
    assert pickle.loads(pickle.dumps(source)) == source


def test_count_sources_matches_what_iter_sources_yields(tmp_path):
    import zipfile

    from pipeline.ingest import count_sources, iter_sources

    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("二", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("x/1.txt", "三")
        archive.writestr("x/2.docx", b"not really")
        archive.writestr("__MACOSX/._1.txt", "junk")
        archive.writestr("../evil.txt", "refused but recorded")
        archive.writestr("x/", "")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 broken")
    expected = len(list(iter_sources([tmp_path])))
    assert expected == 5
    assert count_sources([tmp_path]) == expected
