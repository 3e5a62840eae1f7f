"""Run every kind of the registry over one text and put the candidates in order, each linked to its row."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from c4data.drafting.context import Reading
from c4data.drafting.deps import versions
from c4data.drafting.kinds import REGISTRY
from c4data.drafting.model import Candidate, Draft
from c4data.drafting.text import match_text

# A page's copyright or disclaimer notice, to the end of its line: chrome, where nothing is proposed.
_NOTICE = re.compile(r"^[ \t]*(?:版权声明|版权所有|免责声明|Copyright\b|©).*$", re.MULTILINE | re.IGNORECASE)


def draft(
    text: str,
    source: str | None = None,
    *,
    link: bool = True,
    opencc: bool = True,
    jieba: bool = True,
    cn2an: bool = True,
    pypinyin: bool = True,
) -> Draft:
    """Every candidate fact of ``text``; ``opencc``, ``jieba``, ``cn2an`` and ``pypinyin`` off measure what
    each library adds (without pypinyin, English personal names and homophone city names are not read)."""
    reading = Reading(match_text(text, opencc=opencc, variants=jieba and pypinyin), jieba, cn2an, pypinyin)
    notices = [m.span() for m in _NOTICE.finditer(reading.text.simplified)]
    for kind in sorted(REGISTRY, key=lambda kind: kind.stage):
        found = kind.find(reading)
        reading.found[kind.name] = [c for c in found if not any(a <= c.start < b for a, b in notices)]
    candidates = [_as_printed(c, reading) for kind in REGISTRY for c in reading.found[kind.name]]
    candidates.sort(key=lambda candidate: (candidate.start, candidate.end, candidate.kind))
    source_id = None
    if link:
        from c4data.drafting.link import link_candidates, source_of

        source_id = source_of(hashlib.sha256(text.encode("utf-8")).hexdigest())
        candidates = link_candidates(candidates, source_id)
    used = {"opencc": opencc, "jieba": jieba, "cn2an": cn2an, "pypinyin": pypinyin}
    libraries = {name: version for name, version in versions().items() if used.get(name)}
    return Draft(source=source, candidates=tuple(candidates), source_id=source_id, libraries=libraries)


def _as_printed(candidate: Candidate, reading: Reading) -> Candidate:
    """The candidate's span in the text as printed (the rules read the clean reading)."""
    start, end = reading.text.where(candidate.start, candidate.end)
    return replace(candidate, start=start, end=end, text=reading.text.original[start:end])
