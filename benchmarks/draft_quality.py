"""How well ``c4data draft`` reads the source texts, with each library switched off in turn.

    C4DATA_SOURCES_DIR=/work/shared/sources python benchmarks/draft_quality.py [--missed] [--quick]

- mention level, on every text of the sources folder that has a hand annotation (tests/draft_annotations/):
  precision (candidates overlapping an annotated mention of their kind, over all candidates) and recall
  (annotated mentions overlapped by a candidate of their kind), per kind and per text;
- row level, on every text the ``sources`` table cites: the rows ``--rows`` proposes for persons, roles and
  participation against the curated rows that cite the text (``tests/draft_scoring.row_scores``);
- time: drafting a 2,000-character report once the libraries are loaded, and ``c4data draft FILE`` from the
  command line against a plain jieba process on the same text (paired runs, median of five).

``--quick`` runs only the full engine (no variants, no command-line timing).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import draft_scoring  # noqa: E402

from c4data.drafting.engine import draft  # noqa: E402

VARIANTS = {
    "all libraries": {},
    "without OpenCC": {"opencc": False},
    "without jieba": {"jieba": False},
    "without cn2an": {"cn2an": False},
    "without pypinyin": {"pypinyin": False},
}


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.1%} ({hits}/{total})" if total else "– (0/0)"


def mention_tables(drafts: dict[str, Any], notes: dict[str, list[dict]]) -> tuple[str, str, dict[str, list[int]]]:
    """The per-kind and the per-text tables of mention-level precision and recall."""
    kinds = draft_scoring.KINDS
    totals = {kind: [0, 0, 0, 0] for kind in kinds}  # precision hits, candidates, recall hits, mentions
    text_rows = ["| text | " + " | ".join(kinds) + " | precision | recall |", "|---" * (len(kinds) + 3) + "|"]
    for stem, result in drafts.items():
        candidates = list(result.candidates)
        precision = draft_scoring.precision_counts(candidates, notes[stem])
        recall = draft_scoring.mention_counts(candidates, notes[stem])
        cells, sums = [], [0, 0, 0, 0]
        for kind in kinds:
            counts = [*precision[kind], *recall[kind]]
            for i, count in enumerate(counts):
                totals[kind][i] += count
                sums[i] += count
            p = f"{counts[0] / counts[1]:.0%}" if counts[1] else "–"
            r = f"{counts[2] / counts[3]:.0%}" if counts[3] else "–"
            cells.append(f"{p} / {r}")
        text_rows.append(f"| {stem} | " + " | ".join(cells) + f" | {_ratio(*sums[:2])} | {_ratio(*sums[2:])} |")
    kind_rows = ["| kind | precision | recall |", "|---|---:|---:|"]
    for kind in kinds:
        kind_rows.append(f"| {kind} | {_ratio(*totals[kind][:2])} | {_ratio(*totals[kind][2:])} |")
    every = [sum(totals[kind][i] for kind in kinds) for i in range(4)]
    kind_rows.append(f"| **all** | {_ratio(*every[:2])} | {_ratio(*every[2:])} |")
    return "\n".join(kind_rows), "\n".join(text_rows), totals


def missed(drafts: dict[str, Any], notes: dict[str, list[dict]]) -> list[str]:
    """Each annotated mention no candidate of its kind overlaps, and each candidate no mention overlaps."""
    lines = []
    for stem, result in drafts.items():
        for mention in notes[stem]:
            spans = [(c.start, c.end) for c in result.candidates if c.kind == mention["kind"]]
            if not any(mention["start"] < b and a < mention["end"] for a, b in spans):
                lines.append(f"  missed {mention['kind']:8} {stem} {mention['start']} {mention['text']!r}")
        for c in result.candidates:
            spans = [(m["start"], m["end"]) for m in notes[stem] if m["kind"] == c.kind]
            if not any(c.start < b and a < c.end for a, b in spans):
                lines.append(f"  wrong  {c.kind:8} {stem} {c.start} {c.text!r} {c.value}")
    return lines


def row_table(texts: dict[str, str], **options: Any) -> str:
    scores = draft_scoring.row_scores(texts, **options)
    lines = ["| table | precision | recall |", "|---|---:|---:|"]
    for table, (right, proposed, found, curated) in scores.items():
        lines.append(f"| {table} | {_ratio(right, proposed)} | {_ratio(found, curated)} |")
    return "\n".join(lines)


def cli_ratio(path: Path, runs: int = 5) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time (user + system) of ``c4data draft PATH`` and of a plain jieba process tagging
    the same text, run in turn (paired); on a shared machine the CPU time is the steadier of the two."""
    floor = (
        "import sys, jieba, jieba.posseg; jieba.setLogLevel(60); "
        "print(len(list(jieba.posseg.cut(open(sys.argv[1], encoding='utf-8').read()))))"
    )
    commands = {
        "draft": [sys.executable, "-m", "c4data", "draft", str(path)],
        "jieba": [sys.executable, "-c", floor, str(path)],
    }
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            wall[name].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in commands}


def main() -> None:
    sources = Path(os.environ.get("C4DATA_SOURCES_DIR", ROOT.parent / "shared" / "sources"))
    notes = draft_scoring.annotations()
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(sources.glob("*.txt"))}
    annotated = {stem: text for stem, text in texts.items() if stem in notes}
    print(f"{len(annotated)} annotated texts of {len(texts)} in {sources}")
    quick = "--quick" in sys.argv
    for label, options in VARIANTS.items():
        if quick and options:
            continue
        drafts = {stem: draft(text, stem, **options) for stem, text in annotated.items()}
        by_kind, by_text, _ = mention_tables(drafts, notes)
        print(f"\n## {label}: mention level\n\n{by_kind}")
        if not options:
            print(f"\n### per text (precision / recall)\n\n{by_text}")
            if "--missed" in sys.argv:
                print("\n".join(missed(drafts, notes)))
        if hasattr(draft_scoring, "row_scores"):
            print(f"\n## {label}: row level (curated texts)\n\n{row_table(texts, **options)}")
    longest = max(texts, key=lambda stem: len(texts[stem]))
    report = texts[longest]  # the one text over 2,000 characters
    draft(report)
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        draft(report)
    elapsed = (time.perf_counter() - started) / runs
    print(f"\nDrafting {longest} ({len(report):,} characters) once the libraries are loaded: {elapsed:.3f} s")
    if not quick:
        for stem in (longest, "shifen-2023-ninth-meeting", "whchina-en-2017-fifth-meeting"):
            if stem in texts:
                timed = cli_ratio(sources / f"{stem}.txt")
                (wall, cpu), (floor_wall, floor_cpu) = timed["draft"], timed["jieba"]
                print(
                    f"`c4data draft {stem}.txt`: {wall:.2f} s wall, {cpu:.2f} s CPU; a jieba process: "
                    f"{floor_wall:.2f} s, {floor_cpu:.2f} s; {wall / floor_wall:.2f}x wall, {cpu / floor_cpu:.2f}x CPU"
                )


if __name__ == "__main__":
    main()
