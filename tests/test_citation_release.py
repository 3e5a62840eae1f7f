"""The package citation carries the release year and a URL, in text, BibTeX and CITATION.cff, from the descriptor."""

from __future__ import annotations

import yaml
from support import REPO_ROOT

import c4data


def test_text_citation_has_the_year_and_the_url(checkout_descriptor):
    year = checkout_descriptor["created"][:4]
    text = c4data.cite().text
    assert f"({year})" in text
    assert text.endswith(checkout_descriptor["homepage"])


def test_bibtex_has_year_date_and_url(checkout_descriptor):
    bibtex = c4data.cite().bibtex
    assert f"year = {{{checkout_descriptor['created'][:4]}}}" in bibtex
    assert f"date = {{{checkout_descriptor['created'][:10]}}}" in bibtex
    assert f"url = {{{checkout_descriptor['homepage']}}}" in bibtex


def test_citation_cff_has_the_release_date_and_url(checkout_descriptor):
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["date-released"]) == checkout_descriptor["created"][:10]
    assert cff["url"] == checkout_descriptor["homepage"]
