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


# jieba guesses unknown words (new names) with an HMM over each run of characters its dictionary does not
# join into words, at a cost of milliseconds per character; a longer run is no word, so its characters are
# tagged one by one as jieba tags a run it knows. This keeps the time linear with a small constant.
# jieba has no public way to bound its guessing (``HMM=False`` guesses no name at all), so the bound overrides
# a private method, ``POSTokenizer.__cut_detail``, here only; tests/test_draft_input.py fails if jieba changes it.
MAX_GUESSED_RUN = 32


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """jieba's own part-of-speech tokenizer (importing ``jieba.posseg`` loads its tag table once), guessing
    unknown words only in runs of at most ``MAX_GUESSED_RUN`` characters."""
    jieba = require("jieba")
    jieba.setLogLevel(60)
    posseg = require("jieba.posseg")

    class Bounded(posseg.POSTokenizer):  # type: ignore[misc,name-defined]
        def _POSTokenizer__cut_detail(self, sentence: str) -> Any:  # jieba's HMM over one run
            if len(sentence) > MAX_GUESSED_RUN:
                return (posseg.pair(character, self.word_tag_tab.get(character, "x")) for character in sentence)
            return super()._POSTokenizer__cut_detail(sentence)

    bounded = object.__new__(Bounded)
    bounded.__dict__.update(posseg.dt.__dict__)  # jieba's loaded dictionary and tags, shared, not read again
    return bounded


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
