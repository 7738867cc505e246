"""xlsx and csv: the same document rows, Chinese headers, text never becomes a formula."""
from __future__ import annotations

import csv

import pytest

from openpyxl import load_workbook

from pipeline.report.tables import (
    DOCUMENT_COLUMNS, criticism_rows, document_rows, flag_rows, sentence_rows, worst_first, write_csv, write_xlsx,
)
from report_records import orglife_record, report_record, sample_records


def test_document_rows_rank_worst_first():
    records = sample_records()
    rows = document_rows(records)
    assert [r["path"] for r in rows] == [r["path"] for r in records]  # input order kept
    by_rank = [r["path"] for r in sorted(rows, key=lambda r: r["rank"])]
    assert by_rank == ["corpora/x/城东社区_组织生活会.txt", "乙局.txt", "丙局.txt", "甲局.txt", "bad/旧文件.doc"]


def test_repeated_flag_code_counts_once_in_severity():
    rows = document_rows([report_record("丙局.txt", 55.0, [("reuse.copied", "medium")] * 3)])
    assert rows[0]["medium"] == 1 and rows[0]["flag_codes"] == ["reuse.copied×3"]


def test_score_breaks_ties_and_missing_score_counts_as_best():
    records = [report_record("a", None, []), report_record("b", 70.0, []), report_record("c", 30.0, [])]
    assert [records[i]["path"] for i in worst_first(records)] == ["c", "b", "a"]


def test_document_row_fields():
    row = document_rows([orglife_record()])[0]
    assert row["unit"] == "城东社区党支部"
    assert row["doc_type_name"] == "组织生活会"
    assert (row["mutual_criticisms"], row["specific"], row["boilerplate"], row["praise"]) == (3, 1, 1, 1)
    assert (row["high"], row["medium"], row["low"]) == (1, 2, 1)
    assert row["expected"] == 9 and row["present"] == 8 and abs(row["bite"] - 1 / 3) < 1e-9


def test_long_tables():
    records = sample_records()
    flags = flag_rows(records)
    assert len(flags) == sum(len(r["flags"]) for r in records)
    first = flags[0]
    assert first["evidence"] == [e["text"] for e in records[1]["flags"][0]["evidence"]]
    criticisms = criticism_rows(records)
    assert [c["label"] for c in criticisms] == ["boilerplate", "specific", "praise"]
    assert {c["label_name"] for c in criticisms} == {"具体", "套话", "变相表扬"}
    sentences = sentence_rows(records)
    assert len(sentences) == 2 and sentences[0]["score"] == 12.0


def test_xlsx_sheets_headers_and_no_formulas(tmp_path):
    records = sample_records()
    records[0]["flags"] = [{"code": "substance.hollow", "severity": "high", "message": "=HYPERLINK(\"http://x\")",
                            "evidence": []}]
    path = tmp_path / "results.xlsx"
    write_xlsx(records, path)
    book = load_workbook(path)
    assert book.sheetnames == ["文档", "问题", "批评意见"]
    docs = book["文档"]
    assert [c.value for c in docs[1]] == [h for _, h in DOCUMENT_COLUMNS]
    assert docs.max_row == 1 + len(records)
    problems = book["问题"]
    headers = [c.value for c in problems[1]]
    assert "证据原文" in headers and "说明" in headers
    assert problems.max_row == 1 + sum(len(r["flags"]) for r in records)
    message_col = headers.index("说明") + 1
    cells = [problems.cell(row=i, column=message_col) for i in range(2, problems.max_row + 1)]
    formula = [c for c in cells if str(c.value).startswith("=")]
    assert formula and all(c.data_type == "s" for c in formula)
    evidence_col = headers.index("证据原文") + 1
    assert any("理论学习不够深入" in str(problems.cell(row=i, column=evidence_col).value)
               for i in range(2, problems.max_row + 1))
    assert book["批评意见"].max_row == 4


def test_csv_has_bom_same_rows_and_quotes_formulas(tmp_path):
    records = sample_records()
    records[0]["path"] = "=cmd|' /C calc'!A0"
    path = tmp_path / "results.csv"
    write_csv(records, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == [h for _, h in DOCUMENT_COLUMNS]
    assert len(rows) == 1 + len(records)
    path_col = rows[0].index("文件")
    assert rows[1][path_col] == "'=cmd|' /C calc'!A0"
    assert rows[2][rows[0].index("单位")] == "城东社区党支部"


def test_status_is_a_code_in_rows_and_chinese_in_files(tmp_path):
    records = sample_records()
    assert [r["status"] for r in document_rows(records)] == ["ok", "ok", "error", "ok", "ok"]
    write_csv(records, tmp_path / "r.csv")
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    status = rows[0].index("状态")
    assert [r[status] for r in rows[1:]] == ["已读取", "已读取", "无法读取", "已读取", "已读取"]


def test_long_table_rows_have_the_declared_keys():
    from pipeline.report.tables import CRITICISM_ROW_KEYS, FLAG_ROW_KEYS, SENTENCE_ROW_KEYS

    records = sample_records()
    assert tuple(flag_rows(records)[0]) == FLAG_ROW_KEYS
    assert tuple(criticism_rows(records)[0]) == CRITICISM_ROW_KEYS
    assert tuple(sentence_rows(records)[0]) == SENTENCE_ROW_KEYS


@pytest.mark.parametrize("text, unit", [
    ("城东社区党支部召开2023年度组织生活会\n会议时间：2024年2月1日", "城东社区党支部"),
    ("新民社区党委第三党支部九月份主题党日活动记录\n活动主题：学习", "新民社区党委第三党支部"),
    ("市林业局机关党委2024年上半年党建工作总结\n一、基本情况", "市林业局机关党委"),
    ("中共河西镇委员会\n关于巡察反馈问题整改情况的报告", "中共河西镇委员会"),
    ("县农业农村局2024年上半年机关党建工作总结\n今年以来", "县农业农村局"),
    ("主题党日活动记录\n单位：县财政局机关第一党支部\n时间：2024年5月", "县财政局机关第一党支部"),
    ("在全县基层党建工作推进会上的讲话\n***（2024年3月22日）", None),
    ("和谐街道：“红色物业”让老旧小区换新颜\n" + "去年以来，街道党工委推动社区党组织牵头成立服务站。" * 3, None),
])
def test_unit_is_read_from_title_or_header(text, unit):
    from pipeline.report.unit import read_unit

    assert read_unit(text) == unit
