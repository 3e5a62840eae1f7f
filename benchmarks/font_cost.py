"""What a wider plotting font costs: the data-only subset against the GB 2312 subset, side by side.

    python scripts/subset_font.py NotoSansCJK-Regular.ttc --data-only --output /tmp/data-only.otf
    python benchmarks/font_cost.py /tmp/data-only.otf c4data/fonts/C4dataSansCJK-Regular.otf

For each font: its size, its size deflated (as in the wheel), the characters it covers, and the median
time of a fresh process that registers it with matplotlib and draws and saves one figure with a Chinese
title. The processes alternate which font goes first; only the ratio is the claim.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from fontTools.ttLib import TTFont

TITLE = "北京、上海、广州与深圳的人口对比图"
DRAW = """
import sys
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager, pyplot as plt
font_manager.fontManager.addfont(sys.argv[1])
name = font_manager.FontProperties(fname=sys.argv[1]).get_name()
plt.rcParams["font.family"] = [name]
figure, ax = plt.subplots()
ax.set_title(sys.argv[2])
ax.bar(["武汉", "长沙", "合肥", "南昌"], [1, 2, 3, 4])
figure.savefig(__import__("io").BytesIO(), format="png")
"""
ROUNDS = 7


def deflated_size(path: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    return len(buffer.getvalue())


def draw_seconds(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", DRAW, str(path), TITLE], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    fonts = [Path(argument) for argument in sys.argv[1:3]]
    times: dict[Path, list[float]] = {font: [] for font in fonts}
    for round_number in range(ROUNDS):
        for font in fonts if round_number % 2 == 0 else fonts[::-1]:
            times[font].append(draw_seconds(font))
    print("| font | bytes | deflated | characters | title covered | draw and save, median |")
    print("|---|---:|---:|---:|---|---:|")
    for font in fonts:
        cmap = TTFont(font).getBestCmap()
        missing = "".join(character for character in TITLE if ord(character) not in cmap)
        covered = "yes" if not missing else f"no: {missing}"
        median = statistics.median(times[font])
        row = [font.name, f"{font.stat().st_size:,}", f"{deflated_size(font):,}", f"{len(cmap):,}", covered]
        print("| " + " | ".join([*row, f"{median:.2f} s"]) + " |")
    ratio = statistics.median(times[fonts[1]]) / statistics.median(times[fonts[0]])
    print(f"\ndraw time ratio (second / first): {ratio:.2f}")


if __name__ == "__main__":
    main()
