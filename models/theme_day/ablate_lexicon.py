"""How much recall does the activity classifier win back when the lexicon lacks words?

Drops a share of the mass, business and volunteer cues from `lexicon.json` at
random, retrains the classifier without them (in a copy of `models/` under
/tmp), and scores the hand-written records of the given splits lexicon-only
and with the classifier at several thresholds. Used to choose
`model_min_probability` without looking at the held-out round.

    .venv/bin/python models/theme_day/ablate_lexicon.py --seed 1 --drop 0.4
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SPLITS = "dev_r1,dev_r2,dev_r3,dev_r4,dev_r5,dev_r6,dev_r7,dev_r8"
CODES = ("theme_day.disguised_mass_activity", "theme_day.disguised_business",
         "theme_day.volunteer_substitute", "theme_day.weak_political")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drop", type=float, default=0.4)
    parser.add_argument("--splits", default=SPLITS)
    args = parser.parse_args()
    models = Path(tempfile.mkdtemp()) / "models"
    shutil.copytree(ROOT / "models", models)
    os.environ["FORMALISM_AUDIT_MODELS"] = str(models)  # read by pipeline.resources at load time
    sys.path[:0] = [str(ROOT), str(HERE)]
    import spacy
    import train_activities
    from evaluate import build_view, score
    from pipeline.analyse.theme_day import ThemeDayDetector

    lexicon = json.loads((HERE / "lexicon.json").read_text(encoding="utf-8"))
    rng = random.Random(args.seed)
    for category in ("mass", "business", "volunteer"):
        lexicon["categories"][category] = [c for c in lexicon["categories"][category] if rng.random() >= args.drop]
    (models / "theme_day" / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False), encoding="utf-8")
    texts, labels = train_activities.snippets(lexicon)
    # the joblib and its .npz export, which is what the detector loads
    train_activities.save(train_activities.pipeline().fit(texts, labels), models / "theme_day" / train_activities.OUT.name)

    nlp = spacy.blank("zh")
    splits = set(args.splits.split(","))
    with (ROOT / "corpora" / "theme_days" / "handwritten.jsonl").open(encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if r["split"] in splits]
    views = [(build_view(r["text"], nlp), set(r["expected_flags"])) for r in records]
    print(f"seed {args.seed}, {args.drop:.0%} of cues dropped, {len(views)} records")
    for threshold in (2.0, 0.45, 0.5, 0.55, 0.6, 0.7):
        detector = ThemeDayDetector.load(model_min_probability=threshold)
        table = score([(e, {f.code for f in detector.detect(v).flags}) for v, e in views], list(CODES))
        label = "lexicon only" if threshold > 1 else f"model ≥ {threshold}"
        print(f"{label:13s} " + "  ".join(
            f"{c.split('.')[1]} {table[c]['precision']}/{table[c]['recall']}" for c in CODES))
    shutil.rmtree(models.parent)


if __name__ == "__main__":
    main()
