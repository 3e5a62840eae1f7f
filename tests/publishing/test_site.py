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
    pages = {"index.html", "dictionary.html", "keys.html", "sources.html", "cite.html"}
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


class _Cells(HTMLParser):
    """The cells of the preview table (``class="preview"``): their text and their title."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = self.in_cell = False
        self.cells: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.inside = found.get("class") == "preview"
        if self.inside and tag == "td":
            self.cells.append((found.get("title"), ""))
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "table"
        self.in_cell = self.in_cell and tag != "td"

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            title, text = self.cells[-1]
            self.cells[-1] = (title, text + data)


@pytest.mark.parametrize("name", TABLES)
def test_each_cell_of_the_first_rows_holds_its_whole_value_on_demand(site, name):
    cells = _Cells()
    cells.feed((site / "tables" / f"{name}.html").read_text(encoding="utf-8"))
    frame = c4data.tables(backend="pyarrow")[name].slice(0, 10).to_pylist()
    fields = [
        field["name"] for field in next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["schema"]["fields"]
    ]
    expected = [("" if row[field] is None else str(row[field])) for row in frame for field in fields]
    assert [text for _, text in cells.cells] == expected
    assert all(title == text for title, text in cells.cells if text)


def test_descriptions_are_rendered_from_markdown(site):
    for page in ["index.html", "dictionary.html", *(f"tables/{name}.html" for name in TABLES)]:
        assert "`" not in "".join(_parse(site / page).text), page
    for resource in DESCRIPTOR["resources"]:
        if any("`" in field.get("description", "") for field in resource["schema"]["fields"]):
            page = (site / "tables" / f"{resource['name']}.html").read_text(encoding="utf-8")
            assert "<code>" in page.split("<h2>Fields</h2>", 1)[1].split("</table>", 1)[0], resource["name"]


def test_the_landing_page_opens_short_with_the_whole_description_below(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    lead = re.search(r"<h1>.*?</h1>\s*<p[^>]*>(.*?)</p>", text, flags=re.DOTALL)
    assert lead and len(re.sub(r"<[^>]+>", "", lead[1]).split()) <= 80
    assert " ".join(DESCRIPTOR["description"].split()) in " ".join("".join(_parse(site / "index.html").text).split())


def test_a_page_shows_every_key_and_every_join(site):
    page = (site / "keys.html").read_text(encoding="utf-8")
    text = "".join("".join(_parse(site / "keys.html").text).split())
    joins = [
        (resource["name"], foreign)
        for resource in DESCRIPTOR["resources"]
        for foreign in resource["schema"].get("foreignKeys", [])
    ]
    for name, foreign in joins:
        target = foreign["reference"]["resource"] or name
        row = "".join(f"{name}{','.join(foreign['fields'])}{target}{','.join(foreign['reference']['fields'])}".split())
        assert row in text, (name, foreign)
    drawn = [join for join in joins if join[1]["reference"]["resource"] not in ("", join[0])]
    assert page.count('<line class="join"') == len(drawn)
    for resource in DESCRIPTOR["resources"]:
        assert f">{resource['name']}</text>" in page
    assert "keys.html" in {link.rsplit("/", 1)[-1] for link in _parse(site / "index.html").links}


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


HARNESS = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" style="width: 1280px; height: 900px"></iframe><script>
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
    // Every element that shows text of its own, whose font does not begin with or fall back to the shipped one.
    unfonted: [...doc.querySelectorAll("body *")].filter(e =>
      [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) &&
      !frame.contentWindow.getComputedStyle(e).fontFamily.includes("C4data Sans CJK")
    ).map(e => e.tagName + ": " + e.textContent.trim().slice(0, 40)),
    pilcrows: doc.body.innerText.includes("\u00b6"),
    overflow: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
    previews: [...doc.querySelectorAll("h2")].filter(h => h.textContent.startsWith("First ")).map(h => {
      let table = h.nextElementSibling;
      while (table && table.tagName !== "TABLE") table = table.querySelector("table") || table.nextElementSibling;
      const rows = [...table.rows].map(r => r.getBoundingClientRect().height);
      return {width: table.getBoundingClientRect().width, room: doc.querySelector("main").clientWidth,
              tallest: Math.max(...rows), line: parseFloat(frame.contentWindow.getComputedStyle(table).lineHeight)};
    }),
    diagrams: [...doc.querySelectorAll(".diagram svg")].map(svg => svg.getBoundingClientRect().width
      <= doc.querySelector("main").clientWidth + 1),
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


@pytest.fixture(scope="module")
def browsed(site, tmp_path_factory) -> dict[str, dict]:
    """Every page of the site as the browser laid it out (1280 px wide), by its path in the site."""
    pages = _pages(site)
    results, _ = _browse(pages, tmp_path_factory.mktemp("browse"))
    return {page.relative_to(site).as_posix(): result for page, result in zip(pages, results, strict=True)}


@needs_chromium
def test_every_element_that_shows_text_has_the_shipped_font(browsed):
    """A machine without a CJK font shows Chinese only in the shipped font: in code and notebook outputs too."""
    assert {page: result["unfonted"] for page, result in browsed.items() if result["unfonted"]} == {}


@needs_chromium
def test_no_page_shows_a_stray_pilcrow_or_runs_off_the_page(browsed):
    assert [page for page, result in browsed.items() if result["pilcrows"]] == []
    assert {page: result["overflow"] for page, result in browsed.items() if result["overflow"] > 0} == {}


@needs_chromium
@pytest.mark.parametrize("name", TABLES)
def test_the_first_rows_of_a_table_fit_the_page_one_line_each(browsed, name):
    (preview,) = browsed[f"tables/{name}.html"]["previews"]
    assert preview["width"] <= preview["room"] + 1
    assert preview["tallest"] < 2 * preview["line"] + 12  # one line of text and the cell's padding


@needs_chromium
def test_the_diagram_of_keys_fits_the_page(browsed):
    assert browsed["keys.html"]["diagrams"] == [True]


@needs_chromium
def test_the_browser_check_sees_a_broken_image_and_a_script_error(tmp_path):
    """The check above can fail: a page with a missing image and a script error is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<img src="missing.png"><script>undefinedFunction()</script>', encoding="utf-8")
    results, console = _browse([bad], tmp_path)
    assert results[0]["images"] == ["missing.png"]
    assert any("undefinedFunction" in message for message in console)


@needs_chromium
@pytest.mark.parametrize("page", ["index.html", "tables/cities.html", "keys.html", "notebooks/01_tour.html"])
def test_screenshots_of_the_site(site, tmp_path, page):
    keep = os.environ.get("C4DATA_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"site-{page.replace('/', '-').removesuffix('.html')}.png"
    result = _chromium("--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}", (site / page).as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
