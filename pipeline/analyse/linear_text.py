"""Character n-gram TF-IDF + linear classifier, in numpy only, for audit time.

Why: the trained models are scikit-learn pipelines (`models/*/*.joblib`), but
importing scikit-learn (and SciPy) costs every worker process over a second,
and each `predict_proba` call through a Pipeline/FeatureUnion pays several
milliseconds of validation and dispatch, while the arithmetic itself is a few
dictionary look-ups and a small dot product. The training scripts export the
fitted numbers to a `.npz` file (`LinearTextModel.from_pipeline(...).save()`);
the audit loads that file and computes the same probabilities here.

What is reproduced, from scikit-learn 1.9's `TfidfVectorizer(analyzer="char")`
and `LogisticRegression`:
- preprocessing: `str.lower()` when `lowercase` (no accent stripping);
- `_char_ngrams`: runs of two or more whitespace characters become one space,
  then every n-gram of each length in `ngram_range`, unigrams first; n-grams
  not in the fitted vocabulary are ignored;
- sublinear tf `1 + log(tf)`, times idf, then the l2 norm of each row, in the
  TF-IDF dtype (float32 or float64) and in the same order of operations, so the
  values are the same bits as scikit-learn's (the l2 sum of squares is
  accumulated in float64, column by column, as `_inplace_csr_row_normalize_l2`);
- a FeatureUnion's extra dense features (`n_extra` of them, multiplied by
  `extra_weight`) placed after the TF-IDF block, outside its norm;
- the decision function `X @ coef.T + intercept`, accumulated column by column
  as SciPy's CSR product does, then the softmax of the multinomial model.
Tests (`tests/test_linear_text.py`) compare every labelled text with the
scikit-learn pipeline and check that the exported files match the joblib ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import numpy as np

FORMAT = 1
_WHITE_SPACES = re.compile(r"\s\s+")  # as TfidfVectorizer._white_spaces


@dataclass(frozen=True, eq=False)
class Vectors:
    """TF-IDF rows in CSR layout (columns ascending in each row) and the
    probabilities per class; `row(i)` gives one row's (columns, values)."""

    probabilities: np.ndarray  # (n_texts, n_classes), in the coefficients dtype
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray  # in the TF-IDF dtype

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[i], self.indptr[i + 1]
        return self.indices[start:end], self.values[start:end]


@dataclass(frozen=True, eq=False)
class LinearTextModel:
    """A fitted char n-gram TF-IDF + multinomial logistic regression.

    Plain fields and no `__init__` work: the object is built by `load()` (the
    audit) or `from_pipeline()` (training and tests), both of which derive the
    n-gram look-up table once, so a model is cheap to copy and holds nothing
    but its numbers. `vocabulary` maps n-gram → column and `features` is the
    n-gram of each column (the file stores only `features`). Equality is
    identity (`eq=False`): numpy fields have no single truth value; compare
    fields to compare models.
    """

    classes: tuple[str, ...]
    features: np.ndarray  # unicode array, n-gram of each TF-IDF column
    vocabulary: Mapping[str, int]
    idf: np.ndarray  # (n_features,), its dtype is the TF-IDF dtype
    coef: np.ndarray  # (n_classes, n_features + n_extra), in the dtype it was fitted in
    intercept: np.ndarray  # (n_classes,), same dtype as coef
    ngram_range: tuple[int, int]
    lowercase: bool = True
    sublinear_tf: bool = True
    n_extra: int = 0  # dense features after the TF-IDF block (a FeatureUnion's second part)
    extra_weight: float = 1.0  # the extra transformer's `weight`, applied as it does

    # ---- building -------------------------------------------------------

    @classmethod
    def from_arrays(cls, **fields: Any) -> "LinearTextModel":
        """Build from plain fields, deriving `vocabulary` from `features`."""
        features = np.asarray(fields.pop("features"), dtype=str)
        vocabulary = {str(gram): column for column, gram in enumerate(features.tolist())}
        if len(vocabulary) != len(features):
            raise ValueError("duplicate n-grams in the vocabulary")
        return cls(features=features, vocabulary=vocabulary, **fields)

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> "LinearTextModel":
        """Export a fitted scikit-learn Pipeline: a `TfidfVectorizer(analyzer="char")`,
        or a FeatureUnion of one and a dense transformer with a `weight` (its rows
        are passed to `predict` as `extra`), then a multinomial `LogisticRegression`.

        For training scripts and tests only: imports scikit-learn. Refuses any
        setting this module does not reproduce rather than export it wrongly.
        """
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        features_step, classifier = pipeline.steps[0][1], pipeline.steps[-1][1]
        if len(pipeline.steps) != 2 or not isinstance(classifier, LogisticRegression):
            raise ValueError("expected Pipeline([features, LogisticRegression])")
        extra_weight = 1.0
        if isinstance(features_step, FeatureUnion):
            parts = [t for _, t in features_step.transformer_list if t not in ("drop", None)]
            if len(parts) != 2 or not isinstance(parts[0], TfidfVectorizer):
                raise ValueError("expected FeatureUnion([TfidfVectorizer, extra features])")
            if features_step.transformer_weights:
                raise ValueError("FeatureUnion transformer_weights are not supported")
            tfidf, extra_weight = parts[0], float(getattr(parts[1], "weight", 1.0))
        elif isinstance(features_step, TfidfVectorizer):
            tfidf = features_step
        else:
            raise ValueError(f"unsupported feature step {type(features_step).__name__}")
        unsupported = {
            "analyzer": "char", "preprocessor": None, "strip_accents": None, "binary": False,
            "norm": "l2", "use_idf": True, "input": "content", "tokenizer": None,
        }
        wrong = {k: getattr(tfidf, k) for k, v in unsupported.items() if getattr(tfidf, k) != v}
        if wrong:
            raise ValueError(f"TfidfVectorizer settings not reproduced: {wrong}")
        if len(classifier.classes_) <= 2 or getattr(classifier, "multi_class", "deprecated") == "ovr":
            raise ValueError("only a multinomial (softmax) LogisticRegression with 3+ classes is reproduced")
        names = tfidf.get_feature_names_out()
        coef = np.asarray(classifier.coef_)
        return cls.from_arrays(
            classes=tuple(str(c) for c in classifier.classes_),
            features=np.asarray(names, dtype=str),
            idf=np.asarray(tfidf.idf_).copy(),
            coef=coef.copy(),
            intercept=np.asarray(classifier.intercept_).copy(),
            ngram_range=(int(tfidf.ngram_range[0]), int(tfidf.ngram_range[1])),
            lowercase=bool(tfidf.lowercase),
            sublinear_tf=bool(tfidf.sublinear_tf),
            n_extra=int(coef.shape[1] - len(names)),
            extra_weight=extra_weight,
        )

    # ---- file -----------------------------------------------------------

    def save(self, path: Path | str) -> None:
        """Write a `.npz` (no pickles: strings as a numpy unicode array)."""
        features = np.asarray(self.features, dtype=str)
        if features.tolist() != [str(g) for g in self.features]:
            raise ValueError("an n-gram does not survive a numpy unicode array (trailing NUL?)")
        np.savez(
            path,
            format=np.array(FORMAT),
            classes=np.asarray(self.classes, dtype=str),
            features=features,
            idf=self.idf,
            coef=self.coef,
            intercept=self.intercept,
            ngram_range=np.asarray(self.ngram_range, dtype=np.int64),
            lowercase=np.array(self.lowercase),
            sublinear_tf=np.array(self.sublinear_tf),
            n_extra=np.array(self.n_extra, dtype=np.int64),
            extra_weight=np.array(self.extra_weight, dtype=np.float64),
        )

    @classmethod
    def load(cls, path: Path | str) -> "LinearTextModel":
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT:
                raise ValueError(f"{path}: format {int(data['format'])}, expected {FORMAT}")
            return cls.from_arrays(
                classes=tuple(str(c) for c in data["classes"].tolist()),
                features=data["features"],
                idf=data["idf"],
                coef=data["coef"],
                intercept=data["intercept"],
                ngram_range=tuple(int(n) for n in data["ngram_range"]),
                lowercase=bool(data["lowercase"]),
                sublinear_tf=bool(data["sublinear_tf"]),
                n_extra=int(data["n_extra"]),
                extra_weight=float(data["extra_weight"]),
            )

    # ---- prediction -----------------------------------------------------

    def ngrams(self, text: str) -> list[str]:
        """The char n-grams of `text`, as TfidfVectorizer's char analyzer makes them."""
        if self.lowercase:
            text = text.lower()
        text = _WHITE_SPACES.sub(" ", text)
        low, high = self.ngram_range
        grams: list[str] = []
        if low == 1:
            grams = list(text)
            low = 2
        for n in range(low, min(high + 1, len(text) + 1)):
            grams += [text[i:i + n] for i in range(len(text) - n + 1)]
        return grams

    def predict(self, texts: Sequence[str], extra: Optional[Sequence[Sequence[float]]] = None) -> Vectors:
        """Probabilities per class (ordered as `classes`) and the TF-IDF rows.

        `extra`: one row of `n_extra` raw values per text (before `extra_weight`),
        required exactly when the model has extra features.
        """
        if (extra is None) != (self.n_extra == 0):
            raise ValueError(f"this model takes {self.n_extra} extra features per text")
        dtype = self.idf.dtype
        lookup = self.vocabulary.get
        indptr = [0]
        # one empty part first, so that no texts still concatenate to empty int64 arrays
        indices: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        counts: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        for text in texts:
            grams = self.ngrams(text)
            # the dictionary lookups run in C (map), the counting in numpy: each column once, ascending
            columns = np.fromiter(map(lookup, grams, repeat(-1, len(grams))), dtype=np.int64, count=len(grams))
            found, found_counts = np.unique(columns[columns >= 0], return_counts=True)
            indices.append(found)
            counts.append(found_counts)
            indptr.append(indptr[-1] + len(found))
        n_rows = len(indptr) - 1
        ptr = np.asarray(indptr, dtype=np.int64)
        cols = np.concatenate(indices)
        values = np.concatenate(counts).astype(dtype)
        if self.sublinear_tf:
            np.log(values, out=values)
            values += 1.0
        values *= self.idf[cols]
        # padded (row, position) layout so sums run column by column, as scikit-learn's loops do
        lengths = np.diff(ptr)
        width = int(lengths.max()) if n_rows else 0
        rows = np.repeat(np.arange(n_rows), lengths)
        positions = np.arange(len(cols)) - ptr[rows]
        squares = np.zeros((n_rows, width), dtype=np.float64)
        squares[rows, positions] = values * values  # product in the TF-IDF dtype, summed in float64
        norms = np.cumsum(squares, axis=1)[:, -1] if width else np.zeros(n_rows)
        norms = np.sqrt(norms)
        scale = np.where(norms == 0.0, 1.0, norms)
        values = (values / scale[rows]).astype(dtype, copy=False)
        if self.n_extra:
            dense = np.asarray(extra, dtype=float) * self.extra_weight
            if dense.shape != (n_rows, self.n_extra):
                raise ValueError(f"extra features of shape {dense.shape}, expected {(n_rows, self.n_extra)}")
        else:
            dense = np.zeros((n_rows, 0))
        n_features = len(self.features)
        coef_t = self.coef.T
        # SciPy's CSR @ dense works in the common dtype (float32 for a model fitted on float32)
        work = np.result_type(values.dtype, dense.dtype if self.n_extra else values.dtype, coef_t.dtype)
        terms = np.zeros((n_rows, width + self.n_extra, len(self.classes)), dtype=work)
        terms[rows, positions] = values.astype(work)[:, None] * coef_t[cols].astype(work)
        if self.n_extra:
            terms[:, width:] = dense.astype(work)[:, :, None] * coef_t[n_features:].astype(work)[None, :, :]
        if terms.shape[1]:
            decision = np.cumsum(terms, axis=1)[:, -1]
        else:
            decision = np.zeros((n_rows, len(self.classes)), dtype=work)
        decision = decision + self.intercept
        # softmax as sklearn.utils.extmath.softmax
        decision -= decision.max(axis=1).reshape(-1, 1)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1).reshape(-1, 1)
        return Vectors(decision, ptr, cols, values)
