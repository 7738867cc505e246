"""The shipped sample corpus: complete, reproducible, and its manifest a ground truth others can trust.

`make audit` runs on corpora/samples and other engineers' end-to-end tests read
corpora/sample_sources/manifest.json as the expected outcome, so this file
checks the corpus itself with plain codecs and the format libraries only — not
with pipeline.ingest, which is what those end-to-end tests exercise.
"""
from __future__ import annotations

import codecs
import importlib.util
import io
import re
import sys
import zipfile
from difflib import SequenceMatcher
from pathlib import Path

import docx
import opencc
import pdfplumber
import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "corpora"
SAMPLES = CORPORA / "samples"
PRIOR = CORPORA / "samples_prior"
SOURCES = CORPORA / "sample_sources"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

DOC_TYPES = {"org_life_meeting", "theme_day", "branch_meeting", "report", "speech", "news"}
MEETING_TYPES = {"org_life_meeting", "theme_day", "branch_meeting"}
ERROR_CODES = {"unsupported_format", "empty", "corrupt", "encrypted", "no_text_layer", "too_large", "decode_failed"}
# Every flag code defined by issues 3, 4 and 5, keyed by the doc types it may appear on.
FLAG_SCOPE = {
    **{f"criticism.{c}": {"org_life_meeting"} for c in
       ("boilerplate", "suggestion_only", "praise_disguised", "repeated", "none", "low_bite")},
    **{f"theme_day.{c}": {"theme_day"} for c in
       ("no_theme", "weak_political", "disguised_mass_activity", "disguised_business",
        "volunteer_substitute", "low_attendance")},
    **{f"procedure.{c}": MEETING_TYPES for c in ("batch_vote", "incomplete_record", "quorum")},
    **{f"substance.{c}": DOC_TYPES for c in ("hollow", "slogan_heavy", "meeting_chain", "no_measures")},
    **{f"reuse.{c}": DOC_TYPES for c in ("copied", "template")},
}
COPY_MIN_CHARS = 50  # issue 5's default for reuse.copied


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_samples", CORPORA / "build_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
MANIFEST = builder.load_manifest()
ROWS = MANIFEST["samples"]
PRIOR_ROWS = MANIFEST["prior"]


def documents(rows=ROWS):
    """Every auditable document: top-level rows and zip members (not the zip row itself)."""
    for row in rows:
        if row["format"] == "zip":
            yield from row["members"]
        else:
            yield row


def by_file(name: str) -> dict:
    return next(row for row in ROWS if row["file"] == name)


def source(row: dict) -> str:
    return (SOURCES / row["source"]).read_bytes().decode("utf-8") if row["source"] else ""


_t2s = opencc.OpenCC("t2s")
_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


def flat(text: str) -> str:
    """Simplified, half-width, no whitespace, no table bars: what copy detection compares."""
    return re.sub(r"[\s|]+", "", _t2s.convert(text).translate(_FULLWIDTH))


def shingles(text: str, size: int = COPY_MIN_CHARS) -> set[str]:
    text = flat(text)
    return {text[i:i + size] for i in range(len(text) - size + 1)}


# ------------------------------------------------------------------ completeness


def test_every_sample_file_is_listed_and_every_listed_file_exists():
    on_disk = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    listed = sorted(row["file"] for row in ROWS)
    assert on_disk == listed
    assert sorted(p.name for p in PRIOR.iterdir() if p.is_file()) == sorted(r["file"] for r in PRIOR_ROWS)
    assert len(listed) == len(set(listed))


def test_corpus_size_and_every_source_exists():
    assert len(ROWS) >= 36
    assert len(list(documents())) >= 36
    for row in [*documents(), *PRIOR_ROWS]:
        if row["source"] is not None:
            assert (SOURCES / row["source"]).is_file(), row["source"]


def test_every_document_type_has_a_sound_and_an_unsound_example():
    docs = [r for r in documents() if r["expected_error"] is None]
    assert {r["doc_type"] for r in docs} >= DOC_TYPES
    for doc_type in DOC_TYPES:
        kinds = {bool(r["expected_flags"]) for r in docs if r["doc_type"] == doc_type and not r["file"].startswith("seed_")}
        assert kinds == {True, False}, doc_type


def test_every_input_format_is_present():
    docs = list(documents())
    txt_encodings = {r["encoding"] for r in docs if r["format"] == "txt" and r["expected_error"] is None}
    assert txt_encodings >= {"utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"}
    assert any(r["format"] == "txt" and r["encoding"] == "utf-8" and r["script"] == "traditional" for r in docs)
    assert any(r["encoding"] == "big5" and r["script"] == "traditional" for r in docs)
    assert {r["variant"] for r in docs if r["format"] == "docx"} == {"paragraphs", "tables"}
    assert any(r["format"] == "pdf" and r["variant"] == "text_layer" for r in docs)
    assert any(r["format"] == "html" for r in docs)
    assert any(r["format"] == "zip" and 2 <= len(r["members"]) <= 3 for r in ROWS)
    assert {r["expected_error"] for r in ROWS} >= {"unsupported_format", "no_text_layer", "empty"}


def test_seeds_are_present_unchanged():
    seeds = [r for r in ROWS if r["file"].startswith("seed_")]
    assert len(seeds) == 5
    for row in seeds:
        data = (SAMPLES / row["file"]).read_bytes()
        assert data == (SOURCES / row["source"]).read_bytes()
        original = SHARED_SEEDS / Path(row["source"]).name
        if SHARED_SEEDS.is_dir():
            assert data == original.read_bytes()
        assert row["file"] == "seed_" + Path(row["source"]).name


# ------------------------------------------------------------------ the bytes of each format


@pytest.mark.parametrize("row", [r for r in ROWS if r["format"] == "txt" and r["source"]], ids=lambda r: r["file"])
def test_txt_decodes_strictly_to_its_source_in_the_stated_encoding(row):
    data = (SAMPLES / row["file"]).read_bytes()
    assert codecs.decode(data, row["encoding"], errors="strict") == source(row)
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert has_bom == (row["encoding"] in {"utf-8-sig", "utf-16"})
    if row["encoding"] in {"gb18030", "big5", "utf-16"}:
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # so the file really tests encoding detection


def test_scripts_and_normalization_cases():
    for row in documents():
        text = source(row)
        if row["script"] == "traditional":
            assert _t2s.convert(text) != text and "黨" in text
    assert "２０２４年３月" in source(by_file("themeday_low_attendance_fullwidth_machinery_group_2024.txt"))
    assert "应到党员２８人，实际参加５人" in source(by_file("themeday_low_attendance_fullwidth_machinery_group_2024.txt"))
    assert "***" in source(by_file("speech_hollow_redacted_county_2024.txt"))


def test_docx_tables_hold_the_criticism_and_the_theme_day_header():
    praise = docx.Document(SAMPLES / "orglife_praise_table_county_hospital_2024.docx")
    headers = [[cell.text for cell in table.rows[0].cells] for table in praise.tables]
    assert ["批评人", "被批评人", "批评意见"] in headers
    criticism = next(t for t in praise.tables if t.rows[0].cells[0].text == "批评人")
    assert len(criticism.rows) == 9
    theme = docx.Document(SAMPLES / "themeday_sound_lecture_oath_finance_bureau_2024.docx")
    cells = {cell.text for table in theme.tables for row in table.rows for cell in row.cells}
    assert {"时间", "地点", "主持人", "记录人", "应到党员", "实到党员"} <= cells
    plain = docx.Document(SAMPLES / "orglife_suggestions_no2_middle_school_2024.docx")
    assert not plain.tables and len(plain.paragraphs) > 20


def test_pdf_text_layer_extracts_chinese_and_breaks_lines_mid_sentence():
    row = by_file("report_substantive_emergency_bureau_2024.pdf")
    with pdfplumber.open(SAMPLES / row["file"]) as pdf:
        assert len(pdf.pages) >= 2  # a page break falls inside a paragraph too
        text = "\n".join(page.extract_text() for page in pdf.pages)
    lines = [line for line in text.splitlines() if line.strip()]
    assert "工贸企业共316家" in text
    mid_sentence = [line for line in lines[1:] if not line.rstrip().endswith(("。", "：", "；"))]
    assert len(mid_sentence) > len(lines) // 2
    assert flat(text) == flat(source(row))  # nothing lost, nothing added, once rejoined


def test_scanned_pdf_has_an_image_and_no_text():
    with pdfplumber.open(SAMPLES / "scan_rectification_ledger_county_court_2024.pdf") as pdf:
        assert all(not (page.extract_text() or "").strip() for page in pdf.pages)
        assert sum(len(page.images) for page in pdf.pages) == 1


def test_html_page_wraps_the_article_in_navigation_junk():
    row = by_file("news_webpage_hexie_street_2024.html")
    page = (SAMPLES / row["file"]).read_text(encoding="utf-8")
    for junk in ("<script>", "<style>", "class=\"nav\"", "当前位置", "分享到", "相关阅读", "版权所有"):
        assert junk in page
    body = [line for line in source(row).splitlines() if line and ": " not in line[:12]]
    for paragraph in body:
        assert f"<p>{paragraph}</p>" in page


def test_zip_members_are_safe_and_match_the_manifest():
    row = next(r for r in ROWS if r["format"] == "zip")
    with zipfile.ZipFile(SAMPLES / row["file"]) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [m["file"] for m in row["members"]]
        for info, member in zip(infos, row["members"]):
            assert not info.filename.startswith("/") and ".." not in info.filename.split("/")
            assert info.date_time == builder.FIXED_TIME
            data = archive.read(info)
            if member["format"] == "txt":
                assert data.decode(member["encoding"]) == source(member)
            else:
                paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
                assert flat("".join(paragraphs)) == flat(source(member))


def test_error_files_are_what_their_codes_say():
    assert (SAMPLES / "empty_submission_2024.txt").stat().st_size == 0
    assert (SAMPLES / "legacy_doc_minutes_baishi_town_2019.doc").read_bytes()[:8] == builder.OLE2_SIGNATURE
    for row in ROWS:
        if row["expected_error"]:
            assert row["expected_error"] in ERROR_CODES
            assert row["doc_type"] is None and row["expected_flags"] == [] == row["allowed_flags"]


def test_docx_markup_splits_headings_paragraphs_and_tables():
    blocks = builder._docx_blocks("# 标题\n\n正文一\n|批评人|被批评人|批评意见\n|甲|乙|意见\n正文二\n")
    assert blocks == [
        ("heading", "标题"),
        ("para", "正文一"),
        ("table", [["批评人", "被批评人", "批评意见"], ["甲", "乙", "意见"]]),
        ("para", "正文二"),
    ]


def test_check_mode_notices_a_changed_missing_or_unlisted_file(tmp_path):
    rendered = builder.render_all({"samples": ROWS[:3], "prior": PRIOR_ROWS})
    builder.write_all(rendered, tmp_path)
    assert builder.differences(rendered, tmp_path) == []
    names = sorted(rendered["samples"])
    (tmp_path / "samples" / names[0]).write_bytes(b"x")
    (tmp_path / "samples" / names[1]).unlink()
    (tmp_path / "samples" / "stray.txt").write_text("stray")
    problems = builder.differences(rendered, tmp_path)
    assert sorted(problems) == sorted([
        "samples/stray.txt: not in manifest",
        f"samples/{names[0]}: differs from a fresh build",
        f"samples/{names[1]}: missing",
    ])


def test_build_is_deterministic_and_the_committed_files_are_its_output():
    first = builder.render_all(MANIFEST)
    second = builder.render_all(MANIFEST)
    assert first == second
    assert builder.differences(first, CORPORA) == []


# ------------------------------------------------------------------ the expectations


def test_expected_flags_use_known_codes_on_the_right_document_types():
    for row in [*documents(), *PRIOR_ROWS]:
        expected, allowed = set(row["expected_flags"]), set(row["allowed_flags"])
        assert not expected & allowed, row["file"]
        for code in expected | allowed:
            assert code in FLAG_SCOPE, code
            assert row["doc_type"] in FLAG_SCOPE[code], (row["file"], code)


def test_every_flag_code_is_demonstrated_by_some_sample():
    raised = {code for row in documents() for code in row["expected_flags"]}
    assert raised == set(FLAG_SCOPE)


def test_meeting_facts_are_in_the_text():
    for row in documents():
        facts = row.get("meeting")
        if not facts:
            assert row["doc_type"] not in MEETING_TYPES or row["expected_error"], row["file"]
            continue
        text = flat(source(row))
        year, month, day = (int(part) for part in facts["date_iso"].split("-"))
        assert f"{year}年{month}月{day}日" in text, row["file"]
        for name in (facts["host"], facts["recorder"]):
            assert name is None or name in text, (row["file"], name)
        for count in (facts["expected"], facts["present"]):
            assert count is None or re.search(rf"(?<!\d){count}(?:人|名)", text), (row["file"], count)
        missing = [k for k in ("recorder", "expected", "present") if facts[k] is None]
        if missing:
            assert "procedure.incomplete_record" in row["expected_flags"], row["file"]


def test_copied_and_templated_rows_share_text_and_no_other_row_does():
    docs = [r for r in documents() if r["source"] and r["expected_error"] is None]
    prior = {r["file"]: shingles(source(r)) for r in PRIOR_ROWS}
    grams = {r["file"]: shingles(source(r)) for r in docs}
    for row in docs:
        others = set().union(*(g for name, g in grams.items() if name != row["file"]))
        if row.get("requires_prior"):
            others |= set().union(*prior.values())
        shares = bool(grams[row["file"]] & others)
        reuse = {"reuse.copied", "reuse.template"}
        assert shares == bool(reuse & set(row["expected_flags"])), row["file"]


def test_template_group_and_copy_pair_are_as_described():
    template = [r for r in documents() if "reuse.template" in r["expected_flags"]]
    assert 4 <= len(template) <= 5
    texts = [flat(source(r)) for r in template]
    common = set.intersection(*(shingles(t) for t in texts))
    assert len(common) > 200  # several stock paragraphs, not one phrase
    original = source(by_file("report_copy_source_water_bureau_2024.txt"))
    copy = flat(source(by_file("report_copied_forestry_bureau_2024.txt")))
    copied = [p for p in original.splitlines() if len(p) >= 100 and longest_shared(flat(p), copy) >= 100]
    assert len(copied) >= 2


def longest_shared(a: str, b: str) -> int:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def test_minutes_and_reports_have_realistic_length():
    lengths = {
        row["file"]: (len(flat(source(row))), 1500 if row["doc_type"] == "speech" else 600)
        for row in documents()
        if not row["file"].startswith("seed_") and not row["expected_error"]
    }
    outside = {name: n for name, (n, floor) in lengths.items() if not floor <= n <= 3500}
    assert outside == {}


def test_criticism_counts_agree_with_the_expected_criticism_flags():
    for row in documents():
        if row["doc_type"] != "org_life_meeting":
            continue
        counts, flags = row["criticisms"], set(row["expected_flags"])
        assert ("criticism.none" in flags) == (counts["mutual"] == 0), row["file"]
        low = counts["mutual"] > 0 and counts["specific"] / counts["mutual"] < 0.5
        assert ("criticism.low_bite" in flags) == low, row["file"]
        if counts["mutual"] and counts["specific"] == counts["mutual"]:
            assert not flags, row["file"]


def test_inline_criticism_layout_counts_match_the_text():
    """Where each criticism is one `甲对乙提出批评：` / `甲对乙的批评：` / `甲对乙：` line, count them."""
    inline = re.compile(r"^[\u4e00-\u9fff]{2,3}[对對][\u4e00-\u9fff]{2,3}(?:提出批[评評]|的批[评評])?：", re.M)
    for name in ("orglife_sharp_market_bureau_2024.txt", "orglife_repeated_power_company_2024.txt",
                 "orglife_mixed_heping_village_2024.txt"):
        row = by_file(name)
        lines = inline.findall(source(row))
        assert len(lines) == row["criticisms"]["mutual"], name
