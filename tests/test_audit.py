"""End-to-end behaviour of the audit: records, order, store re-use, resume, workers."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import AuditResult, analyze, analyze_many
from pipeline.audit import Auditor, BatchStats

REPO = Path(__file__).resolve().parent.parent

MINUTES = """XX社区第一党支部组织生活会会议记录
时间：2024年1月18日下午
地点：社区二楼会议室
主持人：王刚
记录人：李娜
应到党员9人，实到8人
一、支部书记代表支委班子作对照检查。
二、党员开展批评与自我批评。
张伟对李强提出批评：今年3月社区换届期间，你负责的两户低保复核拖了24天才上门，群众到街道反映了2次。
"""

RECORD_FIELDS = {
    "path", "sha256", "status", "error", "format", "encoding", "script", "text", "doc_type",
    "doc_type_evidence", "chars", "tokens", "meeting", "substance", "criticisms", "flags", "extra",
}


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor.load()


def _write_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"minutes_{index:03d}.txt"
        path.write_text(MINUTES.replace("24天", f"{index + 10}天"), encoding="utf-8")
        paths.append(path)
    return paths


def test_record_has_the_contract_fields_and_offsets_index_the_text(auditor: Auditor) -> None:
    result = analyze(MINUTES, auditor=auditor)
    record = result.to_dict()
    assert set(record) == RECORD_FIELDS
    assert record["status"] == "ok" and record["error"] is None
    assert record["chars"] == len(record["text"]) and record["tokens"] > 0
    assert set(record["meeting"]) == {"date", "place", "host", "recorder", "expected", "present", "theme"}
    assert record["meeting"]["expected"] == 9 and record["meeting"]["present"] == 8
    assert record["doc_type"] == "org_life_meeting"
    spans = list(record["doc_type_evidence"])
    for flag in record["flags"]:
        assert flag["severity"] in {"high", "medium", "low"}
        spans.extend(flag["evidence"])
    spans.extend(record["criticisms"])
    assert spans, "expected at least the doc-type evidence"
    for span in spans:
        assert record["text"][span["start"]:span["end"]] == span["text"]
    assert AuditResult.from_dict(json.loads(json.dumps(record))).to_dict() == record


def test_analyze_reads_a_path_and_normalizes(tmp_path: Path, auditor: Auditor) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes("黨支部組織生活會會議記錄\n時間：２０２４年３月５日\n".encode("big5"))
    result = analyze(path, auditor=auditor)
    assert result.status == "ok" and result.encoding == "big5"
    assert result.script == "traditional"
    assert result.text.startswith("党支部组织生活会会议记录")
    assert "2024年3月5日" in result.text


def test_batch_keeps_input_order_and_never_drops_bad_files(tmp_path: Path) -> None:
    paths = _write_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "in" / "blank.txt").write_bytes(b"")
    results = analyze_many([tmp_path / "in"])
    by_name = {Path(r.path).name: r for r in results}
    assert len(results) == 5
    assert [Path(r.path).name for r in results] == sorted(by_name)
    assert by_name["legacy.doc"].error.code == "unsupported_format"
    assert ".docx" in by_name["legacy.doc"].error.message
    assert by_name["blank.txt"].error.code == "empty"
    assert all(by_name[p.name].status == "ok" for p in paths)


def test_store_reuses_finished_results(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "in", 4)
    db = tmp_path / "audit.db"
    first_stats, second_stats = BatchStats(), BatchStats()
    first = analyze_many([tmp_path / "in"], db_path=db, stats=first_stats)
    second = analyze_many([tmp_path / "in"], db_path=db, stats=second_stats)
    assert (first_stats.analysed, first_stats.reused) == (4, 0)
    assert (second_stats.analysed, second_stats.reused) == (0, 4)
    assert [r.to_dict() for r in first] == [r.to_dict() for r in second]


def test_interrupted_run_resumes_without_redoing_or_duplicating(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "in", 6)
    db = tmp_path / "audit.db"

    def interrupt_after_two(done: int, total: int | None) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyze_many([tmp_path / "in"], db_path=db, progress=interrupt_after_two)
    stats = BatchStats()
    resumed = analyze_many([tmp_path / "in"], db_path=db, stats=stats)
    assert (stats.reused, stats.analysed) == (2, 4)
    fresh = analyze_many([tmp_path / "in"])
    assert [r.to_dict() for r in resumed] == [r.to_dict() for r in fresh]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM results").fetchone() == (6, 6)


def test_killed_process_resumes(tmp_path: Path) -> None:
    """SIGKILL a real scan halfway; the re-run redoes only what was not stored."""
    _write_corpus(tmp_path / "in", 150)
    db = tmp_path / "audit.db"
    command = [sys.executable, "-m", "pipeline", "scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--db", str(db), "-q"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as connection:
                    stored = connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.02)
    assert process.poll() is None, "the scan finished before it could be killed; grow the corpus"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    assert 3 <= stored < 150
    stats = BatchStats()
    results = analyze_many([tmp_path / "in"], db_path=db, stats=stats)
    assert len(results) == 150
    assert (stats.reused, stats.analysed) == (stored, 150 - stored)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM results").fetchone() == (150, 150)


def test_one_and_two_workers_give_identical_results() -> None:
    samples = sorted((REPO / "corpora" / "samples").iterdir())[:10]
    one = analyze_many(samples, workers=1)
    two = analyze_many(samples, workers=2)
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]


def test_workers_take_chunks_and_stored_results_keep_their_place(tmp_path: Path) -> None:
    """20 documents in chunks of up to 8 with three already stored in between: every
    result in input order, the stored ones re-used, the rest analysed once."""
    paths = _write_corpus(tmp_path / "in", 20)
    db = tmp_path / "audit.db"
    analyze_many([paths[2], paths[9], paths[10]], db_path=db)
    stats = BatchStats()
    chunked = analyze_many([tmp_path / "in"], workers=2, db_path=db, stats=stats)
    assert (stats.reused, stats.analysed) == (3, 17)
    assert [r.to_dict() for r in chunked] == [r.to_dict() for r in analyze_many([tmp_path / "in"])]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM results").fetchone() == (20, 20)


def test_a_worker_chunk_closes_at_its_document_or_byte_cap() -> None:
    from pipeline.audit import WorkerChunk
    from pipeline.ingest import LoadedSource

    def source(size: int) -> LoadedSource:
        return LoadedSource(path="x.txt", sha256="0", format="txt", data=b"a" * size)

    chunk = WorkerChunk(max_documents=3, max_bytes=100)
    assert [chunk.add(source(10)) for _ in range(3)] == [False, False, True]
    assert len(chunk.take()) == 3 and chunk.sources == [] and chunk.size == 0
    assert [chunk.add(source(60)) for _ in range(2)] == [False, True]
    chunk.take()
    assert chunk.add(LoadedSource(path="y.doc", sha256="1", format="doc", data=None)) is False  # no bytes read
    assert chunk.size == 0


def test_finished_results_stay_out_of_the_collector_until_the_run_ends(tmp_path: Path) -> None:
    import gc

    _write_corpus(tmp_path / "in", 3)
    assert gc.get_freeze_count() == 0
    frozen_while_running: list[int] = []
    analyze_many([tmp_path / "in"], progress=lambda done, total: frozen_while_running.append(gc.get_freeze_count()))
    assert len(frozen_while_running) == 3 and min(frozen_while_running) > 0
    assert gc.get_freeze_count() == 0  # released: the caller's collector is as it was


def test_a_long_one_line_text_is_analysed_as_text(auditor: Auditor) -> None:
    text = "认真贯彻落实上级部署，扎实推进各项工作，" * 30
    result = analyze(text, auditor=auditor)
    assert result.status == "ok" and result.path == "<text>"
    assert result.chars == len(text)


def test_word_grams_go_from_the_document_stage_to_the_batch_and_no_further(tmp_path: Path, auditor: Auditor) -> None:
    import gc

    from pipeline.analyse.reuse import ReuseDetector

    result = analyze(MINUTES, auditor=auditor)
    hashes, spans = ReuseDetector.load().word_grams(result.text)
    carried = result.batch_inputs["reuse"]
    assert carried.segmenter == "rjieba"
    assert carried.hashes.tolist() == hashes.tolist() and len(hashes) > 10
    assert "batch_inputs" not in result.to_dict()
    _write_corpus(tmp_path / "in", 3)
    results = analyze_many([tmp_path / "in"], workers=2)
    assert all(r.status == "ok" and r.batch_inputs == {} for r in results)
    assert gc.get_freeze_count() == 0  # the batch step thaws what it froze


def test_a_document_is_split_into_lines_once(auditor: Auditor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document-type cues and the detectors' view share the audit's lines."""
    import pipeline.analyse.base as base
    import pipeline.analyse.doctype as doctype

    expected = analyze(MINUTES, auditor=auditor).to_dict()

    def refuse(text: str) -> None:
        raise AssertionError("lines split a second time")

    monkeypatch.setattr(base, "split_lines", refuse)
    monkeypatch.setattr(doctype, "split_lines", refuse)
    assert analyze(MINUTES, auditor=auditor).to_dict() == expected
