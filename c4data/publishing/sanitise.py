"""Notebook HTML cut down to what the site needs: text, tables, links and embedded images.

A notebook's markdown and outputs are HTML that anyone who edits the notebook writes. The site keeps the
elements a rendered notebook needs and drops the rest with bleach (the sanitiser nbconvert itself
uses): no script, style, frame or form, no event handler or ``style`` attribute, and no URL that leads
off the site, so the pages need no network: an image is an embedded ``data:image/…`` picture, and a link
stays a link only within the site (``#part``, ``page.html``). A link elsewhere becomes its text followed by
its address as plain text (a web or mail address; a ``javascript:`` or ``data:`` link only its text), so the
reader still sees where it pointed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

# The elements of a rendered notebook: nbconvert's basic template, markdown, and pandas' tables.
ALLOWED_TAGS = frozenset(
    {
        *("div", "span", "p", "br", "hr", "pre", "code", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("ul", "ol", "li", "dl", "dt", "dd", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup"),
        *("small", "kbd", "samp", "var", "mark", "abbr", "cite", "q", "figure", "figcaption", "details", "summary"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "a", "img"),
    }
)
# Elements dropped with everything inside them (a script's code, a stylesheet's rules), not just their tags.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template", "svg", "math"}
)
COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "lang"})
ATTRIBUTES = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start"}),
    "col": frozenset({"span"}),
}
IMAGE_TYPES = ("data:image/png;", "data:image/jpeg;", "data:image/gif;", "data:image/webp;")
# What a browser ignores in a URL: leading and trailing controls and spaces, tabs and line ends anywhere.
URL_IGNORED = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")


def _address(value: str) -> str:
    """An attribute's URL as a browser reads it: character references decoded, ignored characters removed."""
    return URL_IGNORED.sub("", html.unescape(value))


# The addresses a reader can follow by hand, shown after a link's text; any other (``javascript:``) is dropped.
SHOWN_ADDRESS = re.compile(r"^(https?:|ftp:|mailto:|//)", re.IGNORECASE)
# A scheme (``https:``, ``mailto:``, ``javascript:``) before any ``/``, ``?`` or ``#``.
SCHEME = re.compile(r"^[^/?#]*:")


def local_link(value: str) -> bool:
    """Whether ``value`` is a link within the site: a ``#part`` or a relative path, with no scheme, no host
    (``//host``) and no backslash (which browsers read as ``/``)."""
    url = _address(value)
    return not (SCHEME.match(url) or url.startswith("//") or "\\" in url)


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Whether the attribute ``name="value"`` of ``<tag>`` stays: only those the site needs, and no URL that
    would be loaded (an image must be embedded) or run (``javascript:``, ``data:`` in a link)."""
    if name in COMMON_ATTRIBUTES:
        return True
    if name not in ATTRIBUTES.get(tag, ()):
        return False
    if tag == "img" and name == "src":
        return value.strip().lower().startswith(IMAGE_TYPES)
    if tag == "a" and name == "href":
        return local_link(value)
    return True


def sanitised(html: str) -> str:
    """``html`` with only the elements and attributes the site needs (see the module's docstring)."""
    import bleach
    from bleach import html5lib_shim

    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=allowed_attribute,
        protocols=frozenset({"http", "https", "data"}),  # bleach keeps a relative link only with http
        strip=True,
        strip_comments=True,
    )
    # The parser must see the dropped elements as elements (bleach's own parser reads any tag it does not
    # allow as text), so that their content goes with them.
    cleaner.parser = html5lib_shim.BleachHTMLParser(
        tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT, strip=True, consume_entities=False, namespaceHTMLElements=False
    )
    walker = cleaner.walker

    def walk_without_dropped(tree: Any) -> Any:
        return _Unlinked(_DropContent(walker(tree)))

    cleaner.walker = walk_without_dropped
    return str(cleaner.clean(html))


class _DropContent:
    """An html5lib token stream without the elements of ``DROPPED_WITH_CONTENT`` and what they hold."""

    def __init__(self, source: Any) -> None:
        self.source = source

    def __iter__(self) -> Iterator[dict[str, Any]]:
        depth = 0
        for token in self.source:
            kind, name = token.get("type"), str(token.get("name", "")).lower()
            dropped = name in DROPPED_WITH_CONTENT
            if kind == "StartTag" and (dropped or depth):
                depth += 1
                continue
            if kind == "EndTag" and depth:
                depth -= 1
                continue
            if depth or (kind == "EmptyTag" and dropped):
                continue
            yield token


class _Unlinked:
    """An html5lib token stream where each link off the site is its text followed by ``(address)``."""

    def __init__(self, source: Any) -> None:
        self.source = source

    def __iter__(self) -> Iterator[dict[str, Any]]:
        links: list[tuple[str, list[str]] | None] = []  # each open ``<a>``: its address and text when unlinked
        for token in self.source:
            kind, name = token.get("type"), str(token.get("name", "")).lower()
            if kind == "StartTag" and name == "a":
                href = next((value for (_, key), value in token.get("data", {}).items() if key == "href"), None)
                if href is not None and not local_link(href):
                    address = _address(href)
                    links.append((address if SHOWN_ADDRESS.match(address) else "", []))
                    continue
                links.append(None)
            elif kind == "EndTag" and name == "a" and links:
                link = links.pop()
                if link is not None:
                    yield from _shown(*link)
                    continue
            elif kind in ("Characters", "SpaceCharacters"):
                for link in links:
                    if link is not None:
                        link[1].append(str(token.get("data", "")))
            yield token
        for link in reversed(links):  # a link left open at the end of the fragment
            if link is not None:
                yield from _shown(*link)


def _shown(address: str, text: list[str]) -> Iterator[dict[str, Any]]:
    """The address of an unlinked link as text after the link's own text (alone if it has none, not if the same)."""
    said = "".join(text).strip()
    if address and said != address:
        yield {"type": "Characters", "data": f" ({address})" if said else address}
