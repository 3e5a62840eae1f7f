"""The keys and joins of the package as an SVG diagram, drawn from the descriptor's foreign keys.

Each table is a box naming its primary key; each foreign key is a line from the table that holds it up to
the table it references, with the fields in its tooltip. Tables are laid out in rows by how far they lie
from a table that references none (``sources`` at the top), so that every line runs upwards. The links to
``sources`` (every fact table has one) are drawn light, so that the joins between the other tables show.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache

from c4data.model.descriptor import Descriptor
from c4data.model.schema import ForeignKey, Table

BOX_WIDTH, BOX_HEIGHT = 170, 46
GAP_X, GAP_Y, MARGIN = 24, 70, 12


@dataclass(frozen=True)
class Join:
    """One foreign key: ``table.fields`` point at ``reference.reference_fields``."""

    table: str
    fields: tuple[str, ...]
    reference: str
    reference_fields: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.table}.{', '.join(self.fields)} → {self.reference}.{', '.join(self.reference_fields)}"


def joins(descriptor: Descriptor) -> list[Join]:
    """Every foreign key of the package, in the descriptor's order (a key to the table itself included)."""
    return [
        Join(table.name, foreign.fields, foreign.resource or table.name, foreign.reference_fields)
        for table in descriptor.package.tables
        for foreign in table.foreign_keys
    ]


def _depths(tables: list[Table]) -> dict[str, int]:
    """Each table's row: 0 when it references no other table, else one below the lowest table it references."""
    references = {
        table.name: {foreign.resource for foreign in table.foreign_keys if _other(foreign, table)} for table in tables
    }

    @cache
    def depth(name: str, seen: frozenset[str] = frozenset()) -> int:
        above = [depth(other, seen | {name}) for other in references.get(name, ()) if other not in seen | {name}]
        return 1 + max(above) if above else 0

    return {table.name: depth(table.name) for table in tables}


def _other(foreign: ForeignKey, table: Table) -> bool:
    return bool(foreign.resource) and foreign.resource != table.name


def svg(descriptor: Descriptor, links: dict[str, str] | None = None) -> str:
    """The diagram as an inline ``<svg>`` element; ``links`` gives the page each table's box links to."""
    tables = list(descriptor.package.tables)
    depths = _depths(tables)
    rows: dict[int, list[Table]] = {}
    for table in tables:
        rows.setdefault(depths[table.name], []).append(table)
    widest = max(len(row) for row in rows.values())
    width = 2 * MARGIN + widest * BOX_WIDTH + (widest - 1) * GAP_X
    height = 2 * MARGIN + len(rows) * BOX_HEIGHT + (len(rows) - 1) * GAP_Y
    where: dict[str, tuple[float, float]] = {}
    for level, row in sorted(rows.items()):
        used = len(row) * BOX_WIDTH + (len(row) - 1) * GAP_X
        left = (width - used) / 2
        for index, table in enumerate(row):
            where[table.name] = (left + index * (BOX_WIDTH + GAP_X), MARGIN + level * (BOX_HEIGHT + GAP_Y))
    lines = []
    for join in joins(descriptor):
        if join.reference == join.table or join.reference not in where:
            continue
        (x1, y1), (x2, y2) = where[join.table], where[join.reference]
        light = join.reference == "sources"
        stroke = 'stroke="#c8c8c8" stroke-width="1"' if light else 'stroke="#3465a4" stroke-width="1.6"'
        lines.append(
            f'<line class="join" x1="{x1 + BOX_WIDTH / 2:.0f}" y1="{y1:.0f}" x2="{x2 + BOX_WIDTH / 2:.0f}" '
            f'y2="{y2 + BOX_HEIGHT:.0f}" {stroke} marker-end="url(#arrow)"><title>{_e(join.text)}</title></line>'
        )
    boxes = []
    for table in tables:
        x, y = where[table.name]
        key = ", ".join(table.primary_key)
        box = (
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" fill="#f4f6fa" '
            f'stroke="#555"/><text x="{x + BOX_WIDTH / 2:.0f}" y="{y + 19:.0f}" text-anchor="middle" '
            f'font-size="14" font-weight="bold">{_e(table.name)}</text><text x="{x + BOX_WIDTH / 2:.0f}" '
            f'y="{y + 36:.0f}" text-anchor="middle" font-size="10" fill="#555">{_e(_short(key))}</text>'
        )
        href = (links or {}).get(table.name)
        boxes.append(f'<a href="{_e(href)}" class="table">{box}</a>' if href else f'<g class="table">{box}</g>')
    marker = (
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="The tables of the package and the foreign keys that join them">{marker}'
        + "".join(lines)
        + "".join(boxes)
        + "</svg>"
    )


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _e(value: object) -> str:
    return html.escape(str(value))
