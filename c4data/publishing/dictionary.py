"""Generate the data dictionary, ``docs/data-dictionary.md``, from the descriptor.

Every table, every field (type, constraints, description), every enumerated value with its
meaning, the rule every text cell follows, and an entity-relationship diagram in Mermaid drawn from
the foreign keys. The output depends on the descriptor alone, so the same descriptor always gives the
same page.
"""

from __future__ import annotations

from pathlib import Path

from c4data.checks.text import text_cell_rule
from c4data.model.descriptor import Descriptor
from c4data.model.schema import PARTIAL_DATE, SAME_AS_PARENT, VERBATIM, Field, Table, is_evidence_name

DICTIONARY_FILE = Path("docs") / "data-dictionary.md"
# Constraints shown in the constraints column, in this order; required and enum have columns and lists of their own.
_SHOWN_CONSTRAINTS = ("unique", "minimum", "maximum", "minLength", "maxLength", "pattern")


def render(descriptor: Descriptor) -> str:
    """The data dictionary as Markdown."""
    package = descriptor.package
    lines = [
        f"# Data dictionary: {package.name} {descriptor.version}",
        "",
        "<!-- Generated from datapackage.json by `c4data docs`; edit the descriptor, not this file. -->",
        "",
        f"**{package.title}**",
        "",
        package.description,
        "",
        "## Tables",
        "",
        "| table | title | primary key | description |",
        "|---|---|---|---|",
    ]
    for table in package.tables:
        key = ", ".join(f"`{name}`" for name in table.primary_key)
        title, description = _cell(table.title), _cell(table.description)
        lines.append(f"| [`{table.name}`](#{table.name}) | {title} | {key} | {description} |")
    lines += ["", "## Text cells", "", *text_cell_rule()]
    lines += ["", "## How the tables join", "", *_er_diagram(package.tables), ""]
    for table in package.tables:
        lines += _table_section(table)
    return "\n".join(lines).rstrip("\n") + "\n"


def readme_tables(descriptor: Descriptor) -> str:
    """The README's list of tables: each table's call, what it holds and its key, in the descriptor's order."""
    lines = ["| table | what it holds | key |", "|---|---|---|"]
    for table in descriptor.package.tables:
        key = ", ".join(f"`{name}`" for name in table.primary_key)
        call = f"[`{table.name}()`]({DICTIONARY_FILE.as_posix()}#{table.name})"
        lines.append(f"| {call} | {_cell(table.description)} | {key} |")
    return "\n".join(lines) + "\n"


def _er_diagram(tables: tuple[Table, ...]) -> list[str]:
    """A Mermaid ``erDiagram``: each table with its key fields, and one line per foreign key."""
    lines = ["```mermaid", "erDiagram"]
    for table in tables:
        keys = set(table.primary_key)
        foreign = {name for fk in table.foreign_keys for name in fk.fields}
        lines.append(f"    {table.name} {{")
        for field in table.fields:
            marks = [mark for mark, on in (("PK", field.name in keys), ("FK", field.name in foreign)) if on]
            if marks:
                lines.append(f"        {field.type} {field.name} {', '.join(marks)}")
        lines.append("    }")
    for table in tables:
        for fk in table.foreign_keys:
            required = all(_field_required(table, name) for name in fk.fields)
            # parent side: exactly one when the referencing field is required, else zero or one
            parent_end = "||" if required else "|o"
            label = ", ".join(fk.fields)
            lines.append(f'    {fk.resource} {parent_end}--o{{ {table.name} : "{label}"')
    lines.append("```")
    return lines


def _field_required(table: Table, name: str) -> bool:
    return any(field.required for field in table.fields if field.name == name)


def _table_section(table: Table) -> list[str]:
    name = table.name
    lines = [
        f'<a id="{name}"></a>',
        "",
        f"## `{name}`: {table.title or name}",
        "",
        table.description,
        "",
        f"- Data file: `{table.path}`",
        f"- Primary key: {', '.join(f'`{part}`' for part in table.primary_key)}",
        f"- Missing values: {_texts(table.missing_values)}",
    ]
    for fk in table.foreign_keys:
        pairs = zip(fk.fields, fk.reference_fields, strict=True)
        lines += [f"- Foreign key: `{child}` → [`{fk.resource}`](#{fk.resource}).`{parent}`" for child, parent in pairs]
    lines += ["", "| field | type | required | constraints | description |", "|---|---|---|---|---|"]
    for field in table.fields:
        required = "yes" if field.required else ""
        shown = _cell(_constraints_text(field))
        lines.append(f"| `{field.name}` | {field.type} | {required} | {shown} | {_cell(field.description)} |")
    for field in table.fields:
        if field.enum is not None:
            lines += _codebook(name, field, field.enum)
    lines.append("")
    return lines


def _codebook(table: str, field: Field, values: tuple[str, ...]) -> list[str]:
    """The values of an enumerated field, each with its Chinese label and meaning."""
    ordered = " (ordered)" if field.categories_ordered else ""
    lines = ["", f"Values of `{table}.{field.name}`{ordered}:", "", "| value | 中文 | meaning |", "|---|---|---|"]
    for value in values:
        category = field.category(value)
        label_zh, label = (category.label_zh, category.label) if category else ("", "")
        lines.append(f"| `{value}` | {_cell(label_zh)} | {_cell(label)} |")
    return lines


def _constraints_text(field: Field) -> str:
    found = field.constraints
    parts = []
    for name in _SHOWN_CONSTRAINTS:
        if name not in found:
            continue
        value = found[name]
        parts.append(name if value is True else f"{name} `{value}`")
    if field.enum is not None:
        parts.append(f"one of {len(field.enum)} values (below)")
    if field.partial_date:
        parts.append(f"`{PARTIAL_DATE}`: a date that exists, at the precision known")
    if field.verbatim and not is_evidence_name(field.name):
        parts.append(f"`{VERBATIM}`: quoted from the row's source, checked like evidence")
    if field.same_as_parent:
        parts.append(f"`{SAME_AS_PARENT}`: the same value as the row's parent")
    if field.missing_values is not None:
        parts.append(f"missing values {_texts(field.missing_values)}")
    return "; ".join(parts)


def _texts(values: tuple[str, ...]) -> str:
    """Cell texts as code, the empty one shown as ``""``."""
    return ", ".join(f"`{value}`" if value else '`""`' for value in values)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, on one line."""
    return str(text).replace("|", "\\|").replace("\n", " ")
