"""``c4data site DIR``: every page loads in a real browser with no console error, no broken link and no
network, and Chinese renders in the shipped font.

The browser checks need Chromium (Debian's ``chromium`` package); without it they are skipped, saying so.
Set ``C4DATA_SCREENSHOTS`` to a directory to keep the screenshots.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from support import REPO_ROOT, run_c4data

import c4data

pytestmark = pytest.mark.slow

DESCRIPTOR = json.loads(c4data.package_path().read_text(encoding="utf-8"))
TABLES = [resource["name"] for resource in DESCRIPTOR["resources"]]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: install Debian's chromium package to test the site in a browser"
)
RESULT = "C4DATA-RESULT "


class _Page(HTMLParser):
    """The links, loaded resources, element ids and text of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        if tag in ("img", "script", "iframe", "source") and found.get("src"):
            self.loads.append(found["src"])
        if tag == "link" and found.get("href"):
            self.loads.append(found["href"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site") / "c4data-site"
    result = run_c4data("site", target, "--notebooks", REPO_ROOT / "notebooks")
    assert result.returncode == 0, result.stderr
    return target


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_there_is_a_page_per_table_and_notebook_and_for_the_dictionary_sources_and_citation(site):
    names = {path.relative_to(site).as_posix() for path in _pages(site)}
    notebooks = {f"notebooks/{path.stem}.html" for path in (REPO_ROOT / "notebooks").glob("*.ipynb")}
    pages = {"index.html", "dictionary.html", "sources.html", "cite.html"}
    assert names == {*pages, *(f"tables/{t}.html" for t in TABLES), *notebooks}


def test_the_sources_page_counts_the_grades_and_lists_each_meetings_texts(site):
    text = " ".join(_parse(site / "sources.html").text)
    texts = c4data.sources().dropna(subset=["reference_file"])
    codebook = c4data.codebook("sources", "reliability").set_index("value")
    for grade, count in texts["reliability"].value_counts().items():
        assert f"{grade} {codebook.loc[grade, 'label_en']} {codebook.loc[grade, 'meaning']} {count}" in text
    for source_id in c4data.meetings()["source_id"]:
        assert source_id in text
    assert "government-work-report" in text and "not stated" in text


def test_a_table_page_shows_description_fields_codebook_and_first_rows(site):
    text = " ".join(_parse(site / "tables" / "cities.html").text)
    resource = next(r for r in DESCRIPTOR["resources"] if r["name"] == "cities")
    assert resource["description"] in text
    assert all(field["name"] in text for field in resource["schema"]["fields"])
    assert all(label in text for label in c4data.codebook("cities", "tier")["label_zh"])
    assert all(name in text for name in c4data.cities()["name_zh"].head(10))


def test_the_landing_page_and_the_citation_page_cite_the_package(site):
    assert str(c4data.cite()) in " ".join(_parse(site / "index.html").text)
    cite_text = " ".join(_parse(site / "cite.html").text)
    assert c4data.cite().bibtex in cite_text
    assert str(c4data.cite("xinhunan-c4-sixth-meeting")) in cite_text


def test_the_notebooks_are_rendered_with_their_figures(site):
    for path in sorted((site / "notebooks").glob("*.html")):
        loads = _parse(path).loads
        assert any(src.startswith("data:image/png") for src in loads), path.name


def test_no_page_loads_anything_from_the_network(site):
    for path in _pages(site):
        remote = [src for src in _parse(path).loads if urlparse(src).scheme not in ("", "data")]
        assert remote == [], path.name


def test_every_link_and_resource_of_every_page_resolves(site):
    broken = []
    for path in _pages(site):
        page = _parse(path)
        for reference in page.links + page.loads:
            parsed = urlparse(reference)
            if parsed.scheme in ("data", "http", "https", "mailto"):
                continue
            target = (path.parent / unquote(parsed.path)).resolve() if parsed.path else path
            if not target.is_file():
                broken.append(f"{path.name}: {reference}")
            elif parsed.fragment and target.suffix == ".html" and parsed.fragment not in _parse(target).ids:
                broken.append(f"{path.name}: {reference} (no such anchor)")
    assert broken == []


def test_a_directory_c4data_did_not_write_is_refused(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_c4data("site", tmp_path / "mine", "--notebooks", tmp_path / "none")
    assert result.returncode == 1 and "not a site c4data wrote" in result.stderr
    assert [path.name for path in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def _chromium(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a profile of its own, kept off the network."""
    with tempfile.TemporaryDirectory(prefix="c4data-chromium-") as profile:
        return subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={profile}",
                *arguments,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )


HARNESS = """<!doctype html><html><head><meta charset="utf-8"></head><body><iframe id="f"></iframe><script>
const pages = PAGES;
async function check(page) {
  const frame = document.getElementById("f");
  await new Promise(resolve => { frame.onload = resolve; frame.src = page; });
  const doc = frame.contentDocument;
  await doc.fonts.ready;
  return {
    page,
    images: [...doc.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src")),
    sheets: [...doc.querySelectorAll("link[rel=stylesheet]")].filter(l => !l.sheet).map(l => l.href),
    cjk: doc.fonts.check('16px "C4data Sans CJK"', "武汉长沙合肥南昌"),
  };
}
(async () => {
  const results = [];
  for (const page of pages) results.push(await check(page));
  console.log("C4DATA-RESULT " + JSON.stringify(results));
})();
</script></body></html>
"""


def _browse(pages: list[Path], scratch: Path) -> tuple[list[dict], list[str]]:
    """Load each page in turn in one browser: what failed to load on each, and every console message."""
    harness = scratch / "harness.html"
    harness.write_text(HARNESS.replace("PAGES", json.dumps([p.as_uri() for p in pages])), encoding="utf-8")
    result = _chromium(
        "--allow-file-access-from-files",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=30000",
        "--dump-dom",
        harness.as_uri(),
    )
    console = re.findall(r':INFO:CONSOLE[^\]]*\] "(.*)", source: ', result.stderr)
    reports = [json.loads(message[len(RESULT) :]) for message in console if message.startswith(RESULT)]
    assert reports, f"the browser reported nothing: {result.stderr[-2000:]}"
    return reports[0], [message for message in console if not message.startswith(RESULT)]


@needs_chromium
def test_every_page_loads_in_chromium_with_no_error_and_chinese_in_the_shipped_font(site, tmp_path):
    pages = _pages(site)
    results, console = _browse(pages, tmp_path)
    assert console == []
    assert [result["page"] for result in results] == [page.as_uri() for page in pages]
    for result in results:
        assert result["images"] == [] and result["sheets"] == [], result["page"]
        assert result["cjk"], result["page"]


@needs_chromium
def test_the_browser_check_sees_a_broken_image_and_a_script_error(tmp_path):
    """The check above can fail: a page with a missing image and a script error is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<img src="missing.png"><script>undefinedFunction()</script>', encoding="utf-8")
    results, console = _browse([bad], tmp_path)
    assert results[0]["images"] == ["missing.png"]
    assert any("undefinedFunction" in message for message in console)


@needs_chromium
@pytest.mark.parametrize("page", ["index.html", "tables/cities.html"])
def test_screenshots_of_the_site(site, tmp_path, page):
    keep = os.environ.get("C4DATA_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"site-{page.replace('/', '-').removesuffix('.html')}.png"
    result = _chromium("--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}", (site / page).as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
