"""Fit the substance model on the ranked corpus and measure it on held-out topics.

    python models/substance/train.py        # writes model.json and scores.json here

Pairwise (RankSVM-style) logistic regression: for every two paragraphs of the
same topic and different tiers, the difference of their standardized component
vectors is one example whose label says which is more substantive. The fitted
weights are the model; a straight line from the linear score to the logit of
each tier's target (hollow 10, middling 50, concrete 90) calibrates it to 0..100.
Only training topics are used for fitting; held-out topics only for scores.json.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
from pathlib import Path

import numpy
import sklearn
from sklearn.linear_model import LogisticRegression

from pipeline.analyse.substance import SubstanceModel, word_tokens
from pipeline.analyse.substance_features import FEATURES, feature_vector, mark_document, measure
from pipeline.segment import build_language

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "corpora" / "substance" / "paragraphs.jsonl"
REGULARIZATION = 1.0
# Calibration targets: where a typical paragraph of each tier should land on
# the 0..100 scale (hollow 10, middling 50, concrete 90), so the default
# hollow threshold 30 sits between the hollow and the middling tier.
TIER_TARGETS = {0: 0.10, 1: 0.50, 2: 0.90}
# The direction each component may push the score: a fitted weight with the
# wrong sign (a set phrase making a text *more* substantive) is a corpus
# artefact, so that feature is dropped (weight 0) and the model refitted.
SIGNS = {
    "specificity": 1, "set_phrase_share": -1, "slogan_density": -1, "biaotai_density": -1,
    "meeting_chain_density": -1, "problems_without_measures_share": -1, "redundancy": -1,
    "chars_per_clause": 0, "function_word_share": 0,
}


def read_corpus(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def components_of(rows: list[dict]) -> list[dict[str, float]]:
    nlp = build_language("auto")
    return [measure(mark_document(row["text"], word_tokens(nlp(row["text"])))) for row in rows]


def ranked_pairs(rows: list[dict]) -> list[tuple[int, int]]:
    """(higher, lower) index pairs: same topic, different tiers."""
    pairs = []
    for i, j in itertools.combinations(range(len(rows)), 2):
        a, b = rows[i], rows[j]
        if a["topic"] == b["topic"] and a["tier"] != b["tier"]:
            pairs.append((i, j) if a["tier"] > b["tier"] else (j, i))
    return pairs


def pairwise_accuracy(scores: list[float], pairs: list[tuple[int, int]]) -> float:
    """Share of pairs ordered correctly; a tie counts as half."""
    if not pairs:
        return float("nan")
    right = sum(1.0 if scores[h] > scores[l] else 0.5 if scores[h] == scores[l] else 0.0 for h, l in pairs)
    return right / len(pairs)


def fit_signed(diffs: numpy.ndarray) -> numpy.ndarray:
    """Pairwise logistic regression; features whose weight takes the wrong sign are dropped."""
    active = list(range(len(FEATURES)))
    while True:
        # Both orientations, so the classifier needs no intercept and stays symmetric.
        examples = numpy.vstack([diffs[:, active], -diffs[:, active]])
        labels = numpy.array([1] * len(diffs) + [0] * len(diffs))
        ranker = LogisticRegression(C=REGULARIZATION, fit_intercept=False, max_iter=1000)
        coef = ranker.fit(examples, labels).coef_[0]
        wrong = [f for f, w in zip(active, coef) if SIGNS[FEATURES[f]] * w < 0]
        if not wrong:
            weights = numpy.zeros(len(FEATURES))
            weights[active] = coef
            return weights
        active = [f for f in active if f not in wrong]


def fit(rows: list[dict], components: list[dict[str, float]]) -> SubstanceModel:
    x = numpy.array([feature_vector(c) for c in components])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    pairs = ranked_pairs(rows)
    diffs = numpy.array([z[h] - z[l] for h, l in pairs])
    weights = fit_signed(diffs)
    linear = z @ weights
    targets = numpy.array([TIER_TARGETS[r["tier"]] for r in rows])
    slope, intercept = numpy.polyfit(linear, numpy.log(targets / (1 - targets)), 1)
    return SubstanceModel(
        FEATURES, tuple(mean.tolist()), tuple(scale.tolist()), tuple(weights.tolist()),
        float(slope), float(intercept),
    )


def evaluate(model: SubstanceModel, rows: list[dict], components: list[dict[str, float]]) -> dict:
    scores = [model.score(c) for c in components]
    pairs = ranked_pairs(rows)
    by_source = {}
    for source in sorted({r["source"] for r in rows}):
        subset = [(h, l) for h, l in pairs if rows[h]["source"] == source and rows[l]["source"] == source]
        by_source[source] = {"pairs": len(subset), "accuracy": round(pairwise_accuracy(scores, subset), 4)}
    tiers = {}
    for tier in (0, 1, 2):
        values = [s for s, r in zip(scores, rows) if r["tier"] == tier]
        tiers[str(tier)] = {"n": len(values), "mean_score": round(sum(values) / len(values), 2)}
    hollow_below_30 = [s < 30 for s, r in zip(scores, rows) if r["tier"] == 0]
    concrete_below_30 = [s < 30 for s, r in zip(scores, rows) if r["tier"] == 2]
    return {
        "paragraphs": len(rows),
        "topics": len({r["topic"] for r in rows}),
        "pairs": len(pairs),
        "pairwise_accuracy": round(pairwise_accuracy(scores, pairs), 4),
        "by_source": by_source,
        "tiers": tiers,
        "hollow_share_flagged_below_30": round(sum(hollow_below_30) / max(1, len(hollow_below_30)), 4),
        "concrete_share_flagged_below_30": round(sum(concrete_below_30) / max(1, len(concrete_below_30)), 4),
    }


def main() -> None:
    rows = read_corpus()
    components = components_of(rows)
    train = [i for i, r in enumerate(rows) if r["split"] == "train"]
    held = [i for i, r in enumerate(rows) if r["split"] == "heldout"]
    model = fit([rows[i] for i in train], [components[i] for i in train])
    digest = hashlib.sha256(CORPUS.read_bytes()).hexdigest()[:12]
    model_json = {
        "version": 1, "corpus_sha256_12": digest, "sklearn": sklearn.__version__,
        "regularization_C": REGULARIZATION,
        "features": list(model.features), "mean": list(model.mean), "scale": list(model.scale),
        "weights": list(model.weights), "slope": model.slope, "intercept": model.intercept,
    }
    (HERE / "model.json").write_text(json.dumps(model_json, indent=2) + "\n", encoding="utf-8")
    scores = {
        "corpus_sha256_12": digest,
        "train": evaluate(model, [rows[i] for i in train], [components[i] for i in train]),
        "heldout": evaluate(model, [rows[i] for i in held], [components[i] for i in held]),
        "weights_standardized": {f: round(w, 4) for f, w in zip(model.features, model.weights)},
    }
    (HERE / "scores.json").write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=2, ensure_ascii=False))
    assert not math.isnan(scores["heldout"]["pairwise_accuracy"])


if __name__ == "__main__":
    main()
