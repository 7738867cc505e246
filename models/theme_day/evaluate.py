"""Measure a detector's flags against a labelled corpus; write `scores.json`.

Each corpus record (JSONL under `corpora/<name>/`) has `text`, `split`
(train, dev*, heldout: dev records were looked at while tuning, held-out
ones never), `doc_type` (what the record is) and `expected_flags`. The
detector sees the record the way the audit builds it: normalized text, the
project's document-type detector and meeting extractor. Only the flags of the
detector under test count (codes starting with its prefix). Per flag:
precision and recall on the held-out part (the number to quote), on every
other split, and pooled over the earlier blind rounds (`dev_r*` splits, which
were once held out and then used for tuning; `pooled_handwritten_rounds`
keeps only the records written in full, which no trained model saw).

    .venv/bin/python models/theme_day/evaluate.py            # theme days
    .venv/bin/python models/procedure/evaluate.py            # procedure
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from pipeline.analyse.base import DocumentView  # noqa: E402
from pipeline.analyse.doctype import detect_doc_type  # noqa: E402
from pipeline.analyse.procedure import ProcedureDetector  # noqa: E402
from pipeline.analyse.theme_day import ThemeDayDetector  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402

DETECTORS = {
    "theme_day": (ThemeDayDetector, "theme_days"),
    "procedure": (ProcedureDetector, "procedure"),
}


def read_corpus(folder: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    return records


def build_view(text: str, nlp: Any) -> DocumentView:
    """The view the audit would build (the spaCy Doc is not used by these detectors)."""
    normalized = normalize(text).text
    return DocumentView.of(normalized, nlp.make_doc(normalized), detect_doc_type(normalized)[0], path="<corpus>")


def score(pairs: list[tuple[set[str], set[str]]], codes: list[str]) -> dict[str, dict[str, Any]]:
    table = {}
    for code in codes:
        tp = sum(1 for expected, got in pairs if code in expected and code in got)
        fp = sum(1 for expected, got in pairs if code not in expected and code in got)
        fn = sum(1 for expected, got in pairs if code in expected and code not in got)
        table[code] = {
            "support": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        }
    return table


def evaluate(name: str, corpus: Path | None = None, options: dict[str, float] | None = None) -> dict[str, Any]:
    detector_class, corpus_name = DETECTORS[name]
    detector = detector_class.load(**(options or {}))
    prefix = f"{name}."
    records = read_corpus(corpus or ROOT / "corpora" / corpus_name)
    nlp = spacy.blank("zh")
    by_split: dict[str, list[tuple[set[str], set[str]]]] = {}
    rounds: list[tuple[set[str], set[str]]] = []
    handwritten_rounds: list[tuple[set[str], set[str]]] = []
    errors, doc_type_misses = [], Counter()
    for record in records:
        view = build_view(record["text"], nlp)
        if view.doc_type != record["doc_type"]:
            doc_type_misses[f"{record['doc_type']}→{view.doc_type}"] += 1
        got = {flag.code for flag in detector.detect(view).flags if flag.code.startswith(prefix)}
        expected = {code for code in record["expected_flags"] if code.startswith(prefix)}
        by_split.setdefault(record["split"], []).append((expected, got))
        if record["split"].startswith("dev_r"):
            rounds.append((expected, got))
            if record.get("kind") == "handwritten":
                handwritten_rounds.append((expected, got))
        if got != expected and record["split"] == "heldout":
            errors.append({"id": record["id"], "missed": sorted(expected - got), "extra": sorted(got - expected)})
    codes = sorted({c for pairs in by_split.values() for e, g in pairs for c in e | g})
    return {
        "detector": name,
        "corpus": f"corpora/{corpus_name}",
        "options": options or {},
        "records": {split: len(pairs) for split, pairs in by_split.items()},
        **{split: score(pairs, codes) for split, pairs in sorted(by_split.items())},
        "exact_match": {
            split: round(sum(1 for e, g in pairs if e == g) / len(pairs), 3) for split, pairs in sorted(by_split.items())
        },
        "pooled_rounds": {"records": len(rounds), **score(rounds, codes)},
        "pooled_handwritten_rounds": {"records": len(handwritten_rounds), **score(handwritten_rounds, codes)},
        "doc_type_mismatches": dict(doc_type_misses),
        "heldout_errors": errors,
    }


def main(default: str = "theme_day") -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detector", choices=sorted(DETECTORS), default=default)
    parser.add_argument("--out", type=Path, default=None, help="default: models/<detector>/scores.json")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=NUMBER",
                        help="a detector option, e.g. model_min_probability=2 (theme days without the classifier)")
    args = parser.parse_args()
    options = {key: float(value) for key, value in (item.split("=", 1) for item in args.set)}
    result = evaluate(args.detector, options=options)
    out = args.out or ROOT / "models" / args.detector / "scores.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{'flag':40s} {'support':>7s} {'precision':>9s} {'recall':>7s}   (held-out)")
    for code, row in result["heldout"].items():
        print(f"{code:40s} {row['support']:7d} {str(row['precision']):>9s} {str(row['recall']):>7s}")
    pooled = result["pooled_handwritten_rounds"]
    print(f"pooled over the hand-written earlier rounds ({pooled['records']} records):")
    for code in result["heldout"]:
        row = pooled.get(code, {})
        print(f"{code:40s} {row.get('support', 0):7d} {str(row.get('precision')):>9s} {str(row.get('recall')):>7s}")
    print(f"records {result['records']}, doc_type mismatches {result['doc_type_mismatches']}; wrote {out}")


if __name__ == "__main__":
    main()
