"""Document numbers per supplier, kind and year (SO-2026-000123, DO-…, RT-…, PM-…), counted in one
table: a row per (supplier, kind, year) holds the last number given out."""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app.db import fetch, on_postgres

if TYPE_CHECKING:
    from app.accounts.models import Organization


class DocumentKind(StrEnum):
    """A kind of numbered document; its value is the prefix of the number."""

    ORDER = "SO"
    SHIPMENT = "DO"
    RETURN = "RT"
    PAYMENT = "PM"


class DocumentSequence(Model):
    """The last number of one kind a supplier gave out in a year."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="document_sequences", on_delete=fields.CASCADE
    )
    # A plain string rather than an enum field: a new kind needs no migration.
    kind = fields.CharField(max_length=8)
    year = fields.IntField()
    last_number = fields.IntField(default=0)

    supplier_id: int

    class Meta:
        table = "document_sequences"
        unique_together = (("supplier", "kind", "year"),)


_TAKE = (
    "INSERT INTO document_sequences (supplier_id, kind, year, last_number) VALUES ($1, $2, $3, 1) "
    "ON CONFLICT (supplier_id, kind, year) DO UPDATE SET last_number = document_sequences.last_number + 1 "
    "RETURNING last_number"
)
# `number_text`'s format in SQL: kind, year and the sequence's number zero-padded to 6 digits (or more).
_NUMBER_SQL = (
    "$2 || '-' || $3::text || '-' || lpad(taken.last_number::text, greatest(6, length(taken.last_number::text)), '0')"
)


async def next_number(kind: DocumentKind, supplier_id: int, year: int) -> str:
    """The next number inside the document's transaction, in one statement: the year's first document
    creates its sequence, and a racing first one waits on that row and counts on from it; the row
    lock hands out each number once."""
    rows = await fetch(_TAKE, [supplier_id, kind.value, year])
    return number_text(kind, year, rows[0]["last_number"])


def number_text(kind: DocumentKind, year: int, sequence_number: int) -> str:
    return f"{kind}-{year}-{sequence_number:06d}"


async def write_next_number(kind: DocumentKind, supplier_id: int, year: int, table: str, row_id: int) -> str:
    """`next_number` written into the `number` column of `table`'s row `row_id`, which was created with a
    `provisional_number`: on PostgreSQL in the same statement, one round trip fewer under the sequence's lock."""
    if not on_postgres():
        number = await next_number(kind, supplier_id, year)
        await fetch(f"UPDATE {table} SET number = $1 WHERE id = $2", [number, row_id])
        return number
    rows = await fetch(
        f"WITH taken AS ({_TAKE}) UPDATE {table} SET number = {_NUMBER_SQL} FROM taken WHERE {table}.id = $4"
        f" RETURNING {table}.number",
        [supplier_id, kind.value, year, row_id],
    )
    return rows[0]["number"]


def provisional_number() -> str:
    """A unique stand-in for the number of a document written before its number is taken in the same
    transaction (never committed): what follows the number holds its sequence's row lock until commit."""
    return f"~{secrets.token_hex(8)}"
