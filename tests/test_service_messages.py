"""Service threads (客户服务): a buyer opens a thread (optionally about its order), SERVICE staff
and admins reply, either side closes; who sees and who writes; the inbox entries of each step;
live updates to the right audiences only; isolation between suppliers; a page's SQL."""

from __future__ import annotations

import httpx
import pytest

from app.accounts.models import Role, User
from app.notifications.models import Notification
from tests.support import gid, make_buyer, make_shop, make_user, place_order
from tests.support_live import Subscriber, events_published, wait_for
from tests.test_notifications import relay_all

OPEN = """
mutation ($input: ServiceThreadOpenInput!) {
  serviceThreadOpen(input: $input) {
    thread { id status kind subject orderNumber buyerName supplierName openedByName messages { body fromSupplier } }
    userErrors { field code }
  }
}
"""
POST = """
mutation ($id: ID!, $body: String!) {
  serviceMessagePost(input: {threadId: $id, body: $body}) {
    thread { status messages { body fromSupplier authorName } } message { body fromSupplier } userErrors { field code }
  }
}
"""
CLOSE = """
mutation ($id: ID!) { serviceThreadClose(input: {threadId: $id}) { thread { status closedAt } userErrors { code } } }
"""
THREADS = """
query ($filter: ServiceThreadFilter) {
  serviceThreads(first: 50, filter: $filter) { totalCount nodes { id subject status buyerName messages { body } } }
}
"""
UPDATED = """
subscription ($id: ID) {
  serviceThreadUpdated(threadId: $id) { eventKind thread { id status } message { body fromSupplier } }
}
"""


@pytest.fixture
async def shop(client):
    """acme: SERVICE staff, a WAREHOUSE user, two sales reps; buyers alpha (rep1, one order) and beta (rep2)."""
    supplier, _, variants = await make_shop()
    service = await make_user(supplier.org, "service@acme.test", {Role.SERVICE: None})
    await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    rep1 = await make_user(supplier.org, "rep1@acme.test", {Role.SALES: None})
    rep2 = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    _, alpha, _ = await make_buyer(supplier, "alpha", sales_rep=rep1)
    _, beta, _ = await make_buyer(supplier, "beta", sales_rep=rep2)
    order = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 2})
    emails = (
        "buyer@alpha.test",
        "buyer@beta.test",
        "service@acme.test",
        "wh@acme.test",
        "rep1@acme.test",
        "rep2@acme.test",
        "admin@acme.test",
    )
    tokens = {email.split(".")[0]: await client.token(email) for email in emails}
    return supplier, order, tokens, service


async def _open(client, supplier, token, **extra) -> dict:
    values = {
        "supplierId": gid("Organization", supplier.org.id),
        "kind": "QUESTION",
        "subject": "Invoice?",
        "body": "When is the invoice sent?",
        **extra,
    }
    return (await client.data(OPEN, {"input": values}, token))["serviceThreadOpen"]


async def test_a_thread_goes_back_and_forth_until_closed(client, shop):
    supplier, order, tokens, _ = shop
    opened = await _open(client, supplier, tokens["buyer@alpha"], orderId=gid("Order", order.id))
    assert opened["userErrors"] == []
    thread = opened["thread"]
    assert (thread["status"], thread["kind"], thread["orderNumber"]) == ("OPEN", "QUESTION", order.number)
    assert thread["buyerName"] == "Alpha Trading" and thread["openedByName"] == "buyer alpha"
    assert thread["messages"] == [{"body": "When is the invoice sent?", "fromSupplier": False}]

    reply = await client.data(POST, {"id": thread["id"], "body": "Tomorrow."}, tokens["service@acme"])
    reply = reply["serviceMessagePost"]
    assert reply["thread"]["status"] == "ANSWERED"
    assert reply["message"] == {"body": "Tomorrow.", "fromSupplier": True}
    assert reply["thread"]["messages"][-1]["authorName"] == "service"
    back = await client.data(POST, {"id": thread["id"], "body": "Thanks!"}, tokens["buyer@alpha"])
    assert back["serviceMessagePost"]["thread"]["status"] == "OPEN"
    closed = (await client.data(CLOSE, {"id": thread["id"]}, tokens["buyer@alpha"]))["serviceThreadClose"]
    assert closed["thread"]["status"] == "CLOSED" and closed["thread"]["closedAt"]
    late = await client.data(POST, {"id": thread["id"], "body": "one more"}, tokens["service@acme"])
    assert late["serviceMessagePost"]["userErrors"] == [{"field": ["input", "threadId"], "code": "INVALID_STATE"}]
    by_status = await client.data(THREADS, {"filter": {"status": ["OPEN", "ANSWERED"]}}, tokens["service@acme"])
    assert by_status["serviceThreads"]["totalCount"] == 0
    assert (await client.data(THREADS, {"filter": {"status": ["CLOSED"]}}, tokens["admin@acme"]))["serviceThreads"][
        "totalCount"
    ] == 1


async def test_bad_input_and_foreign_orders_answer_user_errors(client, shop):
    supplier, order, tokens, _ = shop
    blank = await _open(client, supplier, tokens["buyer@alpha"], subject=" ", body="")
    assert sorted(e["field"][-1] for e in blank["userErrors"]) == ["body", "subject"]
    foreign = await _open(client, supplier, tokens["buyer@beta"], orderId=gid("Order", order.id))
    assert foreign["userErrors"] == [{"field": ["input", "orderId"], "code": "NOT_FOUND"}]
    elsewhere = await make_shop("rival")
    stranger = await _open(client, elsewhere[0], tokens["buyer@alpha"])
    assert stranger["userErrors"] == [{"field": ["input", "supplierId"], "code": "NOT_FOUND"}]


async def test_who_sees_and_who_writes(client, shop):
    supplier, _, tokens, _ = shop
    thread = (await _open(client, supplier, tokens["buyer@alpha"]))["thread"]
    await _open(client, supplier, tokens["buyer@beta"], subject="Late delivery")

    def subjects(data):
        return sorted(n["subject"] for n in data["serviceThreads"]["nodes"])

    seen = {who: subjects(await client.data(THREADS, {}, token)) for who, token in tokens.items()}
    assert seen == {
        "buyer@alpha": ["Invoice?"],
        "buyer@beta": ["Late delivery"],
        "service@acme": ["Invoice?", "Late delivery"],
        "wh@acme": ["Invoice?", "Late delivery"],
        "rep1@acme": ["Invoice?"],
        "rep2@acme": ["Late delivery"],
        "admin@acme": ["Invoice?", "Late delivery"],
    }
    one = "query ($id: ID!) { serviceThread(id: $id) { subject } }"
    assert (await client.data(one, {"id": thread["id"]}, tokens["buyer@beta"]))["serviceThread"] is None
    assert (await client.data(one, {"id": thread["id"]}, tokens["rep2@acme"]))["serviceThread"] is None
    for who in ("wh@acme", "rep1@acme"):
        body = await client.execute(POST, {"id": thread["id"], "body": "hi"}, tokens[who])
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", who
    refused = await client.data(POST, {"id": thread["id"], "body": "hi"}, tokens["buyer@beta"])
    assert refused["serviceMessagePost"]["userErrors"][0]["code"] == "NOT_FOUND"
    body = await client.execute(
        OPEN,
        {
            "input": {
                "supplierId": gid("Organization", supplier.org.id),
                "kind": "QUESTION",
                "subject": "s",
                "body": "b",
            }
        },
        tokens["service@acme"],
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_supplier_sees_no_thread_and_cannot_reply(client, shop):
    supplier, _, tokens, _ = shop
    thread = (await _open(client, supplier, tokens["buyer@alpha"]))["thread"]
    rival, _, _ = await make_shop("rival")
    await make_user(rival.org, "service@rival.test", {Role.SERVICE: None})
    token = await client.token("service@rival.test")
    assert (await client.data(THREADS, {}, token))["serviceThreads"]["totalCount"] == 0
    answer = await client.data(POST, {"id": thread["id"], "body": "hi"}, token)
    assert answer["serviceMessagePost"]["userErrors"][0]["code"] == "NOT_FOUND"
    node = "query ($id: ID!) { node(id: $id) { id } }"
    assert (await client.data(node, {"id": thread["id"]}, token))["node"] is None


async def _inbox(kinds=("SERVICE_THREAD_OPENED", "SERVICE_MESSAGE", "SERVICE_THREAD_CLOSED")) -> list[tuple]:
    rows = await Notification.filter(kind__in=kinds).select_related("user").order_by("id")
    return sorted((n.kind.value, n.user.email) for n in rows)


async def test_each_step_tells_the_other_side(client, shop, settings):
    supplier, _, tokens, _ = shop
    alpha = await User.get(email="buyer@alpha.test").select_related("organization")
    await make_user(alpha.organization, "clerk@alpha.test", {Role.RECEIVER: None})
    thread = (await _open(client, supplier, tokens["buyer@alpha"]))["thread"]
    await relay_all(settings)
    assert await _inbox() == [
        ("SERVICE_THREAD_OPENED", "admin@acme.test"),
        ("SERVICE_THREAD_OPENED", "rep1@acme.test"),
        ("SERVICE_THREAD_OPENED", "service@acme.test"),
    ]
    await Notification.all().delete()
    await client.data(POST, {"id": thread["id"], "body": "Tomorrow."}, tokens["service@acme"])
    await relay_all(settings)
    assert await _inbox() == [("SERVICE_MESSAGE", "buyer@alpha.test"), ("SERVICE_MESSAGE", "clerk@alpha.test")]
    await Notification.all().delete()
    await client.data(CLOSE, {"id": thread["id"]}, tokens["buyer@alpha"])
    await relay_all(settings)
    assert await _inbox() == [
        ("SERVICE_THREAD_CLOSED", "admin@acme.test"),
        ("SERVICE_THREAD_CLOSED", "rep1@acme.test"),
        ("SERVICE_THREAD_CLOSED", "service@acme.test"),
    ]


async def test_a_page_of_threads_costs_the_same_sql_for_2_and_for_8(client, shop, query_counter):
    supplier, order, tokens, _ = shop
    counts = []
    for total in (2, 8):
        while (await client.data(THREADS, {}, tokens["admin@acme"]))["serviceThreads"]["totalCount"] < total:
            opened = await _open(client, supplier, tokens["buyer@alpha"], orderId=gid("Order", order.id))
            await client.data(POST, {"id": opened["thread"]["id"], "body": "ok"}, tokens["service@acme"])
        query_counter.reset()
        data = await client.data(THREADS, {}, tokens["service@acme"])
        assert len(data["serviceThreads"]["nodes"]) == total
        counts.append(query_counter.count)
    assert counts[0] == counts[1]


# --- live ---------------------------------------------------------------------------------


async def _call(base: str, query: str, variables: dict, token: str) -> dict:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"http://{base}/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_replies_arrive_live_on_both_sides_and_nowhere_else(api, live, shop):
    supplier, _, tokens, _ = shop
    variables = {
        "input": {
            "supplierId": gid("Organization", supplier.org.id),
            "kind": "COMPLAINT",
            "subject": "Broken box",
            "body": "One box arrived broken.",
        }
    }
    opened = (await _call(api, OPEN, variables, tokens["buyer@alpha"]))["serviceThreadOpen"]["thread"]
    await events_published()
    async with (
        Subscriber.open(api, tokens["buyer@alpha"], UPDATED, {"id": opened["id"]}) as buyer,
        Subscriber.open(api, tokens["service@acme"], UPDATED) as staff,
        Subscriber.open(api, tokens["buyer@beta"], UPDATED) as other_buyer,
        Subscriber.open(api, tokens["rep2@acme"], UPDATED) as other_rep,
    ):
        await wait_for(lambda: live.hub.subscription_count == 4)
        await _call(api, POST, {"id": opened["id"], "body": "Sorry, a new one is on its way."}, tokens["service@acme"])
        for subscriber in (buyer, staff):
            update = (await subscriber.next_data())["serviceThreadUpdated"]
            assert update == {
                "eventKind": "service_thread.message_posted",
                "thread": {"id": opened["id"], "status": "ANSWERED"},
                "message": {"body": "Sorry, a new one is on its way.", "fromSupplier": True},
            }
        await _call(api, POST, {"id": opened["id"], "body": "Thank you"}, tokens["buyer@alpha"])
        assert (await staff.next_data())["serviceThreadUpdated"]["message"] == {
            "body": "Thank you",
            "fromSupplier": False,
        }
        assert (await buyer.next_data())["serviceThreadUpdated"]["thread"]["status"] == "OPEN"
        # Beta's own thread reaches beta: so beta's stream was live all along and skipped alpha's.
        theirs = {"input": {**variables["input"], "subject": "Mine"}}
        await _call(api, OPEN, theirs, tokens["buyer@beta"])
        assert (await other_buyer.next_data())["serviceThreadUpdated"]["eventKind"] == "service_thread.opened"
        assert (await other_rep.next_data())["serviceThreadUpdated"]["eventKind"] == "service_thread.opened"
        assert (await staff.next_data())["serviceThreadUpdated"]["eventKind"] == "service_thread.opened"
        assert await buyer.nothing_within(0.3)


async def test_subscribing_to_someone_elses_thread_is_refused(api, live, shop):
    supplier, _, tokens, _ = shop
    variables = {
        "input": {"supplierId": gid("Organization", supplier.org.id), "kind": "QUESTION", "subject": "s", "body": "b"}
    }
    opened = (await _call(api, OPEN, variables, tokens["buyer@alpha"]))["serviceThreadOpen"]["thread"]
    async with Subscriber.open(api, tokens["buyer@beta"], UPDATED, {"id": opened["id"]}) as stranger:
        message = await stranger.message()
    assert message["type"] == "error" or "errors" in message["payload"], message
