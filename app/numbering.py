"""Document numbers per supplier and year (SO-2026-000123, DO-…, RT-…), one sequence table per
document kind with the columns (supplier, year, last_number)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model


async def ensure_sequence(sequence: type[Model], supplier_id: int, year: int) -> None:
    """Call outside the document's transaction, so concurrent first documents of a year do not collide."""
    try:
        await sequence.get_or_create(supplier_id=supplier_id, year=year)
    except IntegrityError:
        pass


async def next_number(sequence: type[Model], prefix: str, supplier_id: int, year: int) -> str:
    """The next number inside the document's transaction; the UPDATE's row lock hands out each number once."""
    await sequence.filter(supplier_id=supplier_id, year=year).update(last_number=F("last_number") + 1)
    row = await sequence.get(supplier_id=supplier_id, year=year)
    return f"{prefix}-{year}-{row.last_number:06d}"
