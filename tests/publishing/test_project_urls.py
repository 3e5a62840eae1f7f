"""The project's addresses are written once, in ``[project.urls]``: ``c4data docs`` gives them to the descriptor's
``homepage`` and to ``CITATION.cff``, and removes an address that is no longer there."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from support import REPO_ROOT

import c4data
from c4data.publishing.docs import generated_docs

URLS = """
[project]
name = "c4data"

[project.urls]
Homepage = "https://example.org/c4data/"
Repository = "https://example.org/c4data.git"
Issues = "https://example.org/c4data/issues"
DOI = "https://doi.org/10.5281/zenodo.1"
"""


def _checkout(tmp_path, pyproject: str):
    shutil.copyfile(REPO_ROOT / "datapackage.json", tmp_path / "datapackage.json")
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return generated_docs(tmp_path)


def test_docs_give_the_project_urls_to_the_descriptor_and_the_citation(tmp_path):
    generated = _checkout(tmp_path, URLS)
    descriptor = json.loads(generated[tmp_path / "datapackage.json"])
    assert descriptor["homepage"] == "https://example.org/c4data/"
    assert list(descriptor).index("homepage") == list(descriptor).index("created") + 1
    cff = yaml.safe_load(generated[tmp_path / "CITATION.cff"])
    assert cff["url"] == "https://example.org/c4data/"
    assert cff["repository-code"] == "https://example.org/c4data.git"
    assert cff["doi"] == "10.5281/zenodo.1"
    assert cff["contact"] == [{"name": "c4data contributors", "website": "https://example.org/c4data/issues"}]


def test_docs_remove_an_address_the_project_no_longer_gives(tmp_path):
    data = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    data["homepage"] = "https://pypi.org/project/c4data/"
    (tmp_path / "datapackage.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "c4data"\n', encoding="utf-8")
    generated = generated_docs(tmp_path)
    assert "homepage" not in json.loads(generated[tmp_path / "datapackage.json"])
    cff = yaml.safe_load(generated[tmp_path / "CITATION.cff"])
    assert "url" not in cff and "repository-code" not in cff and "doi" not in cff


def test_a_file_added_to_the_downloads_may_not_take_the_name_of_a_download(tmp_path):
    """`c4data site --with FILE`: a file named like the CSV zip would replace it silently; refused before exporting."""
    from c4data.model.descriptor import Descriptor
    from c4data.publishing.downloads import asset_names, write_downloads

    descriptor = Descriptor.read(c4data.package_path())
    clash = tmp_path / next(iter(asset_names(descriptor)))
    clash.write_bytes(b"not the package")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with pytest.raises(c4data.C4DataError, match=r"named .* already"):
        write_downloads(downloads, descriptor, [clash])
    assert list(downloads.iterdir()) == []
