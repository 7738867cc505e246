"""The command line: outputs, exit codes, clear usage errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )


def test_scan_writes_results_and_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("主题党日活动记录\n活动主题：重温入党誓词\n应到党员12人，实到11人\n", encoding="utf-8")
    (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    completed = run_cli("scan", str(folder), "--out", str(tmp_path / "out"))
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(r["path"]).name for r in records] == ["a.txt", "b.doc"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == 2
    assert summary["by_status"] == {"ok": 1, "error": 1}
    assert summary["by_error"] == {"unsupported_format": 1}
    assert summary["by_doc_type"] == {"theme_day": 1}
    assert (tmp_path / "out" / "audit.db").exists()


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    completed = run_cli("scan", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert completed.returncode == 2
    assert "no such file or folder" in completed.stderr
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("测试", encoding="utf-8")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    completed = run_cli("scan", str(tmp_path / "a.txt"), "--out", str(blocker / "out"))
    assert completed.returncode == 2
    assert "cannot write to output folder" in completed.stderr


def test_report_needs_a_scanned_folder(tmp_path: Path) -> None:
    completed = run_cli("report", str(tmp_path))
    assert completed.returncode == 2
    assert "results.jsonl" in completed.stderr
