"""Posting to the ledger and reading balances. A balance is always a sum of entries."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from tortoise.functions import Sum

from app.ledger.models import LedgerEntry, LedgerEntryKind


async def post_entry(
    customer_account_id: int,
    kind: LedgerEntryKind,
    amount: Decimal,
    currency: str,
    *,
    order_id: int | None = None,
    document: tuple[str, int, str | None] | None = None,
    note: str | None = None,
    user_id: int | None = None,
    occurred_at: datetime | None = None,
) -> LedgerEntry:
    """Appends one entry; call it inside the transaction of the change that causes it."""
    document_type, document_id, document_number = document or (None, None, None)
    return await LedgerEntry.create(
        customer_account_id=customer_account_id,
        kind=kind,
        amount=amount,
        currency=currency,
        order_id=order_id,
        document_type=document_type,
        document_id=document_id,
        document_number=document_number,
        note=note,
        created_by_id=user_id,
        occurred_at=occurred_at or datetime.now(timezone.utc),
    )


async def balance(customer_account_id: int, before: datetime | None = None) -> Decimal:
    """What the buyer owes (negative: what it has prepaid), from entries before `before`."""
    query = LedgerEntry.filter(customer_account_id=customer_account_id)
    if before is not None:
        query = query.filter(occurred_at__lt=before)
    total = await query.annotate(total=Sum("amount")).first().values_list("total", flat=True)
    return Decimal(total or 0).quantize(Decimal("0.01"))
