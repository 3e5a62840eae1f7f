"""The text the rules match against: simplified characters and half-width ASCII, offset for offset.

Every rule reads ``MatchText.simplified`` and reports offsets into it; because that string has exactly the
length of the original, an offset is also an offset into the original, and a candidate's ``text`` is
cut from the original, so ``text == source[start:end]`` holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from c4data.drafting.deps import require

# Full-width ASCII (！ … ～) to ASCII, and the ideographic space to a space: one character for one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True)
class MatchText:
    """The original text and its simplified, half-width twin of the same length."""

    original: str
    simplified: str

    def span(self, start: int, end: int) -> str:
        return self.original[start:end]

    def context(self, start: int, end: int, width: int = 12) -> str:
        before = self.original[max(0, start - width) : start]
        after = self.original[end : end + width]
        return " ".join(f"{before}[{self.original[start:end]}]{after}".split())


@lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC's traditional → simplified converter (phrase-aware, so 乾隆 stays 乾隆)."""
    opencc = require("opencc")
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert with OpenCC, keeping one character for one.

    OpenCC converts phrases, and a phrase can change length; where the whole text's conversion does not
    keep the length, each character is converted alone (which keeps it, as t2s maps characters one to one).
    """
    converted = str(_converter().convert(text))
    if len(converted) == len(text):
        return converted
    return "".join(_one_for_one(character) for character in text)


def _one_for_one(character: str) -> str:
    converted = str(_converter().convert(character))
    return converted if len(converted) == 1 else character


def match_text(text: str, *, opencc: bool = True) -> MatchText:
    """The matching text of ``text``; ``opencc=False`` skips the conversion (to measure what it adds)."""
    simplified = to_simplified(text) if opencc else text
    return MatchText(original=text, simplified=simplified.translate(_HALF_WIDTH))
