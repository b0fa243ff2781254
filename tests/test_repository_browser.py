"""The HTML report of ``nnport migrate SRC_DIR`` as people see it: opened in headless Chromium
(Debian's package, driven by Playwright; `make test` installs both), with every network request
but the page itself refused. The table sorts and filters, the code panes stand side by side,
the links land on their targets; a screenshot is kept in .artifacts/. The page's structure
(every link has a target, nothing is fetched from elsewhere) is also checked without a browser."""
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from repo_tree import EXPECTED_TO_KERAS, write_tree

from nnport.cli import main

ARTIFACTS = Path(os.environ.get("NNPORT_ARTIFACTS", Path(__file__).parent.parent / ".artifacts"))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    repo = write_tree(root / "repo")
    CliRunner().invoke(main, ["migrate", str(repo), "--to", "keras", "-o", str(root / "out"), "-q"])
    return repo, root / "out" / "nnport-report.html"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external, self.rows = set(), [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if value and not value.startswith(("#", "data:")):
                self.external.append(value)
        if tag == "link" or (tag == "script" and "src" in attrs):
            self.external.append(tag)
        self.rows += tag == "tr" and "data-status" in attrs


def test_every_link_has_its_target_and_nothing_comes_from_elsewhere(report):
    page = _Page()
    page.feed(report[1].read_text())
    assert page.rows == len(EXPECTED_TO_KERAS)
    assert page.external == []
    assert page.links and set(page.links) <= page.ids
    assert len(page.ids) == len(set(page.ids))


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("headless Chromium is needed for the report test: `make browser` installs Debian's package")
    return found


@pytest.fixture(scope="module")
def page(report):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright drives Chromium for the report test: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        fetched, errors = [], []
        page.route("**/*", lambda route: (fetched.append(route.request.url),
                                          route.continue_() if route.request.url.startswith("file://")
                                          else route.abort()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(report[1].as_uri())
        page.fetched, page.errors = fetched, errors
        yield page
        browser.close()


def _visible_paths(page) -> list[str]:
    return page.eval_on_selector_all("#files tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.path)")


def test_report_opens_without_network_or_script_errors(page, report):
    assert page.fetched == [report[1].as_uri()]
    assert page.errors == []
    assert page.locator("h1").inner_text() == "nnport report"


def test_table_lists_every_file_and_sorts(page):
    assert _visible_paths(page) == sorted(EXPECTED_TO_KERAS)
    page.click("#files th:nth-child(1) button")  # File again: descending
    assert _visible_paths(page) == sorted(EXPECTED_TO_KERAS, reverse=True)
    page.click("#files th:nth-child(2) button")  # Status, ascending; ties by path
    statuses = page.eval_on_selector_all("#files tbody tr", "rows => rows.map(r => r.dataset.status)")
    assert statuses == sorted(statuses)
    assert page.get_attribute("#files th:nth-child(2)", "aria-sort") == "ascending"
    page.click("#files th:nth-child(1) button")


def test_filters_hide_rows_and_sections(page):
    page.uncheck("#filters input[value='not a network']")
    shown = [p for p, status in sorted(EXPECTED_TO_KERAS.items()) if status != "not a network"]
    assert sorted(_visible_paths(page)) == shown
    assert page.inner_text("#shown") == f"{len(shown)} of {len(EXPECTED_TO_KERAS)} files"
    page.fill("#path-filter", "models/")
    assert sorted(_visible_paths(page)) == ["models/blocks.py", "models/classifier.py"]
    assert not page.is_visible("section.file[data-path='legacy/half_written.py']")
    assert page.is_visible("section.file[data-path='models/blocks.py']")
    page.fill("#path-filter", "")
    page.check("#filters input[value='not a network']")
    assert len(_visible_paths(page)) == len(EXPECTED_TO_KERAS)


def test_code_panes_stand_side_by_side(page, report):
    section = page.locator("section.file[data-path='models/blocks.py']")
    source, migrated = section.locator(".pane.source pre"), section.locator(".pane.migrated pre")
    lines = (report[0] / "models/blocks.py").read_text().splitlines()
    assert source.locator(".line").count() == len(lines)
    assert source.locator(".line").nth(5).inner_text().rstrip("\n") == f"6{lines[5]}"
    assert "keras" in migrated.inner_text()
    left, right = source.bounding_box(), migrated.bounding_box()
    assert right["x"] >= left["x"] + left["width"] and abs(right["y"] - left["y"]) < 2


def test_links_land_on_the_file_and_on_the_diagnostic_line(page):
    page.click("#files a[href*='legacy-half-written-py']")
    anchor = re.sub(r"^.*#", "", page.url)
    assert page.locator(f"#{anchor}").get_attribute("data-path") == "legacy/half_written.py"
    assert page.locator(f"#{anchor} h2").is_visible()
    page.click(f"#{anchor} .diagnostics a")
    line = page.locator(":target")
    assert line.get_attribute("class").split() == ["line", "error"]
    assert "super().__init__(" in line.inner_text()
    box, view = line.bounding_box(), page.viewport_size
    assert 0 <= box["y"] < view["height"]
    page.click(f"#{anchor} a.up")
    assert page.url.endswith("#summary")


def test_diagram_opens_and_a_screenshot_is_kept(page):
    section = page.locator("section.file[data-path='models/blocks.py']")
    section.locator("details.diagram summary").click()
    assert section.locator("details.diagram svg g.node").count() >= 4
    page.goto(page.url.split("#")[0] + "#top")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "repository-report.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
