"""Notebook HTML cut down to what the site needs: text, tables, links and embedded images.

A notebook's markdown and outputs are HTML that anyone who edits the notebook writes. The site keeps the
elements a rendered notebook needs and drops the rest with bleach (the sanitiser nbconvert itself
uses): no script, style, frame or form, no event handler or ``style`` attribute, and no URL that a
browser would load by itself, so the pages need no network (an image is an embedded ``data:image/…``
picture; a link may point anywhere, since nothing is fetched until a reader follows it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

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
LINK_SCHEMES = frozenset({"", "http", "https", "mailto"})


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
        return urlparse(value.strip()).scheme.lower() in LINK_SCHEMES
    return True


def sanitised(html: str) -> str:
    """``html`` with only the elements and attributes the site needs (see the module's docstring)."""
    import bleach
    from bleach import html5lib_shim

    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=allowed_attribute,
        protocols=frozenset({"http", "https", "mailto", "data"}),
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
        return _DropContent(walker(tree))

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
