"""Train and evaluate the criticism judge: `python models/criticism/train.py`.

Reads `corpora/criticism/items.jsonl` (built by corpora/criticism/build.py),
fits on the `train` split only, evaluates on the `test` split, and writes
`models/criticism/model.joblib`, its numpy export `model.npz` (what the audit
runs, without scikit-learn; see pipeline/analyse/linear_text.py) and
`models/criticism/scores.json`.
Deterministic: the solver is seeded and the data order is fixed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.analyse.criticism_features import CueFeatures  # noqa: E402
from pipeline.analyse.criticism_judge import EXPORT_FILE, LABELS, MODEL_FILE  # noqa: E402
from pipeline.analyse.linear_text import LinearTextModel  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPUS = ROOT / "corpora" / "criticism" / "items.jsonl"
SEED = 0
# A small grid, chosen by grouped cross-validation on the train split only
# (items grown from the same block stay in one fold); the test split is never seen.
GRID = [{"C": c, "cue_weight": w} for c in (10.0, 30.0, 100.0) for w in (0.25, 0.5, 1.0)]
FOLDS = 4


def build_model(C: float = 10.0, cue_weight: float = 1.0) -> Pipeline:
    """Char 1-3-grams (no segmenter needed) next to the cue counts, into a linear model."""
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)),
        ("cues", CueFeatures(weight=cue_weight)),
    ])
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
    return Pipeline([("features", features), ("classifier", classifier)])


def select_parameters(train: list[dict]) -> tuple[dict, list[dict]]:
    """The grid point with the best grouped-CV macro-F1 on the train split."""
    texts = [item["text"] for item in train]
    labels = [item["label"] for item in train]
    groups = [item["group"] for item in train]
    results = []
    for params in GRID:
        predicted = cross_val_predict(build_model(**params), texts, labels, groups=groups, cv=GroupKFold(FOLDS))
        results.append({**params, "cv_macro_f1": round(f1_score(labels, predicted, average="macro"), 4)})
    best = max(results, key=lambda r: r["cv_macro_f1"])
    return {"C": best["C"], "cue_weight": best["cue_weight"]}, results


def load_items() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(model: Pipeline, items: list[dict]) -> dict:
    texts = [item["text"] for item in items]
    gold = [item["label"] for item in items]
    predicted = list(model.predict(texts))
    report = classification_report(gold, predicted, labels=list(LABELS), output_dict=True, zero_division=0)
    return {
        "items": len(items),
        "macro_f1": round(f1_score(gold, predicted, labels=list(LABELS), average="macro"), 4),
        "per_label": {
            label: {
                "precision": round(report[label]["precision"], 4),
                "recall": round(report[label]["recall"], 4),
                "f1": round(report[label]["f1-score"], 4),
                "support": int(report[label]["support"]),
            }
            for label in LABELS
        },
        "confusion": {"labels": list(LABELS), "matrix": confusion_matrix(gold, predicted, labels=list(LABELS)).tolist()},
        "errors": [
            {"id": item["id"], "gold": g, "predicted": p, "text": item["text"]}
            for item, g, p in zip(items, gold, predicted) if g != p
        ],
    }


def main() -> None:
    items = load_items()
    train = [item for item in items if item["split"] == "train"]
    test = [item for item in items if item["split"] == "test"]
    params, grid = select_parameters(train)
    model = build_model(**params).fit([item["text"] for item in train], [item["label"] for item in train])
    joblib.dump(model, HERE / MODEL_FILE)
    LinearTextModel.from_pipeline(model).save(HERE / EXPORT_FILE)
    scores = {
        "corpus": str(CORPUS.relative_to(ROOT)),
        "train_items": len(train),
        "parameters": params,
        "cv_grid": grid,
        "test": evaluate(model, test),
        **{
            f"test_{source}_only": evaluate(model, [item for item in test if item["source"] == source])
            for source in ("generated", "hand", "challenge")
        },
    }
    (HERE / "scores.json").write_text(json.dumps(scores, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"chosen by {FOLDS}-fold grouped CV on train: {params}")
    for name, result in scores.items():
        if not isinstance(result, dict) or "per_label" not in result:
            continue
        print(f"{name}: {result['items']} items, macro-F1 {result['macro_f1']}")
        for label, row in result["per_label"].items():
            print(f"  {label:12s} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}  n={row['support']}")


if __name__ == "__main__":
    main()
