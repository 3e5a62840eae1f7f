"""The README's DuckDB query, on ``c4data.connect()`` and on an export, gives the same counts as its pandas join."""

from __future__ import annotations

import re

import pytest
from support import REPO_ROOT

import c4data

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["installed", "export"])
def test_readme_sql_join_matches_the_pandas_join(tmp_path, where):
    (query,) = re.findall(r"```sql\n(.*?)```", README, flags=re.DOTALL)
    if where == "export":
        c4data.export(tmp_path / "c4data-package")
        from_sql = c4data.connect(tmp_path / "c4data-package").sql(query).fetchall()
    else:
        from_sql = c4data.connect().sql(query).fetchall()

    namespace: dict = {}
    (join,) = [block for block in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL) if "links" in block]
    exec(compile(join, "README.md", "exec"), {"c4data": c4data}, namespace)
    counts = namespace["links"].groupby(["name_en", "status"], observed=True).size()
    from_pandas = [(str(city), str(status), int(n)) for (city, status), n in counts.items()]

    assert len(from_sql) > 0
    assert from_sql == from_pandas  # ordered as the codebook orders status, in both
