"""Month totals of the ledger: what each account's entries add up to per calendar month (UTC).

Every entry is appended by `service.post_entry`, which adds it to its month in the same transaction;
`rebuild_month_totals` recomputes them all from the entries (after a bulk load, or to verify). A balance
at any instant is the months before the instant's month plus that month's entries up to the instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tortoise.transactions import in_transaction

from app.db import add_to_rows, on_postgres
from app.ledger.models import LedgerEntry, LedgerMonthTotal


def month_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date().replace(day=1)


def month_start(moment: datetime) -> datetime:
    """The first instant of the UTC month `moment` falls in: months before it are summed whole."""
    return datetime.combine(month_of(moment), datetime.min.time(), UTC)


async def add_to_month(entry: LedgerEntry) -> None:
    """Inside the entry's transaction."""
    await add_to_rows(
        LedgerMonthTotal._meta.db_table,
        ("customer_account_id", "month", "amount"),
        ("customer_account_id", "month"),
        [(entry.customer_account_id, month_of(entry.occurred_at), entry.amount)],
    )


REBUILD_SQL = {
    "postgres": """INSERT INTO ledger_month_totals (customer_account_id, month, amount)
        SELECT customer_account_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, SUM(amount)
        FROM ledger_entries GROUP BY 1, 2""",
    "sqlite": """INSERT INTO ledger_month_totals (customer_account_id, month, amount)
        SELECT customer_account_id, strftime('%Y-%m-01', occurred_at), SUM(amount)
        FROM ledger_entries GROUP BY 1, 2""",
}


async def rebuild_month_totals() -> int:
    """Recomputes every month total from the entries, in one transaction; returns how many there are."""
    async with in_transaction() as connection:
        await LedgerMonthTotal.all().delete()
        dialect = "postgres" if on_postgres() else "sqlite"
        await connection.execute_query(REBUILD_SQL[dialect])
    return await LedgerMonthTotal.all().count()
