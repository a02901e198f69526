"""Webhook deliveries against a local receiver: signed, retried after a 500 and after a
timeout with backoff, never sent twice after success, inspectable and redeliverable."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tortoise.transactions import in_transaction

from app.catalog.models import Variant
from app.events.relay import Relay
from app.orders import process
from app.orders.models import OrderStatus, OrderTrack
from app.webhooks import service as webhooks
from app.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.support import gid, make_buyer, make_shop, place_order, principal_of
from tests.support_live import serve


class Receiver:
    """Answers with the next planned status (200 once the plan runs out); "sleep" sleeps past the timeout."""

    def __init__(self, plan: list) -> None:
        self.plan = list(plan)
        self.requests: list[tuple[dict, bytes]] = []

    async def hook(self, request: Request) -> Response:
        body = await request.body()
        self.requests.append((dict(request.headers), body))
        step = self.plan.pop(0) if self.plan else 200
        if step == "sleep":
            await asyncio.sleep(1.5)
            step = 200
        return Response(status_code=step)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])


@pytest.fixture
def fast_settings(settings):
    return replace(
        settings,
        webhook_timeout_ms=400,
        webhook_backoff_base_ms=100,
        webhook_backoff_cap_ms=400,
        webhook_max_attempts=4,
    )


async def subscribed_app(supplier, url: str) -> tuple[int, str]:
    admin = await principal_of(supplier.admin)
    app, _ = await webhooks.create_app(admin, "erp", ["orders:read"])
    subscription, secret = await webhooks.subscribe(admin, app.id, "order.status_changed", url)
    return subscription.id, secret


async def approved_order(supplier, variants, buyer):
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
    async with in_transaction():
        await process.move(order, OrderTrack.STATUS, OrderStatus.APPROVED, await principal_of(supplier.admin), None)
    return order


async def run_until(dispatcher, condition, timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await condition():
        assert loop.time() < deadline, "deliveries did not settle in time"
        await dispatcher.dispatch_due()
        await asyncio.sleep(0.05)


async def settled(delivery_id: int):
    async def check() -> bool:
        return (await WebhookDelivery.get(id=delivery_id)).status != DeliveryStatus.PENDING

    return check


async def deliver_one(settings, plan: list):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    receiver = Receiver(plan)
    async with serve(receiver.app()) as base:
        subscription_id, secret = await subscribed_app(supplier, f"http://{base}/hook")
        order = await approved_order(supplier, variants, buyer)
        await Relay(_NullBroker(), uses_postgres=settings.uses_postgres, poll_seconds=60).publish_pending()
        delivery = await WebhookDelivery.get(subscription_id=subscription_id)
        dispatcher = webhooks.Dispatcher(settings)
        try:
            await run_until(dispatcher, await settled(delivery.id))
            for _ in range(3):  # more rounds send nothing more
                await dispatcher.dispatch_due()
        finally:
            await dispatcher.stop()
    return receiver, await WebhookDelivery.get(id=delivery.id), secret, order, supplier


class _NullBroker:
    async def publish(self, channel: str, message: dict) -> None:
        return None


async def test_a_delivery_is_signed_and_sent_once(fast_settings):
    receiver, delivery, secret, order, _ = await deliver_one(fast_settings, [200])
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert webhooks.verify_signature(secret, headers["x-dinghuo-timestamp"], body, headers["x-dinghuo-signature"])
    assert not webhooks.verify_signature(
        "whsec_other", headers["x-dinghuo-timestamp"], body, headers["x-dinghuo-signature"]
    )
    assert headers["x-dinghuo-event"] == "order.status_changed"
    assert b'"status":"APPROVED"' in body and f'"orderId":"{gid("Order", order.id)}"'.encode() in body
    sent = json.loads(body)
    assert sent["subjectId"] == sent["data"]["orderId"] == gid("Order", order.id)
    assert sent["deliveryId"] == gid("WebhookDelivery", delivery.id) and isinstance(sent["eventId"], str)
    assert all(isinstance(value, str) for key, value in sent["data"].items() if key.endswith("Id"))
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.SUCCEEDED, 1, 200)


async def test_a_500_answer_is_retried_with_backoff(fast_settings):
    receiver, delivery, _, _, _ = await deliver_one(fast_settings, [500, 500, 200])
    assert len(receiver.requests) == 3
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.SUCCEEDED, 3, 200)
    bodies = {body for _, body in receiver.requests}
    assert len(bodies) == 1, "every attempt carries the same event"


async def test_a_timeout_is_retried(fast_settings):
    receiver, delivery, _, _, _ = await deliver_one(fast_settings, ["sleep", 200])
    assert len(receiver.requests) == 2
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.SUCCEEDED, 2, 200)


async def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt(fast_settings):
    receiver, delivery, _, _, _ = await deliver_one(fast_settings, [500] * 10)
    assert len(receiver.requests) == fast_settings.webhook_max_attempts
    assert (delivery.status, delivery.response_code, delivery.last_error) == (DeliveryStatus.FAILED, 500, "HTTP 500")


def test_backoff_doubles_up_to_the_cap(settings):
    capped = replace(settings, webhook_backoff_base_ms=1000, webhook_backoff_cap_ms=5000)
    assert [webhooks.backoff(capped, n).total_seconds() for n in (1, 2, 3, 4, 5)] == [1, 2, 4, 5, 5]


DELIVERIES = """
query ($subscriptionId: ID) {
  webhookDeliveries(subscriptionId: $subscriptionId, first: 10) {
    totalCount
    nodes { id status attempts responseCode eventKind subscription { eventKind targetUrl } }
  }
}
"""
REDELIVER = """
mutation ($id: ID!) { webhookRedeliver(input: {deliveryId: $id}) { delivery { status } userErrors { code } } }
"""


async def test_deliveries_query_and_redeliver(fast_settings, client, query_counter):
    receiver, delivery, _, _, supplier = await deliver_one(fast_settings, [200])
    token = await client.token("admin@acme.test")
    query_counter.reset()
    data = await client.data(DELIVERIES, token=token)
    queries = query_counter.count
    nodes = data["webhookDeliveries"]["nodes"]
    assert data["webhookDeliveries"]["totalCount"] == 1
    assert nodes[0]["status"] == "SUCCEEDED" and nodes[0]["responseCode"] == 200
    assert nodes[0]["subscription"]["eventKind"] == "ORDER_STATUS_CHANGED"

    _, buyer, _ = await make_buyer(supplier, "beta")
    variants = {v.sku: v for v in await Variant.all()}
    await approved_order(supplier, variants, buyer)
    await Relay(_NullBroker(), uses_postgres=fast_settings.uses_postgres, poll_seconds=60).publish_pending()
    query_counter.reset()
    assert (await client.data(DELIVERIES, token=token))["webhookDeliveries"]["totalCount"] == 2
    assert query_counter.count == queries, "the list costs the same queries whatever its length"

    redone = await client.data(REDELIVER, {"id": gid("WebhookDelivery", delivery.id)}, token=token)
    assert redone["webhookRedeliver"] == {"delivery": {"status": "PENDING"}, "userErrors": []}
    buyer_token = await client.token("buyer@beta.test")
    foreign = await client.data(REDELIVER, {"id": gid("WebhookDelivery", delivery.id)}, token=buyer_token)
    assert foreign["webhookRedeliver"] == {"delivery": None, "userErrors": [{"code": "NOT_FOUND"}]}


async def test_an_app_needs_the_scope_of_the_events_it_subscribes_to(settings):
    supplier, _, _ = await make_shop()
    admin = await principal_of(supplier.admin)
    app, token = await webhooks.create_app(admin, "crm", ["customers:read"])
    assert token.startswith("dhk_")
    try:
        await webhooks.subscribe(admin, app.id, "order.placed", "https://example.test/hook")
        raise AssertionError("an app without orders:read must not receive order events")
    except webhooks.UserInputError as error:
        assert error.errors[0].code == "INVALID"
    subscription, secret = await webhooks.subscribe(
        admin, app.id, "customer_account.approved", "https://example.test/h"
    )
    assert secret.startswith("whsec_") and subscription.event_kind == "customer_account.approved"
