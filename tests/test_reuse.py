"""Shared text across a batch: copied passages with exact offsets in both
files, prior-period sources, templates and the batch-relative boilerplate."""
from __future__ import annotations

import random
import re
from dataclasses import replace

import numpy

from pipeline.analyse.alignment import (
    SharedPassage,
    _trim,
    align_pairs,
    shared_passages,
)
from pipeline.analyse.reuse import Copy, ReuseDetector
from pipeline.records import AuditResult
from pipeline.sentences import split_sentences

SHARED = (
    "针对老旧小区加装电梯推进慢的问题，今年新开工41部、完工29部，较上年增加18部。"
    "清退违规发放的加班补贴13.6万元，对2名负有责任的科室负责人进行了诫勉谈话。"
)
A = "城东街道整改报告\n今年以来，街道围绕巡察反馈问题开展整改。" + SHARED + "下一步将继续做好回访工作。"
B = "城西街道整改情况\n开头写的是别的事情，比如修复路灯12盏，清理楼道杂物。" + SHARED + "结尾也不相同。"
C = "学校食堂检查情况：检查全县学校食堂72所，发现问题153处，已整改148处，其余5处12月15日前完成。"
TEMPLATE = (
    "按照上级通知要求，我支部认真组织学习，全体党员参加，会上传达了文件精神，大家结合实际谈了体会，"
    "会议要求全体党员以实际行动把学习成果转化为推动工作的动力，确保各项任务落到实处。"
)


def record(path, text):
    return AuditResult(path=path, sha256=path, status="ok", text=text)


def copied(findings):
    return [f for f in findings.flags if f.code == "reuse.copied"]


def test_alignment_offsets_index_both_texts():
    passages = shared_passages(A, B, min_len=50)
    assert len(passages) == 1
    p = passages[0]
    assert A[p.a_start : p.a_end] == B[p.b_start : p.b_end] == SHARED
    assert shared_passages(A, C, min_len=50) == []


def test_copied_passage_found_with_exact_offsets_in_both_files():
    batch = [record("a.docx", A), record("b.docx", B), record("c.txt", C)]
    found = ReuseDetector.load().detect_batch(batch)
    (flag_a,) = copied(found[0])
    (flag_b,) = copied(found[1])
    assert copied(found[2]) == []
    ev = flag_a.evidence[0]
    assert A[ev.start : ev.end] == ev.text == SHARED
    assert B[flag_b.evidence[0].start : flag_b.evidence[0].end] == SHARED
    link = found[0].extra["reuse"][0]
    assert link["other_path"] == "b.docx"
    assert B[link["other_start"] : link["other_end"]] == SHARED
    assert f"b.docx 第{link['other_start'] + 1}–{link['other_end']}字" in flag_a.message
    assert found[0].components["copied_share"] > 0.5


def test_min_passage_is_configurable():
    batch = [record("a.docx", A), record("b.docx", B)]
    strict = ReuseDetector.load(min_passage=len(SHARED) + 1).detect_batch(batch)
    assert copied(strict[0]) == [] and copied(strict[1]) == []


def test_prior_period_is_a_source_only():
    batch = [record("2024/a.docx", A), record("2024/c.txt", C)]
    prior = [record("2023/a.docx", B)]
    found = ReuseDetector.load().detect_batch(batch, prior)
    assert set(found) == {0, 1}
    (flag,) = copied(found[0])
    assert "上期材料" in flag.message and "2023/a.docx" in flag.message
    assert found[0].extra["reuse"][0]["other_is_prior"] is True
    assert A[flag.evidence[0].start : flag.evidence[0].end] == SHARED


def test_template_and_boilerplate_fire_and_not():
    own = [
        "第一党支部：检查企业316家。", "第二党支部：走访农户230户。", "第三党支部：培训187人次。",
        "第四党支部：清运垃圾2.3吨。", "第五党支部：回访居民300户。",
    ]
    batch = [record(f"t{i}.docx", TEMPLATE + extra) for i, extra in enumerate(own)]
    batch += [record("c.txt", C), record("a.docx", A), record("x.txt", "本支部今年发展党员2名，转正3名，均逐一表决。")]
    found = ReuseDetector.load(max_candidates=2).detect_batch(batch)
    for index in range(5):
        codes = {f.code for f in found[index].flags}
        assert "reuse.template" in codes
        assert copied(found[index]) == []  # template text, not a copy between two units
        assert found[index].components["boilerplate"] > 0.6
        assert found[index].components["boilerplate_phrases"]
        for flag in found[index].flags:
            for ev in flag.evidence:
                assert batch[index].text[ev.start : ev.end] == ev.text
    for index in (5, 6, 7):
        assert "reuse.template" not in {f.code for f in found[index].flags}
        assert found[index].components["boilerplate"] == 0.0


def test_audit_of_a_folder_flags_copies_and_prior_sources(tmp_path):
    from pipeline.audit import analyze_many

    batch, prior = tmp_path / "2024", tmp_path / "2023"
    batch.mkdir()
    prior.mkdir()
    (batch / "a.txt").write_text(A, encoding="utf-8")
    (batch / "c.txt").write_text(C, encoding="utf-8")
    (prior / "a_2023.txt").write_text(B, encoding="utf-8")
    results = analyze_many([batch], prior=[prior])
    assert [r.path.endswith(name) for r, name in zip(results, ("a.txt", "c.txt"))] == [True, True]
    (flag,) = [f for f in results[0].flags if f.code == "reuse.copied"]
    assert "a_2023.txt" in flag.message
    ev = flag.evidence[0]
    assert results[0].text[ev.start : ev.end] == ev.text == SHARED
    assert not [f for f in results[1].flags if f.code.startswith("reuse.")]
    assert "boilerplate" in results[0].substance.components


def test_several_passages_from_one_document_make_one_flag():
    second = "会议决定从县级预备费中安排800万元，用于青山、柳河2个受灾最重乡镇的道路和堤防修复，8月31日前完成抢修。"
    a = "甲单位总结。" + SHARED + "中间是甲单位自己写的内容，与乙单位没有关系，写了很多字。" + second
    b = "乙单位总结。" + second + "乙单位自己的内容放在这里，也写了不少字，不能相同。" + SHARED
    found = ReuseDetector.load().detect_batch([record("a.txt", a), record("b.txt", b)])
    (flag,) = copied(found[0])
    assert [a[e.start : e.end] for e in flag.evidence] == [SHARED, second]
    assert "另有1段也相同" in flag.message
    assert flag.severity == "high"


# -- batched alignment against a brute-force walk ----------------------------------------------

def brute_force_passages(a, b, min_len=50, k=12, max_seeds=8):
    """The alignment rules on plain strings: no hashes, no numpy, characters compared one by one."""
    if min(len(a), len(b)) < min_len or k > min_len:
        return []
    where = {}
    for j in range(len(b) - k + 1):
        where.setdefault(b[j : j + k], []).append(j)
    present = [a[i : i + k] in where for i in range(len(a) - k + 1)] + [False]
    runs, start = [], None
    for i, hit in enumerate(present):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            if i - start >= min_len - k + 1:
                runs.append((start, i))
            start = None
    found = []
    for run_start, run_end in runs:
        i = run_start
        while i < run_end:
            best_len, best_j = 0, -1
            for j in where[a[i : i + k]][:max_seeds]:
                length = 0
                while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                    length += 1
                if length > best_len:
                    best_len, best_j = length, j
            if best_len >= min_len:
                s, e = _trim(a, i, i + best_len)
                if e - s >= min_len:
                    found.append(SharedPassage(s, e, best_j + s - i, best_j + s - i + e - s))
                i += best_len
            else:
                i += 1
    return found


def random_chinese(rng, length):
    """Random ideographs with some punctuation and spaces, so unrelated texts share no long run."""
    chars = [chr(0x4E00 + rng.randrange(3000)) for _ in range(length)]
    for i in range(0, length, 17):
        chars[i] = rng.choice("，。、； \n")
    return "".join(chars)


def test_batched_alignment_matches_brute_force_and_finds_planted_copies():
    rng = random.Random(20240611)
    docs = [random_chinese(rng, rng.randrange(500, 1500)) for _ in range(8)]
    planted = []  # (source, start, end, copier)
    for source, copier, length in [(0, 3, 120), (0, 5, 120), (1, 2, 75), (4, 6, 300), (7, 2, 60), (6, 1, 52), (5, 7, 50)]:
        start = rng.randrange(0, len(docs[source]) - length)
        passage = docs[source][start : start + length]
        at = rng.randrange(1, len(docs[copier]))
        docs[copier] = docs[copier][:at] + "甲" + passage + "乙" + docs[copier][at:]
        planted.append((source, start, start + length, copier))
    docs.append(docs[3][:200] + "丙" + docs[3][200:])  # a near-copy: two passages
    pairs = [(a, b) for a in range(len(docs)) for b in range(len(docs)) if a != b] + [(2, 2)]
    batched = align_pairs(docs, pairs)
    expected = [brute_force_passages(docs[a], docs[b]) for a, b in pairs]
    assert batched == expected
    assert batched == [shared_passages(docs[a], docs[b]) for a, b in pairs]
    assert sum(map(len, batched)) > len(planted)
    for (a, b), found in zip(pairs, batched):
        for p in found:
            assert docs[a][p.a_start : p.a_end] == docs[b][p.b_start : p.b_end]
    # each planted copy, with exact offsets in both texts (trimmed if it starts with punctuation)
    copies = ReuseDetector.load().find_copies(docs, len(docs))
    for source, start, end, copier in planted:
        s, e = _trim(docs[source], start, end)
        at = docs[copier].index(docs[source][start:end]) + s - start
        assert SharedPassage(s, e, at, at + e - s) in batched[pairs.index((source, copier))]
        assert SharedPassage(at, at + e - s, s, e) in batched[pairs.index((copier, source))]
        if end - start >= 100:  # long enough for the window LSH to pair the two documents
            assert Copy(s, e, copier, at, at + e - s) in copies[source]
            assert Copy(at, at + e - s, source, s, e) in copies[copier]


def test_batched_alignment_of_texts_sharing_nothing_is_empty():
    rng = random.Random(5)
    a = random_chinese(rng, 800)
    b = "".join(chr(0x9000 + rng.randrange(500)) for _ in range(800))  # other ideographs only
    short = a[:40]  # shorter than a passage
    assert align_pairs([a, b, short], [(0, 1), (1, 0), (0, 2), (2, 0)]) == [[], [], [], []]
    assert brute_force_passages(a, b) == []


def test_a_gram_repeated_in_b_is_followed_max_seeds_times():
    rng = random.Random(9)
    passage = "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(60))
    decoys = "".join(passage[:20] + chr(0x8000 + i) + "".join(chr(0x7000 + rng.randrange(500)) for _ in range(30))
                     for i in range(10))  # the passage's first 20 characters, ten times, then something else
    a = "前文" + passage + "后文"
    b = decoys + "。" + passage
    at = len(decoys) + 1
    for max_seeds, start in ((8, 9), (10, 9), (11, 0), (20, 0)):
        # with at most 10 seeds the first grams only reach the decoys; from the 10th character on, the gram
        # crosses into text only the full copy has
        found = align_pairs([a, b], [(0, 1)], max_seeds=max_seeds)[0]
        assert found == brute_force_passages(a, b, max_seeds=max_seeds)
        assert found == [SharedPassage(2 + start, 2 + 60, at + start, at + 60)]
        assert shared_passages(a, b, max_seeds=max_seeds) == found


def test_word_spans_skip_punctuation_whether_or_not_the_tokens_cover_the_text():
    from pipeline.analyse.reuse import _word_spans

    text = "学习 党章。2024年_"
    covering = ["学习", " ", "党章", "。", "2024", "年", "_"]
    without_spaces = ["学习", "党章", "。", "2024", "年", "_"]
    for tokens in (covering, without_spaces):
        spans, words = _word_spans(text, tokens)
        assert spans.tolist() == [[0, 2], [3, 5], [6, 10], [10, 11]]
        assert words == ["学习", "党章", "2024", "年"]


def test_grams_from_the_document_stage_equal_cutting_again():
    from pipeline.analyse.reuse import WordGrams, doc_word_grams
    from pipeline.segment import build_language

    nlp = build_language("rjieba")
    detector = ReuseDetector.load()
    texts = [A, B, C, TEMPLATE, "学习  党章。\n\n2024年_ hello world 2017-08-13，\t第二段  结尾", "短句", ""]
    for text in texts:
        carried = detector.prepare(text, nlp(text), "rjieba")
        hashes, spans = detector.word_grams(text)
        assert carried.hashes.tolist() == hashes.tolist()
        assert carried.spans.tolist() == spans.tolist()
        assert carried.sentences.tolist() == [[s.start, s.end] for s in split_sentences(text)]
    # the batch uses carried grams only from its own segmenter: bogus grams from another are ignored
    batch = [record("a.docx", A), record("b.docx", B)] + [record(f"t{i}", f"{i}号{TEMPLATE}") for i in range(3)]
    plain = detector.detect_batch(batch)
    assert plain[2].components["boilerplate"] > 0
    for result in batch:
        result.batch_inputs["reuse"] = doc_word_grams(result.text, nlp(result.text), "rjieba")
    assert detector.detect_batch(batch) == plain
    for result in batch:
        carried = result.batch_inputs["reuse"]
        result.batch_inputs["reuse"] = WordGrams("jieba", carried.hashes[:0], carried.spans[:0])
    assert detector.detect_batch(batch) == plain
    for result in batch:
        carried = result.batch_inputs["reuse"]
        result.batch_inputs["reuse"] = WordGrams("rjieba", carried.hashes, carried.spans)
    assert detector.detect_batch(batch) != plain  # proof that carried grams are what the batch reads
    for result in batch:
        result.batch_inputs["reuse"] = doc_word_grams(result.text, nlp(result.text), "rjieba")

    def with_sentences(result: AuditResult, bounds: numpy.ndarray) -> AuditResult:
        return replace(result, batch_inputs={"reuse": replace(result.batch_inputs["reuse"], sentences=bounds)})

    past_the_end = [with_sentences(r, numpy.array([[len(r.text), len(r.text) + 9]])) for r in batch[2:]]
    bogus = detector.detect_batch(batch[:2] + past_the_end)
    assert bogus[2].components["boilerplate"] != plain[2].components["boilerplate"]  # and the carried sentences


def test_document_frequencies_count_documents_not_repeats():
    import numpy

    from pipeline.analyse.reuse import _document_frequencies

    rng = numpy.random.default_rng(1)
    per_doc = [rng.integers(0, 50, size=rng.integers(0, 30)).astype(numpy.uint64) for _ in range(40)]
    found = _document_frequencies(per_doc)
    for doc, hashes in enumerate(per_doc):
        expected = [sum(1 for other in per_doc if value in set(other.tolist())) for value in hashes.tolist()]
        assert found[doc].tolist() == expected
    assert _document_frequencies([]) == []


def test_mostly_boilerplate_counts_each_passage_in_its_own_document():
    from pipeline.analyse.reuse import _mostly_boilerplate

    rng = numpy.random.default_rng(11)
    masks = [rng.random(rng.integers(0, 300)) < rng.random() for _ in range(30)]
    docs = rng.integers(0, 35, 2000)  # documents 30-34 have no mask (prior-period sources)
    starts = rng.integers(0, 320, 2000)
    ends = starts + rng.integers(0, 120, 2000)
    expected = []
    for doc, start, end in zip(docs.tolist(), starts.tolist(), ends.tolist()):
        if doc >= len(masks):
            expected.append(False)
            continue
        mask = masks[doc]
        start, end = min(start, len(mask)), min(end, len(mask))
        expected.append(end > start and 2 * int(mask[start:end].sum()) >= end - start)
    assert any(expected) and not all(expected)
    assert _mostly_boilerplate(docs, starts, ends, masks).tolist() == expected


def test_character_tables_agree_with_the_regex_classes_they_replace():
    from pipeline.analyse.char_arrays import chars_that
    from pipeline.analyse.reuse import _word_char_counts

    codes = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    # every character up to U+3100 (all the whitespace is there), then every seventh, and some beyond the BMP
    text = "".join(map(chr, codes[:0x3100] + codes[0x3100::7] + [0x20000, 0x2A6D6, 0x1F600]))
    expected = [0] + numpy.cumsum([re.fullmatch(r"[\W_]", char) is None for char in text]).tolist()
    assert _word_char_counts(text).tolist() == expected
    assert chars_that(text, "isspace").tolist() == [re.fullmatch(r"\s", char) is not None for char in text]
