"""Build the labelled criticism corpus: `python corpora/criticism/build.py`.

Writes `corpora/criticism/items.jsonl`, one item per line:
`{"id", "text", "label", "unit", "source", "group", "split"}`.

Two sources:
- `handwritten.tsv`: items written whole by hand; every fourth item of each
  label goes to test.
- `challenge.tsv`: hard cases written after the first model was trained, to
  check that score on text the generator never shaped; all of them are test.
- generated items composed from the hand-written banks in `blocks.py` with a
  seeded RNG. Every bank is cut into train/test blocks by position (every
  fourth block is test), and a test item is composed only of test blocks, so no
  test item shares its core phrase, opener, padding or closer with a training
  item. `group` names the core block the item grew from.

The output is deterministic (fixed seed, sorted input); re-running it gives the
same file byte for byte.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterator

import blocks

HERE = Path(__file__).resolve().parent
SEED = 20240118
TEST_EVERY = 4  # block i is a test block when i % TEST_EVERY == 1


def split_of(index: int) -> str:
    return "test" if index % TEST_EVERY == 1 else "train"


def part(bank: list[str], split: str) -> list[str]:
    """The blocks of `bank` that belong to `split`."""
    return [item for i, item in enumerate(bank) if split_of(i) == split]


def pick(rng: random.Random, bank: list[str], split: str) -> str:
    return rng.choice(part(bank, split))


def ending(text: str) -> str:
    """Close a clause with a full stop unless it already ends a sentence."""
    return text if text.endswith(("。", "？", "！")) else text + "。"


def specific_items(rng: random.Random) -> Iterator[dict]:
    """Three variants per fact: bare, with a consequence, with a generic tail."""
    for unit in blocks.UNITS:
        for index, fact in enumerate(blocks.FACTS[unit]):
            split = split_of(index)
            group = f"specific:{unit}:{index}"
            opener = pick(rng, blocks.OPENERS, split)
            yield item(opener + ending(fact) + pick(rng, blocks.CLOSERS, split), "specific", unit, group, split)
            consequence = pick(rng, blocks.CONSEQUENCES, split)
            yield item(
                pick(rng, blocks.OPENERS, split) + fact + "，" + ending(consequence), "specific", unit, group, split
            )
            generic = pick(rng, blocks.GENERIC_SENTENCES, split)
            yield item(
                ending(fact) + "这说明你" + ending(generic) + pick(rng, blocks.CLOSERS, split),
                "specific", unit, group, split,
            )


def generic_clause(rng: random.Random, split: str) -> str:
    if rng.random() < 0.5:
        return pick(rng, blocks.GENERIC_SUBJECTS, split) + pick(rng, blocks.GENERIC_FAULTS, split)
    return pick(rng, blocks.GENERIC_SENTENCES, split)


def boilerplate_items(rng: random.Random, count_per_split: dict[str, int]) -> Iterator[dict]:
    """One to three generic clauses, optional padding (date, numbered slogan) and wish."""
    for split, count in count_per_split.items():
        for number in range(count):
            clauses = [generic_clause(rng, split) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            body = "，".join(dict.fromkeys(clauses))
            text = pick(rng, blocks.OPENERS, split) + pick(rng, blocks.GENERIC_PADDING, split) + ending(body)
            if rng.random() < 0.4:
                text += ending(pick(rng, blocks.GENERIC_WISHES, split))
            else:
                text += pick(rng, blocks.CLOSERS, split)
            yield item(text, "boilerplate", rng.choice(blocks.UNITS), f"boilerplate:{split}:{number}", split)


def framed_items(rng: random.Random, bank: list[str], frames: list[str], key: str, label: str,
                 per_block: int) -> Iterator[dict]:
    """Each core phrase in `per_block` different frames of its own split."""
    for index, core in enumerate(bank):
        split = split_of(index)
        chosen = rng.sample(part(frames, split), per_block)
        for frame in chosen:
            text = frame.format(**{key: core})
            yield item(text, label, rng.choice(blocks.UNITS), f"{label}:{index}", split)


def handwritten_items() -> Iterator[dict]:
    seen: dict[str, int] = {}
    for line in (HERE / "handwritten.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, unit, text = line.split("\t")
        index = seen.get(label, 0)
        seen[label] = index + 1
        yield item(text, label, unit, f"hand:{label}:{index}", split_of(index), source="hand")


def challenge_items() -> Iterator[dict]:
    """Hard cases written after the first model was trained; all of them are test."""
    for index, line in enumerate((HERE / "challenge.tsv").read_text(encoding="utf-8").splitlines()):
        if line.strip() and not line.startswith("#"):
            label, unit, text = line.split("\t")
            yield item(text, label, unit, f"challenge:{index}", "test", source="challenge")


def item(text: str, label: str, unit: str, group: str, split: str, source: str = "generated") -> dict:
    return {"text": text, "label": label, "unit": unit, "source": source, "group": group, "split": split}


def build() -> list[dict]:
    rng = random.Random(SEED)
    items = [
        *handwritten_items(),
        *challenge_items(),
        *specific_items(rng),
        *boilerplate_items(rng, {"train": 190, "test": 70}),
        *framed_items(rng, blocks.SUGGESTIONS, blocks.SUGGESTION_FRAMES, "s", "suggestion", 3),
        *framed_items(rng, blocks.PRAISE, blocks.PRAISE_FRAMES, "p", "praise", 3),
    ]
    unique, seen = [], set()
    for entry in items:
        if entry["text"] not in seen:
            seen.add(entry["text"])
            unique.append(entry)
    for number, entry in enumerate(unique):
        entry["id"] = f"c{number:04d}"
    return unique


def main() -> None:
    items = build()
    with (HERE / "items.jsonl").open("w", encoding="utf-8") as out:
        for entry in items:
            out.write(json.dumps({"id": entry.pop("id"), **entry}, ensure_ascii=False) + "\n")
    counts: dict[tuple[str, str], int] = {}
    for entry in items:
        counts[entry["split"], entry["label"]] = counts.get((entry["split"], entry["label"]), 0) + 1
    print(f"{len(items)} items written to {HERE / 'items.jsonl'}")
    for key in sorted(counts):
        print(*key, counts[key])


if __name__ == "__main__":
    main()
