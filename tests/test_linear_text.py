"""The numpy export of the two trained models (`pipeline/analyse/linear_text.py`)
gives scikit-learn's probabilities on every labelled text, the same theme-day
reasons, matches the joblib files it was exported from, survives a save/load
round trip, and the audit runs without importing scikit-learn or SciPy."""
from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.analyse import criticism_features  # noqa: F401  (model.joblib pickles CueFeatures from there)
from pipeline.analyse.criticism_judge import EXPORT_FILE, MODEL_FILE, CriticismJudge, cue_vector, load_cue_lexicon
from pipeline.analyse.linear_text import LinearTextModel
from pipeline.analyse.theme_day import ActivityModel, ModelCall, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
CRITICISM_JOBLIB = MODELS / "criticism" / MODEL_FILE
CRITICISM_NPZ = MODELS / "criticism" / EXPORT_FILE
ACTIVITY_JOBLIB = MODELS / "theme_day" / "activity_model.joblib"
ACTIVITY_NPZ = MODELS / "theme_day" / ActivityModel.EXPORT_FILE
TOLERANCE = 1e-6


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _train_module():
    """`models/theme_day/train_activities.py` (training snippets and the scikit-learn reference)."""
    sys.path.insert(0, str(MODELS / "theme_day"))
    try:
        return _module(MODELS / "theme_day" / "train_activities.py", "train_activities_for_test")
    finally:
        sys.path.remove(str(MODELS / "theme_day"))


# ---- data ------------------------------------------------------------------

@pytest.fixture(scope="module")
def criticism_texts() -> list[str]:
    """Every text `models/criticism/train.py` reads (all splits)."""
    train = _module(MODELS / "criticism" / "train.py", "criticism_train")
    texts = [item["text"] for item in train.load_items()]
    assert len(texts) > 500
    return texts


@pytest.fixture(scope="module")
def activity_texts() -> list[str]:
    """The classifier's training snippets, then every line, sentence and
    sequence piece of the hand-written records (what the detector asks about)."""
    snippets, _ = _train_module().snippets(json.loads((MODELS / "theme_day" / "lexicon.json").read_text(encoding="utf-8")))
    lexicon = load_lexicon()
    pieces: list[str] = []
    with (ROOT / "corpora" / "theme_days" / "handwritten.jsonl").open(encoding="utf-8") as handle:
        for record in map(json.loads, handle):
            for line in record["text"].splitlines():
                pieces.append(line)
                for sentence in lexicon.sentence_split.split(line):
                    pieces.append(sentence)
                    pieces.extend(lexicon.sequence_split.split(sentence))
    pieces = list(dict.fromkeys(p for p in pieces if p and p.strip()))
    assert len(snippets) > 500 and len(pieces) > 2000
    return snippets + pieces


@pytest.fixture(scope="module")
def criticism_pipeline():
    return joblib.load(CRITICISM_JOBLIB)


@pytest.fixture(scope="module")
def activity_pipeline():
    return joblib.load(ACTIVITY_JOBLIB)


def assert_same_model(a: LinearTextModel, b: LinearTextModel) -> None:
    for field in dataclasses.fields(LinearTextModel):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y), field.name
        else:
            assert x == y, field.name


# ---- the char analyzer -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "", "a", "ab", "党", "开展  主题\t\n党日", "  leading and trailing  ", "ABC Def\u3000\u3000全角空格",
    "x\n\ny", "一 二  三   四", "İstanbul ΣΑΣ", "1.2.3、（一）",
])
@pytest.mark.parametrize("ngram_range", [(1, 3), (2, 4), (1, 1)])
@pytest.mark.parametrize("lowercase", [True, False])
def test_ngrams_are_sklearns_char_analyzer(text, ngram_range, lowercase):
    analyzer = TfidfVectorizer(analyzer="char", ngram_range=ngram_range, lowercase=lowercase).build_analyzer()
    model = LinearTextModel.from_arrays(
        classes=("a", "b", "c"), features=np.array(["a"]), idf=np.ones(1), coef=np.zeros((3, 1)),
        intercept=np.zeros(3), ngram_range=ngram_range, lowercase=lowercase,
    )
    assert model.ngrams(text) == analyzer(text)


# ---- criticism -------------------------------------------------------------

def test_criticism_probabilities_equal_sklearn(criticism_pipeline, criticism_texts):
    model = LinearTextModel.load(CRITICISM_NPZ)
    cues = load_cue_lexicon()
    expected = criticism_pipeline.predict_proba(criticism_texts)
    got = model.predict(criticism_texts, [cue_vector(t, cues) for t in criticism_texts]).probabilities
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= TOLERANCE
    assert np.array_equal(got.argmax(axis=1), expected.argmax(axis=1))
    assert model.classes == tuple(criticism_pipeline.classes_)


def test_criticism_judge_labels_equal_sklearn(criticism_pipeline, criticism_texts):
    judgements = CriticismJudge.load().judge(criticism_texts)
    expected = criticism_pipeline.predict_proba(criticism_texts)
    classes = list(criticism_pipeline.classes_)
    assert [j.label for j in judgements] == [classes[i] for i in expected.argmax(axis=1)]
    assert [j.confidence for j in judgements] == [round(float(row.max()), 3) for row in expected]


def test_criticism_export_matches_joblib(criticism_pipeline):
    assert_same_model(LinearTextModel.load(CRITICISM_NPZ), LinearTextModel.from_pipeline(criticism_pipeline))


# ---- theme-day activities --------------------------------------------------

def sklearn_calls(pipeline, strip: re.Pattern, texts: list[str]) -> tuple[np.ndarray, list[ModelCall]]:
    """`ActivityModel.predict` as it was written against the scikit-learn pipeline."""
    features = pipeline.named_steps["tfidf"].get_feature_names_out()
    return _train_module().sklearn_calls(pipeline, features, strip, texts)


def test_activity_probabilities_and_reasons_equal_sklearn(activity_pipeline, activity_texts):
    lexicon = load_lexicon()
    model = ActivityModel.load(lexicon)
    expected, expected_calls = sklearn_calls(activity_pipeline, lexicon.model_strip, activity_texts)
    got = model.model.predict([lexicon.model_strip.sub("", t.strip()) for t in activity_texts]).probabilities
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= TOLERANCE
    assert np.array_equal(got.argmax(axis=1), expected.argmax(axis=1))
    calls = model.predict(activity_texts)
    assert sum(bool(c.ngrams) for c in calls) > len(calls) / 2  # the reasons are really compared
    assert calls == expected_calls


def test_activity_calls_shaped_as_the_detector_makes_them(activity_pipeline, activity_texts):
    """One call per document-sized batch gives what one big call gives."""
    lexicon = load_lexicon()
    model = ActivityModel.load(lexicon)
    texts = activity_texts[-200:]
    _, expected = sklearn_calls(activity_pipeline, lexicon.model_strip, texts)
    assert [call for i in range(0, len(texts), 7) for call in model.predict(texts[i:i + 7])] == expected
    assert model.predict([]) == []


def test_activity_export_matches_joblib(activity_pipeline):
    assert_same_model(LinearTextModel.load(ACTIVITY_NPZ), LinearTextModel.from_pipeline(activity_pipeline))


# ---- the file and its checks -----------------------------------------------

@pytest.mark.parametrize("path", [CRITICISM_NPZ, ACTIVITY_NPZ])
def test_save_load_round_trip(tmp_path, path):
    model = LinearTextModel.load(path)
    model.save(tmp_path / "copy.npz")
    again = LinearTextModel.load(tmp_path / "copy.npz")
    assert_same_model(model, again)
    with np.load(tmp_path / "copy.npz", allow_pickle=False) as data:
        assert data["features"].dtype.kind == "U"


def test_a_changed_export_is_caught(tmp_path, activity_pipeline):
    """The export comparison fails on a one-coefficient difference (a retrain without re-export)."""
    model = LinearTextModel.from_pipeline(activity_pipeline)
    coef = model.coef.copy()
    coef[0, 0] = np.nextafter(coef[0, 0], np.inf)
    with pytest.raises(AssertionError):
        assert_same_model(dataclasses.replace(model, coef=coef), model)


def test_extra_features_are_required_exactly_when_the_model_has_them():
    criticism, activity = LinearTextModel.load(CRITICISM_NPZ), LinearTextModel.load(ACTIVITY_NPZ)
    assert criticism.n_extra > 0 and activity.n_extra == 0
    with pytest.raises(ValueError):
        criticism.predict(["你的工作有差距"])
    with pytest.raises(ValueError):
        activity.predict(["开展志愿服务"], [[0.0]])
    with pytest.raises(ValueError):
        criticism.predict(["你的工作有差距"], [[0.0]])


def test_unsupported_pipelines_are_refused():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts, labels = ["登山", "党课", "聚餐", "调研"], ["a", "b", "c", "a"]
    for vectorizer in (TfidfVectorizer(analyzer="char_wb"), TfidfVectorizer(analyzer="char", norm="l1")):
        pipeline = Pipeline([("tfidf", vectorizer), ("clf", LogisticRegression())]).fit(texts, labels)
        with pytest.raises(ValueError):
            LinearTextModel.from_pipeline(pipeline)


# ---- the audit without scikit-learn ----------------------------------------

NO_SKLEARN = textwrap.dedent("""
    import sys
    from pipeline.audit import Auditor
    from pipeline.analyse import linear_text
    from pipeline.ingest import iter_sources

    used = set()
    predict = linear_text.LinearTextModel.predict
    def spy(self, texts, extra=None):
        used.add(self.classes)
        return predict(self, texts, extra)
    linear_text.LinearTextModel.predict = spy
    auditor = Auditor.load()
    results = [auditor.analyze_source(s) for s in iter_sources(["corpora/samples"])]
    assert sum(r.status == "ok" for r in results) > 20, [r.status for r in results]
    assert len(used) == 2, used  # both models ran
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy", "joblib"))
    print(",".join(loaded))
""")


def test_audit_imports_neither_sklearn_nor_scipy():
    done = subprocess.run(
        [sys.executable, "-c", NO_SKLEARN], cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "", f"loaded: {done.stdout.strip()[:500]}"
