"""Maintainer script: cut the CJK font that c4data ships down to the characters its figures can show.

Not part of the library and not run by CI. Rerun it after curating new text or writing new Chinese into a
notebook; tests/test_plotting.py fails until then. It needs fontTools (a dependency of matplotlib, so the
``notebooks`` extra has it) and Noto Sans CJK from Debian's fonts-noto-cjk package (OFL-1.1):

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto
    python scripts/subset_font.py /tmp/noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

The subset holds every character of GB 2312 (its symbols and punctuation, and the 6,763 hanzi of levels 1
and 2), printable ASCII, and every other character of the curated data and of the notebooks. It is renamed
so that it is never mistaken for the full font. ``--data-only`` leaves GB 2312 out (the font of c4data 0.1.0
before this change, about 0.18 MB against 2.9 MB; see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import string
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "c4data" / "fonts" / "C4dataSansCJK-Regular.otf"
FAMILY = "C4data Sans CJK"
POSTSCRIPT_NAME = "C4dataSansCJK-Regular"
SOURCE_FAMILY = "Noto Sans CJK SC"
# plotting.py's doctest and tests/test_plotting.py show this rare character as missing: never take it.
LEFT_OUT = "龘"
# Characters a figure may use that the data need not contain: the degree sign, the minus sign, dashes.
EXTRA = "\u00b0\u2212\u2013\u2014\u00b7\u00d7"


def wanted_characters() -> set[str]:
    """Printable ASCII, ``EXTRA`` and every character of the curated CSV files, the descriptor (whose
    categories carry the Chinese labels figures use), the plotting helper and the notebooks' cells."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "data" / "curated").glob("*.csv"))]
    texts.append((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    texts.append((ROOT / "c4data" / "plotting.py").read_text(encoding="utf-8"))
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts += ["".join(cell["source"]) for cell in cells]
    characters = {character for text in texts for character in text if character.isprintable()}
    return characters | set(string.printable.strip()) | {" "} | set(EXTRA)


def gb2312_characters() -> set[str]:
    """Every character of GB 2312: its symbols and punctuation (rows 1 to 9) and the 6,763 hanzi of levels
    1 and 2 (rows 16 to 87), the characters of everyday simplified Chinese."""
    found = set()
    for row in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the cells GB 2312 leaves unassigned
    return found


def simplified_chinese_face(collection_path: Path):
    """The Simplified Chinese font of the Noto Sans CJK collection."""
    for font in TTCollection(str(collection_path)).fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"{collection_path} has no {SOURCE_FAMILY!r} font")


def rename(font) -> None:
    """Give the subset a family name of its own; keep copyright, licence and version."""
    names = font["name"]
    version = names.getDebugName(5)
    for name_id, text in {
        1: FAMILY,
        3: f"{POSTSCRIPT_NAME};subset of {SOURCE_FAMILY} for c4data",
        4: FAMILY,
        6: POSTSCRIPT_NAME,
        16: FAMILY,
        17: "Regular",
    }.items():
        names.removeNames(nameID=name_id)
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    names.setName(f"{version}; subset of {SOURCE_FAMILY} for c4data", 5, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT_NAME]
        cff[POSTSCRIPT_NAME].FullName = FAMILY
        cff[POSTSCRIPT_NAME].FamilyName = FAMILY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", type=Path, help="NotoSansCJK-Regular.ttc from Debian's fonts-noto-cjk")
    parser.add_argument("--data-only", action="store_true", help="only the package's own characters, not GB 2312")
    parser.add_argument("--output", type=Path, default=TARGET, help=f"where to write (default: {TARGET})")
    args = parser.parse_args()
    font = simplified_chinese_face(args.collection)
    characters = wanted_characters() | (set() if args.data_only else gb2312_characters())
    characters -= set(LEFT_OUT)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.layout_features = ["kern", "palt", "vert", "locl"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(character) for character in characters])
    subsetter.subset(font)
    rename(font)
    font.recalcTimestamp = False  # keep the source's date, so that a rerun writes the same bytes
    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.output))
    cmap = font.getBestCmap()
    missing = sorted(character for character in characters if ord(character) not in cmap)
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes, {len(cmap)} characters)")
    if missing:
        print(f"not in {SOURCE_FAMILY}, left to the fallback font: {''.join(missing)!r}")


if __name__ == "__main__":
    main()
