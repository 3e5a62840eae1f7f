"""Run every extractor over one text and put the candidates in order, each linked to the row that holds it."""

from __future__ import annotations

import hashlib

from c4data.drafting.cities import find_cities
from c4data.drafting.dates import find_dates
from c4data.drafting.deps import versions
from c4data.drafting.documents import find_documents
from c4data.drafting.figures import find_figures
from c4data.drafting.meetings import find_meetings
from c4data.drafting.model import Draft
from c4data.drafting.people import find_people
from c4data.drafting.segment import segment
from c4data.drafting.text import match_text


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
    matching = match_text(text, opencc=opencc)
    segmentation = segment(matching.simplified) if jieba else None
    # The English rules match Latin script only, so they run on every text: reports mix the two.
    english = True
    documents = find_documents(matching, english=english)
    dates = find_dates(matching, english=english)
    meetings = find_meetings(matching)
    inside_titles = [(c.start, c.end) for c in documents]
    taken = inside_titles + [(c.start, c.end) for c in (*dates, *meetings)]
    people = find_people(matching, segmentation, english=pypinyin, titles=inside_titles)
    names = [(c.start, c.end) for c in people if "name_en" in c.value]
    # a pinyin given name can read as a city (Li Zhengde is no 承德): a city inside an English name is dropped
    found = find_cities(matching, segmentation, homophones=pypinyin)
    cities = [c for c in found if not any(a <= c.start < b for a, b in names)]
    candidates = [
        *cities,
        *people,
        *documents,
        *meetings,
        *dates,
        *find_figures(matching, taken, english=english, use_cn2an=cn2an),
    ]
    candidates.sort(key=lambda candidate: (candidate.start, candidate.end, candidate.kind))
    source_id = None
    if link:
        from c4data.drafting.link import link_candidates, source_of

        source_id = source_of(hashlib.sha256(text.encode("utf-8")).hexdigest())
        candidates = link_candidates(candidates, source_id)
    used = {"opencc": opencc, "jieba": jieba, "cn2an": cn2an, "pypinyin": pypinyin}
    libraries = {name: version for name, version in versions().items() if used.get(name)}
    return Draft(source=source, candidates=tuple(candidates), source_id=source_id, libraries=libraries)
