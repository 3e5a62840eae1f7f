"""The codebook of an enumerated field, as the descriptor defines it: values, labels and meanings."""

from __future__ import annotations

from c4data.model.descriptor import Descriptor
from c4data.model.schema import Field

COLUMNS = ("value", "label_en", "label_zh", "meaning")


def field_of(descriptor: Descriptor, table: str, field: str) -> Field:
    """The field ``field`` of ``table``; ``KeyError`` names the table's fields when there is none."""
    schema = descriptor.table(table)
    found = schema.field(field)
    if found is None:
        raise KeyError(f"table {table!r} has no field {field!r}; its fields are {', '.join(schema.field_names)}")
    return found


def codebook_rows(descriptor: Descriptor, table: str, field: str) -> list[dict[str, str]]:
    """Each value of an enumerated field in codebook order, with its English and Chinese labels and meaning.

    The descriptor writes an English label as ``"Short name: meaning."``; the part before the colon is
    ``label_en``, the rest ``meaning`` (empty when the label is only a name).
    """
    declared = field_of(descriptor, table, field)
    if declared.enum is None:
        listed = ", ".join(f"{name}.{item}" for name, item in enumerated_fields(descriptor))
        raise ValueError(f"{table}.{field} is not an enumerated field; those with a codebook are {listed}")
    rows = []
    for category in declared.categories:
        name, _, meaning = category.label.partition(":")
        rows.append(
            {
                "value": category.value,
                "label_en": name.strip().rstrip("."),
                "label_zh": category.label_zh,
                "meaning": meaning.strip(),
            }
        )
    return rows


def enumerated_fields(descriptor: Descriptor) -> list[tuple[str, str]]:
    """Every (table, field) that has a codebook, in the descriptor's order."""
    return [(table.name, field.name) for table in descriptor.package.tables for field in table.fields if field.enum]
