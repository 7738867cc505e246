"""Screenshots of report.html for the README: docs/report.png (overview and the
document table) and docs/report_document.png (one document with its evidence).

    .venv/bin/python docs/make_screenshot.py [OUT_DIR]

OUT_DIR is a folder written by `formalism-audit scan`; without it the sample
corpus is audited into a temporary folder. The report is re-rendered from the
stored results, so the pictures show the current report code. Drives Debian's
chromium (/usr/bin/chromium); it never downloads a browser.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.corpus import Corpus  # noqa: E402
from pipeline.report.tables import worst_first  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load(out_dir: str | None) -> Corpus:
    if out_dir:
        return Corpus.from_results(out_dir)
    db = Path(tempfile.mkdtemp()) / "audit.db"
    return Corpus.from_path(ROOT / "corpora" / "samples", workers=2, db_path=db,
                            prior=[ROOT / "corpora" / "samples_prior"])


def document_to_show(corpus: Corpus) -> int:
    """The worst 组织生活会 minutes (they show criticism labels too), else the worst document."""
    order = worst_first(corpus.records)
    meetings = [i for i in order if corpus.records[i].get("doc_type") == "org_life_meeting"]
    return (meetings or order)[0]


def main() -> None:
    corpus = load(sys.argv[1] if len(sys.argv) > 1 else None)
    report = Path(tempfile.mkdtemp()) / "report.html"
    report.write_text(corpus.report_html(), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1500})
        page.goto(report.as_uri())
        page.screenshot(path=str(ROOT / "docs" / "report.png"))
        index = document_to_show(corpus)
        page.goto(f"{report.as_uri()}#doc-{index}")
        page.wait_for_timeout(200)
        box = page.locator(f"#doc-{index}").bounding_box()  # relative to the viewport
        box["y"] += page.evaluate("window.scrollY")
        page.screenshot(path=str(ROOT / "docs" / "report_document.png"), full_page=True,
                        clip={**box, "height": min(box["height"], 1400)})
        browser.close()
    print(f"wrote {ROOT / 'docs' / 'report.png'} and {ROOT / 'docs' / 'report_document.png'} "
          f"(document: {corpus.records[index]['path']})")


if __name__ == "__main__":
    main()
