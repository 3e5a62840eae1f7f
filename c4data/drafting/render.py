"""A draft for a curator's terminal (grouped by kind, with context) or as the JSON contract.

The report is untrusted text: its control characters are printed escaped, as ``c4data diff`` prints a
package's text, and the JSON is strict (a value too large for a float is ``null``, never ``Infinity``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from c4data.drafting.kinds import KINDS
from c4data.drafting.model import Draft
from c4data.drafting.text import MatchText
from c4data.files.untrusted import json_shown, shown


def render_text(result: Draft, source_text: str, width: int = 12) -> str:
    """One block per kind: offsets, the span in its context, the value and the row that holds it."""
    text = MatchText(source_text, source_text)
    lines = [shown(result.source or "<text>") + (f" (source {shown(result.source_id)})" if result.source_id else "")]
    for kind in KINDS:
        found = result.of_kind(kind)
        if not found:
            continue
        lines.append(f"\n{kind} ({len(found)})")
        for candidate in found:
            value = shown(", ".join(f"{k}={v}" for k, v in candidate.value.items() if v is not None))
            known = shown(candidate.known or "MISSING")
            context = shown(text.context(candidate.start, candidate.end, width))
            lines.append(f"  {candidate.start:>5}-{candidate.end:<5} {context}\n               {value}  → {known}")
    if len(lines) == 1:
        lines.append("no candidates")
    return "\n".join(lines) + "\n"


def render_json(result: Draft) -> str:
    """The draft as strict JSON (RFC 8259: no ``NaN`` or ``Infinity``), with C1, separator and bidi characters
    escaped as ``\\uXXXX``."""
    return json_shown(json.dumps(_finite(result.to_dict()), ensure_ascii=False, indent=1, allow_nan=False)) + "\n"


def _finite(value: Any) -> Any:
    """``value`` with every float that is not finite replaced by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
