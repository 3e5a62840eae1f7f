"""The text the rules match against: the reading of a text as printed, with offsets back into it.

A page may be machine-converted to traditional characters, carry pinyin glosses inside its words
(長(zhǎng)沙), doubled punctuation (武漢,、長沙) or garbled characters (郃肥). The rules read
``MatchText.simplified``: the text with glosses and inserted commas left out, in simplified characters
and half-width ASCII, with a rare variant replaced by the common character of the same reading that makes
a word. ``offsets`` maps every character of that reading to its character in the original, so a
candidate's span is cut from the text as printed (``text == source[start:end]``) while its value is the
clean reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from c4data.drafting.deps import require

# Full-width ASCII (！ … ～) to ASCII, and the ideographic space to a space: one character for one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HAN = "\u3400-\u9fff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A pinyin gloss right after a character: 長(zhǎng), 會(huì); a toneless one only between two characters.
_GLOSS = re.compile(rf"(?<=[{_HAN}])\((?:[a-zü]*[{_TONED}][a-zü{_TONED}]*|[a-zü]{{1,6}}(?=\)[{_HAN}]))\)")
# A comma inserted before another mark (武漢,、長沙, 方向,。): the comma is left out of the reading.
_INSERTED_COMMA = re.compile(r",(?=[,、。?!;:])")
# A mark inserted between two characters to dodge filters (李*强): left out of the reading.
_INSERTED_MARK = re.compile(rf"(?<=[{_HAN}])[*#^~@]+(?=[{_HAN}])")
# Single characters set apart by spaces (王 忠 林, a spaced heading) read as one word: three or four, or two
# standing alone (李 强), so that words parted by a space (记者 秦慧英) stay apart.
_SPACED = re.compile(rf"[{_HAN}](?: [{_HAN}](?= )){{1,2}} [{_HAN}]|(?<![{_HAN}])[{_HAN}] [{_HAN}](?![{_HAN}])")


@dataclass(frozen=True)
class MatchText:
    """The original text and its reading; ``offsets[i]`` is where character ``i`` of the reading stands."""

    original: str
    simplified: str
    offsets: tuple[int, ...] | None = None  # None: the reading has the original's length, offset for offset

    def where(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original that the reading's ``[start, end)`` was read from (glosses inside included)."""
        if self.offsets is None or end <= start:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1

    def span(self, start: int, end: int) -> str:
        first, last = self.where(start, end)
        return self.original[first:last]

    def context(self, start: int, end: int, width: int = 12) -> str:
        before = self.original[max(0, start - width) : start]
        after = self.original[end : end + width]
        return " ".join(f"{before}[{self.original[start:end]}]{after}".split())


@lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC's traditional → simplified converter (phrase-aware, so 乾隆 stays 乾隆)."""
    opencc = require("opencc")
    return opencc.OpenCC("t2s")


def needs_conversion(text: str) -> bool:
    """Whether any character lies outside GB 2312 (which holds simplified characters only): a text without
    one is read as it is, and OpenCC's dictionaries are not loaded for it."""
    return any(not _in_gb2312(character) for character in text if "\u3400" <= character <= "\u9fff")


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


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


def _reading(text: str) -> tuple[str, tuple[int, ...] | None]:
    """``text`` without pinyin glosses, inserted commas and marks, and the spaces inside a spaced-out word, with
    where each kept character stands."""
    patterns = (_GLOSS, _INSERTED_COMMA, _INSERTED_MARK)
    dropped = [(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)]
    dropped += [(m.start() + i, m.start() + i + 1) for m in _SPACED.finditer(text) for i in range(1, len(m.group()), 2)]
    if not dropped:
        return text, None
    gone = bytearray(len(text))
    for start, end in dropped:
        gone[start:end] = b"\x01" * (end - start)
    offsets = tuple(index for index in range(len(text)) if not gone[index])
    return "".join(text[index] for index in offsets), offsets


def normalise_rare(reading: str) -> str:
    """Each character outside GB 2312 that OpenCC left (郃, 縂, 蓡: variants and substitutions of spam copies)
    replaced by the character of the same reading and tone that makes, with a neighbour, the commonest word
    of jieba's dictionary (郃肥 → 合肥, 蓡加 → 参加); left as it is when none does."""
    rare = [i for i, character in enumerate(reading) if "\u3400" <= character <= "\u9fff" and not _in_gb2312(character)]
    if not rare:
        return reading
    from c4data.drafting.segment import word_frequencies

    frequencies = word_frequencies()
    characters = list(reading)
    for index in rare:
        best = (0, characters[index])
        for option in _common_homophones(characters[index]):
            for length in (2, 3, 4):  # every word of two to four characters that holds it
                for first in range(max(0, index - length + 1), min(index, len(characters) - length) + 1):
                    word = "".join(characters[first:index]) + option + "".join(characters[index + 1 : first + length])
                    best = max(best, (frequencies.get(word) or 0, option))
        if best[0] >= _COMMON_WORD:
            characters[index] = best[1]
    return "".join(characters)


# How often (in jieba's dictionary) a word must occur for a replacement to be trusted (合肥 406, 借鉴 819).
_COMMON_WORD = 100


def _common_homophones(character: str) -> list[str]:
    index = _gb2312_by_reading()
    return sorted({option for reading in pinyin_table().get(ord(character), ()) for option in index.get(reading, ())})


@lru_cache(maxsize=1)
def pinyin_table() -> dict[int, tuple[str, ...]]:
    """pypinyin's table of every character's toned readings (code point → zǒng, cōng), read once."""
    table: dict[int, str] = require("pypinyin.pinyin_dict").pinyin_dict
    return {code: tuple(readings.split(",")) for code, readings in table.items()}


_TONE_MARKS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü", "aaaaeeeeiiiioooouuuuvvvvnnnmv")


def toneless(reading: str) -> str:
    """zǒng → zong, lǜ → lv (pypinyin's toneless spelling)."""
    return reading.translate(_TONE_MARKS)


@lru_cache(maxsize=1)
def _gb2312_by_reading() -> dict[str, tuple[str, ...]]:
    """Toned reading → the GB 2312 characters that have it (pypinyin's table)."""
    index: dict[str, list[str]] = {}
    for code, readings in pinyin_table().items():
        character = chr(code)
        if "\u4e00" <= character <= "\u9fff" and _in_gb2312(character):
            for reading in readings:
                index.setdefault(reading, []).append(character)
    return {reading: tuple(found) for reading, found in index.items()}


def match_text(text: str, *, opencc: bool = True, variants: bool = True) -> MatchText:
    """The matching text of ``text``; ``opencc=False`` skips the conversion (to measure what it adds), and
    ``variants=False`` the replacement of rare variants (which needs pypinyin and jieba's dictionary)."""
    reading, offsets = _reading(text.translate(_HALF_WIDTH))
    if opencc and needs_conversion(reading):
        reading = to_simplified(reading)
        if variants:
            reading = normalise_rare(reading)
    return MatchText(original=text, simplified=reading, offsets=offsets)
