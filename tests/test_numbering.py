"""Document numbers: one sequence per supplier, kind and year, each handing out consecutive numbers once,
also under concurrency; the migration to one sequence table keeps every number and the next."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from contextlib import closing

import asyncpg
import pytest
from tortoise.transactions import in_transaction

from app import numbering
from app.clock import utc_now
from app.numbering import DocumentKind
from app.orders.models import Order
from app.settings import PROJECT_ROOT
from tests.support import make_buyer, make_shop, make_supplier, place_order
from tests.test_payments import _rows, _tortoise_cli
from tests.test_server import _cli_env, _run_cli

KIND_TABLES = {"SO": "order_sequences", "DO": "shipment_sequences", "RT": "return_sequences", "PM": "payment_sequences"}
DOCUMENT_TABLES = ("orders", "shipments", "returns", "payments")
BEFORE_ONE_TABLE = "0013_number_existing_payments"
EARLIER_YEAR = 2019


async def _take(kind: DocumentKind, supplier_id: int, year: int) -> str:
    """As a service takes a number for the document it creates."""
    async with in_transaction():
        return await numbering.next_number(kind, supplier_id, year)


async def test_each_supplier_kind_and_year_counts_on_its_own():
    acme = (await make_supplier("acme")).org.id
    other = (await make_supplier("other")).org.id

    taken = [
        await _take(DocumentKind.ORDER, acme, 2026),
        await _take(DocumentKind.SHIPMENT, acme, 2026),
        await _take(DocumentKind.ORDER, acme, 2026),
        await _take(DocumentKind.ORDER, other, 2026),
        await _take(DocumentKind.ORDER, acme, 2027),
        await _take(DocumentKind.RETURN, acme, 2026),
        await _take(DocumentKind.PAYMENT, acme, 2026),
        await _take(DocumentKind.ORDER, acme, 2026),
        await _take(DocumentKind.SHIPMENT, acme, 2026),
    ]

    assert taken == [
        "SO-2026-000001",
        "DO-2026-000001",
        "SO-2026-000002",
        "SO-2026-000001",
        "SO-2027-000001",
        "RT-2026-000001",
        "PM-2026-000001",
        "SO-2026-000003",
        "DO-2026-000002",
    ]


async def test_a_number_of_a_document_not_created_is_given_again():
    acme = (await make_supplier("acme")).org.id
    assert await _take(DocumentKind.PAYMENT, acme, 2026) == "PM-2026-000001"

    with pytest.raises(RuntimeError):
        async with in_transaction():
            assert await numbering.next_number(DocumentKind.PAYMENT, acme, 2026) == "PM-2026-000002"
            raise RuntimeError("the document failed its checks")

    assert await _take(DocumentKind.PAYMENT, acme, 2026) == "PM-2026-000002", "no gap"


async def test_concurrent_first_documents_of_a_year_get_distinct_consecutive_numbers():
    acme = (await make_supplier("acme")).org.id
    documents = 12
    all_started = asyncio.Barrier(documents)

    async def first_documents_of_the_year() -> str:
        await all_started.wait()
        return await _take(DocumentKind.ORDER, acme, 2026)

    numbers = await asyncio.gather(*(first_documents_of_the_year() for _ in range(documents)))

    assert sorted(numbers) == [f"SO-2026-{n:06d}" for n in range(1, documents + 1)]
    assert await numbering.DocumentSequence.filter(supplier_id=acme).values_list("kind", "year", "last_number") == [
        ("SO", 2026, documents)
    ]


NEXT_NUMBERS = """
import asyncio, json, sys
from tortoise.transactions import in_transaction
from app import numbering
from app.db import close_db, init_db

async def next_numbers():
    await init_db()
    taken = []
    for kind, supplier_id, year in json.loads(sys.argv[1]):
        async with in_transaction():
            taken.append(await numbering.next_number(numbering.DocumentKind(kind), supplier_id, year))
    await close_db()
    print(json.dumps(taken))

asyncio.run(next_numbers())
"""


def _next_numbers(env: dict[str, str], sequences: list[tuple[str, int, int]]) -> list[str]:
    """The numbers the migrated database gives the next documents, taken by the code as a service does."""
    result = subprocess.run(
        [sys.executable, "-c", NEXT_NUMBERS, json.dumps(sequences)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


async def _execute(database_url: str, sql: str) -> None:
    if database_url.startswith("sqlite://"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite://"))) as db, db:
            db.execute(sql)
        return
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _document_numbers(database_url: str) -> dict[str, list[tuple]]:
    return {
        table: await _rows(database_url, f"SELECT id, supplier_id, number FROM {table} ORDER BY id")
        for table in DOCUMENT_TABLES
    }


async def _kind_table_sequences(database_url: str) -> list[tuple]:
    rows = []
    for kind, table in KIND_TABLES.items():
        sequences = await _rows(database_url, f"SELECT supplier_id, year, last_number FROM {table}")
        rows += [(kind, *sequence) for sequence in sequences]
    return sorted(rows)


async def _document_sequences(database_url: str) -> list[tuple]:
    return sorted(await _rows(database_url, "SELECT kind, supplier_id, year, last_number FROM document_sequences"))


async def test_migrating_to_one_sequence_table_keeps_every_number_and_the_next(test_env, cli_database):
    env = _cli_env(test_env, cli_database)
    for step in (("migrate",), ("seed-demo",)):
        assert (result := _run_cli(env, *step)).returncode == 0, result.stderr
    numbers = await _document_numbers(cli_database)
    seeded_sequences = await _document_sequences(cli_database)
    assert {kind for kind, *_ in seeded_sequences} == set(KIND_TABLES), "the demo numbers every kind of document"

    back = _tortoise_cli(env, "migrate", "models", BEFORE_ONE_TABLE)
    assert back.returncode == 0, back.stderr
    assert await _kind_table_sequences(cli_database) == seeded_sequences, "migrating back keeps the sequences"
    supplier_id = seeded_sequences[0][1]
    for table in KIND_TABLES.values():
        # As the code of the time counted the documents of a year the demo does not reach.
        await _execute(
            cli_database,
            f"INSERT INTO {table} (supplier_id, year, last_number) VALUES ({supplier_id}, {EARLIER_YEAR}, 41)",
        )
    old_sequences = await _kind_table_sequences(cli_database)

    forward = _tortoise_cli(env, "migrate")
    assert forward.returncode == 0, forward.stderr
    assert await _document_sequences(cli_database) == old_sequences
    assert await _document_numbers(cli_database) == numbers, "no existing number changed"
    next_numbers = _next_numbers(env, [(kind, supplier, year) for kind, supplier, year, _ in old_sequences])
    assert next_numbers == [f"{kind}-{year}-{last + 1:06d}" for kind, _, year, last in old_sequences]
    existing = {number for rows in numbers.values() for _, _, number in rows}
    assert existing and not existing & set(next_numbers)


async def test_an_order_is_written_its_number_past_six_digits_as_the_rule_formats_it():
    """The checkout writes the order's number with the sequence's step (in one statement on PostgreSQL, with the
    format in SQL): both forms pad to six digits and grow past them alike."""
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    year = utc_now().year
    first = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key="first")
    assert first.number == numbering.number_text(DocumentKind.ORDER, year, 1) == f"SO-{year}-000001"
    await numbering.DocumentSequence.filter(supplier_id=supplier.org.id, kind="SO").update(last_number=999_999)
    second = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key="second")
    assert second.number == numbering.number_text(DocumentKind.ORDER, year, 1_000_000) == f"SO-{year}-1000000"
    assert (await Order.get(id=second.id)).number == second.number
