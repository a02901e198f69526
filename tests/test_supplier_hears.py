"""The supplier side hears about things: inbox entries for new orders, waiting registrations,
statement disputes and low stock; the answer to a dispute; webhook event kinds as an enum;
webhook subscriptions changed and deleted; apps disabled, enabled and their tokens revoked;
ordering windows read back."""

from __future__ import annotations

import asyncio
from datetime import date, time

from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import Role
from app.errors import UserInputError
from app.inventory import service as inventory
from app.inventory.models import Warehouse
from app.ledger import statements
from app.ledger.models import StatementDecision, StatementResponse
from app.notifications.models import Notification, NotificationKind
from app.orders import calendar
from app.orders import service as orders
from app.orders.events import OrderPlaced
from app.outbox import OutboxEvent
from app.webhooks import service as webhooks
from app.webhooks.models import WebhookDelivery, WebhookSubscription
from schema.events.kinds import DESCRIPTIONS, WebhookEventKind
from tests.support import gid, make_buyer, make_shop, make_user, place_order, principal_of
from tests.test_notifications import relay_all


async def _entries() -> list[tuple[int, NotificationKind]]:
    return [(n.user_id, n.kind) for n in await Notification.all().order_by("id")]


def _period() -> tuple[date, date]:
    today = date.today()
    return today.replace(day=1), today


async def test_supplier_staff_hear_of_registrations_new_orders_disputes_and_low_stock(settings):
    supplier, admin, variants = await make_shop(stock=10)
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    other_rep = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    finance = await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None})
    warehouse = await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, alpha, account = await make_buyer(supplier, "alpha", sales_rep=rep)
    await relay_all(settings)
    assert await _entries() == [(supplier.admin.id, NotificationKind.REGISTRATION_PENDING)]
    await Notification.all().delete()

    tea = variants["TEA-1"]
    sh = (await Warehouse.get(supplier_id=supplier.org.id, code="SH")).id
    await inventory.set_low_stock_threshold(admin, tea.id, sh, 3)
    order = await place_order(alpha, supplier.org.id, {tea: 8})
    await relay_all(settings)
    got = await _entries()
    assert (supplier.admin.id, NotificationKind.ORDER_PLACED) in got
    assert (rep.id, NotificationKind.ORDER_PLACED) in got
    assert other_rep.id not in {user for user, _ in got}, "only the account's own rep hears"
    assert {user for user, kind in got if kind is NotificationKind.STOCK_LOW} == {supplier.admin.id, warehouse.id}
    assert alpha.id not in {user for user, kind in got if kind is NotificationKind.ORDER_PLACED}
    placed = await Notification.get(kind=NotificationKind.ORDER_PLACED, user_id=rep.id)
    assert (placed.title, placed.subject_id) == (f"New order {order.number}", order.id)
    low = await Notification.get(kind=NotificationKind.STOCK_LOW, user_id=warehouse.id)
    assert (low.title, low.body) == ("Low stock: TEA-1", "2 of TEA-1 available in warehouse SH (alert at 3).")
    await Notification.all().delete()

    period_from, period_to = _period()
    await statements.respond(
        await principal_of(alpha), account.id, period_from, period_to, StatementDecision.DISPUTED, "refund missing"
    )
    await relay_all(settings)
    assert sorted(await _entries()) == sorted(
        [(supplier.admin.id, NotificationKind.STATEMENT_DISPUTED), (finance.id, NotificationKind.STATEMENT_DISPUTED)]
    )
    await Notification.all().delete()
    await statements.answer_dispute(
        await principal_of(finance), account.id, period_from, period_to, "The refund went out on the 3rd."
    )
    await relay_all(settings)
    assert await _entries() == [(alpha.id, NotificationKind.STATEMENT_DISPUTE_ANSWERED)]
    answered = await Notification.get(user_id=alpha.id)
    assert answered.body.endswith("The refund went out on the 3rd.")


async def test_whoever_placed_the_order_does_not_hear_of_it(settings):
    """An order a sales rep places on the customer's behalf (代客下单) notifies the admins, not the rep."""
    supplier, _, _ = await make_shop()
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    _, _, account = await make_buyer(supplier, "alpha", sales_rep=rep)
    await relay_all(settings)
    await Notification.all().delete()
    async with in_transaction():
        await outbox.record(
            OrderPlaced(
                subject_id=1,
                supplier_id=supplier.org.id,
                buyer_id=account.buyer_id,
                customer_account_id=account.id,
                actor_id=rep.id,
                order_id=1,
                number="SO-1",
                status="PENDING_APPROVAL",
            )
        )
    await relay_all(settings)
    assert await _entries() == [(supplier.admin.id, NotificationKind.ORDER_PLACED)]


DISPUTE = """
mutation ($input: StatementRespondInput!) {
  statementDispute(input: $input) { statement { response { decision disputeState } } userErrors { code } }
}
"""
CONFIRM = """
mutation ($input: StatementRespondInput!) {
  statementConfirm(input: $input) { statement { response { decision disputeState } } userErrors { code } }
}
"""
ANSWER = """
mutation ($input: StatementDisputeAnswerInput!) {
  statementDisputeAnswer(input: $input) {
    statement { response { decision comment disputeState answer answeredAt } }
    userErrors { field code message }
  }
}
"""
STATEMENT = """
query ($id: ID!, $from: Date!, $to: Date!) {
  statement(customerAccountId: $id, from: $from, to: $to) { response { disputeState answer } }
}
"""


async def test_supplier_finance_answers_a_dispute_once_over_the_api(client, settings):
    supplier, _, _ = await make_shop()
    await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None})
    _, alpha, account = await make_buyer(supplier, "alpha")
    period_from, period_to = _period()
    period = {
        "customerAccountId": gid("CustomerAccount", account.id),
        "from": period_from.isoformat(),
        "to": period_to.isoformat(),
    }
    buyer = await client.token("buyer@alpha.test")
    finance = await client.token("finance@acme.test")

    not_disputed = (await client.data(ANSWER, {"input": {**period, "answer": "ok"}}, token=finance))[
        "statementDisputeAnswer"
    ]
    assert not_disputed["userErrors"][0]["code"] == "INVALID_STATE"

    disputed = await client.data(DISPUTE, {"input": {**period, "comment": "refund missing"}}, token=buyer)
    assert disputed["statementDispute"]["statement"]["response"] == {"decision": "DISPUTED", "disputeState": "OPEN"}

    blank = (await client.data(ANSWER, {"input": {**period, "answer": "  "}}, token=finance))["statementDisputeAnswer"]
    assert blank["userErrors"] == [{"field": ["input", "answer"], "code": "REQUIRED", "message": "answer is required."}]
    by_buyer = await client.execute(ANSWER, {"input": {**period, "answer": "no"}}, token=buyer)
    assert by_buyer["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    answered = (await client.data(ANSWER, {"input": {**period, "answer": "Refunded on the 3rd."}}, token=finance))[
        "statementDisputeAnswer"
    ]
    assert answered["userErrors"] == []
    response = answered["statement"]["response"]
    assert (response["decision"], response["comment"], response["disputeState"], response["answer"]) == (
        "DISPUTED",
        "refund missing",
        "ANSWERED",
        "Refunded on the 3rd.",
    )
    assert response["answeredAt"] is not None
    again = (await client.data(ANSWER, {"input": {**period, "answer": "again"}}, token=finance))[
        "statementDisputeAnswer"
    ]
    assert again["userErrors"][0]["code"] == "INVALID_STATE"
    seen_by_buyer = await client.data(
        STATEMENT, {"id": period["customerAccountId"], "from": period["from"], "to": period["to"]}, token=buyer
    )
    assert seen_by_buyer["statement"]["response"] == {"disputeState": "ANSWERED", "answer": "Refunded on the 3rd."}
    event = await OutboxEvent.get(kind="statement.dispute_answered")
    assert (event.buyer_id, event.payload["answer"], event.payload["comment"]) == (
        account.buyer_id,
        "Refunded on the 3rd.",
        "refund missing",
    )

    confirmed_period = {**period, "from": period_from.replace(year=period_from.year - 1).isoformat()}
    confirmed = await client.data(CONFIRM, {"input": confirmed_period}, token=buyer)
    assert confirmed["statementConfirm"]["statement"]["response"] == {"decision": "CONFIRMED", "disputeState": None}


async def test_two_answers_to_one_dispute_at_once_one_wins(settings):
    supplier, _, _ = await make_shop()
    finance = await principal_of(await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None}))
    admin = await principal_of(supplier.admin)
    _, alpha, account = await make_buyer(supplier, "alpha")
    period_from, period_to = _period()
    await statements.respond(
        await principal_of(alpha), account.id, period_from, period_to, StatementDecision.DISPUTED, "why"
    )

    async def answer(principal, text):
        try:
            await statements.answer_dispute(principal, account.id, period_from, period_to, text)
            return text
        except UserInputError as error:
            return error.errors[0].code

    results = await asyncio.gather(*(answer(p, f"answer {i}") for i, p in enumerate([finance, admin] * 3)))
    winners = [r for r in results if isinstance(r, str) and r.startswith("answer")]
    assert len(winners) == 1, results
    stored = await StatementResponse.get(customer_account_id=account.id)
    assert stored.answer == winners[0]
    assert await OutboxEvent.filter(kind="statement.dispute_answered").count() == 1


KINDS = "{ webhookEventKinds { kind description subjectType requiredScope } }"


async def test_webhook_event_kinds_are_an_enum_of_every_outbox_kind(client):
    assert sorted(k.value for k in WebhookEventKind) == outbox.event_kinds()
    assert set(DESCRIPTIONS) == set(WebhookEventKind)
    supplier, _, _ = await make_shop()
    token = await client.token(supplier.admin.email)
    kinds = (await client.data(KINDS, token=token))["webhookEventKinds"]
    by_kind = {k["kind"]: k for k in kinds}
    assert len(kinds) == len(outbox.event_kinds())
    assert by_kind["STOCK_LOW"]["subjectType"] == "Variant"
    assert by_kind["ORDER_PLACED"]["requiredScope"] == webhooks.required_scope("order.placed").value
    assert all(k["description"] for k in kinds)
    anonymous = await client.execute(KINDS)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


APP_CREATE = """
mutation ($name: String!, $scopes: [String!]!) {
  appCreate(input: {name: $name, scopes: $scopes}) { app { id } token userErrors { code } }
}
"""
SUBSCRIBE = """
mutation ($input: WebhookSubscriptionCreateInput!) {
  webhookSubscriptionCreate(input: $input) { subscription { id eventKind targetUrl active } userErrors { field code } }
}
"""
UPDATE = """
mutation ($input: WebhookSubscriptionUpdateInput!) {
  webhookSubscriptionUpdate(input: $input) {
    subscription { id eventKind targetUrl active } userErrors { field code message }
  }
}
"""
DELETE = """
mutation ($input: WebhookSubscriptionDeleteInput!) {
  webhookSubscriptionDelete(input: $input) { deletedSubscriptionId userErrors { code } }
}
"""
APP_STATE = """
mutation ($input: AppIdInput!) {
  %s(input: $input) { app { id disabledAt tokenRevokedAt } userErrors { code } }
}
"""
VIEWER = "{ viewer { organization { id } scopes } }"


async def test_webhook_subscriptions_are_changed_paused_and_deleted(client, settings):
    supplier, admin, variants = await make_shop()
    token = await client.token(supplier.admin.email)
    created = (await client.data(APP_CREATE, {"name": "erp", "scopes": ["orders:read", "catalog:read"]}, token=token))[
        "appCreate"
    ]
    app_id = created["app"]["id"]
    unknown = await client.execute(
        SUBSCRIBE,
        {"input": {"appId": app_id, "eventKind": "order.placed", "targetUrl": "https://erp.test/hook"}},
        token=token,
    )
    assert "errors" in unknown, "a free string is no longer an event kind"
    subscription = (
        await client.data(
            SUBSCRIBE,
            {"input": {"appId": app_id, "eventKind": "STOCK_LOW", "targetUrl": "https://erp.test/hook"}},
            token=token,
        )
    )["webhookSubscriptionCreate"]["subscription"]
    assert (subscription["eventKind"], subscription["active"]) == ("STOCK_LOW", True)
    sub_id = subscription["id"]

    bad = (await client.data(UPDATE, {"input": {"subscriptionId": sub_id, "targetUrl": "ftp://x"}}, token=token))[
        "webhookSubscriptionUpdate"
    ]
    assert bad["userErrors"][0]["field"] == ["input", "targetUrl"]
    changed = (
        await client.data(
            UPDATE,
            {"input": {"subscriptionId": sub_id, "eventKind": "ORDER_PLACED", "targetUrl": "https://erp.test/v2"}},
            token=token,
        )
    )["webhookSubscriptionUpdate"]["subscription"]
    assert (changed["eventKind"], changed["targetUrl"], changed["active"]) == (
        "ORDER_PLACED",
        "https://erp.test/v2",
        True,
    )
    paused = (await client.data(UPDATE, {"input": {"subscriptionId": sub_id, "active": False}}, token=token))[
        "webhookSubscriptionUpdate"
    ]["subscription"]
    assert paused["active"] is False

    other, _, _ = await make_shop("other")
    other_token = await client.token(other.admin.email)
    foreign = (await client.data(DELETE, {"input": {"subscriptionId": sub_id}}, token=other_token))[
        "webhookSubscriptionDelete"
    ]
    assert foreign == {"deletedSubscriptionId": None, "userErrors": [{"code": "NOT_FOUND"}]}
    deleted = (await client.data(DELETE, {"input": {"subscriptionId": sub_id}}, token=token))[
        "webhookSubscriptionDelete"
    ]
    assert deleted == {"deletedSubscriptionId": sub_id, "userErrors": []}
    assert await WebhookSubscription.all().count() == 0


async def test_a_disabled_app_is_refused_until_enabled_and_a_revoked_token_for_good(client, settings):
    supplier, admin, variants = await make_shop(stock=10)
    _, alpha, _ = await make_buyer(supplier, "alpha")
    token = await client.token(supplier.admin.email)
    created = (await client.data(APP_CREATE, {"name": "erp", "scopes": ["orders:read", "catalog:read"]}, token=token))[
        "appCreate"
    ]
    app_id, app_token = created["app"]["id"], created["token"]
    await client.data(
        SUBSCRIBE,
        {"input": {"appId": app_id, "eventKind": "STOCK_LOW", "targetUrl": "https://erp.test/hook"}},
        token=token,
    )
    assert (await client.data(VIEWER, token=app_token))["viewer"]["scopes"] == ["catalog:read", "orders:read"]

    disabled = (await client.data(APP_STATE % "appDisable", {"input": {"appId": app_id}}, token=token))["appDisable"]
    assert disabled["app"]["disabledAt"] is not None and disabled["userErrors"] == []
    refused = await client.execute(VIEWER, token=app_token)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    tea = variants["TEA-1"]
    sh = (await Warehouse.get(supplier_id=supplier.org.id, code="SH")).id
    await inventory.set_low_stock_threshold(admin, tea.id, sh, 8)
    await place_order(alpha, supplier.org.id, {tea: 3}, key="low-1")
    await relay_all(settings)
    assert await WebhookDelivery.all().count() == 0, "a disabled app gets no deliveries"

    enabled = (await client.data(APP_STATE % "appEnable", {"input": {"appId": app_id}}, token=token))["appEnable"]
    assert enabled["app"]["disabledAt"] is None
    assert (await client.data(VIEWER, token=app_token))["viewer"]["scopes"] == ["catalog:read", "orders:read"]
    await inventory.adjust_stock(admin, tea.id, sh, 5, "found")
    await place_order(alpha, supplier.org.id, {tea: 6}, key="low-2")
    await relay_all(settings)
    delivered = await WebhookDelivery.all().select_related("event")
    assert [d.event.kind for d in delivered] == ["stock.low"], "the low-stock webhook reaches an enabled app"

    not_admin = await client.token(alpha.email)
    foreign = await client.data(APP_STATE % "appTokenRevoke", {"input": {"appId": app_id}}, token=not_admin)
    assert foreign["appTokenRevoke"] is None or foreign["appTokenRevoke"]["app"] is None
    revoked = (await client.data(APP_STATE % "appTokenRevoke", {"input": {"appId": app_id}}, token=token))[
        "appTokenRevoke"
    ]
    assert revoked["app"]["tokenRevokedAt"] is not None
    assert (await client.execute(VIEWER, token=app_token))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    reenable = (await client.data(APP_STATE % "appEnable", {"input": {"appId": app_id}}, token=token))["appEnable"]
    assert reenable["userErrors"] == [{"code": "INVALID_STATE"}]


ACCOUNTS = (
    "{ customerAccounts(first: 50) { nodes { id orderingWindows { opensWeekday opensAt closesWeekday closesAt } } } }"
)


async def test_ordering_windows_read_back_in_a_fixed_number_of_queries(client, settings, query_counter):
    supplier, admin, _ = await make_shop()
    _, _, alpha = await make_buyer(supplier, "alpha")
    window = calendar.Window(5, time(19, 0), 6, time(16, 0))
    await orders.set_ordering_windows(admin, alpha.id, [window, calendar.Window(2, time(8, 30), 2, time(12, 0))])
    token = await client.token(supplier.admin.email)
    query_counter.reset()
    nodes = (await client.data(ACCOUNTS, token=token))["customerAccounts"]["nodes"]
    one_account = query_counter.count
    assert nodes == [
        {
            "id": gid("CustomerAccount", alpha.id),
            "orderingWindows": [
                {"opensWeekday": 5, "opensAt": "19:00:00", "closesWeekday": 6, "closesAt": "16:00:00"},
                {"opensWeekday": 2, "opensAt": "08:30:00", "closesWeekday": 2, "closesAt": "12:00:00"},
            ],
        }
    ]
    for code in ("beta", "gamma", "delta"):
        _, _, account = await make_buyer(supplier, code)
        await orders.set_ordering_windows(admin, account.id, [window])
    query_counter.reset()
    nodes = (await client.data(ACCOUNTS, token=token))["customerAccounts"]["nodes"]
    assert len(nodes) == 4 and all(n["orderingWindows"] for n in nodes)
    assert query_counter.count == one_account
    buyer_view = await client.data(
        "{ customerAccounts(first: 5) { nodes { orderingWindows { opensWeekday } } } }",
        token=await client.token("buyer@alpha.test"),
    )
    assert buyer_view["customerAccounts"]["nodes"] == [{"orderingWindows": [{"opensWeekday": 5}, {"opensWeekday": 2}]}]
