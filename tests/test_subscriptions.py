"""GraphQL subscriptions over graphql-transport-ws (and SSE) against a real server: order
updates in order, per-caller visibility checked per event, approvals, inbox entries,
keep-alive and teardown."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import httpx
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts import auth
from app.accounts import service as accounts
from app.accounts.models import Role
from app.approvals import service as approvals
from app.approvals.events import ApprovalRequested
from app.main import create_app
from app.orders import process
from app.orders import service as orders
from app.orders.models import OrderLine, OrderStatus, OrderTrack
from app.shipments import service as shipments
from tests.support import (
    gid,
    make_buyer,
    make_shop,
    make_user,
    place_order,
    principal_of,
)
from tests.support_live import ORDER_UPDATED, Subscriber, events_published, serve, wait_for

APPROVAL_REQUESTED = """
subscription { approvalRequested { order { id number status } stepIndex stepName occurredAt } }
"""
NOTIFICATION_RECEIVED = "subscription { notificationReceived { id kind title body subjectId read } }"


async def token_for(base: str, email: str) -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"http://{base}/graphql",
            json={"query": 'mutation { login(input: {login: "%s", password: "correct-horse-9"}) { token } }' % email},
        )
    return response.json()["data"]["login"]["token"]


async def subscribed(live, count: int) -> None:
    await wait_for(lambda: live.hub.subscription_count == count)


async def move(user, order, to: OrderStatus, allowed: set[OrderStatus]) -> None:
    async with in_transaction():
        await process.move(order, OrderTrack.STATUS, to, await principal_of(user), None)


async def test_a_subscriber_receives_placed_approved_and_shipped_in_order(api, live):
    """Placed by the buyer, approved by the approver, shipped by the warehouse: the real services."""
    supplier, _, variants = await make_shop()
    approver = await make_user(supplier.org, "approver@acme.test", {Role.APPROVER: 1})
    warehouse = await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await token_for(api, "buyer@alpha.test")
    async with Subscriber.open(api, token, ORDER_UPDATED) as subscriber:
        await subscribed(live, 1)
        order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
        await approvals.approve(await principal_of(approver), order.id, None)
        line = await OrderLine.get(order_id=order.id)
        await shipments.create(
            await principal_of(warehouse), shipments.ShipmentInput(order.id, (shipments.ShipLine(line.id, 2),))
        )
        updates = [(await subscriber.next_data())["orderUpdated"] for _ in range(4)]
        assert await subscriber.nothing_within(0.3)
    assert [(u["eventKind"], u["previousStatus"]) for u in updates] == [
        ("order.placed", None),
        ("order.status_changed", "PENDING_APPROVAL"),
        ("order.status_changed", "APPROVED"),
        ("order.fulfilment_status_changed", None),
    ]
    assert updates[-1]["order"]["status"] == "SHIPPED"
    assert [int(u["eventId"]) for u in updates] == sorted(int(u["eventId"]) for u in updates)
    assert {u["order"]["id"] for u in updates} == {gid("Order", order.id)}
    assert updates[0]["order"]["total"] == {"amount": "20.00", "currency": "CNY"}
    assert updates[0]["order"]["paymentStatus"] == "UNPAID"
    await subscribed(live, 0)


ORDER_UPDATED_AFTER = """
subscription ($orderId: ID, $after: String) {
  orderUpdated(orderId: $orderId, afterEventId: $after) { order { id status } previousStatus eventKind eventId }
}
"""


async def test_a_returning_subscriber_gets_what_it_missed_first_then_live_events_once(api, live):
    supplier, _, variants = await make_shop()
    approver = await make_user(supplier.org, "approver@acme.test", {Role.APPROVER: 1})
    _, alpha, _ = await make_buyer(supplier, "alpha")
    _, beta, _ = await make_buyer(supplier, "beta")
    token = await token_for(api, "buyer@alpha.test")
    async with Subscriber.open(api, token, ORDER_UPDATED_AFTER) as subscriber:
        await subscribed(live, 1)
        order = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 2})
        last_seen = (await subscriber.next_data())["orderUpdated"]["eventId"]
    await subscribed(live, 0)

    await approvals.approve(await principal_of(approver), order.id, None)
    await place_order(beta, supplier.org.id, {variants["TEA-1"]: 1}, key="beta-1")
    other = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 3}, key="order-2")

    alpha_principal = await principal_of(alpha)
    async with Subscriber.open(api, token, ORDER_UPDATED_AFTER, {"after": last_seen}) as subscriber:
        missed = [(await subscriber.next_data())["orderUpdated"] for _ in range(2)]
        assert [(u["order"]["id"], u["eventKind"]) for u in missed] == [
            (gid("Order", order.id), "order.status_changed"),
            (gid("Order", other.id), "order.placed"),
        ]
        assert missed[0]["order"]["status"] == "APPROVED"
        await subscribed(live, 1)
        await orders.cancel(alpha_principal, other.id, "ordered twice")
        live_update = (await subscriber.next_data())["orderUpdated"]
        assert (live_update["order"]["id"], live_update["order"]["status"]) == (gid("Order", other.id), "CANCELLED")
        assert int(live_update["eventId"]) > int(missed[-1]["eventId"]) > int(missed[0]["eventId"]) > int(last_seen)
        assert await subscriber.nothing_within(0.3)
    await subscribed(live, 0)

    one_order = {"after": last_seen, "orderId": gid("Order", order.id)}
    async with Subscriber.open(api, token, ORDER_UPDATED_AFTER, one_order) as subscriber:
        replayed = (await subscriber.next_data())["orderUpdated"]
        assert (replayed["order"]["id"], replayed["eventId"]) == (gid("Order", order.id), missed[0]["eventId"])
        assert await subscriber.nothing_within(0.3)


async def test_an_after_event_id_that_is_not_one_is_refused(api, live):
    supplier, _, _ = await make_shop()
    await make_buyer(supplier, "alpha")
    token = await token_for(api, "buyer@alpha.test")
    async with Subscriber.open(api, token, ORDER_UPDATED_AFTER, {"after": "yesterday"}) as subscriber:
        message = await subscriber.message()
    assert message["type"] == "next"
    [error] = message["payload"]["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "eventId" in error["message"], error


async def test_each_subscriber_receives_only_the_orders_it_may_see(api, live):
    supplier, _, variants = await make_shop()
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, alpha, _ = await make_buyer(supplier, "alpha", sales_rep=rep)
    _, beta, _ = await make_buyer(supplier, "beta")
    tokens = {
        email: await token_for(api, email)
        for email in ("buyer@alpha.test", "buyer@beta.test", "admin@acme.test", "rep@acme.test", "wh@acme.test")
    }
    async with (
        Subscriber.open(api, tokens["buyer@alpha.test"], ORDER_UPDATED) as alpha_sub,
        Subscriber.open(api, tokens["buyer@beta.test"], ORDER_UPDATED) as beta_sub,
        Subscriber.open(api, tokens["admin@acme.test"], ORDER_UPDATED) as admin_sub,
        Subscriber.open(api, tokens["rep@acme.test"], ORDER_UPDATED) as rep_sub,
        Subscriber.open(api, tokens["wh@acme.test"], ORDER_UPDATED) as warehouse_sub,
    ):
        await subscribed(live, 5)
        alpha_order, beta_order = await asyncio.gather(
            place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1}, key="a"),
            place_order(beta, supplier.org.id, {variants["TEA-1"]: 1}, key="b"),
        )
        await move(supplier.admin, beta_order, OrderStatus.APPROVED, {OrderStatus.PENDING_APPROVAL})

        async def orders_seen(subscriber, count):
            seen = [(await subscriber.next_data())["orderUpdated"]["order"]["id"] for _ in range(count)]
            assert await subscriber.nothing_within(0.3)
            return seen

        a, b = gid("Order", alpha_order.id), gid("Order", beta_order.id)
        assert await orders_seen(alpha_sub, 1) == [a]
        assert sorted(await orders_seen(beta_sub, 2)) == [b, b]
        assert sorted(await orders_seen(admin_sub, 3)) == sorted([a, b, b])
        assert sorted(await orders_seen(warehouse_sub, 3)) == sorted([a, b, b])
        assert await orders_seen(rep_sub, 1) == [a]


async def test_one_order_subscription_and_a_foreign_order_answers_not_found(api, live):
    supplier, _, variants = await make_shop()
    _, alpha, _ = await make_buyer(supplier, "alpha")
    _, beta, _ = await make_buyer(supplier, "beta")
    first = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1}, key="1")
    second = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1}, key="2")
    alpha_token = await token_for(api, "buyer@alpha.test")
    await events_published()
    async with Subscriber.open(api, alpha_token, ORDER_UPDATED, {"orderId": gid("Order", second.id)}) as sub:
        await subscribed(live, 1)
        await move(supplier.admin, first, OrderStatus.APPROVED, {OrderStatus.PENDING_APPROVAL})
        await move(supplier.admin, second, OrderStatus.REJECTED, {OrderStatus.PENDING_APPROVAL})
        update = (await sub.next_data())["orderUpdated"]
        assert (update["order"]["id"], update["order"]["status"]) == (gid("Order", second.id), "REJECTED")
        assert await sub.nothing_within(0.3)
    beta_token = await token_for(api, "buyer@beta.test")
    async with Subscriber.open(api, beta_token, ORDER_UPDATED, {"orderId": gid("Order", second.id)}) as foreign:
        message = await foreign.message()
    assert message["type"] in {"next", "error"}
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "No such order" in errors[0]["message"]


async def test_anonymous_subscribers_are_refused(api, live):
    async with Subscriber.open(api, None, ORDER_UPDATED) as anonymous:
        message = await anonymous.message()
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_revoked_session_stops_receiving(api, live, runtime):
    runtime.settings = replace(runtime.settings, subscription_recheck_seconds=1)
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await token_for(api, "buyer@alpha.test")
    async with Subscriber.open(api, token, ORDER_UPDATED) as subscriber:
        await subscribed(live, 1)
        await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key="before")
        assert (await subscriber.next_data())["orderUpdated"]["eventKind"] == "order.placed"
        await auth.logout(await auth.principal_for_bearer(token))
        ended = await subscriber.message(timeout=5)
        await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key="after")
        assert await subscriber.nothing_within(0.5) if ended["type"] == "complete" else True
    errors = ended["payload"]["errors"] if ended["type"] == "next" else ended["payload"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    await subscribed(live, 0)


async def test_a_suspended_account_stops_receiving_its_orders(api, live):
    supplier, _, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
    buyer_token = await token_for(api, "buyer@alpha.test")
    admin_token = await token_for(api, "admin@acme.test")
    await events_published()
    async with (
        Subscriber.open(api, buyer_token, ORDER_UPDATED) as buyer_sub,
        Subscriber.open(api, admin_token, ORDER_UPDATED) as admin_sub,
    ):
        await subscribed(live, 2)
        await accounts.suspend_customer_account(await principal_of(supplier.admin), account.id, "unpaid")
        await move(supplier.admin, order, OrderStatus.APPROVED, {OrderStatus.PENDING_APPROVAL})
        assert (await admin_sub.next_data())["orderUpdated"]["order"]["status"] == "APPROVED"
        assert await buyer_sub.nothing_within(0.5)


async def test_approval_requests_reach_only_the_approvers_asked(api, live):
    supplier, _, variants = await make_shop()
    senior = await make_user(supplier.org, "senior@acme.test", {Role.APPROVER: 2})
    await make_user(supplier.org, "junior@acme.test", {Role.APPROVER: 1})
    _, buyer, _ = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
    senior_token, junior_token, buyer_token = [
        await token_for(api, e) for e in ("senior@acme.test", "junior@acme.test", "buyer@alpha.test")
    ]
    await events_published()
    async with (
        Subscriber.open(api, senior_token, APPROVAL_REQUESTED) as senior_sub,
        Subscriber.open(api, junior_token, APPROVAL_REQUESTED) as junior_sub,
        Subscriber.open(api, buyer_token, APPROVAL_REQUESTED) as buyer_sub,
        Subscriber.open(api, senior_token, NOTIFICATION_RECEIVED) as senior_inbox,
    ):
        refused = await buyer_sub.message()  # a buyer's users approve nothing: the access table says so
        assert refused["type"] == "error" and refused["payload"][0]["extensions"]["code"] == "FORBIDDEN", refused
        await subscribed(live, 3)
        async with in_transaction():
            await outbox.record(
                ApprovalRequested(
                    subject_id=order.id,
                    supplier_id=order.supplier_id,
                    buyer_id=order.buyer_id,
                    customer_account_id=order.customer_account_id,
                    order_id=order.id,
                    number=order.number,
                    step_index=1,
                    step_name="Manager",
                    role="APPROVER",
                    user_id=None,
                    min_level=2,
                    total="10.00",
                )
            )
        request = (await senior_sub.next_data())["approvalRequested"]
        assert request["order"]["number"] == order.number and (request["stepIndex"], request["stepName"]) == (
            1,
            "Manager",
        )
        note = (await senior_inbox.next_data())["notificationReceived"]
        assert (note["kind"], note["subjectId"], note["read"]) == ("APPROVAL_REQUESTED", gid("Order", order.id), False)
        assert await junior_sub.nothing_within(0.3)
    assert senior.id


async def test_notifications_arrive_live_for_their_user_only(api, live):
    supplier, _, variants = await make_shop()
    _, alpha, _ = await make_buyer(supplier, "alpha")
    await make_buyer(supplier, "beta")
    order = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1})
    await events_published()
    async with (
        Subscriber.open(api, await token_for(api, "buyer@alpha.test"), NOTIFICATION_RECEIVED) as alpha_inbox,
        Subscriber.open(api, await token_for(api, "buyer@beta.test"), NOTIFICATION_RECEIVED) as beta_inbox,
    ):
        await subscribed(live, 2)
        await move(supplier.admin, order, OrderStatus.APPROVED, {OrderStatus.PENDING_APPROVAL})
        note = (await alpha_inbox.next_data())["notificationReceived"]
        assert (note["kind"], note["title"]) == ("ORDER_APPROVED", f"Order {order.number} approved")
        assert await beta_inbox.nothing_within(0.3)


async def test_keep_alive_pings_and_teardown_on_disconnect(settings, live):
    app = create_app(replace(settings, ws_keepalive_seconds=1), manage_resources=False)
    await make_shop()
    async with serve(app) as base:
        token = await token_for(base, "admin@acme.test")
        async with Subscriber.open(base, token, ORDER_UPDATED) as subscriber:
            await subscribed(live, 1)
            assert await subscriber.nothing_within(2.5)
            assert subscriber.pings >= 2
            assert await _readiness_count(base) == 1
        await subscribed(live, 0)
        assert await _readiness_count(base) == 0


async def _readiness_count(base: str) -> int:
    async with httpx.AsyncClient() as http:
        return (await http.get(f"http://{base}/readyz")).json()["liveSubscriptions"]


async def test_graphql_over_sse_streams_order_updates(api, live):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await token_for(api, "buyer@alpha.test")
    async with httpx.AsyncClient(timeout=10) as http:
        async with http.stream(
            "POST",
            f"http://{api}/graphql",
            json={"query": ORDER_UPDATED},
            headers={"accept": "text/event-stream", "authorization": f"Bearer {token}"},
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            await subscribed(live, 1)
            order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
            async with asyncio.timeout(10):
                async for line in response.aiter_lines():
                    if line.startswith("data:") and line[5:].strip():
                        data = json.loads(line[5:])
                        break
    assert data["data"]["orderUpdated"]["order"]["number"] == order.number
    assert data["data"]["orderUpdated"]["eventKind"] == "order.placed"
