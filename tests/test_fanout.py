"""Live fan-out (schema/fanout.py): subscribers with the same document, variables and audience
share one execution per event; audiences never mix; each member is re-checked on its own."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import replace

import pytest

from app.accounts import auth
from app.accounts.models import Role
from app.orders import live as order_live
from tests.support import gid, make_buyer, make_shop, make_user, place_order
from tests.support_live import ORDER_UPDATED, Subscriber, wait_for
from tests.test_subscriptions import subscribed, token_for


@pytest.fixture
def order_checks(monkeypatch):
    """Counts the per-event work of orderUpdated (visibility, then the order's selection)."""
    calls: list[int] = []
    seen_by = order_live.order_seen_by

    async def counted(principal, event, order_id=None):
        calls.append(event.id)
        return await seen_by(principal, event, order_id)

    monkeypatch.setattr(order_live, "order_seen_by", counted)
    return calls


async def open_all(stack: AsyncExitStack, api: str, tokens: list[str]) -> list[Subscriber]:
    return [await stack.enter_async_context(Subscriber.open(api, token, ORDER_UPDATED)) for token in tokens]


async def test_a_group_of_subscribers_costs_one_execution_per_event(api, live, order_checks):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    # Five dashboards of one admin, each its own session: one audience.
    tokens = [await token_for(api, "admin@acme.test") for _ in range(5)]
    async with AsyncExitStack() as stack:
        subscribers = await open_all(stack, api, tokens)
        await subscribed(live, 5)
        order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
        updates = [await s.message() for s in subscribers]
    assert {u["type"] for u in updates} == {"next"}
    assert {u["payload"]["data"]["orderUpdated"]["order"]["id"] for u in updates} == {gid("Order", order.id)}
    assert len({json.dumps(u["payload"], sort_keys=True) for u in updates}) == 1
    assert set(Counter(order_checks).values()) == {1}  # each event once, not once per subscriber


async def test_two_audiences_with_one_document_never_see_each_others_events(api, live, order_checks):
    supplier, _, variants = await make_shop()
    reps = [await make_user(supplier.org, f"rep{n}@acme.test", {Role.SALES: None}) for n in (1, 2)]
    _, alpha, _ = await make_buyer(supplier, "alpha", sales_rep=reps[0])
    _, beta, _ = await make_buyer(supplier, "beta", sales_rep=reps[1])
    tokens = [await token_for(api, email) for email in ("rep1@acme.test",) * 2 + ("rep2@acme.test",) * 2]
    async with AsyncExitStack() as stack:
        rep1_a, rep1_b, rep2_a, rep2_b = await open_all(stack, api, tokens)
        await subscribed(live, 4)
        alpha_order = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1}, key="a")
        beta_order = await place_order(beta, supplier.org.id, {variants["TEA-1"]: 1}, key="b")
        for subscriber, order in (
            (rep1_a, alpha_order),
            (rep1_b, alpha_order),
            (rep2_a, beta_order),
            (rep2_b, beta_order),
        ):
            assert (await subscriber.next_data())["orderUpdated"]["order"]["id"] == gid("Order", order.id)
        for subscriber in (rep1_a, rep1_b, rep2_a, rep2_b):
            assert await subscriber.nothing_within(0.3)
    # Each event checked once per audience, not once per subscriber.
    assert set(Counter(order_checks).values()) == {2}


async def test_a_member_whose_session_ends_leaves_its_group_and_the_others_stay(api, live, runtime):
    runtime.settings = replace(runtime.settings, subscription_recheck_seconds=1)
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    leaving, staying = await token_for(api, "admin@acme.test"), await token_for(api, "admin@acme.test")
    async with AsyncExitStack() as stack:
        gone, kept = await open_all(stack, api, [leaving, staying])
        await subscribed(live, 2)
        await auth.logout(await auth.principal_for_bearer(leaving))
        ended = await gone.message(timeout=5)
        errors = ended["payload"]["errors"] if ended["type"] == "next" else ended["payload"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
        await wait_for(lambda: live.hub.subscription_count == 1)
        order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
        assert (await kept.next_data())["orderUpdated"]["order"]["id"] == gid("Order", order.id)
