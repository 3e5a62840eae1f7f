"""Every notebook runs from scratch in a fresh kernel, without errors and with every glyph in the font."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import REPO_ROOT

pytestmark = pytest.mark.slow

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(path.name for path in NOTEBOOKS_DIR.glob("*.ipynb"))
# What matplotlib says when a character has no glyph, or a requested font is not there.
FONT_TROUBLE = re.compile(r"Glyph \d+ .*missing from font|findfont:")
# Reading files by path would tie a notebook to the checkout; it must use the installed package.
FILE_ACCESS = re.compile(r"read_(csv|parquet|excel)\(|open\(|\.parquet|data/curated")


def _font_trouble(notebook) -> list[str]:
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            found += [line for line in text.splitlines() if FONT_TROUBLE.search(line)]
    return found


def _errors(notebook) -> list[str]:
    return [
        f"{output['ename']}: {output['evalue']}"
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


LANGUAGES = ("en", "zh")
LANG_CELL = re.compile(r'^LANG = "(en|zh)"', flags=re.MULTILINE)


@pytest.fixture(scope="module")
def run_dirs(tmp_path_factory) -> dict[str, Path]:
    """A scratch copy of notebooks/ per label language, so that running them never rewrites the committed ones."""
    targets = {}
    for lang in LANGUAGES:
        targets[lang] = tmp_path_factory.mktemp(f"notebooks-{lang}")
        for name in NOTEBOOKS:
            shutil.copy2(NOTEBOOKS_DIR / name, targets[lang] / name)
    return targets


def _in_language(notebook, lang: str):
    """The notebook with its ``LANG = ...`` cell set to ``lang``; it must have exactly one such cell."""
    cells = [cell for cell in notebook.cells if cell.cell_type == "code" and LANG_CELL.search(cell.source)]
    assert len(cells) == 1, "each notebook sets LANG in one cell, so that its figures can be drawn in zh or en"
    cells[0].source = LANG_CELL.sub(f'LANG = "{lang}"', cells[0].source)
    return notebook


@pytest.fixture(scope="module")
def executed(run_dirs) -> dict[tuple[str, str], tuple[object, str | None]]:
    """Each notebook run from scratch in a kernel of its own, in each language: the result and its error, if any."""
    results = {}
    for lang, run_dir in run_dirs.items():
        for name in NOTEBOOKS:
            notebook = _in_language(nbformat.read(run_dir / name, as_version=4), lang)
            client = nbclient.NotebookClient(
                notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(run_dir)}}
            )
            error = None
            try:
                client.execute()
            except nbclient.exceptions.CellExecutionError as raised:
                error = str(raised)[-2000:]
            results[lang, name] = (notebook, error)
    return results


def test_there_are_the_five_notebooks():
    assert len(NOTEBOOKS) == 5
    assert [name.split("_", 1)[1] for name in NOTEBOOKS] == [
        "tour.ipynb",
        "timeline.ipynb",
        "geography.ipynb",
        "measures.ipynb",
        "voices.ipynb",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_from_scratch_without_errors(executed, name, lang):
    notebook, error = executed[lang, name]
    assert error is None, error
    assert _errors(notebook) == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_draws_every_glyph(executed, name, lang):
    notebook, _ = executed[lang, name]
    assert _font_trouble(notebook) == []
    figures = [
        output for cell in notebook.cells for output in cell.get("outputs", []) if "image/png" in output.get("data", {})
    ]
    assert figures, f"{name} draws no figure"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebook_is_executed_and_clean(name):
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code), f"{name} is committed without running every cell"
    assert not any("execution" in cell.metadata for cell in code), "run scripts/run_notebooks.py: it drops timings"
    assert _errors(notebook) == [] and _font_trouble(notebook) == []
    assert [cell.source for cell in code if FILE_ACCESS.search(cell.source)] == []
    assert any("import c4data" in cell.source for cell in code)


def test_readme_figures_are_written_by_the_notebooks(executed, run_dirs):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\]\((notebooks/figures/[^)]+\.png)\)", readme)
    assert len(shown) >= 2
    for path in shown:
        assert (REPO_ROOT / path).is_file(), path
        assert (run_dirs["en"] / Path(path).relative_to("notebooks")).is_file(), f"no notebook writes {path}"
