"""Render corpora/sample_sources/ into the shipped sample corpus, byte for byte reproducibly.

The sources are plain UTF-8 texts a person can read and edit; the samples are
the files an inspector would actually receive (GB18030 and Big5 txt, docx with
tables, a PDF whose lines break mid-sentence, a web page full of navigation,
a zip, and the broken files that must come back as error records).
`manifest.json` says which source becomes which sample and how; this script
only follows it. Every output is deterministic (fixed zip timestamps, fixed
docx core properties, reportlab's invariant mode) so that re-running it on an
unchanged checkout changes no bytes.

Usage:  python corpora/build_samples.py            # rewrite corpora/samples and samples_prior
        python corpora/build_samples.py --check    # exit 1 if any committed file differs
        python corpora/build_samples.py --out DIR  # render into DIR/samples, DIR/samples_prior
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

CORPORA = Path(__file__).resolve().parent
SOURCES = CORPORA / "sample_sources"
MANIFEST = SOURCES / "manifest.json"

# One fixed moment for every timestamp written into a sample (zip members,
# docx package parts, docx core properties).
FIXED_TIME = (2024, 12, 31, 9, 0, 0)
FIXED_DATETIME = dt.datetime(*FIXED_TIME)

# A legacy Word 97-2003 file starts with the OLE2 compound-file signature.
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class Entry:
    """One manifest row: the output name, how to render it, from which source."""

    file: str
    format: str
    source: str | None
    encoding: str | None
    variant: str | None
    members: tuple["Entry", ...]

    @classmethod
    def from_dict(cls, row: dict) -> "Entry":
        return cls(
            file=row["file"],
            format=row["format"],
            source=row.get("source"),
            encoding=row.get("encoding"),
            variant=row.get("variant"),
            members=tuple(cls.from_dict(m) for m in row.get("members", [])),
        )


def load_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source_text(entry: Entry) -> str:
    """The source as a str; bytes are decoded without newline translation."""
    if entry.source is None:
        return ""
    return (SOURCES / entry.source).read_bytes().decode("utf-8")


# ---------------------------------------------------------------- txt, doc


def render_txt(entry: Entry) -> bytes:
    """Plain text in the manifest's codec (`utf-8-sig` writes the BOM, `utf-16` a LE BOM)."""
    return source_text(entry).encode(entry.encoding)


def render_doc(entry: Entry) -> bytes:
    """A stand-in legacy .doc: OLE2 signature, header padding, then the text as UTF-16LE.

    It only needs to look like what offices still send (an old binary Word
    file) so that ingest reports `unsupported_format` instead of guessing.
    """
    header = OLE2_SIGNATURE + bytes(512 - len(OLE2_SIGNATURE))
    return header + source_text(entry).encode("utf-16-le")


# ---------------------------------------------------------------- docx


def _docx_blocks(text: str) -> list[tuple[str, object]]:
    """Split the docx source markup into ("heading"|"para", str) and ("table", rows).

    Markup: `# ` starts a heading, lines starting with `|` are table rows
    (cells separated by `|`, consecutive rows form one table), other
    non-empty lines are paragraphs.
    """
    blocks: list[tuple[str, object]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        elif line.startswith("# "):
            blocks.append(("heading", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks


def _fix_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with every member stamped FIXED_TIME, same order and contents."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(entry: Entry) -> bytes:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for kind, value in _docx_blocks(source_text(entry)):
        if kind == "heading":
            document.add_heading(value, level=1)
        elif kind == "para":
            document.add_paragraph(value)
        else:
            rows = value
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    props = document.core_properties
    props.author = "支部"
    props.last_modified_by = "支部"
    props.title = ""
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fix_zip_times(buffer.getvalue())


# ---------------------------------------------------------------- pdf

PDF_FONT = "STSong-Light"
PDF_FONT_SIZE = 12
PDF_CHARS_PER_LINE = 34  # wrapped by count, so lines break mid-sentence and mid-word
PDF_LINE_HEIGHT = 19
PDF_MARGIN = 60


def _pdf_lines(text: str) -> list[tuple[str, bool]]:
    """Wrap each paragraph at a fixed width; the bool marks a paragraph's last line."""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    lines: list[tuple[str, bool]] = []
    for i, paragraph in enumerate(paragraphs):
        body = paragraph if i == 0 else "\u3000\u3000" + paragraph  # indented like print
        chunks = [body[k:k + PDF_CHARS_PER_LINE] for k in range(0, len(body), PDF_CHARS_PER_LINE)]
        lines.extend((chunk, n == len(chunks) - 1) for n, chunk in enumerate(chunks))
    return lines


def _new_canvas(buffer: io.BytesIO, title: str):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor("")
    pdf.setCreator("")
    pdf.setProducer("")
    return pdf, A4


def render_pdf_text(entry: Entry) -> bytes:
    """A PDF with a real text layer: CID font, fixed-width wrap, wider gap between paragraphs."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    buffer = io.BytesIO()
    pdf, (width, height) = _new_canvas(buffer, Path(entry.file).stem)
    y = height - PDF_MARGIN
    for line, ends_paragraph in _pdf_lines(source_text(entry)):
        if y < PDF_MARGIN:
            pdf.showPage()
            y = height - PDF_MARGIN
        pdf.setFont(PDF_FONT, PDF_FONT_SIZE)
        pdf.drawString(PDF_MARGIN, y, line)
        y -= PDF_LINE_HEIGHT + (PDF_LINE_HEIGHT // 2 if ends_paragraph else 0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _scan_image(text: str):
    """A grey 'photocopy' of the page: dark bars where the lines of text would be.

    No font is drawn, so the PDF carries no text layer at all, as a scan.
    """
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), color=236)
    draw = ImageDraw.Draw(image)
    y = 150
    for line, ends_paragraph in _pdf_lines(text):
        length = 60 + 26 * len(line)
        draw.rectangle([120, y, min(120 + length, 1120), y + 22], fill=70)
        y += 44 + (22 if ends_paragraph else 0)
        if y > 1650:
            break
    draw.rectangle([900, 1450, 1080, 1630], outline=150, width=8)  # the seal
    return image


def render_pdf_scan(entry: Entry) -> bytes:
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    pdf, (width, height) = _new_canvas(buffer, Path(entry.file).stem)
    pdf.drawImage(ImageReader(_scan_image(source_text(entry))), 0, 0, width=width, height=height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- html

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_城南区融媒体中心</title>
<style>
body {{ font-family: "Microsoft YaHei", sans-serif; }}
.nav a {{ margin: 0 8px; }} .share span {{ cursor: pointer; }}
</style>
<script>
var _hmt = _hmt || [];
(function() {{ var hm = document.createElement("script");
hm.src = "https://hm.example.com/hm.js?1a2b3c"; document.head.appendChild(hm); }})();
function shareTo(site) {{ window.open("https://share.example.com/?to=" + site + "&url=" + location.href); }}
</script>
</head>
<body>
<div class="top">设为首页 | 加入收藏 | 手机版 | 无障碍浏览</div>
<div class="nav">
<a href="/">首页</a><a href="/news/">要闻</a><a href="/dj/">党建</a><a href="/jd/">街道动态</a><a href="/ms/">民生</a><a href="/zt/">专题</a><a href="/sp/">视频</a><a href="/bl/">爆料</a>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/dj/">党建</a> &gt; 正文</div>
<div class="article">
<h1>{title}</h1>
<div class="info">{date}　来源：{source}　{author}　【字号：大 中 小】　浏览次数：1,286</div>
<div class="content">
{paragraphs}
</div>
<div class="editor">（责任编辑：沈文涛）</div>
</div>
<div class="share">分享到：<span onclick="shareTo('wechat')">微信</span> <span onclick="shareTo('weibo')">微博</span> <span onclick="shareTo('qzone')">QQ空间</span> 【打印本页】【关闭窗口】</div>
<div class="related">
<h3>相关阅读</h3>
<ul>
<li><a href="/dj/2024/0612/118.html">城南区召开“两新”组织党建观摩会</a></li>
<li><a href="/dj/2024/0605/097.html">南苑社区开展端午邻里节活动</a></li>
<li><a href="/dj/2024/0530/081.html">区机关工委举办党务干部业务培训班</a></li>
<li><a href="/dj/2024/0521/066.html">图片新闻：党员志愿者走进敬老院</a></li>
<li><a href="/dj/2024/0516/052.html">专题：学习贯彻党纪学习教育部署要求</a></li>
</ul>
</div>
<div class="hot">热点排行：1. 城南区公布2024年民生实事项目 2. 暑期托管班开始报名 3. 地铁5号线施工围挡调整</div>
<div class="footer">
<p>主办：中共城南区委宣传部　承办：城南区融媒体中心　地址：城南区中山路88号</p>
<p>版权所有 © 2024 城南区融媒体中心　备案号：某ICP备00000000号　技术支持：某某网络</p>
</div>
<script>document.write('<div class="float-ad">扫码关注“城南发布”</div>');</script>
</body>
</html>
"""


def render_html(entry: Entry) -> bytes:
    """A news page: the article between menus, breadcrumb, share buttons, link lists and scripts.

    The source starts with `KEY: value` lines (TITLE, DATE, SOURCE, AUTHOR),
    then one paragraph per line.
    """
    meta: dict[str, str] = {}
    paragraphs: list[str] = []
    for line in source_text(entry).splitlines():
        key, sep, value = line.partition(": ")
        if sep and key.isupper() and not paragraphs:
            meta[key] = value.strip()
        elif line.strip():
            paragraphs.append(f"<p>{html.escape(line.strip())}</p>")
    page = HTML_TEMPLATE.format(
        title=html.escape(meta["TITLE"]),
        date=html.escape(meta["DATE"]),
        source=html.escape(meta["SOURCE"]),
        author=html.escape(meta["AUTHOR"]),
        paragraphs="\n".join(paragraphs),
    )
    return page.encode(entry.encoding or "utf-8")


# ---------------------------------------------------------------- zip


def render_zip(entry: Entry) -> bytes:
    """A zip of rendered members, fixed timestamps, in manifest order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in entry.members:
            info = zipfile.ZipInfo(member.file, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.flag_bits |= 0x800  # member names are UTF-8
            archive.writestr(info, render(member))
    return buffer.getvalue()


def render(entry: Entry) -> bytes:
    """The bytes of one sample file."""
    if entry.format == "txt":
        return render_txt(entry)
    if entry.format == "doc":
        return render_doc(entry)
    if entry.format == "docx":
        return render_docx(entry)
    if entry.format == "pdf":
        return render_pdf_scan(entry) if entry.variant == "scan" else render_pdf_text(entry)
    if entry.format == "html":
        return render_html(entry)
    if entry.format == "zip":
        return render_zip(entry)
    raise ValueError(f"unknown format {entry.format!r} for {entry.file}")


def render_all(manifest: dict) -> dict[str, dict[str, bytes]]:
    """{"samples": {name: bytes}, "samples_prior": {name: bytes}}."""
    return {
        folder: {row["file"]: render(Entry.from_dict(row)) for row in manifest[key]}
        for folder, key in (("samples", "samples"), ("samples_prior", "prior"))
    }


def write_all(rendered: dict[str, dict[str, bytes]], root: Path) -> None:
    """Replace root/samples and root/samples_prior with exactly the rendered files."""
    for folder, files in rendered.items():
        target = root / folder
        target.mkdir(parents=True, exist_ok=True)
        for stale in target.iterdir():
            if stale.is_file() and stale.name not in files:
                stale.unlink()
        for name, data in files.items():
            (target / name).write_bytes(data)


def differences(rendered: dict[str, dict[str, bytes]], root: Path) -> list[str]:
    """Names whose committed bytes differ from a fresh rendering, plus unlisted files."""
    problems = []
    for folder, files in rendered.items():
        target = root / folder
        present = {p.name for p in target.iterdir() if p.is_file()} if target.exists() else set()
        problems += [f"{folder}/{name}: not in manifest" for name in sorted(present - set(files))]
        for name, data in files.items():
            path = target / name
            if not path.exists():
                problems.append(f"{folder}/{name}: missing")
            elif path.read_bytes() != data:
                problems.append(f"{folder}/{name}: differs from a fresh build")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", type=Path, default=CORPORA, help="folder receiving samples/ and samples_prior/")
    args = parser.parse_args(argv)
    rendered = render_all(load_manifest())
    if args.check:
        problems = differences(rendered, args.out)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    write_all(rendered, args.out)
    count = sum(len(files) for files in rendered.values())
    print(f"wrote {count} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
