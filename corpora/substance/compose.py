"""Build `paragraphs.jsonl`, the ranked substance corpus, from the hand-written
blocks (`blocks.txt`) and whole paragraphs (`hand.txt`).

Deterministic (fixed seed), so the corpus and the model trained on it are
reproducible: `python corpora/substance/compose.py`.

Tiers: 0 hollow, 1 middling, 2 concrete, always compared within one topic.
Whole topics are held out (`HELD_OUT`), never single paragraphs, so the
held-out ranking accuracy measures topics the model has not seen.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261123
VARIANTS = 3
HELD_OUT = {
    "t25", "t26", "t27", "t28", "t29", "t30", "t31", "t32",
    "h09", "h10", "h11", "h12", "h19", "h20", "h21", "h22", "h23", "h24",
}
_HEADER = re.compile(r"^## topic: (\S+) \| (\S+) \| (.+)$")


def parse(path: Path) -> tuple[dict[str, dict], list[str]]:
    """Topics keyed by id ({genre, unit, lines: {tag: [text]}}) and the generic pool."""
    topics: dict[str, dict] = {}
    generic: list[str] = []
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("## ")):
            continue
        if line == "## generic":
            current = "generic"
            continue
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
            topics[current] = {"genre": header.group(2), "unit": header.group(3), "lines": {}}
            continue
        tag, text = line.split(":", 1)
        if current == "generic":
            generic.append(text.strip())
        else:
            topics[current]["lines"].setdefault(tag.strip(), []).append(text.strip())
    return topics, generic


def compose_tier(tier: int, lines: dict[str, list[str]], generic: list[str], rng: random.Random) -> str:
    """One paragraph of the given tier from a topic's blocks."""
    hollow, middling, concrete = lines.get("H", []), lines.get("M", []), lines.get("C", [])
    if tier == 0:
        parts = rng.sample(hollow, min(2, len(hollow))) + rng.sample(generic, rng.choice([1, 2]))
    elif tier == 1:
        parts = rng.sample(hollow, 1) + middling[:]
        if rng.random() < 0.5:
            parts.append(rng.choice(generic))
    else:
        parts = rng.sample(concrete, min(3, len(concrete)))
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(hollow))
    return "".join(parts)


def build() -> list[dict]:
    rng = random.Random(SEED)
    rows = []
    topics, generic = parse(HERE / "blocks.txt")
    for topic_id, topic in topics.items():
        for tier in (0, 1, 2):
            for variant in range(VARIANTS):
                rows.append({
                    "id": f"{topic_id}-{tier}-{variant}", "topic": topic_id, "genre": topic["genre"],
                    "unit": topic["unit"], "tier": tier, "source": "composed",
                    "split": "heldout" if topic_id in HELD_OUT else "train",
                    "text": compose_tier(tier, topic["lines"], generic, rng),
                })
    hand, _ = parse(HERE / "hand.txt")
    for topic_id, topic in hand.items():
        for tag, texts in topic["lines"].items():
            for variant, text in enumerate(texts):
                rows.append({
                    "id": f"{topic_id}-{tag}-{variant}", "topic": topic_id, "genre": topic["genre"],
                    "unit": topic["unit"], "tier": int(tag), "source": "hand",
                    "split": "heldout" if topic_id in HELD_OUT else "train", "text": text,
                })
    return rows


def main() -> None:
    rows = build()
    with (HERE / "paragraphs.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    held = sum(r["split"] == "heldout" for r in rows)
    print(f"wrote {len(rows)} paragraphs ({held} held out) to {HERE / 'paragraphs.jsonl'}")


if __name__ == "__main__":
    main()
