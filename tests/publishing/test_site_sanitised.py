"""The site carries only what it needs of a notebook: no script, no event handler, no URL off the site in any
attribute (a link elsewhere is shown as its text and address); and a file name from the notebooks folder is
escaped wherever a page names it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import REPO_ROOT

pytest.importorskip("bleach")

from c4data.publishing.sanitise import sanitised

# What a notebook's markdown or HTML output may hold that must not reach the site.
HOSTILE = [
    "<script>alert('x')</script>",
    "<script src='https://cdn.example/x.js'></script>",
    "<style>@import url(https://fonts.example/f.css); body{background:url(http://x/y.png)}</style>",
    "<iframe src='https://example.com'></iframe>",
    "<object data='https://example.com/x.swf'></object><embed src='https://example.com/x'>",
    "<svg onload=alert(1)><image href='https://example.com/i.png'/></svg>",
    "<img src='https://example.com/pixel.gif' alt='pixel'>",
    "<img src='//example.com/pixel.gif'>",
    "<img srcset='https://example.com/a.png 2x' src='data:image/png;base64,AAAA'>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>click</a>",
    "<a href='//example.com/p'>protocol-relative</a><a href='/\\example.com'>backslash</a>",
    "<a href='mailto:someone@example.com'>mail</a><a href='https://example.com/tracker'>a remote link</a>",
    "<a href='data:text/html,<script>alert(1)</script>'>click</a>",
    "<a href=' JaVaScRiPt:alert(1)'>click</a>",
    "<div style='background:url(https://example.com/x.png)' onclick='alert(1)'>styled</div>",
    "<link rel=stylesheet href='https://example.com/s.css'><meta http-equiv=refresh content='0;url=https://x'>",
    "<base href='https://example.com/'><form action='https://example.com'><input autofocus onfocus=alert(1)></form>",
    "<video poster='https://example.com/p.png'><source src='https://example.com/v.mp4'></video>",
    "<table><tr><td background='https://example.com/b.png' onmouseover=alert(1)>cell</td></tr></table>",
    "<p>unclosed <b>bold <i onclick=alert(2)>x",
    "<!-- <script>alert(3)</script> -->",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
]
BENIGN = [
    "<p>keep me</p>",
    "<img src='data:image/png;base64,iVBORw0KGgo=' alt='figure'>",
    "<a href='#part'>a link within the page</a><a href='other.html'>another page</a>",
    "<table class='dataframe'><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    "<pre><code>c4data.cities()</code></pre>",
    "<h2 id='x'>长江中游</h2>",
]
# Attributes whose value is never a URL; any other attribute left must be a link within the site or an image
# embedded in the page.
PLAIN_ATTRIBUTES = {"class", "id", "title", "lang", "alt", "width", "height", "colspan", "rowspan", "start", "span"}
FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "object", "embed", "svg", "link", "meta", "base", "form", "input"}
FORBIDDEN_ELEMENTS |= {"video", "audio", "source", "image", "math"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _within_the_site(href: str) -> bool:
    """A link a browser follows within the site: no scheme, no ``//host``, no backslash (read as ``/``), once
    what browsers ignore (spaces and controls around it, tabs and line ends in it) is removed."""
    url = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21))))
    return not (re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith(("//", "/\\", "\\")) or "\\" in url)


def assert_safe_for_the_site(html: str) -> None:
    parsed = _parsed(html)
    for tag, attributes in parsed.tags:
        assert tag not in FORBIDDEN_ELEMENTS, tag
        for name, value in attributes.items():
            if name in PLAIN_ATTRIBUTES:
                continue
            if tag == "img" and name == "src":
                assert (value or "").startswith("data:image/"), (tag, name, value)
            else:
                assert tag == "a" and name == "href" and _within_the_site(value or ""), (tag, name, value)
    assert "alert(" not in "".join(parsed.text)  # a script's code is dropped, not shown as text


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.sampled_from(HOSTILE + BENIGN), min_size=1, max_size=8))
def test_notebook_html_is_cut_down_to_what_the_site_needs(parts):
    html = "\n".join(parts)
    cleaned = sanitised(html)
    assert_safe_for_the_site(cleaned)
    text = "".join(_parsed(cleaned).text)
    for benign in set(parts) & set(BENIGN):
        for kept in _parsed(benign).text:
            assert kept in text
        for tag, attributes in _parsed(benign).tags:
            if tag == "img":
                assert f'src="{attributes["src"]}"' in cleaned


# URLs off the site, written as a browser would still read them (case, spaces and controls, tabs inside the
# scheme, character references, a backslash for a slash).
_REMOTE = st.tuples(
    st.sampled_from(["https://", "HTTP://", "ftp://", "//", "/\\", "\\\\", "file:///", "mailto:", "javascript:"]),
    st.sampled_from(["example.com/x.png", "example.com/?a=1&b=2", "example.com/a b"]),
    st.sampled_from(["", " ", "\x01", "\t"]),
    st.sampled_from(["plain", "tab inside", "reference"]),
).map(
    lambda parts: (
        parts[2]
        + {
            "plain": parts[0],
            "tab inside": parts[0][:2] + "\t" + parts[0][2:],
            "reference": "&#x" + format(ord(parts[0][0]), "x") + ";" + parts[0][1:],
        }[parts[3]]
        + parts[1]
    )
)
_URL_ATTRIBUTES = ["href", "src", "srcset", "xlink:href", "poster", "action", "background", "data", "cite", "ping"]
_URL_ATTRIBUTES += ["longdesc", "formaction", "lowsrc", "manifest", "style"]


@settings(max_examples=80, deadline=None)
@given(
    tag=st.sampled_from(["a", "img", "div", "td", "blockquote", "q", "area", "source", "link", "image", "use"]),
    attribute=st.sampled_from(_URL_ATTRIBUTES),
    url=_REMOTE,
    text=st.sampled_from(["", "the report", "长江中游"]),
)
def test_no_url_off_the_site_survives_in_any_attribute(tag, attribute, url, text):
    value = f"background:url({url})" if attribute == "style" else url
    html = f"<table><tr><td><p>before <{tag} {attribute}='{value}'>{text}</{tag}> after</p></td></tr></table>"
    cleaned = sanitised(html)
    assert_safe_for_the_site(cleaned)
    shown = "".join(_parsed(cleaned).text)
    assert "before" in shown and "after" in shown and text in shown
    if (
        tag == "a"
        and attribute == "href"
        and re.match(r"\s*(https?|ftp|mailto):|//", _parsed(f"<a href='{url}'>").tags[0][1]["href"], re.I)
    ):
        address = _parsed(f"<a href='{url}'>").tags[0][1]["href"]
        assert re.sub(r"[\s\x00-\x20]", "", address) in re.sub(
            r"[\s\x00-\x20]", "", shown
        )  # the reader sees where it led


def _notebook(path: Path) -> None:
    hostile = "\n".join(HOSTILE)
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# A notebook\n\n" + hostile},
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {},
                "execution_count": 1,
                "source": "frame",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"text/html": hostile, "text/plain": "frame"},
                    }
                ],
            },
        ],
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_the_notebook_pages_carry_no_script_handler_or_remote_resource(tmp_path):
    pytest.importorskip("nbconvert")
    from c4data.publishing.site import _write_notebooks

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "hostile.ipynb")
    shutil_site = tmp_path / "site"
    shutil_site.mkdir()
    assert _write_notebooks(shutil_site, notebooks) == ["hostile"]
    page = (shutil_site / "notebooks" / "hostile.html").read_text(encoding="utf-8")
    assert "A notebook" in page
    body = page.split("<main>", 1)[1]
    assert_safe_for_the_site(body)


@pytest.mark.parametrize("name", ['a"b_en.png', "x' onerror='alert(1)_en.png", "<script>_en.png", "a b&c#d?e_en.png"])
def test_a_figure_name_is_escaped_in_the_page(name):
    from c4data.model.descriptor import Descriptor
    from c4data.publishing.site import _landing

    descriptor = Descriptor.read(REPO_ROOT / "datapackage.json")
    tables = {table: [] for table in descriptor.resource_names}
    _, body = _landing(descriptor, tables, [name], [name.removesuffix(".png")])
    images = [attributes for tag, attributes in _parsed(body).tags if tag == "img"]
    links = [attributes["href"] for tag, attributes in _parsed(body).tags if tag == "a" and attributes.get("href")]
    assert [unquote(image["src"]) for image in images] == [f"figures/{name}"]
    assert f"notebooks/{name.removesuffix('.png')}.html" in [unquote(link) for link in links]
    assert all(not key.startswith("on") for image in images for key in image)
