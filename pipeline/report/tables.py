"""Tables for people who work in Excel (and for pandas): one row per document,
per flag, per criticism item and per sentence.

The row builders return plain Python values (lists stay lists, so pandas users
can explode them); the writers turn them into cells with Chinese headers.
Documents are ranked worst first by `worst_first_key`, the same order the HTML
report uses.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Optional

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from .jsonl import write_atomic
from .labels import (
    criticism_kind_name,
    criticism_label_name,
    doc_type_name,
    family_name,
    family_of,
    flag_name,
    severity_name,
    status_name,
)
from .unit import read_unit

# (row key, Chinese header), in sheet order.
DOCUMENT_COLUMNS: list[tuple[str, str]] = [
    ("rank", "风险排序"),
    ("path", "文件"),
    ("unit", "单位"),
    ("doc_type_name", "文档类型"),
    ("score", "实质性得分"),
    ("high", "高风险问题数"),
    ("medium", "中风险问题数"),
    ("low", "低风险问题数"),
    ("flag_names", "问题"),
    ("flag_codes", "问题代码"),
    ("mutual_criticisms", "相互批评条数"),
    ("specific", "具体批评"),
    ("boilerplate", "套话批评"),
    ("suggestion", "以建议代替批评"),
    ("praise", "变相表扬"),
    ("bite", "批评具体率"),
    ("political_share", "政治性活动占比"),
    ("date", "日期"),
    ("host", "主持人"),
    ("recorder", "记录人"),
    ("expected", "应到人数"),
    ("present", "实到人数"),
    ("theme", "主题"),
    ("chars", "字数"),
    ("format", "格式"),
    ("encoding", "编码"),
    ("script", "字形"),
    ("status", "状态"),
    ("error_code", "错误代码"),
    ("error_message", "错误说明"),
    ("doc_type", "类型代码"),
    ("sha256", "SHA-256"),
]

FLAG_COLUMNS: list[tuple[str, str]] = [
    ("path", "文件"),
    ("unit", "单位"),
    ("doc_type_name", "文档类型"),
    ("severity_name", "严重程度"),
    ("flag_name", "问题"),
    ("family_name", "问题类别"),
    ("message", "说明"),
    ("evidence", "证据原文"),
    ("spans", "证据位置（字）"),
    ("code", "问题代码"),
]

CRITICISM_COLUMNS: list[tuple[str, str]] = [
    ("path", "文件"),
    ("unit", "单位"),
    ("kind_name", "类别"),
    ("critic", "批评人"),
    ("target", "被批评人"),
    ("label_name", "判定"),
    ("confidence", "置信度"),
    ("text", "批评内容"),
    ("reasons", "判定依据"),
    ("start", "起始位置"),
    ("end", "结束位置"),
    ("label", "判定代码"),
]

SENTENCE_COLUMNS: list[tuple[str, str]] = [
    ("path", "文件"),
    ("unit", "单位"),
    ("index", "句序"),
    ("score", "句子得分"),
    ("text", "句子"),
    ("cues", "线索"),
    ("start", "起始位置"),
    ("end", "结束位置"),
]

# Every key of each long-table row, in order (the pandas columns, also when empty).
CONTEXT_KEYS = ("path", "unit", "doc_type", "doc_type_name")
FLAG_ROW_KEYS = CONTEXT_KEYS + (
    "code", "flag_name", "family", "family_name", "severity", "severity_name", "message", "evidence", "spans")
CRITICISM_ROW_KEYS = CONTEXT_KEYS + (
    "kind", "critic", "target", "text", "start", "end", "label", "confidence", "kind_name", "label_name", "reasons")
SENTENCE_ROW_KEYS = CONTEXT_KEYS + ("index", "start", "end", "text", "score", "cues")

SEVERITY_ORDER = ("high", "medium", "low")
CRITICISM_LABELS = ("specific", "boilerplate", "suggestion", "praise")
# Excel and LibreOffice treat a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767 characters per cell


def severity_counts(record: dict[str, Any]) -> dict[str, int]:
    """Distinct flag codes per severity: ten copied passages are one problem, not ten."""
    codes = {(flag["severity"], flag["code"]) for flag in record.get("flags", [])}
    counts = Counter(severity for severity, _ in codes)
    return {severity: counts.get(severity, 0) for severity in SEVERITY_ORDER}


def worst_first_key(record: dict[str, Any]) -> tuple:
    """Sort key, worst first: readable documents before unreadable ones; then more
    high-severity problems, more medium ones, a lower substance score (no score
    counts as best), more low ones; ties by path."""
    counts = severity_counts(record)
    score = record.get("substance", {}).get("score")
    return (
        record.get("status") != "ok",
        -counts["high"],
        -counts["medium"],
        score if score is not None else 101.0,
        -counts["low"],
        record.get("path", ""),
    )


def worst_first(records: list[dict[str, Any]]) -> list[int]:
    """Indices of `records`, worst first."""
    return sorted(range(len(records)), key=lambda i: worst_first_key(records[i]))


def flag_code_summary(record: dict[str, Any]) -> list[str]:
    """Distinct flag codes in order of first appearance, `code×n` when repeated."""
    counts = Counter(flag["code"] for flag in record.get("flags", []))
    return [code if n == 1 else f"{code}×{n}" for code, n in counts.items()]


def _document_row(record: dict[str, Any], rank: int) -> dict[str, Any]:
    meeting = record.get("meeting") or {}
    components = (record.get("substance") or {}).get("components") or {}
    mutual = [c for c in record.get("criticisms", []) if c.get("kind") == "mutual"]
    label_counts = Counter(c.get("label") for c in mutual)
    error = record.get("error") or {}
    codes = list(dict.fromkeys(flag["code"] for flag in record.get("flags", [])))
    return {
        "rank": rank,
        "path": record.get("path"),
        "unit": read_unit(record.get("text") or ""),
        "doc_type": record.get("doc_type"),
        "doc_type_name": doc_type_name(record.get("doc_type")),
        "score": (record.get("substance") or {}).get("score"),
        **severity_counts(record),
        "flag_names": [flag_name(code) for code in codes],
        "flag_codes": flag_code_summary(record),
        "mutual_criticisms": len(mutual),
        **{label: label_counts.get(label, 0) for label in CRITICISM_LABELS},
        "bite": components.get("bite"),
        "political_share": components.get("political_share"),
        "date": meeting.get("date"),
        "host": meeting.get("host"),
        "recorder": meeting.get("recorder"),
        "expected": meeting.get("expected"),
        "present": meeting.get("present"),
        "theme": meeting.get("theme"),
        "chars": record.get("chars"),
        "format": record.get("format"),
        "encoding": record.get("encoding"),
        "script": record.get("script"),
        "status": record.get("status"),
        "error_code": error.get("code"),
        "error_message": error.get("message"),
        "sha256": record.get("sha256"),
    }


def document_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per document in input order; `rank` 1 is the worst document."""
    ranks = {index: rank for rank, index in enumerate(worst_first(records), start=1)}
    return [_document_row(record, ranks[i]) for i, record in enumerate(records)]


def _context(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": record.get("path"),
        "unit": read_unit(record.get("text") or ""),
        "doc_type": record.get("doc_type"),
        "doc_type_name": doc_type_name(record.get("doc_type")),
    }


def flag_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per flag, with its evidence texts and their [start, end) offsets."""
    rows = []
    for record in records:
        context = _context(record)
        for flag in record.get("flags", []):
            rows.append({
                **context,
                "code": flag["code"],
                "flag_name": flag_name(flag["code"]),
                "family": family_of(flag["code"]),
                "family_name": family_name(family_of(flag["code"])),
                "severity": flag["severity"],
                "severity_name": severity_name(flag["severity"]),
                "message": flag["message"],
                "evidence": [e["text"] for e in flag.get("evidence", [])],
                "spans": [(e["start"], e["end"]) for e in flag.get("evidence", [])],
            })
    return rows


def criticism_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per criticism item (mutual and self)."""
    rows = []
    for record in records:
        context = _context(record)
        for item in record.get("criticisms", []):
            rows.append({
                **context,
                **{key: item.get(key) for key in ("kind", "critic", "target", "text", "start", "end", "label", "confidence")},
                "kind_name": criticism_kind_name(item.get("kind", "")),
                "label_name": criticism_label_name(item.get("label", "")),
                "reasons": list(item.get("reasons", [])),
            })
    return rows


def sentence_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per scored sentence (`extra.sentences`; documents without it add none)."""
    rows = []
    for record in records:
        context = _context(record)
        for index, sentence in enumerate((record.get("extra") or {}).get("sentences") or []):
            rows.append({
                **context,
                "index": index,
                **{key: sentence.get(key) for key in ("start", "end", "text", "score")},
                "cues": list(sentence.get("cues", [])),
            })
    return rows


def _for_people(row: dict[str, Any]) -> dict[str, Any]:
    """A document row as the spreadsheets show it: status in Chinese."""
    return {**row, "status": status_name(row["status"] or "")}


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists joined, spans as 起–止, no control characters."""
    if isinstance(value, (list, tuple)):
        parts = [f"{v[0]}–{v[1]}" if isinstance(v, (list, tuple)) else str(v) for v in value]
        value = "；".join(parts) if all(isinstance(v, (list, tuple)) for v in value) else "\n".join(parts)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]
    return value


def _text_cell(value: Any) -> Any:
    """Like `_cell`, and a text starting like a formula is quoted so it never runs."""
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _add_sheet(workbook: Workbook, title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([header for _, header in columns])
    for row_index, row in enumerate(rows, start=2):
        for col, (key, _) in enumerate(columns, start=1):
            cell = sheet.cell(row=row_index, column=col, value=_cell(row.get(key)))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from documents is never a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for col, (key, header) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = _width(key, header)


def _width(key: str, header: str) -> float:
    wide = {"path": 40, "message": 50, "evidence": 60, "text": 60, "reasons": 30, "error_message": 40,
            "flag_names": 30, "flag_codes": 30, "unit": 24, "theme": 30, "sha256": 20}
    return wide.get(key, max(8, 2.2 * len(header)))


def write_xlsx(records: list[dict[str, Any]], path: Path) -> None:
    """Sheets 文档 (one row per document, input order), 问题 (every flag with its
    evidence) and 批评意见 (every criticism item)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    documents = document_rows(records)
    _add_sheet(workbook, "文档", DOCUMENT_COLUMNS, [_for_people(row) for row in documents])
    _add_sheet(workbook, "问题", FLAG_COLUMNS, flag_rows(records))
    _add_sheet(workbook, "批评意见", CRITICISM_COLUMNS, criticism_rows(records))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv(records: list[dict[str, Any]], path: Path) -> None:
    """The 文档 sheet as CSV, UTF-8 with BOM so that Excel reads the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _, header in DOCUMENT_COLUMNS])
    for row in map(_for_people, document_rows(records)):
        writer.writerow([_csv_value(row.get(key)) for key, _ in DOCUMENT_COLUMNS])
    write_atomic(Path(path), "\ufeff" + buffer.getvalue())


def _csv_value(value: Any) -> Optional[Any]:
    value = _text_cell(value)
    return "" if value is None else value
