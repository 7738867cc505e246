"""Train the theme-day activity classifier (`activity_model.joblib`) and write
its numpy export `activity_model.npz`, what the audit runs without scikit-learn
(see pipeline/analyse/linear_text.py).

Why: the cue lexicon misses leisure, business and volunteer activities worded
in ways it has never seen (a new sport, a new kind of outing); a character
n-gram model generalises from the words it shares with known activities. The
detector uses it only for pieces where no lexicon cue matches.

Training snippets, each labelled political / mass / business / volunteer / other:
- `corpora/theme_days/activities.txt`, activity phrases written by hand;
- the activity building blocks of `corpora/theme_days/build.py` (all wording
  groups, templates filled with every listed value), their family being the
  label, and the opening sentence of its prose layout (`other`);
- the plain-word cues of `models/theme_day/lexicon.json` (regex cues left out).
No full record of the corpus (hand-written rounds) is used, so they stay unseen by the model.

    .venv/bin/python models/theme_day/train_activities.py
"""
from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from pathlib import Path

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CORPUS = ROOT / "corpora" / "theme_days"
OUT = HERE / "activity_model.joblib"
EXPORT = OUT.with_suffix(".npz")
LABELS = ("political", "mass", "business", "volunteer", "other")
PLAIN_CUE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9《》]+$")


def handwritten(path: Path) -> list[tuple[str, str]]:
    rows, label = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            label = line[1:-1]
            continue
        rows.append((line, label))
    return rows


def _build_module():
    spec = importlib.util.spec_from_file_location("theme_day_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fills(template: str, group: str, fill: dict, people: list[str]) -> list[str]:
    """Every filling of a block template (a template has at most one slot besides {host})."""
    slots = [name for name in fill if "{" + name + "}" in template]
    options = [fill[name][group] for name in slots]
    return [
        template.format(host=people[i % len(people)], **dict(zip(slots, values)))
        for i, values in enumerate(itertools.product(*options))
    ]


def blocks() -> list[tuple[str, str]]:
    build = _build_module()
    labels = {"political": "political", "red": "political", "mass": "mass",
              "business": "business", "volunteer": "volunteer"}
    rows = []
    for family, label in labels.items():
        for group, templates in build.FAMILIES[family].items():
            for template in templates:
                rows += [(text, label) for text in _fills(template, group, build.FILL, build.PEOPLE[group])]
    for group, template in build.MEAL.items():
        rows += [(text, "mass") for text in _fills(template, group, build.FILL, build.PEOPLE[group])]
    for family in (build.OTHER, build.CLOSINGS):
        rows += [(text, "other") for texts in family.values() for text in texts]
    return rows + openers(build)


def openers(build) -> list[tuple[str, str]]:
    """The prose records' opening sentence (… 组织开展以“…”为主题的主题党日活动) says a
    theme day was held, not what was done in it; the detector blanks the theme's
    words, so the theme appears both in full and blanked."""
    rows = []
    for group, units in build.UNITS.items():
        for (unit, _), place, theme in zip(units, itertools.cycle(build.PLACES[group]), itertools.cycle(build.THEMES[group])):
            rows += [
                (f"2024年5月8日，{unit}在{place}组织开展主题党日活动", "other"),
                (f"2024年5月8日上午，{unit}组织开展以“{theme}”为主题的主题党日活动", "other"),
                (f"2024年5月8日上午，{unit}组织开展以“{' ' * len(theme)}”为主题的主题党日活动", "other"),
            ]
    return rows


def lexicon_cues(lexicon: dict) -> list[tuple[str, str]]:
    return [(cue, label) for label, cues in lexicon["categories"].items() for cue in cues if PLAIN_CUE.match(cue)]


def stripper(lexicon: dict) -> re.Pattern:
    """The detector removes these words before asking the model (`model_strip`); so does training."""
    return re.compile("|".join(f"(?:{p})" for p in lexicon["model_strip"]))


def snippets(lexicon: dict) -> tuple[list[str], list[str]]:
    strip = stripper(lexicon)
    rows = handwritten(CORPUS / "activities.txt") + blocks() + lexicon_cues(lexicon)
    rows = list(dict.fromkeys((strip.sub("", text.strip()), label) for text, label in rows))
    return [t for t, _ in rows], [label for _, label in rows]


def pipeline() -> Pipeline:
    return Pipeline([
        ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1, dtype=np.float32)),
        ("clf", LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)),
    ])


def save(model: Pipeline, out: Path = OUT) -> None:
    """The joblib pipeline and, next to it, its numpy export (same name, `.npz`)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.analyse.linear_text import LinearTextModel

    joblib.dump(model, out, compress=3)
    LinearTextModel.from_pipeline(model).save(out.with_suffix(".npz"))


def sklearn_calls(model: Pipeline, features, strip: re.Pattern, texts: list[str]) -> tuple[np.ndarray, list]:
    """`ActivityModel.predict` computed on the scikit-learn pipeline: the reference
    the detector's numpy export is tested (tests/test_linear_text.py) and timed
    (bench/models.py) against. `features` is the TF-IDF's n-gram per column."""
    from pipeline.analyse.theme_day import MODEL_NGRAMS, WORD_CHAR, ModelCall

    vectors = model.named_steps["tfidf"].transform([strip.sub("", t.strip()) for t in texts])
    classifier = model.named_steps["clf"]
    probabilities = classifier.predict_proba(vectors)
    calls = []
    for row, probs in enumerate(probabilities):
        best = int(probs.argmax())
        vector = vectors.getrow(row)
        weights = vector.data * classifier.coef_[best, vector.indices]
        ranked = [str(features[vector.indices[i]]).strip() for i in weights.argsort()[::-1] if weights[i] > 0]
        ranked = [g for g in ranked if WORD_CHAR.search(g) and g in texts[row]]
        ngrams = ([g for g in ranked if len(g) > 1] + [g for g in ranked if len(g) == 1])[:MODEL_NGRAMS]
        calls.append(ModelCall(str(classifier.classes_[best]), round(float(probs[best]), 3), tuple(ngrams)))
    return probabilities, calls


def main() -> None:
    texts, labels = snippets(json.loads((HERE / "lexicon.json").read_text(encoding="utf-8")))
    unknown = set(labels) - set(LABELS)
    if unknown:
        sys.exit(f"unknown labels {unknown}")
    counts = {label: labels.count(label) for label in LABELS}
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    predicted = cross_val_predict(pipeline(), texts, labels, cv=folds)
    accuracy = float(np.mean(np.array(predicted) == np.array(labels)))
    model = pipeline().fit(texts, labels)
    save(model)
    print(f"snippets {len(texts)} {counts}; 5-fold accuracy {accuracy:.3f}; "
          f"wrote {OUT} ({OUT.stat().st_size} bytes) and {EXPORT} ({EXPORT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
