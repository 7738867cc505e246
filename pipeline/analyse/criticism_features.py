"""The criticism model's cue features as a scikit-learn transformer, for training.

Kept apart from `criticism_judge` so the audit never imports scikit-learn or
SciPy: the judge runs the exported `model.npz` (`linear_text`) and computes
the same `cue_vector` rows itself. `models/criticism/model.joblib` pickles this
class by its path here, so `train.py` and the tests that load the joblib
import this module.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from .criticism_judge import cue_vector, load_cue_lexicon


class CueFeatures(BaseEstimator, TransformerMixin):
    """Cue counts as model features; `weight` scales them against the n-grams."""

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, texts: Iterable[str], labels: Sequence[str] | None = None) -> "CueFeatures":
        return self

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        cues = load_cue_lexicon()
        rows = [cue_vector(text, cues) for text in texts]
        return sparse.csr_matrix(np.asarray(rows, dtype=float) * self.weight)
