"""``c4data site DIR``: a static website of the package that a browser shows with no network.

Pages: a landing page (scope, figures, downloads), one page per table (description, fields, codebooks,
first rows), the notebooks rendered by nbconvert, the data dictionary, the sources (grades with counts,
the texts of each meeting and national document) and how to cite. Everything a page
loads is in ``DIR``: the stylesheet, the CJK font that ships with the package (so Chinese renders on a
machine without one), the figures and the downloads (CSV zip, Excel workbook, GeoJSON). Written by
hand rather than with mkdocs: the pages are generated from the descriptor, and mkdocs' themes load
fonts and scripts from the network.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from c4data.files.replacing import directory_refusal, replace_directory, staging_directory, write_manifest
from c4data.model.codebooks import codebook_rows
from c4data.model.descriptor import Descriptor
from c4data.model.errors import C4DataError
from c4data.model.extras import require
from c4data.model.schema import Table
from c4data.publishing.diagram import joins, svg
from c4data.publishing.downloads import DOWNLOADS, GEOJSON_DIR, PARQUET_DIR, Download, write_downloads
from c4data.publishing.markdown import inline_html
from c4data.publishing.sanitise import sanitised
from c4data.publishing.sources_overview import grades, meetings, national_documents
from c4data.reading.citation import package_citation, source_citation, sources_rows
from c4data.reading.integrity import read_verified_table

FIRST_ROWS = 10
PREVIEW_CHARACTERS = 14  # a preview column is given the width of this many characters at most
LEAD_SENTENCES = 1  # the landing page opens with the description's first sentence; the rest follows below
# A site directory holds it, listing each file with its sha256, so that --force replaces only what c4data wrote.
MARKER = ".c4data-site.json"
STAGING_PREFIX = ".c4data-site-"
FONT = '"C4data Sans CJK"'
# Monospace for code, falling back to the shipped font for Chinese (before the generic family, which would end it).
MONOSPACE = f'"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, {FONT}, monospace'
STYLE = f"""
@font-face {{ font-family: {FONT}; src: url("fonts/C4dataSansCJK-Regular.otf") format("opentype"); }}
body {{ font-family: {FONT}, sans-serif; max-width: 72rem; margin: 0 auto; padding: 0 1.5rem 3rem;
       line-height: 1.5; color: #222; }}
/* Browsers give these their own font; each must still show Chinese in the shipped font. */
button, input, select, textarea, svg text {{ font-family: {FONT}, sans-serif; }}
pre, code, kbd, samp, tt, .notebook pre {{ font-family: {MONOSPACE}; }}
nav {{ border-bottom: 1px solid #ccc; padding: 0.8rem 0; margin-bottom: 1rem; }}
nav a {{ margin-right: 1.2rem; }}
table {{ border-collapse: collapse; margin: 0.8rem 0 1.6rem; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }}
th {{ background: #f4f4f4; }}
.scroll {{ overflow-x: auto; }}
/* A preview of rows fits the page: each cell one line, cut with an ellipsis; its title holds the whole value. */
table.preview {{ table-layout: fixed; width: 100%; font-size: 0.8rem; }}
table.preview th, table.preview td {{ overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
                                     padding: 0.2rem 0.3rem; }}
p, li, blockquote {{ overflow-wrap: anywhere; }}  /* a long address in a citation wraps, not the page */
.lead {{ font-size: 1.15rem; }}
.diagram svg {{ width: 100%; height: auto; }}
img {{ max-width: 100%; }}
pre {{ background: #f6f6f6; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }}
.notebook .input_prompt, .notebook .prompt {{ display: none; }}
"""


class SiteRefused(C4DataError):
    """Raised when the target holds anything c4data did not write, or changed since; nothing has been written."""


def build_site(
    target: Path,
    descriptor: Descriptor,
    notebooks_dir: Path | None,
    force: bool = False,
    extra_downloads: Sequence[Path] = (),
) -> Path:
    """Write the site into ``target`` (staged beside it, then moved into place); return its index page.

    ``extra_downloads`` (a release's wheel and sdist) are offered beside the package's own downloads. A
    directory that is not empty is replaced only with ``force``, and only when it is a site c4data wrote
    with nothing in it added or changed since (``c4data.files.replacing``)."""
    missing = [str(path) for path in extra_downloads if not Path(path).is_file()]
    if missing:
        raise SiteRefused(f"no such file to offer for download: {', '.join(missing)}; nothing was changed")
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise SiteRefused(f"{target} exists and is not a directory; nothing was changed")
    if target.exists() and any(target.iterdir()):
        reason = directory_refusal(target, MARKER)
        if reason is not None:
            raise SiteRefused(
                f"{target} is not empty and is not a site c4data wrote, as written: it {reason}; "
                "nothing was changed. Choose an empty directory."
            )
        if not force:
            raise SiteRefused(f"{target} holds a site already; use --force to replace it; nothing was changed")
    if notebooks_dir is not None and any(notebooks_dir.glob("*.ipynb")):
        require("nbconvert", "site")  # before anything is written: MissingDependency names the extra
        require("nbformat", "site")
    require("openpyxl", "site")  # the workbook download
    with staging_directory(target.parent, STAGING_PREFIX) as staging:
        site = staging / "site"
        site.mkdir()
        _write_site(site, descriptor, notebooks_dir, [Path(path) for path in extra_downloads])
        write_manifest(site, MARKER, {"written_by": "c4data site", "version": descriptor.version})
        replace_directory(site, target, staging)
    return target / "index.html"


def _write_site(site: Path, descriptor: Descriptor, notebooks_dir: Path | None, extra: list[Path]) -> None:
    from c4data.plotting import FONT_FILE

    (site / "style.css").write_text(STYLE.lstrip(), encoding="utf-8")
    (site / "fonts").mkdir()
    shutil.copyfile(FONT_FILE, site / "fonts" / FONT_FILE.name)
    shutil.copyfile(FONT_FILE.parent / "OFL.txt", site / "fonts" / "OFL.txt")
    offered = write_downloads(site / DOWNLOADS, descriptor, extra)
    notebooks = _write_notebooks(site, notebooks_dir)
    figures = _copy_figures(site, notebooks_dir)
    tables = {name: read_verified_table(descriptor, name).to_pylist() for name in descriptor.resource_names}
    pages = {
        "index.html": _landing(descriptor, tables, figures, notebooks, offered),
        "dictionary.html": _dictionary(descriptor),
        "keys.html": _keys(descriptor),
        "sources.html": _sources(descriptor, tables),
        "cite.html": _cite(descriptor),
    }
    for name in descriptor.resource_names:
        pages[f"tables/{name}.html"] = _table_page(descriptor, name, tables[name])
    for path, (title, body) in pages.items():
        page = site / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_page(title, body, depth=path.count("/"), notebooks=notebooks), encoding="utf-8")


def _page(title: str, body: str, depth: int, notebooks: list[str]) -> str:
    up = "../" * depth
    links = [
        ("index.html", "Home"),
        ("keys.html", "Keys and joins"),
        ("dictionary.html", "Data dictionary"),
        ("sources.html", "Sources"),
        ("cite.html", "Cite"),
    ]
    if notebooks:
        links.insert(1, (_href("notebooks/", notebooks[0] + ".html"), "Notebooks"))
    menu = " ".join(f'<a href="{up}{href}">{text}</a>' for href, text in links)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · c4data</title>\n"
        f'<link rel="icon" href="data:,">\n<link rel="stylesheet" href="{up}style.css">\n</head>\n'
        f"<body>\n<nav>{menu}</nav>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def _href(folder: str, name: str) -> str:
    """A link to the file ``name`` in ``folder``, its name percent-encoded and the whole escaped for an attribute."""
    return html.escape(folder + quote(name, safe=""))


def _table(header: list[str], rows: list[list[Any]], raw: bool = False) -> str:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell if raw else _e(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table>\n<tr>{head}</tr>\n{body}\n</table></div>'


def _preview(header: list[str], rows: list[list[Any]]) -> str:
    """Rows that fit the page: one line per cell, cut where too long, the whole value in the cell's title.

    Each column's share of the width follows its header and values, up to ``PREVIEW_CHARACTERS``.
    """
    shown = [[_text(cell) for cell in row] for row in rows]
    weights = [
        min(PREVIEW_CHARACTERS, max(len(name), *(len(row[index]) for row in shown))) + 2
        for index, name in enumerate(header)
    ]
    columns = "".join(f'<col style="width: {100 * weight / sum(weights):.2f}%">' for weight in weights)
    head = "".join(f'<th title="{_e(name)}">{_e(name)}</th>' for name in header)
    body = "".join(
        "<tr>" + "".join(f'<td title="{_e(cell)}">{_e(cell)}</td>' if cell else "<td></td>" for cell in row) + "</tr>"
        for row in shown
    )
    return f'<table class="preview">\n<colgroup>{columns}</colgroup>\n<tr>{head}</tr>\n{body}\n</table>'


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _landing(
    descriptor: Descriptor,
    tables: dict[str, list[dict[str, Any]]],
    figures: list[str],
    notebooks: list[str],
    offered: Sequence[Download] = (),
) -> tuple[str, str]:
    data = descriptor.data
    rows = [
        [
            f'<a href="tables/{name}.html">{_e(name)}</a>',
            _e(descriptor.table(name).title),
            len(tables[name]),
            inline_html(_lead(descriptor.table(name).description)[0]),  # the rest is on the table's page
        ]
        for name in descriptor.resource_names
    ]
    lead, details = _lead(str(data.get("description", "")))
    parts = [
        f"<h1>{_e(data['title'])}</h1>",
        f'<p class="lead">{inline_html(lead)}</p>',
        f'<p>Version {_e(descriptor.version)}. <a href="#about">About the data</a> · '
        '<a href="keys.html">How the tables join</a> · <a href="#downloads">Downloads</a></p>',
        _downloads_section(descriptor, offered),
        "<h2>Tables</h2>",
        _table(["table", "title", "rows", "description"], rows, raw=True),
        "<h2>Sources</h2>",
        "<ul>" + "".join(f"<li>{_e(source.get('title', ''))}</li>" for source in data.get("sources", [])) + "</ul>",
    ]
    if figures:
        parts.append("<h2>Figures</h2>")
        parts += [
            f'<p><img src="{_href("figures/", name)}" alt="figure {_e(name)} from the notebooks"></p>'
            for name in figures
        ]
    if notebooks:
        parts.append("<h2>Notebooks</h2><ul>")
        parts += [f'<li><a href="{_href("notebooks/", name + ".html")}">{_e(name)}</a></li>' for name in notebooks]
        parts.append("</ul>")
    parts += [
        '<h2 id="about">About the data</h2>',
        f"<p>{inline_html(lead)} {inline_html(details)}</p>",
    ]
    return data["title"], "\n".join(parts)


def _downloads_section(descriptor: Descriptor, offered: Sequence[Download]) -> str:
    """Every download with its size and sha256, then the citation and the licences."""
    rows = [
        [
            f'<a href="{_href(DOWNLOADS + "/", item.name)}">{_e(item.name)}</a>',
            _e(item.about),
            f'<span style="white-space: nowrap">{_e(_size(item.size))}</span>',
            f"<code>{item.sha256}</code>",
        ]
        for item in offered
    ]
    licences = "; ".join(
        f'<a href="{_e(entry.get("path", ""))}">{_e(entry.get("name", ""))}</a>: {_e(entry.get("title", ""))}'
        for entry in descriptor.data.get("licenses", [])
        if isinstance(entry, dict)
    )
    return "\n".join(
        [
            '<h2 id="downloads">Downloads</h2>',
            f"<p>Version {_e(descriptor.version)}, released {_e(descriptor.package.created[:10])}. Check a file with "
            "<code>sha256sum</code>; check a package with <code>c4data validate FILE</code>. Each package holds a "
            "README, its licence and its citation.</p>",
            _table(["file", "what it is", "size", "sha256"], rows, raw=True),
            f'<p>The Parquet package unpacked: <a href="{DOWNLOADS}/{PARQUET_DIR}/datapackage.json">datapackage.json'
            f'</a> (read it with DuckDB or frictionless over HTTP); the GeoJSON files: <a href="{DOWNLOADS}/'
            f'{GEOJSON_DIR}/cities.geojson">cities.geojson</a>, <a href="{DOWNLOADS}/{GEOJSON_DIR}/'
            'boundaries.geojson">boundaries.geojson</a>.</p>',
            f'<p>Cite as: <a href="cite.html">{_e(package_citation(descriptor).text)}</a></p>',
            f"<p>Licence: {licences}.</p>",
        ]
    )


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} kB"


def _lead(description: str) -> tuple[str, str]:
    """The first ``LEAD_SENTENCES`` sentences of a description, and the rest."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", description.strip())
    return " ".join(sentences[:LEAD_SENTENCES]), " ".join(sentences[LEAD_SENTENCES:])


def _fields_table(table: Table) -> str:
    rows = [
        [
            field.name,
            field.type,
            "yes" if field.required else "",
            "yes" if field.name in table.primary_key else "",
            inline_html(field.description),
        ]
        for field in table.fields
    ]
    rows = [[_e(cell) for cell in row[:-1]] + row[-1:] for row in rows]
    return _table(["field", "type", "required", "key", "description"], rows, raw=True)


def _codebooks(descriptor: Descriptor, name: str) -> str:
    parts = []
    for field in descriptor.table(name).fields:
        if field.enum is None:
            continue
        rows = [
            [_e(r["value"]), _e(r["label_en"]), _e(r["label_zh"]), inline_html(r["meaning"])]
            for r in codebook_rows(descriptor, name, field.name)
        ]
        parts += [f"<h3>{_e(field.name)}</h3>", _table(["value", "label_en", "label_zh", "meaning"], rows, raw=True)]
    return "\n".join(parts)


def _table_page(descriptor: Descriptor, name: str, rows: list[dict[str, Any]]) -> tuple[str, str]:
    table = descriptor.table(name)
    names = table.field_names
    first = [[row[column] for column in names] for row in rows[:FIRST_ROWS]]
    codebooks = _codebooks(descriptor, name)
    body = [
        f"<h1>{_e(table.title or name)} <code>{_e(name)}</code></h1>",
        f"<p>{inline_html(table.description)}</p>",
        f"<p>{len(rows)} rows; primary key {_e(', '.join(table.primary_key))}. In Python: "
        f"<code>c4data.{_e(name)}()</code>.</p>",
        _joins_of(descriptor, name),
        "<h2>Fields</h2>",
        _fields_table(table),
        *(["<h2>Codebooks</h2>", codebooks] if codebooks else []),
        f"<h2>First {len(first)} rows</h2>",
        "<p>Each value is cut to fit the page: point at a cell to read it whole.</p>",
        _preview(names, first),
    ]
    return table.title or name, "\n".join(body)


def _dictionary(descriptor: Descriptor) -> tuple[str, str]:
    parts = [f"<h1>Data dictionary: c4data {_e(descriptor.version)}</h1>"]
    for name in descriptor.resource_names:
        table = descriptor.table(name)
        parts += [
            f'<h2 id="{_e(name)}"><a href="tables/{_e(name)}.html">{_e(name)}</a></h2>',
            f"<p>{inline_html(table.description)} Primary key: {_e(', '.join(table.primary_key))}.</p>",
            _fields_table(table),
            _codebooks(descriptor, name),
        ]
    return "Data dictionary", "\n".join(parts)


def _joins_of(descriptor: Descriptor, name: str) -> str:
    """What a table points at, and what points at it, with links to those tables' pages."""
    found = joins(descriptor)
    out = [join for join in found if join.table == name]
    into = [join for join in found if join.reference == name and join.table != name]
    items = [
        f"<li><code>{_e(', '.join(j.fields))}</code> points to "
        f'<a href="{_e(j.reference)}.html">{_e(j.reference)}</a>.<code>{_e(", ".join(j.reference_fields))}</code></li>'
        for j in out
    ]
    items += [
        f'<li><a href="{_e(j.table)}.html">{_e(j.table)}</a>.<code>{_e(", ".join(j.fields))}</code> points here</li>'
        for j in into
    ]
    if not items:
        return ""
    see_also = '<p>See also <a href="../keys.html">how all the tables join</a>.</p>'
    return f"<h2>Keys</h2>{see_also}<ul>{''.join(items)}</ul>"


def _keys(descriptor: Descriptor) -> tuple[str, str]:
    """The keys and joins of every table: the diagram, then each foreign key as a row."""
    links = {name: f"tables/{name}.html" for name in descriptor.resource_names}
    rows = [
        [
            f'<a href="tables/{_e(join.table)}.html">{_e(join.table)}</a>',
            f"<code>{_e(', '.join(join.fields))}</code>",
            f'<a href="tables/{_e(join.reference)}.html">{_e(join.reference)}</a>',
            f"<code>{_e(', '.join(join.reference_fields))}</code>",
        ]
        for join in joins(descriptor)
    ]
    keys = [
        [f'<a href="tables/{_e(name)}.html">{_e(name)}</a>', f"<code>{_e(', '.join(table.primary_key))}</code>"]
        for name in descriptor.resource_names
        for table in [descriptor.table(name)]
    ]
    body = [
        "<h1>Keys and joins</h1>",
        "<p>Each box is a table with its primary key; each line a foreign key, from the table that holds it up "
        "to the table it points at (point at a line to read its fields). Every fact table points to "
        "<code>sources</code> through <code>source_id</code>: those lines are light.</p>",
        f'<div class="diagram">{svg(descriptor, links)}</div>',
        "<h2>Primary keys</h2>",
        _table(["table", "primary key"], keys, raw=True),
        "<h2>Foreign keys</h2>",
        _table(["table", "fields", "points to", "its fields"], rows, raw=True),
    ]
    return "Keys and joins", "\n".join(body)


def _sources(descriptor: Descriptor, tables: dict[str, list[dict[str, Any]]]) -> tuple[str, str]:
    """The sources page: the grades with their counts, the texts of each meeting and of each national document."""
    documents = national_documents(descriptor, tables)
    parts = [
        "<h1>Sources</h1>",
        "<p>How the texts were found, what was left out and why: docs/sources.md in the repository. Each text "
        'is a row of <a href="tables/sources.html">sources</a>, graded in <code>reliability</code>.</p>',
        "<h2>Reliability grades</h2>",
        _table(
            ["grade", "label", "meaning", "texts"],
            [[grade.value, grade.label, grade.meaning, grade.texts] for grade in grades(descriptor, tables)],
        ),
        "<h2>Which texts describe each meeting</h2>",
        _table(
            ["meeting", "date", "texts"],
            [[m.key, m.date, m.listed()] for m in meetings(descriptor, tables)],
        ),
    ]
    if documents:
        parts += [
            "<h2>Which texts describe each national document</h2>",
            _table(
                ["document", "earliest date", "texts"],
                [[d.key, d.date or "not stated", d.listed()] for d in documents],
            ),
        ]
    return "Sources", "\n".join(parts)


def _cite(descriptor: Descriptor) -> tuple[str, str]:
    citation = package_citation(descriptor)
    sources = "".join(
        f"<li><code>{_e(row['source_id'])}</code>: {_e(source_citation(descriptor, row['source_id']).text)}</li>"
        for row in sources_rows(descriptor)
    )
    body = [
        "<h1>How to cite</h1>",
        f"<blockquote>{_e(citation.text)}</blockquote>",
        f"<pre>{_e(citation.bibtex)}</pre>",
        "<p>When you use a fact, cite its source as well: <code>c4data.trace(table, key)</code> gives the "
        "sources of any row, and <code>c4data.cite(source_id)</code> the citation of each.</p>",
        f"<h2>Sources</h2><ul>{sources}</ul>",
    ]
    return "How to cite", "\n".join(body)


def _copy_figures(site: Path, notebooks_dir: Path | None) -> list[str]:
    figures = sorted((notebooks_dir / "figures").glob("*_en.png")) if notebooks_dir else []
    if figures:
        (site / "figures").mkdir()
    for figure in figures:
        shutil.copyfile(figure, site / "figures" / figure.name)
    return [figure.name for figure in figures]


def _write_notebooks(site: Path, notebooks_dir: Path | None) -> list[str]:
    """Each committed notebook, with its outputs, as a page of the site (figures embedded in it)."""
    paths = sorted(notebooks_dir.glob("*.ipynb")) if notebooks_dir else []
    if not paths:
        return []
    nbformat = require("nbformat", "site")
    nbconvert = require("nbconvert", "site")
    # The body only (the full template loads scripts from a CDN), without the "¶" after each heading.
    exporter = nbconvert.HTMLExporter(template_name="basic", exclude_anchor_links=True)
    names = [path.stem for path in paths]
    (site / "notebooks").mkdir()
    for path in paths:
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
        page = _page(path.stem, f'<div class="notebook">\n{sanitised(body)}\n</div>', depth=1, notebooks=names)
        (site / "notebooks" / f"{path.stem}.html").write_text(page, encoding="utf-8")
    return names
