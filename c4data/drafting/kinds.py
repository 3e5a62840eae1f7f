"""Every kind of candidate, declared once: how it is found in a text, matched to a row, and read from a row.

The engine runs the kinds in ``stage`` order (a later kind reads the spans of the earlier: no figure inside a
title, no city inside an English name); the linker (``link.MATCHERS``), the facts reader (``facts``), the
renderer and the scoring test (``tests/draft_scoring.KINDS``) all read ``REGISTRY``. A new kind is one module
with ``find``, ``same`` and ``row_facts``, and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from c4data.drafting import cities, dates, documents, figures, meetings, people
from c4data.drafting.context import Reading, Row
from c4data.drafting.model import Candidate


@dataclass(frozen=True)
class Kind:
    """One kind of candidate: its name, when it runs, and its three functions."""

    name: str
    stage: int
    find: Callable[[Reading], list[Candidate]]
    same: Callable[[dict[str, Any], dict[str, Any]], bool]
    row_facts: Callable[[Row], list[dict[str, Any]]]


REGISTRY: tuple[Kind, ...] = (
    Kind("city", 2, cities.find, cities.same, cities.row_facts),
    Kind("person", 1, people.find, people.same, people.row_facts),
    Kind("document", 0, documents.find, documents.same, documents.row_facts),
    Kind("meeting", 0, meetings.find, meetings.same, meetings.row_facts),
    Kind("date", 0, dates.find, dates.same, dates.row_facts),
    Kind("figure", 1, figures.find, figures.same, figures.row_facts),
)
KINDS: tuple[str, ...] = tuple(kind.name for kind in REGISTRY)
