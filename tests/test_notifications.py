"""The inbox: which events make entries for whom, read and unread over the API, no N+1."""

from __future__ import annotations

from datetime import date

from tortoise.transactions import in_transaction

from app.accounts.models import Role
from app.approvals import service as approvals
from app.events.relay import Relay
from app.ledger import statements
from app.notifications.models import Notification, NotificationKind
from app.orders import process
from app.orders.models import OrderLine, OrderStatus, OrderTrack, PaymentMethod
from app.payments import service as payments
from app.shipments import service as shipments
from tests.support import (
    gid,
    make_buyer,
    make_shop,
    make_user,
    place_order,
    principal_of,
)

INBOX = """
query ($unread: Boolean!) {
  unreadNotificationCount
  notifications(unreadOnly: $unread, first: 20) { totalCount nodes { id kind title read subjectId } }
}
"""
MARK_READ = """
mutation ($ids: [ID!]) { notificationsMarkRead(input: {ids: $ids}) { unreadCount userErrors { code } } }
"""


SUPPLIER_NOTICES = (NotificationKind.REGISTRATION_PENDING, NotificationKind.ORDER_PLACED)
"""Made for the supplier's admins on every registration and order; tests/test_supplier_hears.py covers them."""


async def _entries_besides_supplier_notices() -> list[tuple]:
    return [(n.user_id, n.kind) for n in await Notification.exclude(kind__in=SUPPLIER_NOTICES).order_by("id")]


class _NullBroker:
    async def publish(self, channel: str, message: dict) -> None:
        return None


async def relay_all(settings) -> None:
    await Relay(_NullBroker(), uses_postgres=settings.uses_postgres, poll_seconds=60).publish_pending()


async def test_events_make_inbox_entries_for_the_right_users(settings):
    """Each step by the real services, each entry for exactly the users it concerns."""
    supplier, _, variants = await make_shop()
    level1 = await make_user(supplier.org, "appr1@acme.test", {Role.APPROVER: 1})
    level3 = await make_user(supplier.org, "appr3@acme.test", {Role.APPROVER: 3})
    finance = await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None})
    warehouse = await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, alpha, account = await make_buyer(supplier, "alpha")
    _, beta, _ = await make_buyer(supplier, "beta")
    order = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1})
    await approvals.approve(await principal_of(level1), order.id, None)
    line = await OrderLine.get(order_id=order.id)
    await shipments.create(
        await principal_of(warehouse), shipments.ShipmentInput(order.id, (shipments.ShipLine(line.id, 1),))
    )
    payment = await payments.record(
        await principal_of(alpha),
        payments.PaymentInput(
            account.id,
            PaymentMethod.BANK_TRANSFER,
            "10.00",
            "CNY",
            "pay-1",
            allocations=(payments.Allocation(order.id, "10.00"),),
        ),
    )
    await payments.confirm(await principal_of(finance), payment.id)
    today = date.today()
    await statements.issue(await principal_of(finance), account.id, today.replace(day=1), today)
    await relay_all(settings)
    entries = await _entries_besides_supplier_notices()
    assert entries == [
        (supplier.admin.id, NotificationKind.APPROVAL_REQUESTED),  # no flow: the admin may approve too
        (level1.id, NotificationKind.APPROVAL_REQUESTED),
        (level3.id, NotificationKind.APPROVAL_REQUESTED),
        (alpha.id, NotificationKind.ORDER_APPROVED),
        (alpha.id, NotificationKind.ORDER_SHIPPED),
        (alpha.id, NotificationKind.PAYMENT_CONFIRMED),
        (alpha.id, NotificationKind.STATEMENT_READY),
    ]
    assert beta.id not in {user for user, _ in entries}
    paid = await Notification.get(kind=NotificationKind.PAYMENT_CONFIRMED)
    assert (paid.title, paid.body) == (
        f"Payment {payment.number} confirmed",
        f"Your payment {payment.number} of 10.00 CNY has been confirmed.",
    )


async def test_an_approval_step_naming_a_user_asks_only_that_user(settings):
    supplier, _, variants = await make_shop()
    await make_user(supplier.org, "appr1@acme.test", {Role.APPROVER: 1})
    named = await make_user(supplier.org, "boss@acme.test", {Role.APPROVER: 3})
    await approvals.create_flow(
        await principal_of(supplier.admin),
        approvals.FlowInput("Boss", (approvals.StepInput("Boss", user_id=named.id),), is_default=True),
    )
    _, alpha, _ = await make_buyer(supplier, "alpha")
    await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1})
    await relay_all(settings)
    assert await _entries_besides_supplier_notices() == [(named.id, NotificationKind.APPROVAL_REQUESTED)]


async def test_inbox_read_and_unread_over_the_api(settings, client, query_counter):
    supplier, _, variants = await make_shop()
    _, alpha, _ = await make_buyer(supplier, "alpha")
    await make_buyer(supplier, "beta")
    admin = await principal_of(supplier.admin)
    placed = [await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1}, key=f"k{i}") for i in range(3)]
    async with in_transaction():
        await process.move(placed[0], OrderTrack.STATUS, OrderStatus.APPROVED, admin, None)
    await relay_all(settings)
    token = await client.token("buyer@alpha.test")
    query_counter.reset()
    one = await client.data(INBOX, {"unread": True}, token=token)
    queries_for_one = query_counter.count
    assert one["unreadNotificationCount"] == 1
    first = one["notifications"]["nodes"][0]
    assert (first["kind"], first["read"], first["subjectId"]) == ("ORDER_APPROVED", False, gid("Order", placed[0].id))

    for order in placed[1:]:
        async with in_transaction():
            await process.move(order, OrderTrack.STATUS, OrderStatus.APPROVED, admin, None)
    await relay_all(settings)
    query_counter.reset()
    three = await client.data(INBOX, {"unread": True}, token=token)
    assert three["notifications"]["totalCount"] == 3
    assert query_counter.count == queries_for_one

    other = await client.data(MARK_READ, {"ids": [first["id"]]}, token=await client.token("buyer@beta.test"))
    assert other["notificationsMarkRead"] == {"unreadCount": 0, "userErrors": []}
    marked = await client.data(MARK_READ, {"ids": [first["id"]]}, token=token)
    assert marked["notificationsMarkRead"] == {"unreadCount": 2, "userErrors": []}
    everything = await client.data(INBOX, {"unread": False}, token=token)
    assert [n["read"] for n in everything["notifications"]["nodes"]] == [False, False, True]
    assert (await client.data(MARK_READ, {"ids": None}, token=token))["notificationsMarkRead"]["unreadCount"] == 0
    node = await client.data(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": first["id"]}, token=await client.token("buyer@beta.test")
    )
    assert node == {"node": None}
