"""Precision and recall of ``c4data draft`` on the source texts, with each library switched off in turn.

    C4DATA_SOURCES_DIR=/work/shared/sources python benchmarks/draft_quality.py [--missed]

Prints the table of tests/draft_scoring.py for the full engine, then without OpenCC, jieba, cn2an and pypinyin, and
the time to draft each text once everything is imported.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import draft_scoring  # noqa: E402

import c4data  # noqa: E402
from c4data.drafting.engine import draft  # noqa: E402

VARIANTS = {
    "all libraries": {},
    "without OpenCC": {"opencc": False},
    "without jieba": {"jieba": False},
    "without cn2an": {"cn2an": False},
    "without pypinyin": {"pypinyin": False},
}


def main() -> None:
    sources = Path(os.environ.get("C4DATA_SOURCES_DIR", ROOT.parent / "shared" / "sources"))
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(sources.glob("*.txt"))}
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    tables = c4data.tables()
    for label, options in VARIANTS.items():
        drafts = {stem: draft(text, stem, **options) for stem, text in texts.items()}
        result = draft_scoring.score(drafts, descriptor, tables)
        print(f"\n## {label}\n\n{draft_scoring.table(result)}")
        if "--missed" in sys.argv and not options:
            for kind in draft_scoring.KINDS:
                for stem, fact in result[kind]["missed"]:
                    print(f"  missed {kind}: {stem} {fact.value} ({fact.row})")
    longest = max(texts, key=lambda stem: len(texts[stem]))
    started = time.perf_counter()
    runs = 20
    for _ in range(runs):
        draft(texts[longest], longest)
    elapsed = (time.perf_counter() - started) / runs
    print(f"\nDrafting {longest} ({len(texts[longest].encode('utf-8')) / 1024:.1f} KB) once imported: {elapsed:.3f} s")


if __name__ == "__main__":
    main()
