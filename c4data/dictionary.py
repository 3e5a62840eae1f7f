"""Generate the data dictionary, ``docs/data-dictionary.md``, from the descriptor.

Every table, every field (type, constraints, description), every enumerated value with its
meaning, and an entity-relationship diagram in Mermaid drawn from the foreign keys. The output
depends on the descriptor alone, so the same descriptor always gives the same page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from c4data.descriptor import (
    Descriptor,
    constraints,
    enum_values,
    fields,
    is_required,
    missing_values,
    primary_key,
)
from c4data.rules import PARTIAL_DATE

DICTIONARY_FILE = Path("docs") / "data-dictionary.md"
# Constraints shown in the constraints column, in this order; required and enum have columns and lists of their own.
_SHOWN_CONSTRAINTS = ("unique", "minimum", "maximum", "minLength", "maxLength", "pattern")


def render(descriptor: Descriptor) -> str:
    """The data dictionary as Markdown."""
    data = descriptor.data
    lines = [
        f"# Data dictionary: {data['name']} {descriptor.version}",
        "",
        "<!-- Generated from datapackage.json by `c4data docs`; edit the descriptor, not this file. -->",
        "",
        f"**{data['title']}**",
        "",
        data.get("description", ""),
        "",
        "## Tables",
        "",
        "| table | title | primary key | description |",
        "|---|---|---|---|",
    ]
    for resource in data["resources"]:
        key = ", ".join(f"`{name}`" for name in primary_key(resource))
        title, description = _cell(resource.get("title", "")), _cell(resource.get("description", ""))
        lines.append(f"| [`{resource['name']}`](#{resource['name']}) | {title} | {key} | {description} |")
    lines += ["", "## How the tables join", "", *_er_diagram(data["resources"]), ""]
    for resource in data["resources"]:
        lines += _table_section(resource)
    return "\n".join(lines).rstrip("\n") + "\n"


def _er_diagram(resources: list[dict[str, Any]]) -> list[str]:
    """A Mermaid ``erDiagram``: each table with its key fields, and one line per foreign key."""
    lines = ["```mermaid", "erDiagram"]
    for resource in resources:
        keys = set(primary_key(resource))
        foreign = {name for fk in resource["schema"].get("foreignKeys", []) for name in _as_list(fk["fields"])}
        lines.append(f"    {resource['name']} {{")
        for field in fields(resource):
            marks = [mark for mark, on in (("PK", field["name"] in keys), ("FK", field["name"] in foreign)) if on]
            if marks:
                lines.append(f"        {field.get('type', 'string')} {field['name']} {', '.join(marks)}")
        lines.append("    }")
    by_name = {resource["name"]: resource for resource in resources}
    for resource in resources:
        for fk in resource["schema"].get("foreignKeys", []):
            child_fields = _as_list(fk["fields"])
            parent = fk["reference"].get("resource") or resource["name"]
            required = all(_field_required(by_name[resource["name"]], name) for name in child_fields)
            # parent side: exactly one when the referencing field is required, else zero or one
            parent_end = "||" if required else "|o"
            label = ", ".join(child_fields)
            lines.append(f'    {parent} {parent_end}--o{{ {resource["name"]} : "{label}"')
    lines.append("```")
    return lines


def _field_required(resource: dict[str, Any], name: str) -> bool:
    return any(is_required(field) for field in fields(resource) if field["name"] == name)


def _table_section(resource: dict[str, Any]) -> list[str]:
    name = resource["name"]
    lines = [
        f'<a id="{name}"></a>',
        "",
        f"## `{name}`: {resource.get('title', name)}",
        "",
        resource.get("description", ""),
        "",
        f"- Data file: `{resource['path']}`",
        f"- Primary key: {', '.join(f'`{part}`' for part in primary_key(resource))}",
        f"- Missing values: {_texts(missing_values(resource))}",
    ]
    for fk in resource["schema"].get("foreignKeys", []):
        reference = fk["reference"]
        target = reference.get("resource") or name
        pairs = zip(_as_list(fk["fields"]), _as_list(reference["fields"]), strict=True)
        lines += [f"- Foreign key: `{child}` → [`{target}`](#{target}).`{parent}`" for child, parent in pairs]
    lines += ["", "| field | type | required | constraints | description |", "|---|---|---|---|---|"]
    for field in fields(resource):
        required = "yes" if is_required(field) else ""
        shown = _cell(_constraints_text(field))
        lines.append(
            f"| `{field['name']}` | {field.get('type', 'string')} | {required} | {shown} | "
            f"{_cell(field.get('description', ''))} |"
        )
    for field in fields(resource):
        values = enum_values(field)
        if values is None:
            continue
        by_value = {category.get("value"): category for category in field.get("categories", [])}
        ordered = " (ordered)" if field.get("categoriesOrdered") else ""
        lines += [
            "",
            f"Values of `{name}.{field['name']}`{ordered}:",
            "",
            "| value | 中文 | meaning |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{value}` | {_cell(by_value.get(value, {}).get('label_zh', ''))} "
            f"| {_cell(by_value.get(value, {}).get('label', ''))} |"
            for value in values
        ]
    lines.append("")
    return lines


def _constraints_text(field: dict[str, Any]) -> str:
    found = constraints(field)
    parts = []
    for name in _SHOWN_CONSTRAINTS:
        if name not in found:
            continue
        value = found[name]
        parts.append(name if value is True else f"{name} `{value}`")
    if "enum" in found:
        parts.append(f"one of {len(found['enum'])} values (below)")
    if field.get(PARTIAL_DATE):
        parts.append(f"`{PARTIAL_DATE}`: a date that exists, at the precision known")
    if "missingValues" in field:
        parts.append(f"missing values {_texts(field['missingValues'])}")
    return "; ".join(parts)


def _texts(values: list[str]) -> str:
    """Cell texts as code, the empty one shown as ``""``."""
    return ", ".join(f"`{value}`" if value else '`""`' for value in values)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, on one line."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
