"""Word segmentation and part-of-speech tags from jieba, with character offsets."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from c4data.drafting.deps import require


@dataclass(frozen=True)
class Token:
    word: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Segmentation:
    """The tokens of a text in order; ``None`` tokens mean no segmenter was used."""

    tokens: tuple[Token, ...]

    @cached_property
    def starts(self) -> list[int]:
        return [token.start for token in self.tokens]

    def token_at(self, offset: int) -> Token | None:
        """The token that covers ``offset``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if 0 <= index < len(self.tokens) and self.tokens[index].start <= offset < self.tokens[index].end:
            return self.tokens[index]
        return None

    def respects(self, start: int, end: int) -> bool:
        """A match ``[start, end)`` begins a token and does not end inside a token that started before it.

        武汉 in 武汉市委 (one token that starts with it) passes; 江门 in 长江门户 (长江 | 门户) does not.
        """
        first = self.token_at(start)
        if first is None or first.start != start:
            return False
        last = self.token_at(end - 1)
        return last is not None and (last.end == end or last.start == start or last is first)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """jieba's own part-of-speech tokenizer (importing ``jieba.posseg`` loads its tag table once)."""
    jieba = require("jieba")
    jieba.setLogLevel(60)
    return require("jieba.posseg").dt


def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary: word → part-of-speech tag (武汉 → ns, 大同 → d)."""
    tags: dict[str, str] = _tokenizer().word_tag_tab
    return tags


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word → how often it occurs (its prefixes are listed with 0)."""
    dictionary = _tokenizer().tokenizer
    dictionary.check_initialized()
    frequencies: dict[str, int] = dictionary.FREQ
    return frequencies


def segment(text: str) -> Segmentation:
    """jieba's tokens of ``text`` (its HMM guesses unknown words such as new personal names)."""
    tokens = []
    offset = 0
    for pair in _tokenizer().cut(text):
        word, tag = pair.word, pair.flag
        tokens.append(Token(word, tag, offset, offset + len(word)))
        offset += len(word)
    return Segmentation(tuple(tokens))
