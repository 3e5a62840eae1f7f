"""The package citation carries the release date and, where the project has one, its URL, in text, BibTeX and
CITATION.cff, all from the descriptor, whose ``homepage`` comes from ``[project.urls]``."""

from __future__ import annotations

import tomllib

import yaml
from support import REPO_ROOT

import c4data

URLS = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"].get("urls", {})


def test_text_citation_has_the_year_and_the_url_if_any(checkout_descriptor):
    year = checkout_descriptor["created"][:4]
    text = c4data.cite().text
    assert f"({year})" in text
    assert checkout_descriptor.get("homepage") == URLS.get("Homepage")
    assert text.endswith(URLS.get("Homepage", "[data set]."))


def test_bibtex_has_year_date_and_url_if_any(checkout_descriptor):
    bibtex = c4data.cite().bibtex
    assert f"year = {{{checkout_descriptor['created'][:4]}}}" in bibtex
    assert f"date = {{{checkout_descriptor['created'][:10]}}}" in bibtex
    assert ("url = " in bibtex) == ("Homepage" in URLS)


def test_citation_cff_has_the_release_date_urls_and_a_contact(checkout_descriptor):
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["date-released"]) == checkout_descriptor["created"][:10]
    assert cff["version"] == checkout_descriptor["version"]
    assert cff.get("url") == URLS.get("Homepage")
    assert cff.get("repository-code") == URLS.get("Repository")
    assert cff["contact"] and all(contact["name"] for contact in cff["contact"])
