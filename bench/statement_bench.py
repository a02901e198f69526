"""A statement (对账单) of a customer account with 100,000 ledger entries.

    DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/statement_bench.py

Builds a supplier and one buyer in the given database, which it DROPS and re-creates first (give
it a scratch database; SQLite in a temporary file when unset), then bulk-inserts 10,000 orders (one line each, half of them shipped and
received, a few short) and 100,000 ledger entries over two years: a charge per order and 90,000
payments, refunds, return credits and adjustments, and runs ANALYZE. It then times, in-process and one at a time,
the statement service and the GraphQL `statement` query (totals, aging, per-order shipped vs
received for the first 50 of the orders, the first 50 entries) for one month and for the whole two years.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_postgres  # noqa: E402

ENTRIES = 100_000
ORDERS = 10_000
FIRST_DAY = date(2025, 1, 1)
DAYS = 730
STATEMENT = """query S($id: ID!, $from: Date!, $to: Date!) { statement(customerAccountId: $id, from: $from, to: $to) {
  openingBalance { amount } charges { amount } payments { amount } refunds { amount } returnCredits { amount }
  adjustments { amount } closingBalance { amount } entryCount
  aging { current { amount } days1To30 { amount } days31To60 { amount } daysOver60 { amount } }
  orders(first: 50) { totalCount nodes { number charged { amount } shippedQuantity receivedQuantity
    shippedAmount { amount } receivedAmount { amount } } }
  entries(first: 50) { totalCount nodes { occurredAt kind amount { amount } orderNumber } } } }"""


def _at(rng: random.Random) -> datetime:
    start = datetime.combine(FIRST_DAY, datetime.min.time(), UTC)
    return start + timedelta(seconds=rng.randrange(DAYS * 86_400))


async def seed() -> tuple[int, str]:
    """Returns the customer account's id and the buyer's login."""
    from app.accounts import service
    from app.accounts.auth import principal_for_user
    from app.accounts.models import CustomerAccount, CustomerAccountStatus, Role, User
    from app.catalog import service as catalog
    from app.catalog.models import Variant
    from app.inventory import service as inventory
    from app.ledger import balances
    from app.ledger.models import LedgerEntry, LedgerEntryKind
    from app.orders import counts
    from app.orders.models import Order, OrderLine, OrderStatus, PaymentMethod
    from app.shipments.models import Shipment, ShipmentLine, ShipmentStatus

    rng = random.Random(7)
    supplier = await service.create_organization(
        code="bench-supplier", name="Bench Supplier", can_sell=True, can_buy=False
    )
    admin = await service.create_user(
        supplier, service.NewUser(name="admin", password="bench-pass-1", email="admin@bench.test"), {Role.ADMIN: None}
    )
    buyer_org = await service.create_organization(code="bench-buyer", name="Bench Buyer", can_sell=False, can_buy=True)
    buyer = await service.create_user(
        buyer_org, service.NewUser(name="buyer", password="bench-pass-1", email="buyer@bench.test"), {Role.ADMIN: None}
    )
    account = await CustomerAccount.create(
        supplier=supplier,
        buyer=buyer_org,
        status=CustomerAccountStatus.APPROVED,
        credit_limit=Decimal("1000000"),
        payment_terms_days=30,
    )
    principal = await principal_for_user(await User.get(id=admin.id).select_related("organization"))
    warehouse = await inventory.create_warehouse(principal, "SH", "Shanghai")
    product = await catalog.create_product(
        principal,
        catalog.ProductInput(
            name="Tea", published=True, variants=(catalog.VariantInput(sku="TEA", base_price="12.50"),)
        ),
    )
    variant = await Variant.get(product_id=product.id)

    orders = [
        Order(
            number=f"SO-B-{i:06d}",
            supplier=supplier,
            buyer=buyer_org,
            customer_account=account,
            placed_by=buyer,
            status=OrderStatus.COMPLETED,
            payment_method=PaymentMethod.BANK_TRANSFER,
            currency="CNY",
            subtotal=Decimal(q) * Decimal("12.50"),
            discount_total=Decimal(0),
            total=Decimal(q) * Decimal("12.50"),
            idempotency_key=f"bench-{i}",
        )
        for i, q in enumerate(rng.randint(1, 200) for _ in range(ORDERS))
    ]
    await Order.bulk_create(orders, batch_size=2000)
    orders = await Order.filter(customer_account_id=account.id).order_by("id")
    await OrderLine.bulk_create(
        [
            OrderLine(
                order=o,
                variant=variant,
                sku="TEA",
                name="Tea",
                unit="box",
                quantity=int(o.total / Decimal("12.50")),
                unit_price=Decimal("12.50"),
                discount=Decimal(0),
                line_total=o.total,
                price_explanation="base",
            )
            for o in orders
        ],
        batch_size=2000,
    )
    lines = {line.order_id: line for line in await OrderLine.filter(order__customer_account_id=account.id)}
    shipped_orders = orders[::2]
    await Shipment.bulk_create(
        [
            Shipment(
                number=f"SH-B-{o.id}",
                order=o,
                supplier=supplier,
                customer_account=account,
                warehouse=warehouse,
                status=ShipmentStatus.RECEIVED,
                shipped_at=_at(rng),
            )
            for o in shipped_orders
        ],
        batch_size=2000,
    )
    shipments = {s.order_id: s for s in await Shipment.filter(customer_account_id=account.id)}
    await ShipmentLine.bulk_create(
        [
            ShipmentLine(
                shipment=shipments[o.id],
                order_line=lines[o.id],
                quantity=lines[o.id].quantity,
                received_quantity=lines[o.id].quantity - (1 if i % 10 == 0 else 0),
            )
            for i, o in enumerate(shipped_orders)
        ],
        batch_size=2000,
    )
    entries = [
        LedgerEntry(
            customer_account=account,
            kind=LedgerEntryKind.ORDER_CHARGE,
            amount=o.total,
            currency="CNY",
            order_id=o.id,
            document_type="Order",
            document_id=o.id,
            document_number=o.number,
            occurred_at=_at(rng),
        )
        for o in orders
    ]
    others = (
        (LedgerEntryKind.PAYMENT, -1, 0.7),
        (LedgerEntryKind.REFUND, 1, 0.1),
        (LedgerEntryKind.RETURN_CREDIT, -1, 0.1),
        (LedgerEntryKind.ADJUSTMENT, 1, 0.1),
    )
    for _ in range(ENTRIES - ORDERS):
        kind, sign, _weight = rng.choices(others, weights=[w for *_, w in others])[0]
        entries.append(
            LedgerEntry(
                customer_account=account,
                kind=kind,
                amount=Decimal(sign * rng.randint(100, 200_000)) / 100,
                currency="CNY",
                note="bench",
                occurred_at=_at(rng),
            )
        )
    await LedgerEntry.bulk_create(entries, batch_size=5000)
    await balances.rebuild_month_totals()  # the bulk writes bypassed what the services keep beside them
    await counts.rebuild()
    return account.id, "buyer@bench.test"


def _timed(samples: list[float]) -> str:
    return f"median {statistics.median(samples):6.1f} ms   max {max(samples):6.1f} ms"


async def run(rounds: int) -> None:
    from tortoise import connections

    from app import wiring
    from app.accounts.models import CustomerAccount
    from app.db import apply_migrations, close_db, ensure_database, init_db
    from app.ledger import statements
    from app.ledger.models import LedgerEntry
    from app.main import create_app
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings
    from schema.ids import encode_id

    settings = get_settings()
    if settings.uses_postgres:
        await recreate_postgres(settings.database_url)
    await ensure_database(settings)
    await init_db(settings)
    await apply_migrations()
    await start_runtime(settings)
    wiring.install()
    try:
        started = time.perf_counter()
        account_id, login = await seed()
        # A bulk load leaves the planner without statistics until autovacuum comes by.
        await connections.get("default").execute_script("ANALYZE")
        count = await LedgerEntry.filter(customer_account_id=account_id).count()
        print(
            f"seeded {count:,} ledger entries and {ORDERS:,} orders in {time.perf_counter() - started:.1f} s "
            f"({'PostgreSQL' if settings.uses_postgres else 'SQLite'})"
        )
        account = await CustomerAccount.get(id=account_id)
        app = create_app(settings, manage_resources=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
            token = (
                await http.post(
                    "/graphql",
                    json={
                        "query": f'mutation {{ login(input: {{login: "{login}", password: "bench-pass-1"}}) {{ token }} }}'
                    },
                )
            ).json()["data"]["login"]["token"]
            for label, period in (
                ("one month (2026-06)", (date(2026, 6, 1), date(2026, 6, 30))),
                ("two years, all 100,000 entries", (FIRST_DAY, FIRST_DAY + timedelta(days=DAYS))),
            ):
                service_ms, graphql_ms = [], []
                for _ in range(rounds):
                    t = time.perf_counter()
                    built = await statements.build(account, *period)
                    service_ms.append((time.perf_counter() - t) * 1000)
                variables = {
                    "id": encode_id("CustomerAccount", account_id),
                    "from": period[0].isoformat(),
                    "to": period[1].isoformat(),
                }
                for _ in range(rounds):
                    t = time.perf_counter()
                    body = (
                        await http.post(
                            "/graphql",
                            json={"query": STATEMENT, "variables": variables},
                            headers={"authorization": f"Bearer {token}"},
                        )
                    ).json()
                    graphql_ms.append((time.perf_counter() - t) * 1000)
                    assert "errors" not in body, body
                assert Decimal(body["data"]["statement"]["closingBalance"]["amount"]) == built.closing_balance
                orders = body["data"]["statement"]["orders"]["totalCount"]
                print(f"{label}: {built.entry_count:,} entries, {orders:,} orders")
                print(f"  statement service          {_timed(service_ms)}")
                print(f"  GraphQL statement query    {_timed(graphql_ms)}")
    finally:
        await stop_runtime()
        await close_db()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DINGHUO_DATABASE_URL", f"sqlite://{Path(tempfile.mkdtemp()) / 'statement.sqlite3'}")
    os.environ.setdefault("DINGHUO_SECRET_KEY", "bench-secret-key-0123456789-abcdefghijkl")
    os.environ.setdefault("DINGHUO_PASSWORD_HASH_PROFILE", "fast")
    os.environ["DINGHUO_LOG_LEVEL"] = "warning"
    asyncio.run(run(args.rounds))


if __name__ == "__main__":
    main()
