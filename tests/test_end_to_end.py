"""The shipped sample corpus, audited as `make audit` does, against its manifest."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.audit import analyze_many

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "corpora" / "samples"
PRIOR = REPO / "corpora" / "samples_prior"
MANIFEST = json.loads((REPO / "corpora" / "sample_sources" / "manifest.json").read_text(encoding="utf-8"))


def _expectations() -> dict[str, dict]:
    """Manifest rows by the record path's tail (zip members as archive.zip!member)."""
    rows = {}
    for row in MANIFEST["samples"]:
        if row["format"] != "zip":
            rows[row["file"]] = row
        for member in row.get("members", []):
            rows[f"{row['file']}!{member['file']}"] = member
    return rows


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    results = analyze_many([SAMPLES], prior=[PRIOR], workers=2)
    return {r.path.split(f"{SAMPLES.name}/", 1)[1]: r.to_dict() for r in results}


def test_every_sample_gets_exactly_one_record(records: dict[str, dict]) -> None:
    expected = _expectations()
    assert sorted(records) == sorted(expected)


@pytest.mark.parametrize("name", sorted(_expectations()))
def test_sample_matches_its_manifest_row(records: dict[str, dict], name: str) -> None:
    row = _expectations()[name]
    record = records[name]
    if row["expected_error"]:
        assert record["status"] == "error"
        assert record["error"]["code"] == row["expected_error"]
        return
    assert record["status"] == "ok", record["error"]
    assert record["doc_type"] in [row["doc_type"], *row.get("doc_type_alternatives", [])]
    assert record["script"] == row["script"]
    raised = {flag["code"] for flag in record["flags"]}
    expected = set(row["expected_flags"])
    allowed = expected | set(row["allowed_flags"])
    assert expected <= raised, f"missing {sorted(expected - raised)}"
    assert raised <= allowed, f"unexpected {sorted(raised - allowed)}"
