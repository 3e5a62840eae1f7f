"""Draw c4data's figures with Chinese or English labels, in a CJK font that ships with the package.

matplotlib comes with the ``notebooks`` extra and is imported only inside these functions, so that
``import c4data`` stays light. Call :func:`use_font` once before drawing. The shipped font holds every
character of GB 2312 (the 6,763 common hanzi and the Chinese punctuation) and every character of the
data, so Chinese labels render with real glyphs on any machine; a rarer character falls back to a CJK
font installed on the machine, if there is one (:func:`missing_characters` lists what the shipped
font lacks). Chinese texts given to :func:`pick` get Chinese punctuation.

>>> from c4data import plotting
>>> plotting.label("status", "in_progress", "zh"), plotting.label("status", "in_progress", "en")
('推进中', 'In progress')
>>> plotting.column("name", "zh")
'name_zh'
>>> plotting.pick("zh", "会商会,2013—2018年(推断)", "Meetings, 2013–2018 (inferred)")
'会商会，2013—2018年（推断）'
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from c4data.model.descriptor import Descriptor
from c4data.model.extras import require
from c4data.model.paths import package_path

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = ("zh", "en")

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "C4dataSansCJK-Regular.otf"
FONT_FAMILY = "C4data Sans CJK"
# Glyphs the CJK subset lacks fall back to an installed CJK font, if any, then to matplotlib's own font.
FALLBACK_FAMILY = "DejaVu Sans"
INSTALLED_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
)
# ASCII punctuation in a Chinese text, and its full-width form; a comma or colon between digits stays.
_CHINESE_PUNCTUATION = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_ASCII_PUNCTUATION = re.compile(r"(?<![0-9])[,:]|[,:](?![0-9])|[;()?!]")


# Chinese names of enumerated values, for figure labels. The descriptor's `categories` define what each
# value means, in English; this is only the short Chinese name a figure shows.
def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``"zh"`` or ``"en"``; raise ``ValueError`` otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def column(base: str, lang: str) -> str:
    """The name of the column holding ``base`` in ``lang``: ``name`` and ``zh`` give ``name_zh``."""
    return f"{base}_{check_lang(lang)}"


@lru_cache(maxsize=1)
def _category_names() -> dict[Lang, dict[str, dict[str, str]]]:
    """Each enumerated value's name in a figure, from the descriptor's categories: ``label_zh`` for
    Chinese, and for English the ``label`` up to its colon."""
    names: dict[Lang, dict[str, dict[str, str]]] = {"zh": {}, "en": {}}
    for table in Descriptor.read(package_path()).package.tables:
        for field in table.fields:
            for category in field.categories:
                names["zh"].setdefault(field.name, {})[category.value] = category.label_zh
                short = category.label.split(":")[0].rstrip(".")
                names["en"].setdefault(field.name, {})[category.value] = short
    return names


def label(field: str, value: str, lang: str) -> str:
    """A figure's name for an enumerated value of ``field`` in ``lang``, as the descriptor's codebook gives it."""
    return _category_names()[check_lang(lang)][field][value]


def pick(lang: str, zh: str, en: str) -> str:
    """One text of a pair: ``pick(lang, "年份", "year")``; the Chinese one with Chinese punctuation."""
    return chinese_punctuation(zh) if check_lang(lang) == "zh" else en


def chinese_punctuation(text: str) -> str:
    """``text`` with its ASCII commas, colons, semicolons, brackets, question and exclamation marks made
    full-width (，：；（）？！), as Chinese is written; a comma or colon between two digits stays."""
    return _ASCII_PUNCTUATION.sub(lambda match: _CHINESE_PUNCTUATION[match.group()], text)


@lru_cache(maxsize=1)
def _shipped_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(FONT_FILE).getBestCmap())


def missing_characters(text: str) -> str:
    """The characters of ``text`` that the shipped font lacks, in order, each once ("" when it has them all).

    >>> missing_characters("北京、上海、广州与深圳的人口对比图"), missing_characters("龘")
    ('', '龘')
    """
    shipped = _shipped_characters()
    return "".join(dict.fromkeys(c for c in text if c.isprintable() and not c.isspace() and ord(c) not in shipped))


def use_font(fallback: bool = True) -> str:
    """Register the shipped CJK font with matplotlib and make it the default; return its family name.

    With ``fallback`` (the default), CJK fonts installed on the machine follow it, for the rare
    characters it lacks; matplotlib warns of a glyph that no font in the list has.
    """
    require("matplotlib", "notebooks")  # MissingDependency, naming the extra, when it is not installed
    import matplotlib as mpl
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    if FONT_FAMILY not in installed:
        font_manager.fontManager.addfont(str(FONT_FILE))
    others = [family for family in INSTALLED_CJK_FAMILIES if family in installed] if fallback else []
    mpl.rcParams["font.family"] = [FONT_FAMILY, *others, FALLBACK_FAMILY]
    mpl.rcParams["axes.unicode_minus"] = False  # a hyphen-minus, which every font has
    return FONT_FAMILY


def render(
    draw: Callable[[Lang], Figure],
    lang: str,
    save_as: str | os.PathLike[str] | None = None,
    dpi: int = 100,
) -> Figure:
    """Draw a figure in both languages, with the shipped font, and return the one in ``lang``.

    ``draw`` takes a language and returns a new figure. The figure in the other language is rendered, then closed.

    Rendering both means a glyph missing from the font warns whichever language is shown. With ``save_as``
    (say ``"figures/map.png"``), each language is saved beside it (``figures/map_zh.png``, ``figures/map_en.png``).
    """
    require("matplotlib", "notebooks")
    from matplotlib import pyplot as plt

    use_font()
    shown = None
    for each in LANGUAGES:
        figure = draw(each)
        if save_as is None:
            figure.savefig(io.BytesIO(), format="png", dpi=dpi)
        else:
            target = Path(save_as)
            target.parent.mkdir(parents=True, exist_ok=True)
            figure.savefig(target.with_name(f"{target.stem}_{each}{target.suffix}"), dpi=dpi)
        if each == check_lang(lang):
            shown = figure
        else:
            plt.close(figure)
    assert shown is not None
    return shown


# One figure style for every notebook: the colour of each value of the fields the figures colour by,
# best or most advanced first where the codebook is ordered, and the spines a chart keeps.
COLOURS: dict[str, dict[str, str]] = {
    "reliability": {
        "original": "#1b7837",
        "official_reprint": "#5aae61",
        "credited_copy": "#a6dba0",
        "uncredited_copy": "#fdb863",
        "encyclopedia": "#f1a340",
        "secondary_summary": "#e08214",
        "spam_mirror": "#b2182b",
    },
    "status": {"proposed": "#bababa", "planned": "#8073ac", "in_progress": "#e08214", "implemented": "#1b7837"},
    "kind": {
        "commitment": "#2166ac",
        "achievement": "#1b7837",
        "event": "#8c6bb1",
        "aim": "#bababa",
        "external_project": "#b35806",
    },
    "tier": {
        "capital": "#b2182b",
        "observer": "#ef8a62",
        "regional_partner": "#67a9cf",
        "plan_city": "#d9d9d9",
        "project_place": "#969696",
    },
}
UNKNOWN_COLOUR = "0.55"  # what the sources leave unknown: drawn hatched in this grey, never as a zero


def colour(field: str, value: str) -> str:
    """The colour every figure gives ``value`` of ``field``: a source's ``reliability``, a status report's
    ``status``, an undertaking's ``kind``, a city's ``tier``.

    >>> colour("status", "implemented")
    '#1b7837'
    """
    return COLOURS[field][value]


def tidy(ax: Axes, keep: tuple[str, ...] = ("left", "bottom")) -> None:
    """Hide the spines of ``ax`` other than ``keep``, as every chart of the notebooks does."""
    for side, spine in ax.spines.items():
        spine.set_visible(side in keep)


def boundary_rings(boundaries: pd.DataFrame) -> Iterator[tuple[str, int, list[list[tuple[float, float]]]]]:
    """Each polygon of a ``c4data.boundaries()`` frame: boundary id, part, and its rings as (lon, lat) lists."""
    ordered = boundaries.sort_values(["boundary_id", "part", "ring", "vertex"])
    for (boundary_id, part), polygon in ordered.groupby(["boundary_id", "part"], sort=False):
        rings = [
            list(zip(ring["longitude"].astype(float), ring["latitude"].astype(float), strict=True))
            for _, ring in polygon.groupby("ring", sort=False)
        ]
        yield str(boundary_id), int(cast(int, part)), rings


def draw_boundaries(ax: Axes, boundaries: pd.DataFrame, **style: Any) -> None:
    """Draw each polygon of a ``c4data.boundaries()`` frame (holes left open) on ``ax``.

    ``style`` goes to matplotlib's ``PathPatch`` (``facecolor``, ``edgecolor``, ``linewidth``...). The
    axes get an aspect that keeps distances true to scale at the boundaries' mean latitude.
    """
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    style = {"facecolor": "none", "edgecolor": "0.3", "linewidth": 0.8} | style
    for _, _, rings in boundary_rings(boundaries):
        path = MplPath.make_compound_path(*(MplPath(ring, closed=True) for ring in rings))
        ax.add_patch(PathPatch(path, **style))
    ax.autoscale_view()
    mean_latitude = float(boundaries["latitude"].astype(float).mean())
    ax.set_aspect(1 / math.cos(math.radians(mean_latitude)))
