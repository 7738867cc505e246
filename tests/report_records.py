"""Hand-made audit records for the report tests, built through the real
dataclasses so they follow the `AuditResult.to_dict()` contract exactly."""
from __future__ import annotations

from pipeline.records import (
    AuditResult, Criticism, Evidence, Flag, IngestError, Meeting, Substance,
)

XSS = '<script>window.__pwned=1;document.title="pwned"</script><img src=x onerror="window.__pwned=2">'


def span(text: str, needle: str, occurrence: int = 0) -> Evidence:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Evidence(start, start + len(needle), needle)


def orglife_record(path: str = "corpora/x/城东社区_组织生活会.txt", score: float = 42.0) -> dict:
    text = (
        "城东社区党支部2023年度组织生活会会议记录\n"
        "会议时间：2024年2月1日，主持人：王芳，记录人：李强。应到党员9人，实到8人。\n"
        "张伟对李强提出批评：理论学习不够深入，大局意识有待增强。\n"
        "李强对张伟提出批评：10月份有3家企业的整改复查超过了15个工作日的时限。\n"
        "王芳对赵敏提出批评：工作太拼了，要注意身体。\n"
        f"附：{XSS}\n"
    )
    boiler = span(text, "理论学习不够深入，大局意识有待增强。")
    specific = span(text, "10月份有3家企业的整改复查超过了15个工作日的时限。")
    praise = span(text, "工作太拼了，要注意身体。")
    overlap = span(text, "大局意识有待增强。")
    injected = span(text, XSS)
    result = AuditResult(
        path=path, sha256="a" * 64, status="ok", format="txt", encoding="utf-8", script="simplified",
        text=text, doc_type="org_life_meeting", chars=len(text), tokens=80,
        meeting=Meeting(date="2024年2月1日", host="王芳", recorder="李强", expected=9, present=8),
        substance=Substance(score=score, components={"bite": 1 / 3, "specificity": 0.12}),
        criticisms=[
            Criticism("mutual", "张伟", "李强", boiler.text, boiler.start, boiler.end, "boilerplate", 0.93,
                      ["只有套话：理论学习不够深入"]),
            Criticism("mutual", "李强", "张伟", specific.text, specific.start, specific.end, "specific", 0.97,
                      ["找到日期：10月份", "找到数量：3家"]),
            Criticism("mutual", "王芳", "赵敏", praise.text, praise.start, praise.end, "praise", 0.88,
                      ["表扬框架：注意身体"]),
        ],
        flags=[
            Flag("criticism.boilerplate", "medium", "相互批评中有1条属于“理论学习不够深入”式套话，未指出具体事实。", [boiler]),
            Flag("criticism.praise_disguised", "medium", "相互批评中有1条是“工作太拼了”式的变相表扬，不是批评。", [praise]),
            Flag("substance.slogan_heavy", "high", "套话口号占比过高。", [overlap]),
            Flag("reuse.copied", "low", f"与其他文件的段落相同：{XSS}", [injected]),
        ],
        extra={"sentences": [
            {"start": boiler.start, "end": boiler.end, "text": boiler.text, "score": 12.0, "cues": ["set_phrase:理论学习"]},
            {"start": specific.start, "end": specific.end, "text": specific.text, "score": 88.0, "cues": ["fact:date:10月份"]},
        ]},
    )
    return result.to_dict()


def report_record(path: str, score: float | None, flags: list[tuple[str, str]], doc_type: str = "report") -> dict:
    """A plain report whose flags point at its first line."""
    text = f"{path}工作总结\n今年以来，高度重视，扎实推进，取得明显成效。\n"
    evidence = span(text, "高度重视，扎实推进")
    result = AuditResult(
        path=path, sha256="b" * 64, status="ok", format="txt", text=text, doc_type=doc_type,
        chars=len(text), substance=Substance(score=score),
        flags=[Flag(code, severity, f"{code}的说明。", [evidence]) for code, severity in flags],
    )
    return result.to_dict()


def error_record(path: str = "bad/旧文件.doc") -> dict:
    return AuditResult(
        path=path, sha256="c" * 64, status="error", format="doc",
        error=IngestError("unsupported_format", f"这是旧版 Word（.doc）文件，无法读取；{XSS}"),
    ).to_dict()


def sample_records() -> list[dict]:
    return [
        report_record("甲局.txt", 80.0, []),
        orglife_record(),
        error_record(),
        report_record("乙局.txt", 20.0, [("substance.hollow", "high")]),
        report_record("丙局.txt", 55.0, [("reuse.copied", "medium"), ("reuse.copied", "medium")], doc_type="speech"),
    ]
