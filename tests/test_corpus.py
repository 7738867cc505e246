"""The notebook API (Corpus) and the term/phrase exploration."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import explore
from pipeline.corpus import Corpus
from pipeline.records import AuditResult
from report_records import XSS, orglife_record, report_record, sample_records

TEMPLATE = "按照镇党委统一部署，认真履行第一责任人职责，推动党纪学习教育走深走实。"


def write_jsonl(records, path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def text_record(path: str, text: str, doc_type: str = "report") -> dict:
    return AuditResult(path=path, sha256=path, status="ok", text=text, doc_type=doc_type, chars=len(text)).to_dict()


def test_from_results_dir_and_file(tmp_path):
    write_jsonl(sample_records(), tmp_path / "results.jsonl")
    assert len(Corpus.from_results(tmp_path)) == 5
    assert Corpus.from_results(tmp_path / "results.jsonl")[1]["doc_type"] == "org_life_meeting"


def test_tables_have_one_row_per_item():
    corpus = Corpus(sample_records())
    docs = corpus.to_pandas()
    assert len(docs) == 5 and list(docs["path"]) == [r["path"] for r in corpus]
    assert docs.loc[docs["rank"] == 1, "unit"].item() == "城东社区党支部"
    assert len(corpus.flags()) == 7
    assert set(corpus.flags()["family"]) == {"criticism", "substance", "reuse"}
    assert list(corpus.criticisms()["label"]) == ["boilerplate", "specific", "praise"]
    assert corpus.sentences()["score"].tolist() == [12.0, 88.0]


def test_empty_tables_keep_their_columns():
    corpus = Corpus([report_record("甲.txt", 70.0, [])])
    assert len(corpus.criticisms()) == 0 and "label" in corpus.criticisms().columns
    assert len(corpus.flags()) == 0 and "code" in corpus.flags().columns


def test_show_is_the_report_document_view_and_escaped():
    corpus = Corpus(sample_records())
    shown = corpus.show("城东社区_组织生活会.txt")
    html = shown._repr_html_()
    assert html.startswith("<style>") and ".fa-doc" in html
    assert "<mark" in html and "fa-fam-criticism" in html
    assert XSS not in html and "&lt;script&gt;" in html
    assert corpus.show(1).html == shown.html


def test_index_by_position_and_path():
    corpus = Corpus(sample_records())
    assert corpus.index(-1) == 4 and corpus.index("乙局.txt") == 3
    with pytest.raises(KeyError):
        corpus.index(".txt")  # matches several documents
    with pytest.raises(IndexError):
        corpus.index(9)


def test_worst_and_write_report(tmp_path):
    corpus = Corpus(sample_records())
    assert [r["path"] for r in corpus.worst(2)] == ["corpora/x/城东社区_组织生活会.txt", "乙局.txt"]
    written = corpus.write_report(tmp_path)
    assert all(path.stat().st_size > 0 for path in written.values())


def test_kwic_offsets_point_at_the_term():
    records = [text_record("a.txt", f"甲。{TEMPLATE}\n再次{TEMPLATE}"), text_record("b.txt", "没有这个词。")]
    frame = explore.kwic(records, "第一责任人", width=4)
    assert len(frame) == 2 and set(frame["path"]) == {"a.txt"}
    for row in frame.itertuples():
        text = records[0]["text"]
        assert text[row.start:row.start + len("第一责任人")] == "第一责任人"
        assert row.left == text[max(0, row.start - 4):row.start].replace("\n", " ")
    with pytest.raises(ValueError):
        explore.kwic(records, "")


def test_shared_phrases_finds_the_template_not_the_one_off():
    records = [
        text_record(f"{name}.txt", f"{name}村党支部。{TEMPLATE}本村修路{n}公里。")
        for n, name in enumerate(["大庄", "柳河", "南湾"], start=1)
    ] + [text_record("d.txt", "东坡村今年完成危房改造12户，村民自筹资金3万元用于修缮祠堂。")]
    frame = explore.shared_phrases(records, size=3, min_share=0.5)
    phrases = list(frame["phrase"])
    assert any("第一责任人职责" in p for p in phrases)
    assert not any("危房改造" in p for p in phrases)
    assert frame["documents"].max() == 3 and frame["share"].max() == pytest.approx(0.75)
    # the four overlapping trigrams of one clause are joined into one phrase
    assert "推动党纪学习教育走深走实" in phrases


def test_top_terms_by_doc_type_keep_domain_terms_whole():
    records = [
        text_record("a.txt", "认真落实三会一课制度，三会一课按月召开。", "branch_meeting"),
        text_record("b.txt", "主题党日组织党员重温入党誓词。", "theme_day"),
    ]
    frame = explore.top_terms(records, n=5)
    branch = frame[frame["group"] == "branch_meeting"]
    assert branch.iloc[0]["term"] == "三会一课" and branch.iloc[0]["count"] == 2
    assert set(frame["group"]) == {"branch_meeting", "theme_day"}
    assert not (frame["term"].isin(list(explore.stopwords()))).any()


def test_top_ngrams_by_unit():
    records = [orglife_record(), report_record("乙局.txt", 20.0, [])]
    frame = explore.top_ngrams(records, size=2, by="unit", n=3)
    assert "城东社区党支部" in set(frame["group"])
    assert (frame.groupby("group").size() <= 3).all()


def test_from_path_really_audits_and_reuses_the_store(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "县农业农村局2024年上半年机关党建工作总结\n今年以来，局党组高度重视机关党建工作，扎实推进，取得明显成效。\n",
        encoding="utf-8",
    )
    (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    db = tmp_path / "audit.db"
    corpus = Corpus.from_path(folder, db_path=db)
    assert [r["status"] for r in corpus] == ["ok", "error"]
    assert corpus[0]["doc_type"] and corpus[0]["substance"]["score"] is not None
    assert corpus.to_pandas().loc[0, "unit"] == "县农业农村局"
    again = Corpus.from_path(folder, db_path=db)
    assert again.records == corpus.records
