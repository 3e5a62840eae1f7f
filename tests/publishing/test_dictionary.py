"""docs/data-dictionary.md is generated from the descriptor, complete, and never stale."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from support import REPO_ROOT, run_c4data

from c4data.model.descriptor import Descriptor
from c4data.publishing.dictionary import DICTIONARY_FILE, render

pytestmark = pytest.mark.cli

DICTIONARY = (REPO_ROOT / DICTIONARY_FILE).read_text(encoding="utf-8")


def test_committed_dictionary_is_the_one_the_descriptor_gives():
    fresh = render(Descriptor.read(REPO_ROOT / "datapackage.json"))
    assert fresh == DICTIONARY, "docs/data-dictionary.md is stale: run `c4data docs` and commit it"


def _section(name: str) -> str:
    start = DICTIONARY.index(f'<a id="{name}"></a>')
    following = DICTIONARY.find('<a id="', start + 1)
    return DICTIONARY[start : following if following != -1 else None]


def test_every_table_field_and_enum_value_is_explained(checkout_descriptor):
    for resource in checkout_descriptor["resources"]:
        section = _section(resource["name"])
        assert resource["description"] in section
        for field in resource["schema"]["fields"]:
            (row,) = [line for line in section.splitlines() if line.startswith(f"| `{field['name']}` |")]
            assert f"| {field['type']} |" in row
            assert field["description"].replace("|", "\\|") in row
            assert ("| yes |" in row) == bool(field.get("constraints", {}).get("required"))
            for category in field.get("categories", []):
                assert f"| `{category['value']}` | {category['label_zh']} | {category['label']} |" in section


def test_diagram_draws_one_relationship_per_foreign_key(checkout_descriptor):
    (diagram,) = re.findall(r"```mermaid\nerDiagram\n(.*?)```", DICTIONARY, flags=re.DOTALL)
    drawn = re.findall(r'^    (\w+) \|[|o]--o\{ (\w+) : "([\w, ]+)"$', diagram, flags=re.MULTILINE)
    declared = [
        (fk["reference"]["resource"], resource["name"], ", ".join(fk["fields"]))
        for resource in checkout_descriptor["resources"]
        for fk in resource["schema"].get("foreignKeys", [])
    ]
    assert sorted(drawn) == sorted(declared)


def test_docs_check_fails_on_a_stale_dictionary_until_regenerated(project_copy):
    shutil.copytree(REPO_ROOT / "docs", project_copy / "docs")
    shutil.copy2(REPO_ROOT / "CITATION.cff", project_copy / "CITATION.cff")
    assert run_c4data("docs", "--check", "--root", project_copy).returncode == 0
    path = project_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][0]["description"] = "A changed description."
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stale = run_c4data("docs", "--check", "--root", project_copy)
    assert stale.returncode == 1 and "data-dictionary.md is stale" in stale.stderr
    assert "CITATION.cff" not in stale.stderr
    assert run_c4data("docs", "--root", project_copy).returncode == 0
    assert "A changed description." in (project_copy / DICTIONARY_FILE).read_text(encoding="utf-8")
    assert run_c4data("docs", "--check", "--root", project_copy).returncode == 0


def test_readme_links_the_dictionary():
    assert "](docs/data-dictionary.md)" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_table_as_the_descriptor_does(checkout_descriptor):
    """The README's list of tables is generated (``c4data docs``): one row per table, in order, never stale."""
    from c4data.publishing.docs import stale_docs

    assert stale_docs(REPO_ROOT) == [], "run `c4data docs` and commit"
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \[`([a-z_]+)\(\)`\]\(docs/data-dictionary\.md#\1\)", readme, flags=re.MULTILINE)
    assert listed == [resource["name"] for resource in checkout_descriptor["resources"]]
