"""The inline Markdown of the descriptor's descriptions as HTML: `code`, **strong**, *emphasis* and [links](url).

Descriptions are one paragraph of text with inline marks only; everything else is escaped, so a description
can add no element, attribute or script to a page. A link may go to a page of the site or a web address.
"""

from __future__ import annotations

import html
import re

CODE = re.compile(r"`([^`]+)`")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
# The address is taken from text already escaped, and may hold no quote, space or bracket.
LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|\.{0,2}/|#|[\w-]+\.html)[^\s()\"'<>]*)\)")


def inline_html(text: str) -> str:
    """``text``'s inline Markdown as HTML, everything else escaped (code spans are left as written inside)."""
    parts = []
    for index, piece in enumerate(CODE.split(text)):
        if index % 2:  # inside backticks: code, taken literally
            parts.append(f"<code>{html.escape(piece)}</code>")
            continue
        escaped = html.escape(piece, quote=False)
        escaped = LINK.sub(r'<a href="\2">\1</a>', escaped)
        escaped = STRONG.sub(r"<strong>\1</strong>", escaped)
        parts.append(EMPHASIS.sub(r"<em>\1</em>", escaped))
    return "".join(parts)
