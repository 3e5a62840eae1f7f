"""Every notebook runs from scratch in a fresh kernel, without errors and with every glyph in the font, and
each figure draws what the tables say: the counts, the undertakings, the cities and the dates it shows
are checked against the tables, computed here independently of the notebooks' code.

Each notebook is executed once per test session: every figure is drawn in both languages by
``plotting.render`` whatever ``LANG`` says, so running a notebook again in the other language would run
the same code. A last cell, added to the scratch copy only, reads back each ``drawn_*`` frame: the data a
figure is drawn from.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from support import REPO_ROOT

import c4data

pytestmark = pytest.mark.slow

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(path.name for path in NOTEBOOKS_DIR.glob("*.ipynb"))
# What matplotlib says when a character has no glyph, or a requested font is not there.
FONT_TROUBLE = re.compile(r"Glyph \d+ .*missing from font|findfont:")
# Reading files by path would tie a notebook to the checkout; it must use the installed package.
FILE_ACCESS = re.compile(r"read_(csv|parquet|excel)\(|open\(|\.parquet|data/curated")
LANG_CELL = re.compile(r'^LANG = "(en|zh)"', flags=re.MULTILINE)
READ_BACK = """import json as _json
print(_json.dumps({
    _name: _frame.reset_index().astype(object).where(_frame.reset_index().notna(), None).to_dict("records")
    for _name, _frame in dict(globals()).items() if _name.startswith("drawn_")
}, default=str))"""
WINDOW = pd.Timedelta(days=120)  # a text written "at the time" of a meeting: published within this after it


@dataclass
class Run:
    notebook: Any
    error: str | None
    drawn: dict[str, pd.DataFrame]
    directory: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run]:
    """Each notebook run once from scratch, in a kernel of its own, in a scratch copy of notebooks/ (so that
    the committed ones are never rewritten), with the frames its figures are drawn from."""
    directory = tmp_path_factory.mktemp("notebooks")
    results = {}
    for name in NOTEBOOKS:
        shutil.copy2(NOTEBOOKS_DIR / name, directory / name)
        notebook = nbformat.read(directory / name, as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(READ_BACK))
        client = nbclient.NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(directory)}}
        )
        error, drawn = None, {}
        try:
            client.execute()
        except nbclient.exceptions.CellExecutionError as raised:
            error = str(raised)[-2000:]
        else:
            printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
            drawn = {key: pd.DataFrame(rows) for key, rows in json.loads(printed).items()}
        notebook.cells.pop()
        results[name] = Run(notebook, error, drawn, directory)
    return results


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return c4data.tables()


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


def _figure_cells(notebook) -> list:
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))
    ]


def _drawn(runs, name: str, frame: str) -> pd.DataFrame:
    run = runs[name]
    assert run.error is None, run.error
    return run.drawn[frame]


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value)


def test_there_are_the_five_notebooks():
    assert [name.split("_", 1)[1] for name in NOTEBOOKS] == [
        "tour.ipynb",
        "timeline.ipynb",
        "geography.ipynb",
        "measures.ipynb",
        "voices.ipynb",
    ]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_from_scratch_and_draws_every_figure_in_both_languages(runs, name):
    run = runs[name]
    assert run.error is None, run.error
    assert _errors(run.notebook) == []
    assert _font_trouble(run.notebook) == []
    figures = _figure_cells(run.notebook)
    assert figures, f"{name} draws no figure"
    # plotting.render draws each figure in Chinese and in English (a glyph missing in either warns above)
    assert all("plotting.render(" in cell.source for cell in figures)
    code = [cell for cell in run.notebook.cells if cell.cell_type == "code"]
    assert len([cell for cell in code if LANG_CELL.search(cell.source)]) == 1, "one LANG cell sets the language shown"


def test_saved_figures_are_written_in_both_languages(runs):
    saved = {path.name for path in (runs[NOTEBOOKS[0]].directory / "figures").glob("*.png")}
    stems = {name.rsplit("_", 1)[0] for name in saved}
    assert {"timeline", "map", "delivery", "agenda", "leaders"} <= stems
    assert all({f"{stem}_zh.png", f"{stem}_en.png"} <= saved for stem in stems)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebook_is_executed_and_clean(name):
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code), f"{name} is committed without running every cell"
    assert not any("execution" in cell.metadata for cell in code), "run scripts/run_notebooks.py: it drops timings"
    assert _errors(notebook) == [] and _font_trouble(notebook) == []
    assert _figure_cells(notebook), f"{name} is committed without its figures"
    assert [cell.source for cell in code if FILE_ACCESS.search(cell.source)] == []
    assert any("import c4data" in cell.source for cell in code)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_notebook_says_how_far_its_findings_reach(name):
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "What the data shows, and how far it reaches" in prose
    assert "ten to one" not in prose and "overruled 1 times" not in prose
    code = "".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert not {"\u00b7", "\u30fb"} & set(code), "a middle dot, drawn as a wide CJK glyph in English labels"


def test_the_tour_has_a_section_on_the_limits_of_the_data():
    notebook = nbformat.read(NOTEBOOKS_DIR / "01_tour.ipynb", as_version=4)
    assert any(cell.source.startswith("## Limits of these data") for cell in notebook.cells)


def test_readme_figures_are_written_by_the_notebooks(runs):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"\]\((notebooks/figures/[^)]+\.png)\)", readme)
    assert len(shown) >= 2
    for path in shown:
        assert (REPO_ROOT / path).is_file(), path
        assert (runs[NOTEBOOKS[0]].directory / Path(path).relative_to("notebooks")).is_file(), (
            f"no notebook writes {path}"
        )


# --- the tour: what each kind of source carries --------------------------------------------------------


def test_the_sources_chart_counts_the_texts_rows_attestations_and_overrulings(runs, tables):
    drawn = _drawn(runs, "01_tour.ipynb", "drawn_sources").set_index("reliability")
    sources = tables["sources"]
    grade = sources.set_index("source_id")["reliability"].astype(str)
    texts = sources[sources["reference_file"].notna()]
    expected_rows: dict[str, int] = {}
    for name, frame in tables.items():
        if name in ("attestations", "disagreements") or "evidence" not in frame.columns:
            continue
        for source_id in frame["source_id"].dropna():
            expected_rows[grade[source_id]] = expected_rows.get(grade[source_id], 0) + 1
    for reliability, row in drawn.iterrows():
        assert row["texts"] == (texts["reliability"] == reliability).sum()
        assert row["rows"] == expected_rows.get(reliability, 0)
        assert row["attests"] == (tables["attestations"]["source_id"].map(grade) == reliability).sum()
        assert row["overruled"] == (tables["disagreements"]["source_id"].map(grade) == reliability).sum()
    assert drawn["texts"].sum() == len(texts) == 35


# --- the timeline: meetings, national documents, texts, reports, the circle of cities --------------------


def _texts_describing(tables) -> set[tuple[int, str]]:
    """(meeting, source) for each source that states a row naming the meeting, or attests or disputes a row
    of a table keyed by meeting."""
    found = set()
    for name, frame in tables.items():
        if name in ("attestations", "disagreements") or "meeting_id" not in frame.columns:
            continue
        stated = frame[frame["meeting_id"].notna() & (frame["certainty"].astype(str) != "inferred")]
        found |= {(int(m), s) for m, s in zip(stated["meeting_id"], stated["source_id"], strict=True)}
    keyed = {"meetings", "meeting_cities", "participation", "meeting_organisations"}
    for name in ("attestations", "disagreements"):
        frame = tables[name]
        about = frame[frame["resource"].isin(keyed)]
        found |= {(int(key.split("|")[0]), s) for key, s in zip(about["row_key"], about["source_id"], strict=True)}
    return found


def test_the_timeline_draws_each_meeting_at_its_bounds_and_the_undescribed_ones_as_unknown(runs, tables):
    drawn = _drawn(runs, "02_timeline.ipynb", "drawn_meetings").set_index("meeting_id")
    meetings = tables["meetings"].set_index("meeting_id")
    assert list(drawn.index) == list(range(1, 11))
    published = tables["sources"].set_index("source_id")["published_min"]
    at_the_time = {
        meeting
        for meeting, source in _texts_describing(tables)
        if pd.isna(published[source]) or published[source] <= meetings.loc[meeting, "date_max"] + WINDOW
    }
    for meeting_id, row in drawn.iterrows():
        start, end = meetings.loc[meeting_id, "date_min"], meetings.loc[meeting_id, "date_max"]
        assert (_day(row["date_min"]), _day(row["date_max"])) == (start, end)
        assert row["mark"] == ("point" if (end - start).days <= 2 else "span")
        assert row["described"] == (meeting_id in at_the_time)
    assert set(drawn.index[~drawn["described"].astype(bool)]) == {2, 8}  # no text describes them
    assert drawn.loc[8, "mark"] == "span" and drawn.loc[2, "mark"] == "span"


def test_the_timeline_strip_shows_the_texts_of_each_meeting_and_when_they_were_written(runs, tables):
    drawn = _drawn(runs, "02_timeline.ipynb", "drawn_texts")
    assert {(int(m), s) for m, s in zip(drawn["meeting_id"], drawn["source_id"], strict=True)} == _texts_describing(
        tables
    )
    sources = tables["sources"].set_index("source_id")
    meetings = tables["meetings"].set_index("meeting_id")
    for row in drawn.itertuples():
        published = sources.loc[row.source_id, "published_min"]
        assert row.reliability == sources.loc[row.source_id, "reliability"]
        if pd.isna(published):
            assert row.timing == "undated"
        else:
            assert (row.timing == "at_the_time") == (published <= meetings.loc[row.meeting_id, "date_max"] + WINDOW)
    assert set(drawn.loc[drawn["meeting_id"].isin([2, 8]), "timing"]) <= {"later"}


def test_the_timeline_draws_every_dated_national_document(runs, tables):
    drawn = _drawn(runs, "02_timeline.ipynb", "drawn_documents")
    dates = tables["document_dates"].dropna(subset=["date_min"])
    assert sorted(zip(drawn["document_id"], drawn["event"], map(_day, drawn["date_min"]), strict=True)) == sorted(
        zip(dates["document_id"], dates["event"].astype(str), dates["date_min"], strict=True)
    )
    for row in drawn.itertuples():
        assert row.mark == ("point" if (_day(row.date_max) - _day(row.date_min)).days <= 2 else "span")
    assert "plan-2015" in set(drawn["document_id"]) and "state-council-approval-2022" in set(drawn["document_id"])


def test_the_reports_per_meeting_are_counted_from_the_status_reports(runs, tables):
    drawn = _drawn(runs, "02_timeline.ipynb", "drawn_reports").set_index("meeting_id")
    reports = tables["status_reports"].dropna(subset=["meeting_id"])
    for (meeting_id, status), count in reports.groupby(["meeting_id", "status"], observed=True).size().items():
        assert drawn.loc[meeting_id, status] == count
    assert drawn.to_numpy().sum() == len(reports)
    assert drawn.loc[[2, 8]].to_numpy().sum() == 0  # and those columns are drawn hatched, as no text


def test_the_circle_counts_the_named_cities_and_marks_lists_ending_in_deng(runs, tables):
    drawn = _drawn(runs, "02_timeline.ipynb", "drawn_circle")
    cities = tables["meeting_cities"]
    for row in drawn.itertuples():
        these = cities[(cities["meeting_id"] == row.meeting_id) & (cities["part"] == row.part)]
        assert row.named == these["city_id"].nunique()
        assert row.incomplete == (these["city_list"] == "incomplete").any()
    incomplete = {(m, p) for m, p, i in zip(drawn["meeting_id"], drawn["part"], drawn["incomplete"], strict=True) if i}
    assert incomplete == {(5, "observer"), (7, "observer")}
    assert not set(drawn["meeting_id"]) & {2, 8}


# --- the geography: the 2015 plan's scope and the cooperation's cities -----------------------------------


def test_the_map_draws_the_plan_cities_with_outlines_where_there_are_some_and_the_signatories(runs, tables):
    drawn = _drawn(runs, "03_geography.ipynb", "drawn_map").set_index("city_id")
    scope = tables["scope_cities"]
    plan = set(scope.loc[scope["document_id"] == "plan-2015", "city_id"])
    cooperation = set(tables["meeting_cities"]["city_id"])
    outlined = set(tables["boundaries"].loc[tables["boundaries"]["level"] == "city", "city_id"].dropna())
    assert set(drawn.index) == plan | cooperation
    assert set(drawn.index[drawn["in_plan"].astype(bool)]) == plan and len(plan) == 31
    assert all(drawn["outline"] == drawn.index.isin(outlined))
    assert (
        set(drawn.index[~drawn["in_plan"].astype(bool)])
        == cooperation - plan
        == {"340100", "340700", "340800", "341500"}
    )


# --- promise and delivery ----------------------------------------------------------------------------------


def test_the_chains_show_every_report_of_each_undertaking_reported_twice_or_more(runs, tables):
    drawn = _drawn(runs, "04_measures.ipynb", "drawn_chains")
    reports = tables["status_reports"]
    counts = reports["undertaking_id"].value_counts()
    chained = reports[reports["undertaking_id"].isin(counts[counts >= 2].index)]
    columns = ["undertaking_id", "report", "status", "date_min", "source_id"]
    shown = drawn[columns].assign(date_min=drawn["date_min"].map(_day))
    expected = chained[columns].assign(status=chained["status"].astype(str), report=chained["report"].astype(int))
    assert sorted(map(tuple, shown.to_numpy().tolist())) == sorted(map(tuple, expected.to_numpy().tolist()))
    assert "city-card-interoperability" in set(drawn["undertaking_id"])


def _latest(tables) -> pd.DataFrame:
    """Each undertaking's last report by date (earliest, then latest day), then number."""
    ordered = tables["status_reports"].sort_values(["date_min", "date_max", "report"])
    last = ordered.drop_duplicates("undertaking_id", keep="last")
    return last.merge(tables["undertakings"][["undertaking_id", "kind"]], on="undertaking_id")


def test_the_share_done_by_kind_is_counted_from_each_undertakings_last_report(runs, tables):
    drawn = _drawn(runs, "04_measures.ipynb", "drawn_kinds").set_index("kind")
    latest = _latest(tables)
    once = tables["status_reports"]["undertaking_id"].value_counts()
    for kind, row in drawn.iterrows():
        these = latest[latest["kind"] == kind]
        assert row["total"] == len(these) == (tables["undertakings"]["kind"] == kind).sum()
        for status in ("proposed", "planned", "in_progress", "implemented"):
            assert row[status] == (these["status"] == status).sum()
        assert row["reported_once"] == (these["undertaking_id"].map(once) == 1).sum()


def test_the_press_behind_the_reports_of_success_is_counted_by_text(runs, tables):
    drawn = _drawn(runs, "04_measures.ipynb", "drawn_press")
    latest = _latest(tables)
    success = latest[
        latest["kind"].isin(["commitment", "achievement", "event"])
        & latest["status"].isin(["implemented", "in_progress"])
    ]
    assert (
        dict(zip(drawn["source_id"], drawn["undertakings"], strict=True))
        == success["source_id"].value_counts().to_dict()
    )
    assert drawn.iloc[0]["source_id"] == "xinhunan-c4-sixth-meeting"


def test_the_agenda_counts_each_undertaking_once_per_meeting(runs, tables):
    drawn = _drawn(runs, "04_measures.ipynb", "drawn_agenda").set_index("field")
    reports = tables["status_reports"].dropna(subset=["meeting_id"])
    per_meeting = reports.groupby("meeting_id")["undertaking_id"].nunique()
    for meeting_id in range(1, 11):
        assert drawn[str(meeting_id)].sum() == per_meeting.get(meeting_id, 0)


# --- the voices ---------------------------------------------------------------------------------------------


def test_the_representatives_are_the_people_of_each_meeting_under_their_capital(runs, tables):
    drawn = _drawn(runs, "05_voices.ipynb", "drawn_representatives")
    participation = tables["participation"]
    assert set(zip(drawn["meeting_id"], drawn["person_id"], strict=True)) == set(
        zip(participation["meeting_id"], participation["person_id"], strict=True)
    )
    roles = tables["roles"]
    capitals = set(tables["cities"].loc[tables["cities"]["tier"] == "capital", "city_id"])
    for row in drawn.itertuples():
        posts = set(roles.loc[(roles["person_id"] == row.person_id) & roles["city_id"].isin(capitals), "city_id"])
        assert {row.capital} == (posts or {"other"})
    assert not set(drawn["meeting_id"]) & {2, 8}


def test_the_leaders_chart_shows_each_capitals_leaders_at_the_dates_the_texts_give(runs, tables):
    drawn = _drawn(runs, "05_voices.ipynb", "drawn_leaders")
    roles = tables["roles"]
    cities = tables["cities"].set_index("city_id")
    expected = set()
    for row in roles.itertuples():
        if cities.loc[row.city_id, "tier"] != "capital" if pd.notna(row.city_id) else True:
            continue
        name = cities.loc[row.city_id, "name_zh"]
        if row.position_en == "Secretary" and (pd.isna(row.organization_zh) or row.organization_zh == name + "委"):
            expected.add((row.person_id, "party_secretary", row.as_of_min, row.as_of_max))
        if row.position_en == "Mayor" and (pd.isna(row.organization_zh) or row.organization_zh == name):
            expected.add((row.person_id, "mayor", row.as_of_min, row.as_of_max))
    shown = set(
        zip(
            drawn["person_id"], drawn["post"], map(_day, drawn["as_of_min"]), map(_day, drawn["as_of_max"]), strict=True
        )
    )
    assert shown == expected
    assert "xia-wenbin" not in set(drawn["person_id"])  # secretary of a department's party committee, not the city's
