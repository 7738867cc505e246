"""The two trained models: scikit-learn pipelines against their numpy exports, in one run.

Collects the calls the audit makes (one per document, with that document's
pieces) by auditing the shipped samples and running the theme-day detector over
the hand-written theme-day records, then times, over exactly those calls:
- criticism: the joblib pipeline's `predict_proba` (its CueFeatures finds the
  cues) against `LinearTextModel.predict` with the same cue rows; and the judge
  as it was (pipeline, then `find_cues` again for the reasons) against
  `CriticismJudge.judge` now (cues found once);
- theme-day activities: TfidfVectorizer.transform + predict_proba against
  `LinearTextModel.predict`; and `ActivityModel.predict` as it was (scikit-learn,
  same reasons code) against `ActivityModel.predict` now.
Each figure is the best of --repeat passes over all calls. Then, each in a fresh
interpreter: `Auditor.load()` now, and what loading cost on top before (importing
scikit-learn, SciPy and joblib and unpickling both pipelines) against loading
the two `.npz` files.

    python bench/models.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "models" / "theme_day"))

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import spacy  # noqa: E402

from pipeline.analyse import criticism_features  # noqa: E402,F401  (model.joblib pickles CueFeatures)
from pipeline.analyse.criticism_judge import (  # noqa: E402
    MODEL_FILE, CriticismJudge, Judgement, cue_vector, explain, find_cues,
)
from pipeline.analyse.theme_day import ActivityModel, ThemeDayDetector, load_lexicon  # noqa: E402
from pipeline.audit import Auditor  # noqa: E402
from pipeline.ingest import iter_sources  # noqa: E402

import train_activities  # noqa: E402  (models/theme_day: the scikit-learn reference)

MODELS = REPO / "models"


def collect_calls() -> tuple[list[list[str]], list[list[str]]]:
    """The argument of every `CriticismJudge.judge` and `ActivityModel.predict` call."""
    criticism: list[list[str]] = []
    activity: list[list[str]] = []
    judge, predict = CriticismJudge.judge, ActivityModel.predict

    def judge_spy(self, texts):
        if texts:
            criticism.append(list(texts))
        return judge(self, texts)

    def predict_spy(self, texts):
        if texts:
            activity.append(list(texts))
        return predict(self, texts)

    CriticismJudge.judge, ActivityModel.predict = judge_spy, predict_spy
    try:
        auditor = Auditor.load()
        for folder in ("samples", "samples_prior"):
            for source in iter_sources([REPO / "corpora" / folder]):
                auditor.analyze_source(source)
        from evaluate import build_view  # models/theme_day/evaluate.py

        nlp = spacy.blank("zh")
        detector = ThemeDayDetector.load()
        with (REPO / "corpora" / "theme_days" / "handwritten.jsonl").open(encoding="utf-8") as handle:
            for record in map(json.loads, handle):
                detector.detect(build_view(record["text"], nlp))
    finally:
        CriticismJudge.judge, ActivityModel.predict = judge, predict
    return criticism, activity


def best_of(repeat: int, calls: Sequence[list[str]], run: Callable[[list[str]], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for texts in calls:
            run(texts)
        times.append(time.perf_counter() - started)
    return min(times)


def old_judge(pipeline, judge: CriticismJudge, texts: list[str]) -> list[Judgement]:
    """`CriticismJudge.judge` as it was: the scikit-learn pipeline, then the cues again."""
    probabilities = pipeline.predict_proba(texts)
    classes = list(pipeline.classes_)
    judgements = []
    for text, row in zip(texts, probabilities):
        best = int(np.argmax(row))
        label, confidence = classes[best], float(row[best])
        found = find_cues(text, judge.cues)
        judgements.append(Judgement(label, round(confidence, 3), explain(label, confidence, found, judge.cues.max_examples)))
    return judgements


FRESH_LOAD = """
import time
started = time.perf_counter()
from pipeline.audit import Auditor
Auditor.load()
print(time.perf_counter() - started)
"""
FRESH_SKLEARN = """
import time
import numpy, pipeline.analyse.criticism_judge  # the audit imports these anyway
started = time.perf_counter()
import joblib, scipy.sparse
import sklearn.feature_extraction.text, sklearn.linear_model, sklearn.pipeline
imported = time.perf_counter()
from pipeline.analyse import criticism_features
joblib.load("models/criticism/model.joblib"); joblib.load("models/theme_day/activity_model.joblib")
print(imported - started, time.perf_counter() - imported)
"""
FRESH_NPZ = """
import time
import numpy, pipeline.analyse.criticism_judge  # the audit imports these anyway
started = time.perf_counter()
from pipeline.analyse.linear_text import LinearTextModel
imported = time.perf_counter()
LinearTextModel.load("models/criticism/model.npz"); LinearTextModel.load("models/theme_day/activity_model.npz")
print(imported - started, time.perf_counter() - imported)
"""


def fresh(code: str, repeat: int) -> list[float]:
    """Best over `repeat` fresh interpreters of each printed figure."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
        runs.append([float(x) for x in out.stdout.split()])
    return [min(column) for column in zip(*runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    criticism_calls, activity_calls = collect_calls()
    print(f"criticism: {len(criticism_calls)} calls, {sum(map(len, criticism_calls))} texts; "
          f"theme-day activities: {len(activity_calls)} calls, {sum(map(len, activity_calls))} texts")

    criticism_pipeline = joblib.load(MODELS / "criticism" / MODEL_FILE)
    judge = CriticismJudge.load()
    cues = judge.cues
    activity_pipeline = joblib.load(MODELS / "theme_day" / "activity_model.joblib")
    activity = ActivityModel.load(load_lexicon())
    features = activity_pipeline.named_steps["tfidf"].get_feature_names_out()
    strip = activity.strip

    for texts in criticism_calls:  # same answers before timing anything
        assert old_judge(criticism_pipeline, judge, texts) == judge.judge(texts)
    for texts in activity_calls:
        assert train_activities.sklearn_calls(activity_pipeline, features, strip, texts)[1] == activity.predict(texts)

    def sklearn_activity(texts):
        tfidf = activity_pipeline.named_steps["tfidf"]
        return activity_pipeline.named_steps["clf"].predict_proba(tfidf.transform([strip.sub("", t.strip()) for t in texts]))

    rows = [
        ("criticism model", best_of(args.repeat, criticism_calls, criticism_pipeline.predict_proba),
         best_of(args.repeat, criticism_calls, lambda t: judge.model.predict(t, [cue_vector(x, cues) for x in t]))),
        ("criticism judge()", best_of(args.repeat, criticism_calls, lambda t: old_judge(criticism_pipeline, judge, t)),
         best_of(args.repeat, criticism_calls, judge.judge)),
        ("activity model", best_of(args.repeat, activity_calls, sklearn_activity),
         best_of(args.repeat, activity_calls, lambda t: activity.model.predict([strip.sub("", x.strip()) for x in t]))),
        ("activity predict()", best_of(args.repeat, activity_calls,
                                       lambda t: train_activities.sklearn_calls(activity_pipeline, features, strip, t)),
         best_of(args.repeat, activity_calls, activity.predict)),
    ]
    print(f"best of {args.repeat} passes over all calls      scikit-learn      numpy export   ratio")
    for name, before, after in rows:
        calls = len(criticism_calls) if name.startswith("criticism") else len(activity_calls)
        print(f"{name:20s} total {before * 1000:8.1f} ms {after * 1000:8.1f} ms   ×{before / after:5.1f}"
              f"   per call {before / calls * 1000:6.2f} → {after / calls * 1000:6.2f} ms")

    load = fresh(FRESH_LOAD, args.repeat)[0]
    sk_import, sk_unpickle = fresh(FRESH_SKLEARN, args.repeat)
    np_import, np_load = fresh(FRESH_NPZ, args.repeat)
    print(f"fresh interpreter, best of {args.repeat}:")
    print(f"  import pipeline.audit + Auditor.load() now:                 {load:6.3f} s")
    print(f"  before, on top: import scikit-learn/SciPy/joblib {sk_import:6.3f} s + unpickle both {sk_unpickle:6.3f} s")
    print(f"  now instead:    import linear_text {np_import:6.3f} s + load both .npz {np_load:6.3f} s")
    print(f"  saving per process: {sk_import + sk_unpickle - np_import - np_load:6.3f} s")


if __name__ == "__main__":
    main()
