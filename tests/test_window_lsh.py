"""Window MinHash LSH in numpy: the signatures are datasketch's, boilerplate is
left out, buckets give pairs and each document keeps its strongest partners."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy
import pytest
from datasketch import MinHash, MinHashLSH

from pipeline.analyse.window_lsh import WindowLsh, colliding_pairs, shingle_hashes

TEXT = (
    "针对老旧小区加装电梯推进慢的问题，今年新开工41部、完工29部，较上年增加18部。"
    "清退违规发放的加班补贴13.6万元，对2名负有责任的科室负责人进行了诫勉谈话。"
    "下一步将继续做好回访工作，每季度向群众公开一次整改进度。"
)


def test_window_signatures_equal_datasketch_minhash():
    lsh = WindowLsh()
    permutations = lsh.permutations()
    signatures = lsh.signatures(TEXT, permutations)
    windows = lsh.windows(len(TEXT))
    assert len(signatures) == len(windows) >= 2
    shingles = shingle_hashes(TEXT, lsh.shingle).tolist()
    for (start, end), signature in zip(windows, signatures):
        reference = MinHash(num_perm=lsh.num_perm, seed=lsh.seed, hashfunc=int)
        reference.update_batch(shingles[start : end - lsh.shingle + 1])
        assert numpy.array_equal(signature, reference.hashvalues)


@pytest.mark.parametrize("num_perm", [8, 16, 32, 64, 128, 256])
@pytest.mark.parametrize("threshold", numpy.arange(0.05, 0.96, 0.05).round(2).tolist())
def test_bands_are_the_ones_datasketch_picks(threshold, num_perm):
    try:
        reference = MinHashLSH(threshold=threshold, num_perm=num_perm)
    except ValueError:  # datasketch refuses a single band
        pytest.skip("datasketch refuses these settings")
    assert WindowLsh(num_perm=num_perm, threshold=threshold).bands() == (reference.b, reference.r)


@pytest.mark.parametrize("seed", [1, 2, 42])
@pytest.mark.parametrize("num_perm", [16, 64, 128])
def test_permutations_are_datasketchs(seed, num_perm):
    a, b = WindowLsh(num_perm=num_perm, seed=seed).permutations()
    reference_a, reference_b = MinHash(num_perm=num_perm, seed=seed).permutations
    assert a.dtype == reference_a.dtype and b.dtype == reference_b.dtype
    assert numpy.array_equal(a, reference_a) and numpy.array_equal(b, reference_b)


BATCH_IMPORTS = textwrap.dedent("""
    import sys
    from pipeline.audit import apply_batch_detectors, load_batch_detectors
    from pipeline.records import AuditResult

    copied = "针对老旧小区加装电梯推进慢的问题，今年新开工41部、完工29部，较上年增加18部。" * 3
    own = "清退违规发放的加班补贴13.6万元，对2名负有责任的科室负责人进行了诫勉谈话。" * 3
    texts = ["甲" + copied, "乙" + copied, "丙" + own]
    results = [AuditResult(path=str(i), sha256=str(i), status="ok", text=text) for i, text in enumerate(texts)]
    apply_batch_detectors(load_batch_detectors(), results)
    assert any(flag.code == "reuse.copied" for flag in results[0].flags), results[0].flags
    print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("scipy", "datasketch", "sklearn"))))
""")


def test_batch_step_imports_neither_scipy_nor_datasketch():
    """Importing them cost the batch step 0.5-0.75 s; the parameters are computed in numpy."""
    done = subprocess.run(
        [sys.executable, "-c", BATCH_IMPORTS], cwd=Path(__file__).resolve().parent.parent,
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "", f"loaded: {done.stdout.strip()[:500]}"


def test_ignored_characters_leave_the_signature_and_empty_windows_go():
    lsh = WindowLsh()
    permutations = lsh.permutations()
    everything = numpy.ones(len(TEXT), dtype=bool)
    assert len(lsh.signatures(TEXT, permutations, everything)) == 0
    head = numpy.zeros(len(TEXT), dtype=bool)
    head[:100] = True
    kept = lsh.signatures(TEXT, permutations, head)
    assert 0 < len(kept) < len(lsh.windows(len(TEXT)))


def test_shared_letterhead_alone_makes_no_pair_once_ignored():
    letterhead = "中共某某市直机关工作委员会关于报送年度党建工作材料的通知要求各党支部按时如实报送，材料须经支部书记审签后于月底前报送机关党委。"
    own = ["甲单位今年修复路灯12盏，清理楼道杂物30处，走访群众210户，解决实际问题17件，群众满意。",
           "乙单位完成老旧管网改造4.2公里，新增停车位86个，协调解决物业纠纷9起，回访居民全部满意。"]
    texts = [letterhead + body for body in own]
    lsh = WindowLsh()
    assert len(lsh.pairs(texts, 2, max_bucket=50, max_partners=20)) == 1
    masks = [numpy.r_[numpy.ones(len(letterhead), bool), numpy.zeros(len(body), bool)] for body in own]
    assert len(lsh.pairs(texts, 2, max_bucket=50, max_partners=20, ignore=masks)) == 0


def test_buckets_make_pairs_and_partners_are_capped():
    # Document 0 collides with 1 (three times), 2 (twice) and 3 (once); 4 and 5 once.
    keys = numpy.array([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], dtype=numpy.uint64)
    owners = numpy.array([0, 1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 3])
    pairs = colliding_pairs(keys, owners, batch_size=4, max_bucket=50, max_partners=3)
    assert sorted(map(tuple, pairs.tolist())) == [(0, 1), (0, 2), (0, 3)]
    capped = colliding_pairs(keys, owners, batch_size=4, max_bucket=50, max_partners=1)
    # 0 keeps only 1; 2 and 3 each keep 0 as their only partner, so their pairs stay.
    assert sorted(map(tuple, capped.tolist())) == [(0, 1), (0, 2), (0, 3)]
    lone = colliding_pairs(keys[:6], owners[:6], batch_size=4, max_bucket=50, max_partners=1)
    assert lone.tolist() == [[0, 1]]


def test_big_buckets_and_prior_only_pairs_give_nothing():
    keys = numpy.array([7, 7, 7, 8, 8], dtype=numpy.uint64)
    owners = numpy.array([0, 1, 2, 3, 4])
    assert colliding_pairs(keys, owners, batch_size=5, max_bucket=2, max_partners=5).tolist() == [[3, 4]]
    assert colliding_pairs(keys, owners, batch_size=3, max_bucket=2, max_partners=5).tolist() == []


def test_collisions_are_summed_the_same_densely_and_by_sorting():
    rng = numpy.random.default_rng(5)
    owners = rng.integers(0, 60, 4000)
    keys = rng.integers(0, 700, 4000).astype(numpy.uint64)
    dense = colliding_pairs(keys, owners, batch_size=50, max_bucket=12, max_partners=4)
    sorted_ = colliding_pairs(keys, owners, batch_size=50, max_bucket=12, max_partners=4, dense_codes=0)
    assert len(dense) > 100
    assert numpy.array_equal(dense, sorted_)
