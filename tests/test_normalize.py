from pathlib import Path

from pipeline.normalize import normalize

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"


def test_traditional_becomes_simplified_and_is_recorded() -> None:
    result = normalize("開欄的話：為進一步提升廣安市直機關黨建工作的效果")
    assert result.text == "开栏的话：为进一步提升广安市直机关党建工作的效果"
    assert result.script == "traditional"


def test_simplified_text_is_left_alone() -> None:
    result = normalize("支部召开组织生活会，开展批评与自我批评。")
    assert result.text == "支部召开组织生活会，开展批评与自我批评。"
    assert result.script == "simplified"


def test_seed_000_mixes_both_scripts() -> None:
    text = next(SAMPLES.glob("seed_000_*.txt")).read_text(encoding="utf-8")
    result = normalize(text)
    assert result.script == "mixed"
    assert "广安市直机关党建工作综述" in result.text and "機關" not in result.text


def test_fullwidth_alphanumerics_fold_but_chinese_punctuation_stays() -> None:
    result = normalize("２０２４年３月，ＡＢ组（共１２人）：“好”！")
    assert result.text == "2024年3月，AB组（共12人）：“好”！"


def test_whitespace_collapses_and_redaction_marks_survive() -> None:
    text = "主持人：***\r\n\r\n\r\n\r\n记录人：　王　 芳\t同志  \n   "
    result = normalize(text)
    assert result.text == "主持人：***\n\n记录人： 王 芳 同志"


def test_the_full_width_guard_matches_exactly_the_folded_characters():
    """Texts without a full-width letter or digit skip the per-character fold; the
    guard must match every character the fold changes and nothing else."""
    from pipeline.normalize import _ANY_FULLWIDTH_ALNUM, _FULLWIDTH_ALNUM

    guarded = {code for code in range(0x10000) if _ANY_FULLWIDTH_ALNUM.fullmatch(chr(code))}
    assert guarded == set(_FULLWIDTH_ALNUM)
    assert normalize("第１２批ＡＢ，ｃ").text == "第12批AB，c"
