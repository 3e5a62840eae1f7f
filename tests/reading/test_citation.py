"""How to cite the package and its sources; licences, version and changelog agree with the descriptor."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pandas as pd
import pytest
import yaml
from support import REPO_ROOT, run_c4data

import c4data
from c4data.model.descriptor import Descriptor
from c4data.reading.citation import citation_cff

CFF = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_generated_from_the_descriptor():
    text = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert text == citation_cff(Descriptor.read(REPO_ROOT / "datapackage.json")), "run `c4data docs` and commit"


def test_citation_cff_has_the_cff_1_2_0_required_keys_and_the_one_version(checkout_descriptor):
    assert CFF["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(CFF)
    assert all(isinstance(author, dict) and ("name" in author or "family-names" in author) for author in CFF["authors"])
    assert CFF["version"] == checkout_descriptor["version"]
    assert CFF["title"] == checkout_descriptor["title"]
    assert CFF["license"] == "CC-BY-4.0" == checkout_descriptor["licenses"][0]["name"]


def test_package_citation_as_text_and_bibtex(checkout_descriptor):
    citation = c4data.cite()
    assert str(citation) == citation.text
    assert checkout_descriptor["title"] in citation.text and checkout_descriptor["version"] in citation.text
    bibtex = citation.bibtex
    assert bibtex.startswith(f"@misc{{c4data-{checkout_descriptor['version']},") and bibtex.endswith("}")
    assert bibtex.count("{") == bibtex.count("}")
    assert f"version = {{{checkout_descriptor['version']}}}" in bibtex


def test_readme_quotes_the_citations_as_cite_gives_them():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"> {c4data.cite().text}" in readme
    assert f"> {c4data.cite('xinhunan-c4-sixth-meeting').text}" in readme


def test_source_citation_comes_from_the_sources_table():
    sources = c4data.sources().set_index("source_id")
    for source_id, row in sources.iterrows():
        citation = c4data.cite(source_id)
        assert row["title_en"] in citation.text
        assert f"@misc{{{source_id}," in citation.bibtex
        if pd.notna(row["published"]):
            assert row["published"] in citation.text
    report = c4data.cite("xinhunan-c4-sixth-meeting")
    assert "秦慧英, 朱玉文, 罗雅琴, 范博洋" in report.text
    assert "长江中游城市群四省会城市签署新一轮行动计划" in report.text
    assert "inferred" in report.text  # the year is not printed in the report


def test_unknown_source_names_the_known_ones():
    with pytest.raises(ValueError, match="no source 'nope'") as error:
        c4data.cite("nope")
    for source_id in c4data.sources()["source_id"]:
        assert source_id in str(error.value)


def test_info_shows_both_citations_and_both_licences():
    shown = run_c4data("info").stdout
    assert c4data.cite().text in shown
    for source_id in c4data.sources()["source_id"]:
        assert f"{source_id}: {c4data.cite(source_id).text}" in shown
    assert "CC-BY-4.0" in shown and "MIT" in shown


def test_code_and_data_licences_are_each_in_a_file_the_descriptor_and_the_readme(checkout_descriptor):
    licences = {licence["name"] for licence in checkout_descriptor["licenses"]}
    assert licences == {"CC-BY-4.0", "MIT"}
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    assert "MIT License" in (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (REPO_ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT ([LICENSE](LICENSE))" in readme and "CC BY 4.0 ([LICENSE-DATA](LICENSE-DATA)" in readme


def test_one_version_for_the_descriptor_the_installed_package_and_the_changelog(checkout_descriptor):
    version = checkout_descriptor["version"]
    assert c4data.__version__ == version
    assert metadata.version("c4data") == version
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version)}\b", changelog, flags=re.MULTILINE)


def test_changelog_gives_the_row_counts_of_the_current_version(checkout_descriptor):
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    section = re.split(r"^## ", changelog, flags=re.MULTILINE)
    (current,) = [part for part in section if part.startswith(checkout_descriptor["version"])]
    counts = {name: int(rows) for name, rows in re.findall(r"^\| `(\w+)` \| (\d+)", current, flags=re.MULTILINE)}
    assert counts == {name: len(frame) for name, frame in c4data.tables().items()}
