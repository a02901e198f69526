"""The mixed load test (issue 22): a real `dinghuo serve` worker on loopback and 32 clients for
DINGHUO_LOAD_SECONDS (default 120), buyers browsing, checking out (some checkouts sent twice
with their idempotency key), admins approving, finance confirming payments, the warehouse
shipping, buyers paying and confirming receipt. It stops by itself under a hard deadline and
ends with: no 5xx and no top-level error, one order per idempotency key, stock and reservations
consistent, every ledger the sum of its entries and equal to what was shipped minus what was paid.

Run it shorter locally: DINGHUO_LOAD_SECONDS=10 .venv/bin/python -m pytest -q tests/test_mixed_load.py -s"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
import pytest
from tortoise.functions import Count

from app.accounts.models import CustomerAccount, Role
from app.catalog import service as catalog
from app.inventory import service as inventory
from app.inventory.models import StockReservation, Warehouse
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import Order, OrderLine, OrderStatus, PaymentMethod
from app.payments.models import Payment, PaymentRecordStatus
from app.shipments.models import ShipmentLine, ShipmentStatus
from tests.support import PASSWORD, gid, make_buyer, make_shop, make_user
from tests.support_live import worker_process
from tests.support_stock import check_stock_consistency

pytestmark = pytest.mark.load

LOAD_SECONDS = float(os.environ.get("DINGHUO_LOAD_SECONDS", "120"))
FULL_RUN_SECONDS = 60  # a run this long approves and ships, even on a machine far busier than its cores
DRAIN_SECONDS = 90  # after the load: the requests in flight finish (each within REQUEST_SECONDS), the checks run
REQUEST_SECONDS = 60
BUYERS, APPROVERS, FINANCE, WAREHOUSE = 22, 4, 3, 3  # 32 clients
LOW_STOCK = 40  # one variant runs out: checkouts race for its last units
IDLE_SECONDS = 0.05  # a staff client with nothing to do looks again a moment later

LOGIN = "mutation ($l: String!, $p: String!) { login(input: {login: $l, password: $p}) { token userErrors { code } } }"
CATALOG = """query ($s: ID!) { products(supplierId: $s, first: 20) { totalCount
  nodes { id name variants { id sku price { amount } available } } } }"""
ADD = """mutation ($s: ID!, $lines: [CartLineInput!]!) {
  cartAddLines(input: {supplierId: $s, lines: $lines}) { userErrors { code } } }"""
CLEAR = "mutation ($s: ID!) { cartClear(input: {supplierId: $s}) { userErrors { code } } }"
CHECKOUT = """mutation ($s: ID!, $key: String!) { checkout(input: {supplierId: $s, idempotencyKey: $key}) {
  order { id number total { amount } } userErrors { code } } }"""
MY_ORDERS = """{ orders(first: 10, filter: {status: [APPROVED, PARTIALLY_SHIPPED, SHIPPED, COMPLETED]}) {
  nodes { id paymentStatus total { amount currency } customerAccount { id } } } }"""
PAY = (
    """mutation ($input: PaymentRecordInput!) { paymentRecord(input: $input) { payment { id } userErrors { code } } }"""
)
TO_RECEIVE = "{ shipments(first: 5, filter: {status: [SHIPPED]}) { nodes { id } } }"
RECEIVE = """mutation ($id: ID!) { shipmentConfirmReceipt(input: {shipmentId: $id}) { shipment { id } userErrors { code } } }"""
TO_APPROVE = "{ approvals(first: 10) { nodes { order { id } } } }"
APPROVE = "mutation ($id: ID!) { orderApprove(input: {orderId: $id}) { order { status } userErrors { code } } }"
REJECT = """mutation ($id: ID!) { orderReject(input: {orderId: $id, reason: "load test"}) {
  order { status } userErrors { code } } }"""
TO_SHIP = "{ orders(first: 10, filter: {status: [APPROVED]}) { nodes { id lines { id quantity } } } }"
SHIP = """mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipment { id } userErrors { code } } }"""
TO_CONFIRM = "{ payments(first: 10, filter: {status: [RECORDED]}) { nodes { id } } }"
CONFIRM = (
    """mutation ($id: ID!) { paymentConfirm(input: {paymentId: $id}) { payment { status } userErrors { code } } }"""
)
BALANCE = "query ($id: ID!) { accountBalance(customerAccountId: $id) { balance { amount } } }"


@dataclass
class Tally:
    """What every client saw: each request's operation, status and time; errors; checkouts by key."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    request_errors: list[dict] = field(default_factory=list)
    user_errors: Counter = field(default_factory=Counter)
    orders_by_key: dict[str, str] = field(default_factory=dict)
    retried_keys: int = 0
    retried: Counter = field(default_factory=Counter)
    done: Counter = field(default_factory=Counter)


RETRIES = 5


class Client:
    """One signed-in user driving the server."""

    def __init__(self, http: httpx.AsyncClient, tally: Tally, token: str):
        self.http, self.tally, self.token = http, tally, token

    async def call(self, name: str, query: str, variables: dict | None = None) -> dict:
        """As a well-behaved client does: an answer marked `retryable` (a deadlock the database broke,
        a connection that went away) is sent again, a few times; the retries are counted and shown."""
        for _ in range(RETRIES):
            started = time.perf_counter()
            response = await self.http.post(
                "/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"authorization": f"Bearer {self.token}"},
            )
            self.tally.latencies[name].append(time.perf_counter() - started)
            self.tally.statuses[response.status_code] += 1
            body = response.json()
            errors = body.get("errors") or []
            if not (errors and all((e.get("extensions") or {}).get("retryable") for e in errors)):
                break
            self.tally.retried[name] += 1
        if response.status_code >= 500 or errors:
            self.tally.request_errors.append({"operation": name, "status": response.status_code, "body": body})
            return {}
        data = body["data"]
        for payload in data.values():
            for error in (payload or {}).get("userErrors", []) if isinstance(payload, dict) else []:
                self.tally.user_errors[f"{name}:{error['code']}"] += 1
        return data


@dataclass
class Load:
    supplier_id: str
    variants: list[tuple[str, int]]  # (global id, order multiple)
    buyers: list[str]
    approvers: list[str]
    finance: list[str]
    warehouse: list[str]


async def _build() -> Load:
    supplier, admin, variants = await make_shop("load", stock=1_000_000)
    warehouse = await Warehouse.get(supplier_id=supplier.org.id, code="SH")
    for n, stock in enumerate((1_000_000, 1_000_000, LOW_STOCK)):
        extra = await catalog.create_variant(
            admin, variants["TEA-1"].product_id, catalog.VariantInput(sku=f"EXTRA-{n}", base_price=f"{7 + n}.35")
        )
        await inventory.adjust_stock(admin, extra.id, warehouse.id, stock, "count")
        variants[extra.sku] = extra
    staff = {}
    for role, count in ((Role.ADMIN, APPROVERS), (Role.FINANCE, FINANCE), (Role.WAREHOUSE, WAREHOUSE)):
        staff[role] = [f"{role.value.lower()}{n}@load.test" for n in range(count)]
        for email in staff[role]:
            await make_user(supplier.org, email, {role: None})
    buyers = []
    for n in range(BUYERS):
        _, user, _ = await make_buyer(supplier, f"buyer{n}")
        buyers.append(user.email)
    return Load(
        supplier_id=gid("Organization", supplier.org.id),
        variants=[(gid("Variant", v.id), v.order_multiple or 1) for v in variants.values()],
        buyers=buyers,
        approvers=staff[Role.ADMIN],
        finance=staff[Role.FINANCE],
        warehouse=staff[Role.WAREHOUSE],
    )


async def _sign_in(http: httpx.AsyncClient, tally: Tally, email: str) -> Client:
    body = (await http.post("/graphql", json={"query": LOGIN, "variables": {"l": email, "p": PASSWORD}})).json()
    return Client(http, tally, body["data"]["login"]["token"])


keys = itertools.count()


def _payload(data: dict) -> dict:
    """A mutation's payload; empty when the request failed (the tally has the error)."""
    return next(iter(data.values()), None) or {}


async def buyer_round(client: Client, load: Load, rng: random.Random) -> None:
    choice = rng.random()
    if choice < 0.35:
        await client.call("products", CATALOG, {"s": load.supplier_id})
    elif choice < 0.75:
        await _order(client, load, rng)
    elif choice < 0.9:
        await _pay(client, rng)
    else:
        for shipment in (await client.call("shipments", TO_RECEIVE)).get("shipments", {}).get("nodes", [])[:1]:
            if _payload(await client.call("shipmentConfirmReceipt", RECEIVE, {"id": shipment["id"]})).get("shipment"):
                client.tally.done["received"] += 1


async def _order(client: Client, load: Load, rng: random.Random) -> None:
    lines = [
        {"variantId": variant, "quantity": multiple * rng.randint(1, 3)}
        for variant, multiple in rng.sample(load.variants, rng.randint(1, 3))
    ]
    await client.call("cartAddLines", ADD, {"s": load.supplier_id, "lines": lines})
    key = f"load-{next(keys)}"
    sends = 2 if rng.random() < 0.25 else 1  # a client that did not hear the answer sends it again
    numbers = set()
    for _ in range(sends):
        result = _payload(await client.call("checkout", CHECKOUT, {"s": load.supplier_id, "key": key}))
        if result.get("order"):
            numbers.add(result["order"]["number"])
    client.tally.retried_keys += sends - 1
    if not numbers:
        await client.call("cartClear", CLEAR, {"s": load.supplier_id})  # e.g. the last units went meanwhile
        return
    assert len(numbers) == 1, f"key {key} answered {numbers}"
    client.tally.orders_by_key[key] = numbers.pop()


async def _pay(client: Client, rng: random.Random) -> None:
    unpaid = [
        order
        for order in (await client.call("orders", MY_ORDERS)).get("orders", {}).get("nodes", [])
        if order["paymentStatus"] == "UNPAID"
    ]
    if not unpaid:
        return
    order = rng.choice(unpaid)
    payment = {
        "customerAccountId": order["customerAccount"]["id"],
        "method": "BANK_TRANSFER",
        "amount": order["total"]["amount"],
        "currency": order["total"]["currency"],
        "idempotencyKey": f"pay-{next(keys)}",
        "allocations": [{"orderId": order["id"], "amount": order["total"]["amount"]}],
    }
    if _payload(await client.call("paymentRecord", PAY, {"input": payment})).get("payment"):
        client.tally.done["payments recorded"] += 1


async def approver_round(client: Client, load: Load, rng: random.Random) -> bool:
    waiting = (await client.call("approvals", TO_APPROVE)).get("approvals", {}).get("nodes", [])
    for approval in waiting[:3]:
        rejecting = rng.random() < 0.1
        name, document = ("orderReject", REJECT) if rejecting else ("orderApprove", APPROVE)
        if _payload(await client.call(name, document, {"id": approval["order"]["id"]})).get("order"):
            client.tally.done["rejected" if rejecting else "approved"] += 1
    return bool(waiting)


async def warehouse_round(client: Client, load: Load, rng: random.Random) -> bool:
    approved = (await client.call("orders", TO_SHIP)).get("orders", {}).get("nodes", [])
    if approved:
        order = rng.choice(approved)
        lines = [{"orderLineId": line["id"], "quantity": line["quantity"]} for line in order["lines"]]
        shipped = await client.call("shipmentCreate", SHIP, {"input": {"orderId": order["id"], "lines": lines}})
        if _payload(shipped).get("shipment"):
            client.tally.done["shipped"] += 1
    return bool(approved)


async def finance_round(client: Client, load: Load, rng: random.Random) -> bool:
    recorded = (await client.call("payments", TO_CONFIRM)).get("payments", {}).get("nodes", [])
    for payment in recorded[:3]:
        if _payload(await client.call("paymentConfirm", CONFIRM, {"id": payment["id"]})).get("payment"):
            client.tally.done["payments confirmed"] += 1
    return bool(recorded)


async def _drive(client: Client, load: Load, play, seed: int, until: float) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        busy = await play(client, load, rng)
        if busy is False:
            await asyncio.sleep(IDLE_SECONDS)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _report(tally: Tally, seconds: float) -> str:
    every = [v for values in tally.latencies.values() for v in values]
    lines = [
        f"mixed load: {len(every)} requests in {seconds:.0f} s ({len(every) / seconds:.1f}/s), 32 clients, "
        f"p50 {_percentile(every, 0.5) * 1000:.0f} ms, p99 {_percentile(every, 0.99) * 1000:.0f} ms",
        f"  orders placed {len(tally.orders_by_key)} (checkouts sent twice: {tally.retried_keys}); "
        + ", ".join(f"{k} {v}" for k, v in sorted(tally.done.items())),
        f"  statuses {dict(tally.statuses)}; userErrors {dict(tally.user_errors)}; retryable answers sent again"
        f" {dict(tally.retried)}",
    ]
    for name, values in sorted(tally.latencies.items()):
        lines.append(
            f"  {name:24} {len(values):6} requests  p50 {statistics.median(values) * 1000:6.0f} ms"
            f"  p99 {_percentile(values, 0.99) * 1000:6.0f} ms"
        )
    return "\n".join(lines)


async def test_mixed_load_ends_consistent(settings, test_env):
    load = await _build()
    tally = Tally()
    more_env = {"DINGHUO_PRINCIPAL_CACHE_SECONDS": "5"}  # as a server runs by default
    with worker_process(test_env, settings.database_url, test_env.get("DINGHUO_REDIS_URL"), **more_env) as worker:
        # uvicorn closes a connection idle for 5 s; reusing one it is closing would fail the request
        # on the client's side, so the clients let theirs go after 2 s.
        limits = httpx.Limits(max_connections=40, max_keepalive_connections=40, keepalive_expiry=2)
        async with (
            asyncio.timeout(LOAD_SECONDS + DRAIN_SECONDS),
            httpx.AsyncClient(base_url=f"http://{worker.base}", timeout=REQUEST_SECONDS, limits=limits) as http,
        ):
            roles = (
                [(email, buyer_round) for email in load.buyers]
                + [(email, approver_round) for email in load.approvers]
                + [(email, finance_round) for email in load.finance]
                + [(email, warehouse_round) for email in load.warehouse]
            )
            clients = [(await _sign_in(http, tally, email), play) for email, play in roles]
            started = time.monotonic()
            until = started + LOAD_SECONDS
            await asyncio.gather(
                *(_drive(client, load, play, seed, until) for seed, (client, play) in enumerate(clients))
            )
            elapsed = time.monotonic() - started
            print(_report(tally, elapsed))
            finance = clients[BUYERS + APPROVERS][0]
            balances = {
                account.id: Decimal(
                    (await finance.call("accountBalance", BALANCE, {"id": gid("CustomerAccount", account.id)}))[
                        "accountBalance"
                    ]["balance"]["amount"]
                )
                for account in await CustomerAccount.all()
            }

    assert tally.statuses.keys() <= {200}, tally.statuses
    assert tally.request_errors == [], tally.request_errors[:5]
    assert tally.orders_by_key, "no order was placed"
    await _check_one_order_per_key(tally)
    await check_stock_consistency()
    await _check_reservations_follow_orders()
    await _check_ledgers(balances)
    if LOAD_SECONDS >= FULL_RUN_SECONDS:
        assert tally.done["approved"] and tally.done["shipped"], tally.done


async def _check_one_order_per_key(tally: Tally) -> None:
    duplicated = await (
        Order.annotate(n=Count("id"))
        .group_by("placed_by_id", "idempotency_key")
        .filter(n__gt=1)
        .values("idempotency_key")
    )
    assert duplicated == []
    stored = dict(await Order.filter(idempotency_key__startswith="load-").values_list("idempotency_key", "number"))
    assert stored == tally.orders_by_key


async def _check_reservations_follow_orders() -> None:
    """An open order holds exactly its lines' units not yet shipped; a closed one holds nothing."""
    shipped: dict[int, int] = defaultdict(int)
    for line_id, quantity in await ShipmentLine.filter(shipment__status__not=ShipmentStatus.CANCELLED).values_list(
        "order_line_id", "quantity"
    ):
        shipped[line_id] += quantity
    held: dict[int, int] = defaultdict(int)
    for line_id, quantity in await StockReservation.filter(released=False).values_list("order_line_id", "quantity"):
        held[line_id] += quantity
    open_statuses = {OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED, OrderStatus.PARTIALLY_SHIPPED}
    for line_id, quantity, status in await OrderLine.all().values_list("id", "quantity", "order__status"):
        expected = quantity - shipped[line_id] if status in open_statuses else 0
        assert held[line_id] == expected, (line_id, status, quantity, shipped[line_id], held[line_id])


async def _sums(query, key: str) -> dict[int, Decimal]:
    """Amounts added up per `key` in Python, exact on both backends (SQLite sums in floats)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for pk, amount in await query.values_list(key, "amount"):
        totals[pk] += Decimal(amount)
    return totals


async def _check_ledgers(balances: dict[int, Decimal]) -> None:
    """Every balance the API shows is the sum of the account's entries, and equals what was
    shipped to it (charged on shipment) less the payments finance confirmed."""
    entries = await _sums(LedgerEntry.all(), "customer_account_id")
    charged = await _sums(LedgerEntry.filter(kind=LedgerEntryKind.ORDER_CHARGE), "customer_account_id")
    shipped = await _sums(
        ShipmentLine.filter(shipment__status__not=ShipmentStatus.CANCELLED), "shipment__customer_account_id"
    )
    paid = await _sums(
        Payment.filter(status=PaymentRecordStatus.CONFIRMED, method__not=PaymentMethod.PREPAID_BALANCE),
        "customer_account_id",
    )
    kinds = set(await LedgerEntry.all().distinct().values_list("kind", flat=True))
    assert kinds <= {LedgerEntryKind.ORDER_CHARGE, LedgerEntryKind.PAYMENT}, kinds
    for account_id, balance in balances.items():
        assert balance == entries[account_id], account_id
        assert charged[account_id] == shipped[account_id], account_id
        assert balance == shipped[account_id] - paid[account_id], account_id
