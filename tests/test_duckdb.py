"""The README's DuckDB query over an exported package gives the same counts as its pandas join."""

from __future__ import annotations

import re

import duckdb
from support import REPO_ROOT

import c4data

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_sql_join_matches_the_pandas_join(tmp_path, monkeypatch):
    (query,) = re.findall(r"```sql\n(.*?)```", README, flags=re.DOTALL)
    c4data.export(tmp_path / "c4data-package")
    monkeypatch.chdir(tmp_path / "c4data-package")  # the README runs it there; its paths are relative
    from_sql = duckdb.sql(query).fetchall()

    namespace: dict = {}
    (join,) = [block for block in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL) if "links" in block]
    exec(compile(join, "README.md", "exec"), {"c4data": c4data}, namespace)
    counts = namespace["links"].groupby(["name_en", "status"], observed=True).size()
    from_pandas = sorted((str(city), str(status), int(n)) for (city, status), n in counts.items())

    assert len(from_sql) > 0
    assert sorted(from_sql) == from_pandas
