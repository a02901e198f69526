"""Document numbers per supplier, kind and year (SO-2026-000123, DO-…, RT-…, PM-…), counted in one
table: a row per (supplier, kind, year) holds the last number given out."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model

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


async def ensure_sequence(kind: DocumentKind, supplier_id: int, year: int) -> None:
    """Call outside the document's transaction, so concurrent first documents of a year do not collide."""
    try:
        await DocumentSequence.get_or_create(supplier_id=supplier_id, kind=kind, year=year)
    except IntegrityError:
        pass


async def next_number(kind: DocumentKind, supplier_id: int, year: int) -> str:
    """The next number inside the document's transaction; the UPDATE's row lock hands out each number once."""
    key: dict[str, Any] = {"supplier_id": supplier_id, "kind": kind, "year": year}
    await DocumentSequence.filter(**key).update(last_number=F("last_number") + 1)
    row = await DocumentSequence.get(**key)
    return f"{kind}-{year}-{row.last_number:06d}"
