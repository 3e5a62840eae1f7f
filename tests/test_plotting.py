"""c4data.plotting: the shipped CJK font covers every character of the data and renders it with real glyphs."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import tomllib
import warnings

import pytest
from support import REPO_ROOT

import c4data
from c4data import plotting

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
from fontTools.ttLib import TTFont  # noqa: E402  (fontTools comes with matplotlib)
from matplotlib import pyplot as plt  # noqa: E402

NOT_IN_ANY_DATA = "龘"  # a rare character the package never uses


def _text_characters() -> set[str]:
    """Every non-ASCII character of every text column of the shipped tables and of the notebooks' cells."""
    texts = [
        value
        for frame in c4data.tables().values()
        for name in frame.columns
        if frame[name].dtype in ("string", "category")
        for value in frame[name].dropna().astype(str)
    ]
    for notebook in sorted((REPO_ROOT / "notebooks").glob("*.ipynb")):
        texts += ["".join(cell["source"]) for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    descriptor = json.loads(c4data.package_path().read_text(encoding="utf-8"))
    texts += [
        category["label_zh"]
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        for category in field.get("categories", [])
    ]
    return {character for text in texts for character in text if ord(character) > 127 and character.isprintable()}


def _draw_with_warnings(text: str) -> list[str]:
    plotting.use_font(fallback=False)  # the shipped font alone, whatever this machine has installed
    figure = plt.figure(figsize=(4, 1))
    figure.text(0.01, 0.5, text, fontsize=8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    plt.close(figure)
    return [str(warning.message) for warning in caught]


def test_the_font_has_every_character_of_the_data_and_notebooks():
    cmap = TTFont(plotting.FONT_FILE).getBestCmap()
    characters = _text_characters()
    assert "武" in characters and "《" in characters
    missing = sorted(character for character in characters if ord(character) not in cmap)
    assert missing == [], f"rerun scripts/subset_font.py: the font lacks {''.join(missing)}"


def test_the_font_is_gb2312_sized_and_ships_with_its_licence():
    # GB 2312 costs 2.9 MB against 0.18 MB for the data's characters alone (benchmarks/README.md)
    assert plotting.FONT_FILE.stat().st_size < 3_200_000
    licence = (plotting.FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert TTFont(plotting.FONT_FILE)["name"].getDebugName(1) == plotting.FONT_FAMILY


def test_chinese_labels_render_with_real_glyphs():
    han = "".join(sorted(character for character in _text_characters() if "\u3400" <= character <= "\u9fff"))
    lines = "\n".join(han[start : start + 60] for start in range(0, len(han), 60))
    assert _draw_with_warnings(lines) == []


def test_a_missing_glyph_is_noticed():
    """The check above can fail: a character outside the subset draws a missing-glyph warning."""
    assert any("missing from font" in message for message in _draw_with_warnings(NOT_IN_ANY_DATA))


def test_every_enumerated_value_has_a_chinese_name_from_the_descriptor(checkout_descriptor):
    for resource in checkout_descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            for category in field.get("categories", []):
                assert plotting.label(field["name"], category["value"], "zh") == category["label_zh"]


def test_every_value_a_figure_colours_by_has_one_colour(checkout_descriptor):
    """One figure style: each codebook value of a field the notebooks colour by has its own colour."""
    coloured = {"reliability": "sources", "status": "status_reports", "kind": "undertakings", "tier": "cities"}
    assert set(coloured) == set(plotting.COLOURS)
    resources = {resource["name"]: resource for resource in checkout_descriptor["resources"]}
    for name, table in coloured.items():
        (field,) = [field for field in resources[table]["schema"]["fields"] if field["name"] == name]
        values = [category["value"] for category in field["categories"]]
        assert list(plotting.COLOURS[name]) == values, name
        colours = [plotting.colour(name, value) for value in values]
        assert len(set(colours)) == len(colours), f"{name}: two values share a colour"


def test_labels_follow_the_language():
    assert plotting.label("tier", "regional_partner", "en") == "Regional partner"  # the descriptor's label
    assert plotting.label("tier", "regional_partner", "zh") == "区域合作城市"
    assert plotting.column("name", "en") == "name_en"
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        plotting.column("name", "fr")


def test_boundaries_draw_as_closed_polygons():
    boundaries = c4data.boundaries()
    polygons = list(plotting.boundary_rings(boundaries))
    assert {boundary_id for boundary_id, _, _ in polygons} == set(boundaries["boundary_id"])
    assert all(ring[0] == ring[-1] and len(ring) >= 4 for _, _, rings in polygons for ring in rings)
    figure, ax = plt.subplots()
    plotting.draw_boundaries(ax, boundaries[boundaries["level"] == "province"])
    assert len(ax.patches) == boundaries[boundaries["level"] == "province"].groupby(["boundary_id", "part"]).ngroups
    west, east = ax.get_xlim()
    assert west <= boundaries["longitude"].min() and east >= boundaries["longitude"].max()
    plt.close(figure)


def test_docstring_examples_run():
    results = doctest.testmod(plotting)
    assert results.attempted >= 2 and results.failed == 0


def test_importing_the_helper_leaves_matplotlib_unloaded():
    program = "import sys, c4data.plotting; print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_notebooks_extra_and_readme_command_agree():
    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    # The tests run the notebooks, so they need everything the notebooks do except JupyterLab itself.
    assert {r for r in extras["notebooks"] if not r.startswith("jupyterlab")} <= set(extras["test"])
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert 'pip install ".[notebooks]"\njupyter lab notebooks/\n' in readme


def _gb2312() -> str:
    characters = []
    for row in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for cell in range(0xA1, 0xFF):
            try:
                characters.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(characters)


def test_the_font_covers_every_character_of_gb2312():
    characters = _gb2312()
    assert len([c for c in characters if "\u4e00" <= c <= "\u9fff"]) == 6763
    assert plotting.missing_characters(characters) == ""


def test_a_title_users_type_renders_and_only_rare_characters_are_missing():
    title = "北京、上海、广州与深圳的人口对比图"
    assert _draw_with_warnings(title) == []
    assert plotting.missing_characters(title + "龘") == "龘"


def test_chinese_texts_get_chinese_punctuation_but_numbers_keep_theirs():
    assert plotting.pick("zh", "会商会,2013—2018年", "x") == "会商会，2013—2018年"
    assert plotting.pick("zh", "目标:全部城市(推断)", "x") == "目标：全部城市（推断）"
    assert plotting.pick("zh", "1,000 人, 10:30", "x") == "1,000 人， 10:30"
    assert plotting.pick("en", "会商会", "Meetings, 2013") == "Meetings, 2013"


def test_use_font_falls_back_to_an_installed_cjk_font_when_asked():
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    plotting.use_font()
    families = matplotlib.rcParams["font.family"]
    assert families[0] == plotting.FONT_FAMILY and families[-1] == plotting.FALLBACK_FAMILY
    assert families[1:-1] == [f for f in plotting.INSTALLED_CJK_FAMILIES if f in installed]
    plotting.use_font(fallback=False)
    assert matplotlib.rcParams["font.family"] == [plotting.FONT_FAMILY, plotting.FALLBACK_FAMILY]
