"""Writes nobody reads back go to the database together at the end of a block (app.db.writes_together): one
statement on PostgreSQL, one after another on SQLite; nothing on failure; the callbacks once they are sent."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from app.accounts.models import Organization
from app.db import add_to_rows, insert_soon, write_soon, writes_together
from app.orders.models import OrderCount
from app.outbox import OutboxEvent
from tests.support import make_buyer, make_supplier


def event_row(supplier_id: int, subject_id: int) -> OutboxEvent:
    return OutboxEvent(
        kind="statement.confirmed", subject_type="Statement", subject_id=subject_id, supplier_id=supplier_id, payload={}
    )


async def test_the_writes_of_a_block_go_together_when_it_ends(settings, query_counter):
    supplier = await make_supplier("acme")
    _, _, account = await make_buyer(supplier, "alpha")
    org_id = supplier.org.id
    sent = []
    async with in_transaction():
        query_counter.reset()
        async with writes_together():
            await insert_soon([event_row(org_id, 1), event_row(org_id, 2)], then=lambda: sent.append("events"))
            await write_soon("UPDATE organizations SET contact_phone = $1 WHERE id = $2", ["021-1234", org_id])
            async with writes_together():
                await add_to_rows(
                    "order_counts",
                    ("customer_account_id", "status", "orders"),
                    ("customer_account_id", "status"),
                    [(account.id, "SHIPPED", 3)],
                    soon=True,
                )
            assert query_counter.count == 0 and sent == [], "nothing is sent before the outermost block ends"
        assert query_counter.count == (1 if settings.uses_postgres else 3)
        assert sent == ["events"]

    assert await OutboxEvent.filter(supplier_id=org_id, kind="statement.confirmed").count() == 2
    assert (await Organization.get(id=org_id)).contact_phone == "021-1234"
    assert (await OrderCount.get(customer_account_id=account.id, status="SHIPPED")).orders == 3


async def test_a_block_that_fails_sends_nothing(query_counter):
    supplier = await make_supplier("acme")
    sent = []
    with pytest.raises(RuntimeError):
        async with in_transaction(), writes_together():
            await insert_soon([event_row(supplier.org.id, 7)], then=lambda: sent.append("events"))
            raise RuntimeError("the step failed")
    assert sent == []
    assert not await OutboxEvent.filter(kind="statement.confirmed").exists()


async def test_outside_a_block_a_write_goes_now():
    supplier = await make_supplier("acme")
    sent = []
    await insert_soon([event_row(supplier.org.id, 9)], then=lambda: sent.append("events"))
    assert sent == ["events"] and await OutboxEvent.filter(kind="statement.confirmed").exists()
