"""c4data: the cooperation of the four provincial capitals of the middle Yangtze River city cluster.

Each table is one call and comes back as a new pandas DataFrame typed from ``datapackage.json``
(``backend="polars"`` or ``"pyarrow"`` for the same columns in those libraries):

>>> import c4data
>>> cities = c4data.cities()
>>> cities.loc[cities["tier"] == "capital", "name_en"].tolist()
['Hefei', 'Nanchang', 'Wuhan', 'Changsha']

Importing the package loads nothing heavy; pandas and pyarrow are imported by the first table.
Each data file's sha256 is checked on every read; a damaged install raises ``DataIntegrityError``.
After ``c4data build`` a running process reads the new tables: no restart is needed.
Every error c4data raises is a ``C4DataError``.
"""

from __future__ import annotations

# Not ``typing.TYPE_CHECKING``: importing typing and pathlib here would double the cost of ``import c4data``.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from pathlib import Path
    from typing import TypeAlias

    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from c4data.drafting.model import Draft
    from c4data.publishing.provenance import Trace
    from c4data.reading.backends import Backend
    from c4data.reading.citation import Citation

    # What a table call returns: a pandas DataFrame (the default), a polars DataFrame or a pyarrow Table.
    Frame: TypeAlias = pd.DataFrame | pl.DataFrame | pa.Table
    # Which package a table call reads: None for the installed one, or the path of another (see ``tables``).
    Source: TypeAlias = str | os.PathLike[str] | None

__all__ = [
    "C4DataError",
    "DataIntegrityError",
    "ExportRefused",
    "MissingDependency",
    "PackageProblems",
    "UnknownTable",
    "agreements",
    "attestations",
    "bodies",
    "body_meeting_cities",
    "body_meetings",
    "body_participation",
    "boundaries",
    "cite",
    "cities",
    "codebook",
    "connect",
    "disagreements",
    "document_dates",
    "document_figures",
    "document_statements",
    "draft",
    "export",
    "figure_cities",
    "figures",
    "latest_status",
    "measure_cities",
    "measures",
    "meeting_cities",
    "meeting_organisations",
    "meetings",
    "national_documents",
    "organisations",
    "package_path",
    "participation",
    "persons",
    "project_cities",
    "projects",
    "roles",
    "scope_cities",
    "sources",
    "status_reports",
    "tables",
    "trace",
    "undertakings",
]

# The errors, imported only when asked for: every one is a ``C4DataError``.
_ERRORS = {
    "C4DataError": "c4data.model.errors",
    "DataIntegrityError": "c4data.model.errors",
    "ExportRefused": "c4data.model.errors",
    "MissingDependency": "c4data.model.errors",
    "UnknownTable": "c4data.model.errors",
    "PackageProblems": "c4data.model.problems",
}


def __getattr__(name: str) -> object:
    """``c4data.__version__`` and the error classes, imported only when asked for."""
    if name == "__version__":
        from c4data.reading.load import shipped_descriptor

        return shipped_descriptor().version
    if name in _ERRORS:
        import importlib

        return getattr(importlib.import_module(_ERRORS[name]), name)
    raise AttributeError(f"module 'c4data' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, with the ones ``__getattr__`` imports on demand."""
    return sorted({*globals(), *_ERRORS, "__version__"})


def package_path() -> Path:
    """The path of the installed ``datapackage.json``."""
    from c4data.model.paths import package_path as installed_descriptor

    return installed_descriptor()


def _load(name: str, backend: Backend, source: Source) -> Frame:
    from c4data.reading.load import load_table

    return load_table(name, backend=backend, source=source)


def sources(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The sources every fact comes from, with citation, licence and provenance."""
    return _load("sources", backend, source)


def cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The cities of the cooperation, of the 2015 plan and of the projects' routes, with tier, GB/T 2260 code and
    coordinates; key ``city_id``.

    ``tier`` is the city's part at the latest meeting that names it; for a city not at the meetings,
    ``plan_city`` if the 2015 plan's list names it, else ``project_place``. ``meeting_cities()`` has every
    meeting, ``scope_cities()`` the plan's list, ``project_cities()`` the routes.

    >>> cities()["tier"].value_counts(sort=False).to_dict()
    {'capital': 4, 'observer': 12, 'regional_partner': 2, 'plan_city': 17, 'project_place': 9}
    """
    return _load("cities", backend, source)


def meetings(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The consultation meetings, first (2013) to tenth (2024); key ``meeting_id``, inferred values marked.

    ``date`` is text at the precision known; ``date_min`` and ``date_max`` are its bounds as real dates.

    >>> meetings().set_index("meeting_id").loc[9, ["date", "held_as"]].tolist()
    ['2023-02-21', 'video_conference']
    """
    return _load("meetings", backend, source)


def meeting_cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Which cities took part in each meeting and how (host, capital, observer, signatory…); key
    ``meeting_id``, ``city_id``, ``part``.

    >>> mc = meeting_cities()
    >>> observers = mc[mc["part"] == "observer"].groupby("meeting_id")["city_id"].count()
    >>> list(zip(observers.index.tolist(), observers.tolist()))
    [(5, 4), (6, 8), (7, 2), (9, 12)]
    """
    return _load("meeting_cities", backend, source)


def persons(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Every official named, one row per person (names in Chinese, English and pinyin); key ``person_id``."""
    return _load("persons", backend, source)


def roles(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Each position of each official, one row per person, position and date shown (``as_of``); key ``role_id``."""
    return _load("roles", backend, source)


def participation(backend: Backend = "pandas", source: Source = None) -> Frame:
    """What each official did at a meeting; key ``meeting_id``, ``person_id``, ``part``."""
    return _load("participation", backend, source)


def agreements(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Every document named in 《》, C4 and municipal; key ``agreement_id``."""
    return _load("agreements", backend, source)


def measures(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Every measure, achievement and plan, with domain and status; key ``measure_id``.

    >>> measures()["status"].cat.categories.tolist()
    ['proposed', 'planned', 'in_progress', 'implemented']
    """
    return _load("measures", backend, source)


def measure_cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The cities each measure involves and the part each plays; key ``measure_id``, ``city_id``."""
    return _load("measure_cities", backend, source)


def figures(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The quantities the sources report, in base units (yuan, counts, minutes); key ``figure_id``.

    >>> gdp = figures().set_index("figure_id").loc[["capitals-gdp-2013", "capitals-gdp-2023"], "value"]
    >>> (gdp / 1e8).round(2).tolist()
    [24213.34, 54230.28]
    """
    return _load("figures", backend, source)


def figure_cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The cities a figure is about or counts, where its text names them; key ``figure_id``, ``city_id``.

    >>> sorted(figure_cities().query("figure_id == 'commuting-circle-minutes'")["city_id"])
    ['360100', '420100', '430100']
    """
    return _load("figure_cities", backend, source)


def national_documents(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The national documents on the cluster (plans, approvals, notices, opinions); key ``document_id``.

    >>> national_documents().set_index("document_id").loc["state-council-approval-2015", "issuer_en"]
    'State Council'
    """
    return _load("national_documents", backend, source)


def document_dates(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The national documents' dates as the sources give them; key ``document_id``, ``event``."""
    return _load("document_dates", backend, source)


def document_statements(backend: Backend = "pandas", source: Source = None) -> Frame:
    """What each national document says of the cluster, verbatim and in English; key ``statement_id``."""
    return _load("document_statements", backend, source)


def document_figures(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The national documents' targets and baselines for the cluster, in base units; key ``figure_id``.

    >>> targets = document_figures().query("kind == 'target'").set_index("figure_id")
    >>> urbanisation = targets.loc["plan-2022-urbanisation-2025"]
    >>> (float(urbanisation["value"]), urbanisation["unit"], int(urbanisation["year"]))
    (67.0, 'percent', 2025)
    """
    return _load("document_figures", backend, source)


def scope_cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The cities the 2015 plan's list of the cluster names, whole or in part; key ``document_id``, ``city_id``."""
    return _load("scope_cities", backend, source)


def undertakings(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The undertakings of the cooperation, each reported on by one or more rows of ``measures()`` across the
    meetings, with its domain and kind; key ``undertaking_id``. ``latest_status()`` gives the latest status.

    >>> u = undertakings().set_index("undertaking_id")
    >>> u.loc["city-card-interoperability", ["name_zh", "kind"]].tolist()
    ['城市一卡通打通', 'commitment']
    """
    return _load("undertakings", backend, source)


def status_reports(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Each status a source reports for an undertaking, with its own date, numbered in date order; key
    ``undertaking_id``, ``report``.

    >>> r = status_reports()

    Two texts report the fifth meeting's status of 2017 (a Chinese report and Wuhan's English one):

    >>> medical = r.loc[r["undertaking_id"] == "medical-care-cooperation"]
    >>> [f"{date} {status}" for date, status in zip(medical["date"], medical["status"])]
    ['2013-02-23 planned', '2017-04-10 implemented', '2017-04-10 implemented', '2018-09-27 in_progress']
    """
    return _load("status_reports", backend, source)


def latest_status() -> pd.DataFrame:
    """Each undertaking's latest status, derived from ``status_reports()``: the report with the latest date
    (then the highest number), with how many reports there are and the undertaking's names, domain and kind;
    one row per undertaking, sorted by ``undertaking_id``. Never curated by hand.

    To count what the cooperation reports done, leave out external projects and statements of aims:

    >>> latest = latest_status()
    >>> own = latest[~latest["kind"].isin(["external_project", "aim"])]
    >>> int((own["status"] == "implemented").sum())
    22
    """
    from typing import cast

    from c4data.reading.status import latest_reports

    return latest_reports(cast("pd.DataFrame", status_reports()), cast("pd.DataFrame", undertakings()))


def projects(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Each named railway, expressway, river crossing and waterway, with its route as printed; key ``project_id``."""
    return _load("projects", backend, source)


def project_cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The cities on each project's route and their part (terminus, on the route, through a county of it); key
    ``project_id``, ``place``."""
    return _load("project_cities", backend, source)


def organisations(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The organisations that attend or report at a meeting (ministries, regional offices); key ``organisation_id``."""
    return _load("organisations", backend, source)


def meeting_organisations(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The organisations at each consultation meeting and their part; key ``meeting_id``, ``organisation_id``,
    ``part``."""
    return _load("meeting_organisations", backend, source)


def bodies(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The bodies of the mechanism: consultation meeting, coordination meeting, secretariat; key ``body_id``."""
    return _load("bodies", backend, source)


def body_meetings(backend: Backend = "pandas", source: Source = None) -> Frame:
    """The meetings of the bodies other than the consultation meetings (coordination meetings); key
    ``body_meeting_id``."""
    return _load("body_meetings", backend, source)


def body_meeting_cities(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Which cities took part in each meeting of another body and how; key ``body_meeting_id``, ``city_id``,
    ``part``."""
    return _load("body_meeting_cities", backend, source)


def body_participation(backend: Backend = "pandas", source: Source = None) -> Frame:
    """What each official did at a meeting of another body; key ``body_meeting_id``, ``person_id``, ``part``."""
    return _load("body_participation", backend, source)


def disagreements(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Values that a source gives differently from the one a table adopts; key ``disagreement_id``."""
    return _load("disagreements", backend, source)


def attestations(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Every further source for a row or value, beyond the row's own ``source_id``; key ``attestation_id``."""
    return _load("attestations", backend, source)


def boundaries(backend: Backend = "pandas", source: Source = None) -> Frame:
    """Simplified outlines of the four provinces and of every city, one row per vertex, for maps.

    Key ``boundary_id``, ``part``, ``ring``, ``vertex``; a city's ``boundary_id`` is its ``city_id``.

    >>> boundaries().groupby("level", observed=True)["boundary_id"].nunique().to_dict()
    {'province': 4, 'city': 44}
    """
    return _load("boundaries", backend, source)


def connect(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database with one view per table (needs the ``duckdb`` extra).

    The views read the installed Parquet files (or those of the Parquet package at ``path``), once each
    file's sha256 is checked; enumerated fields are ``ENUM`` types in codebook order, and each view's
    comment gives its description and keys.

    >>> connect().sql("SELECT tier, count(*) FROM cities GROUP BY tier ORDER BY tier").fetchall()
    [('capital', 4), ('observer', 12), ('regional_partner', 2), ('plan_city', 17), ('project_place', 9)]
    """
    from c4data.reading.sql import connect as connect_views

    return connect_views(path)


def tables(backend: Backend = "pandas", source: Source = None) -> dict[str, Frame]:
    """Every table, by name, in the descriptor's order, in ``backend`` (as each table's own call).

    ``source`` reads another package instead of the installed one, typed from its own descriptor with the same
    checks (each file's sha256 on every read, the stated limits): a Parquet or CSV package's directory or its
    ``datapackage.json`` (an older release, a build of your own, an export), or a zip holding one (the zip
    export, a release's asset). Every table call takes ``source=`` too.
    """
    from c4data.reading.load import load_tables

    return load_tables(backend=backend, source=source)


def export(
    path: str | os.PathLike[str],
    format: str = "parquet",
    force: bool = False,
    source: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the data package (``source``, a package directory; default the installed one) to ``path``.

    ``format`` is ``"parquet"``, ``"csv"`` or ``"geojson"`` (a directory holding ``datapackage.json``), or
    ``"zip"`` or ``"xlsx"`` (one file at ``path``). The export is validated before it is moved into place.
    Something already at ``path`` is refused (``ExportRefused``) unless ``force`` is true and an earlier
    export by c4data wrote it, unchanged since; a damaged package or an export that does not validate
    raises ``PackageProblems``. Returns the descriptor's (or the file's) path.
    """
    from c4data.formats.exporter import export as export_package

    return export_package(path, format=format, force=force, source=source)


def codebook(table: str, field: str) -> pd.DataFrame:
    """The codebook of an enumerated field: each value, in order, with its English and Chinese labels and meaning.

    >>> codebook("measures", "status")[["value", "label_zh"]].values.tolist()
    [['proposed', '倡议'], ['planned', '计划中'], ['in_progress', '推进中'], ['implemented', '已实施']]
    """
    import pandas as pd

    from c4data.model.codebooks import COLUMNS, codebook_rows
    from c4data.reading.load import shipped_descriptor

    rows = codebook_rows(shipped_descriptor(), table, field)
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype("string")


def trace(table: str, key: object) -> Trace:
    """Where the row of ``table`` with primary key ``key`` comes from (a tuple for a composite key).

    The result holds the row, each source it names with its citation, its evidence quotes, further
    attestations and disagreements about it; ``print()`` it to read them.

    >>> print(trace("meetings", 6).sources[0]["source_id"])
    xinhunan-c4-sixth-meeting
    """
    from c4data.publishing.provenance import trace as trace_row
    from c4data.reading.load import shipped_descriptor

    return trace_row(shipped_descriptor(), table, key)


def cite(source_id: str | None = None) -> Citation:
    """How to cite the package, or the source ``source_id``: ``.text`` (also ``str()``) and ``.bibtex``.

    >>> cite().bibtex.startswith("@misc{c4data-")
    True
    """
    from c4data.reading.citation import package_citation, source_citation
    from c4data.reading.load import shipped_descriptor

    descriptor = shipped_descriptor()
    return package_citation(descriptor) if source_id is None else source_citation(descriptor, source_id)


def draft(text: str, source: str | None = None) -> Draft:
    """Propose every candidate fact of a report: cities, people with posts, documents, meetings, dates, figures.

    Each candidate has its verbatim span (``text == source_text[start:end]``), a value in simplified
    characters and ``known``, the table row that already holds it (or ``None``). Needs the ``draft`` extra
    (jieba, OpenCC, cn2an, pypinyin): ``pip install 'c4data[draft]'``.

    >>> result = draft("2013年2月,首届会商会在武汉召开。")
    >>> [(c.kind, c.text, c.value) for c in result.candidates]  # doctest: +NORMALIZE_WHITESPACE
    [('date', '2013年2月', {'year': 2013, 'month': 2, 'day': None}), ('meeting', '首届', {'meeting_id': 1}),
     ('city', '武汉', {'city_id': '420100'})]
    >>> result.of_kind("city")[0].known
    'cities:420100'
    """
    from c4data.drafting.engine import draft as draft_text

    return draft_text(text, source)
