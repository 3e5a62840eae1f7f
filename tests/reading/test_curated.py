"""The curated CSV files read strictly (``c4data.reading.curated``): UTF-8, LF, one record per line, the header
the schema declares; each fault located by file and line, with the code ``curated-file``."""

from __future__ import annotations

import pytest

from c4data.model.schema import Table
from c4data.reading.curated import CURATED_DIR, read_curated
from c4data.reading.load import shipped_descriptor

SCHEMA = Table.from_descriptor(
    {
        "name": "tiny",
        "path": "data/tiny.parquet",
        "schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]},
    }
)


def _read(tmp_path, content: bytes):
    (tmp_path / CURATED_DIR).mkdir(parents=True, exist_ok=True)
    (tmp_path / CURATED_DIR / "tiny.csv").write_bytes(content)
    return read_curated(tmp_path, SCHEMA)


def test_a_well_formed_file_is_read_as_text_cells_with_their_lines(tmp_path):
    table, problems = _read(tmp_path, b"id,name\n1,Wuhan\n2,\n")
    assert problems == [] and table is not None
    assert table.rows == [{"id": "1", "name": "Wuhan"}, {"id": "2", "name": None}]
    assert table.lines == [2, 3]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"id,name\n1,Wu\xffhan\n", 2, "not UTF-8"),
        (b"\xef\xbb\xbfid,name\n1,Wuhan\n", 1, "byte-order mark"),
        (b"id,name\r\n1,Wuhan\r\n", 1, "carriage return"),
        (b"id,title\n1,Wuhan\n", 1, "header"),
        (b'id,name\n1,"Wu\nhan"\n', 2, "spans several lines"),
        (b"", 1, "empty"),
    ],
)
def test_each_fault_is_located_and_coded(tmp_path, content, line, words):
    _, problems = _read(tmp_path, content)
    assert problems, "the fault was not found"
    assert problems[0].line == line and words in problems[0].message
    assert {problem.code for problem in problems} == {"curated-file"}


def test_a_missing_file_says_every_table_needs_one(tmp_path):
    _, problems = read_curated(tmp_path, SCHEMA)
    assert [problem.code for problem in problems] == ["curated-file"] and "missing" in problems[0].message


def test_every_curated_file_of_the_checkout_reads_without_a_problem(repo_root):
    for table in shipped_descriptor().package.tables:
        _, problems = read_curated(repo_root, table)
        assert problems == [], table.name
