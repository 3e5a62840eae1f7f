"""A draft for a curator's terminal (grouped by kind, with context) or as the JSON contract."""

from __future__ import annotations

from c4data.drafting.kinds import KINDS
from c4data.drafting.model import Draft
from c4data.drafting.text import MatchText


def render_text(result: Draft, source_text: str, width: int = 12) -> str:
    """One block per kind: offsets, the span in its context, the value and the row that holds it."""
    text = MatchText(source_text, source_text)
    lines = [f"{result.source or '<text>'}" + (f" (source {result.source_id})" if result.source_id else "")]
    for kind in KINDS:
        found = result.of_kind(kind)
        if not found:
            continue
        lines.append(f"\n{kind} ({len(found)})")
        for candidate in found:
            value = ", ".join(f"{k}={v}" for k, v in candidate.value.items() if v is not None)
            known = candidate.known or "MISSING"
            lines.append(
                f"  {candidate.start:>5}-{candidate.end:<5} {text.context(candidate.start, candidate.end, width)}"
                f"\n               {value}  → {known}"
            )
    if len(lines) == 1:
        lines.append("no candidates")
    return "\n".join(lines) + "\n"


def render_json(result: Draft) -> str:
    return result.to_json() + "\n"
