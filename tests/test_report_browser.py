"""report.html in a real headless browser (Debian's chromium via Playwright):
the table sorts and filters, a highlighted span is visible, injected script
never runs. `.ci/run` installs chromium; without it this test fails under CI
and is skipped elsewhere."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.report.html import write_html
from report_records import report_record, sample_records

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, tmp_path):
    records = sample_records() + [report_record("戊局.txt", 65.0, [("procedure.batch_vote", "high")], "branch_meeting")]
    report = tmp_path / "report.html"
    write_html(records, report)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    yield page
    assert not problems, problems  # includes CSP refusals of the report's own script
    assert all(url.startswith("file://") for url in requests), requests
    page.close()


def visible_column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "#doc-table tbody tr:not(.hidden)", f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def test_injected_script_did_not_run(page, tmp_path):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() == "形式主义审查报告"
    page.click('#doc-table a[href="#doc-1"]')
    shown = page.inner_text("#doc-1 .fa-text")
    assert '<script>window.__pwned=1;document.title="pwned"</script>' in shown
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_table_sorts_by_clicking_headers(page):
    assert visible_column(page, 1)[0] == "corpora/x/城东社区_组织生活会.txt"  # worst first
    page.click("#doc-table th:nth-child(5) button")  # 得分
    scores = [float(s) for s in visible_column(page, 4)]
    assert scores == sorted(scores) and len(scores) == 5
    page.click("#doc-table th:nth-child(5) button")
    assert [float(s) for s in visible_column(page, 4)] == sorted(scores, reverse=True)
    page.click("#doc-table th:nth-child(2) button")  # 文件
    names = visible_column(page, 1)
    assert names != visible_column(page, 4) and len(names) == 5
    assert page.get_attribute("#doc-table th:nth-child(2)", "aria-sort") == "ascending"


def test_table_filters_by_flag_code_and_doc_type(page):
    page.select_option("#filter-flag", "substance.hollow")
    assert visible_column(page, 1) == ["乙局.txt"]
    assert page.inner_text("#shown-count") == "1"
    page.select_option("#filter-flag", "")
    page.select_option("#filter-type", "branch_meeting")
    assert visible_column(page, 1) == ["戊局.txt"]
    page.select_option("#filter-flag", "reuse.copied")
    assert visible_column(page, 1) == []
    page.select_option("#filter-type", "")
    assert sorted(visible_column(page, 1)) == sorted(["corpora/x/城东社区_组织生活会.txt", "丙局.txt"])


def test_highlighted_evidence_is_visible(page):
    mark = page.locator("#doc-1 mark.fa-hl").first
    assert not mark.is_visible()  # documents are folded until opened
    page.click('#doc-table a[href="#doc-1"]')
    assert mark.is_visible()
    box = mark.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    colour = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # clicking an evidence link brings its span into view
    page.click("#doc-1 .fa-evidence a >> nth=0")
    assert page.evaluate("location.hash") == "#doc-1-f0-e0"
