"""The seven ingest error codes and their plain-words messages.

Every message says what is wrong and what the submitter should do, so an
inspector can forward it unchanged. Readers raise `IngestFailure`; `extract`
turns it into the record's `IngestError`.
"""
from __future__ import annotations

from ..records import IngestError

CODES = (
    "unsupported_format",
    "empty",
    "corrupt",
    "encrypted",
    "no_text_layer",
    "too_large",
    "decode_failed",
)


class IngestFailure(Exception):
    """A reader's verdict that the input cannot be turned into text."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown ingest error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def error(self) -> IngestError:
        return IngestError(self.code, self.message)


# Formats people submit that we do not read, with the fix that works for each.
_UNSUPPORTED_HINTS = {
    "doc": "这是旧版 Word（.doc）文件，无法读取；请用 Word 或 WPS 打开后“另存为”.docx 格式再提交。",
    "wps": "这是 WPS 文字（.wps）文件，无法读取；请用 WPS 打开后“另存为”.docx 格式再提交。",
    "rtf": "RTF 文件无法读取；请用 Word 或 WPS 打开后“另存为”.docx 格式再提交。",
    "rar": "RAR 压缩包无法读取；请解压后直接提交其中的文件，或改用 .zip 格式打包。",
    "7z": "7z 压缩包无法读取；请解压后直接提交其中的文件，或改用 .zip 格式打包。",
}
_IMAGE_FORMATS = frozenset({"jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic"})


def unsupported(fmt: str | None) -> IngestFailure:
    if fmt in _UNSUPPORTED_HINTS:
        message = _UNSUPPORTED_HINTS[fmt]
    elif fmt in _IMAGE_FORMATS:
        message = "图片文件中没有可读取的文字；请提交原始的 Word（.docx）、PDF 或文本文件，或先做文字识别（OCR）。"
    elif fmt is None:
        message = "文件没有扩展名，无法判断格式；请改为 .docx、.pdf、.txt 或 .html 格式后再提交。"
    else:
        message = f"不支持 .{fmt} 格式的文件；请转换为 .docx、.pdf、.txt 或 .html 格式后再提交。"
    return IngestFailure("unsupported_format", message)


def nested_archive() -> IngestFailure:
    return IngestFailure(
        "unsupported_format", "压缩包里又套了压缩包，内层不会展开；请把内层压缩包解压后直接提交其中的文件。"
    )


def legacy_word() -> IngestFailure:
    """A .docx that is really an old binary Word file (renamed .doc)."""
    return IngestFailure(
        "unsupported_format",
        "文件扩展名是 .docx，但内容其实是旧版 Word（.doc）格式；请用 Word 或 WPS 打开后“另存为”.docx 格式再提交。",
    )


def empty() -> IngestFailure:
    return IngestFailure("empty", "文件没有可读的文字内容；请检查是否提交了空白文件或错传了文件。")


def corrupt(what: str = "文件") -> IngestFailure:
    return IngestFailure("corrupt", f"{what}已损坏或格式不正确，无法打开；请重新导出或重新上传原始文件。")


def unreadable(exc: OSError) -> IngestFailure:
    reason = exc.strerror or type(exc).__name__
    return IngestFailure("corrupt", f"文件无法打开（{reason}）；请检查文件权限或是否被其他程序占用后重试。")


def unsafe_member(name: str) -> IngestFailure:
    return IngestFailure(
        "corrupt",
        f"压缩包中的文件路径“{name}”不安全（绝对路径或含“..”），已拒绝读取；请重新打包，只包含普通的文件和文件夹。",
    )


def encrypted() -> IngestFailure:
    return IngestFailure("encrypted", "文件设置了密码，无法读取；请去掉密码后提交未加密的版本。")


def no_text_layer() -> IngestFailure:
    return IngestFailure(
        "no_text_layer",
        "这个 PDF 只有图片、没有文字层（多半是扫描件），无法读取文字；请提交原始电子文档，或先做文字识别（OCR）再提交。",
    )


def unmapped_glyphs() -> IngestFailure:
    """A PDF whose fonts carry no table from glyphs to characters: the text layer is unreadable."""
    return IngestFailure(
        "no_text_layer",
        "这个 PDF 的文字层无法解码（字体缺少字符对照表），读不出文字；请提交原始电子文档，或重新导出 PDF（嵌入字体）后再提交。",
    )


def images_only() -> IngestFailure:
    """A Word file whose body is only pictures: a scan pasted into Word."""
    return IngestFailure(
        "no_text_layer",
        "这个 Word 文件里只有图片、没有文字（多半是粘贴进去的扫描件），无法读取；请提交原始电子文档，或先做文字识别（OCR）再提交。",
    )


def too_large(size: int, limit: int) -> IngestFailure:
    return IngestFailure(
        "too_large",
        f"文件大小 {_mb(size)} 超过上限 {_mb(limit)}，未读取；请拆分成较小的文件，或调高单个文件的大小上限后重试。",
    )


def archive_cap(limit: int) -> IngestFailure:
    return IngestFailure(
        "too_large",
        f"压缩包解压后的总大小超过上限 {_mb(limit)}，从这个文件起不再读取；请把压缩包拆小后分别提交，或调高压缩包上限后重试。",
    )


def decode_failed() -> IngestFailure:
    return IngestFailure(
        "decode_failed",
        "无法识别文本文件的字符编码（可能不是文本文件，或已损坏）；请用记事本打开后“另存为”UTF-8 编码再提交。",
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
