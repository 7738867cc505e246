"""Builders for ingest test inputs, written at test time into a temporary folder."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Iterable, Optional, Union

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# ----------------------------------------------------------------- text
MINUTES = (
    "第三党支部2023年度组织生活会会议记录\n"
    "时间：2024年1月18日下午2:30\n"
    "地点：机关三楼党员活动室\n"
    "应到党员9人，实到8人，王伟同志因公出差请假。\n"
    "支部书记刘建国代表支委班子作对照检查，指出学习教育抓得不够实。\n"
)
# A 20-character line in traditional script: short, so only the scoring can tell Big5 from GBK.
TRADITIONAL_LINE = "黨支部召開組織生活會，認真開展批評與自我批評"


# ----------------------------------------------------------------- docx
def write_docx(path: Path, build) -> Path:
    """`build(document)` fills a fresh python-docx Document; saved to `path`."""
    document = docx.Document()
    build(document)
    document.save(str(path))
    return path


def merge_right(row, start: int, end: int):
    """Merge cells start..end of a row (python-docx writes one w:tc with gridSpan)."""
    return row.cells[start].merge(row.cells[end])


def add_content_control(paragraph, text: str) -> None:
    """An inline content control (form field) holding `text`, as Word templates have."""
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    content.append(run)
    sdt.append(content)
    paragraph._p.append(sdt)


def add_tracked_deletion(paragraph, text: str) -> None:
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "审核人")
    run = OxmlElement("w:r")
    deleted = OxmlElement("w:delText")
    deleted.text = text
    run.append(deleted)
    deletion.append(run)
    paragraph._p.append(deletion)


def encrypt_docx(plain: Path, out: Path, password: str = "123456") -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(plain, "rb") as source, open(out, "wb") as target:
        OOXMLFile(source).encrypt(password, target)
    return out


# ----------------------------------------------------------------- pdf
def _register_cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def write_pdf(path: Path, paragraphs: Iterable[str], *, title: Optional[str] = None,
              page_numbers: bool = False, space_after: float = 0) -> Path:
    """A typeset Chinese PDF: first-line indent of two characters, CJK line wrapping."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = _register_cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, firstLineIndent=24,
                          wordWrap="CJK", spaceAfter=space_after)
    heading = ParagraphStyle("title", fontName=font, fontSize=16, leading=26, alignment=1)
    story = ([Paragraph(title, heading)] if title else []) + [Paragraph(text, body) for text in paragraphs]

    def number(canvas, doc) -> None:
        if page_numbers:
            canvas.setFont(font, 10)
            canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=number, onLaterPages=number)
    return path


def write_pdf_lines(path: Path, lines: list[tuple[float, str]], *, encrypt: Optional[str] = None) -> Path:
    """Lines drawn at (x, text) positions, one per 20 pt, as a plain canvas writes them."""
    from reportlab.pdfgen import canvas as pdf_canvas

    font = _register_cjk_font()
    canvas = pdf_canvas.Canvas(str(path), encrypt=encrypt)
    canvas.setFont(font, 12)
    y = 780
    for x, text in lines:
        if text:
            canvas.drawString(x, y, text)
        y -= 20
    canvas.save()
    return path


def write_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages that carry only a picture, like a scanner's output."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdf_canvas

    canvas = pdf_canvas.Canvas(str(path))
    for _ in range(pages):
        image = Image.new("L", (400, 200), 255)
        ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill=0)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        buffer.seek(0)
        canvas.drawImage(ImageReader(buffer), 100, 500, width=400, height=200)
        canvas.showPage()
    canvas.save()
    return path


# ----------------------------------------------------------------- html
ARTICLE_TITLE = "市直机关工委召开党建工作推进会"
ARTICLE_META = "来源：市直机关工委　发布时间：2023-04-12 09:30"
ARTICLE_PARAGRAPHS = (
    "4月11日下午，市直机关工委召开2023年党建工作推进会，总结一季度工作，部署下一阶段任务。"
    "工委书记出席会议并讲话，各部门机关党委书记、专职副书记参加会议。",
    "会议指出，一季度以来，各单位认真落实“三会一课”制度，扎实开展主题党日活动，"
    "基层党组织标准化规范化建设取得新进展，但仍有个别支部存在学习流于形式、记录照抄照搬等问题。",
    "会议要求，要坚持问题导向，对照年初确定的目标任务逐项检查，"
    "对进度滞后的工作要拿出具体措施，确保按时保质完成。",
)
JUNK_SNIPPETS = (
    "首页", "机构概况", "当前位置", "分享到", "上一篇", "下一篇", "相关阅读", "责任编辑",
    "热点排行", "版权所有", "var share", "color:", "网站地图", "老少齐乐",
)


def article_page(charset: str = "utf-8") -> str:
    """A realistic government news page: menus, breadcrumb, share bar, related links, sidebar, footer."""
    paragraphs = "\n".join(
        f"      <p style=\"text-indent:2em\">{_wrap_source_lines(text)}</p>" for text in ARTICLE_PARAGRAPHS
    )
    return f"""<!DOCTYPE html>
<html>
<head>
  <meta http-equiv="Content-Type" content="text/html; charset={charset}">
  <title>{ARTICLE_TITLE}_市直机关党建网</title>
  <style>body {{ color: #333; }} .nav li {{ float: left; }}</style>
  <script>var share = {{title: "分享到微信"}};</script>
</head>
<body>
  <div class="top-bar">欢迎访问市直机关党建网 <a href="/login">登录</a> <a href="/reg">注册</a></div>
  <div id="header"><img src="logo.png" alt="logo"><span>市直机关党建网</span></div>
  <ul class="mainNav">
    <li><a href="/">首页</a></li><li><a href="/gk">机构概况</a></li><li><a href="/dj">党建动态</a></li>
    <li><a href="/ll">理论学习</a></li><li><a href="/zt">专题专栏</a></li>
  </ul>
  <div class="wrapper">
    <div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/dj">党建动态</a> &gt; 正文</div>
    <div class="left-column">
      <div class="pic-list"><span>老少齐乐 中国梦</span><br><span>自强厚德 福到家门</span></div>
      <h1 class="article-title">{ARTICLE_TITLE}</h1>
      <div class="info">{ARTICLE_META}</div>
      <div class="font-size">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
      <div class="TRS_Editor">
{paragraphs}
        <p>责任编辑：李晓明</p>
      </div>
      <div class="bdsharebuttonbox">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
      <div class="page-turn">
        <p>上一篇：<a href="/a1">市直机关举办党务干部培训班</a></p>
        <p>下一篇：<a href="/a3">市直机关工委开展调研督导</a></p>
      </div>
      <div class="xgyd">
        <h3>相关阅读</h3>
        <ul>
          <li><a href="/r1">·关于中共崇左市人民防空办公室机关支部换届选举的批复</a></li>
          <li><a href="/r2">·市直机关工委2023年度工作要点</a></li>
          <li><a href="/r3">·关于同意召开中共崇左市住房公积金管理中心支部党员大会的批复</a></li>
        </ul>
      </div>
    </div>
    <div class="right-column">
      <h3>热点排行</h3>
      <ol><li><a href="/h1">奏好“四部协奏曲”企业党员作用发挥</a></li><li><a href="/h2">中共中央印发《中国共产党巡视工作条例》</a></li></ol>
    </div>
  </div>
  <div class="foot">
    <p><a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
    <p>版权所有：中共某某市直属机关工作委员会　备案号：桂ICP备00000000号</p>
  </div>
</body>
</html>
"""


NOTICE_LINES = (
    "关于召开2024年度组织生活会的通知",
    "发布日期：2024-01-05 点击数：233",
    "各党支部：",
    "根据县委组织部统一部署，现就召开2024年度组织生活会有关事项通知如下。",
    "一、会议时间。各支部于1月31日前召开，具体时间由支部自行确定，会前须报机关党委备案。",
    "二、会议内容。对照检视学习贯彻、履职尽责等五个方面，逐一开展批评和自我批评。",
    "机关党委",
    "2024年1月5日",
)


def table_layout_page() -> str:
    """An old county-site page: table layout, <br>-separated text, title only in bold and <title>."""
    first, meta, *body = NOTICE_LINES
    text = "<br>　　".join(body)
    return f"""<html><head><meta charset="gbk"><title>{first}--某县人民政府</title></head>
<body><table width=980><tr><td><a href=/>首页</a> | <a href=/zw>政务公开</a> | <a href=/bs>办事服务</a></td></tr>
<tr><td>您现在的位置：<a href=/>首页</a> &gt;&gt; 通知公告</td></tr>
<tr><td><table><tr><td align=center><font size=5><b>{first}</b></font></td></tr>
<tr><td align=center>{meta.replace(" ", "　　")}</td></tr>
<tr><td>{text}</td></tr></table></td></tr>
<tr><td><a href=/p>【打印本页】</a> <a href="javascript:close()">【关闭窗口】</a></td></tr>
<tr><td>主办单位：某县人民政府办公室　技术支持：某某网络公司</td></tr></table></body></html>"""


def article_tag_page() -> tuple[str, list[str]]:
    """A modern page: <article> with its own header and footer, and a comment section after it."""
    lines = [
        "支部开展主题党日活动",
        "2024-03-01 作者：王明",
        "3月1日，第二党支部组织党员到革命纪念馆开展主题党日活动，重温入党誓词，参观史料陈列。",
        "活动结束后，党员们结合各自岗位谈了体会，支部书记对下一步工作提出了三点要求。",
    ]
    page = f"""<!doctype html><html><head><title>党建动态</title></head><body>
<div class="menu"><a href=/>首页</a><a href=/dj>党建动态</a></div>
<article><header><h1>{lines[0]}</h1><p class="meta">{lines[1]}</p></header>
<p>{lines[2]}</p><p>{lines[3]}</p><footer>责任编辑：张华</footer></article>
<section class="comments"><h3>网友评论</h3>
<p>这个活动很有意义，我们单位也应该组织党员去参观学习一下，非常受教育，希望多组织这样的活动。</p></section>
</body></html>"""
    return page, lines


def _wrap_source_lines(text: str) -> str:
    """Break the HTML source mid-sentence, as CMS editors do; a browser shows no break there."""
    middle = len(text) // 2
    return text[:middle] + "\n        " + text[middle:]


# ----------------------------------------------------------------- zip
ZipEntry = tuple[Union[str, zipfile.ZipInfo], bytes]


def write_zip(path: Path, entries: Iterable[ZipEntry]) -> Path:
    """Members written in the given order, names stored exactly as given (no sanitising)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


class _GbkNamedInfo(zipfile.ZipInfo):
    """Stores its name in GBK without the UTF-8 flag, as zips made on Chinese Windows do."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_named_member(name: str, data: bytes) -> ZipEntry:
    info = _GbkNamedInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, data


def mark_member_encrypted(path: Path, name: str) -> Path:
    """Set the "encrypted" flag of one member in both headers (zipfile cannot write encrypted zips)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data[info.header_offset + 6] |= 0x1  # local file header: general purpose flags
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name.encode("utf-8"))] != name.encode("utf-8"):
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 8] |= 0x1  # central directory: general purpose flags
    path.write_bytes(bytes(data))
    return path
