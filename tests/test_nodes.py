"""node(id:) and nodes(ids:): every type that implements Node resolves for whoever may list it,
and answers null for anyone else, exactly like a missing ID."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.accounts.models import Address, CustomerAccount, Organization, User
from app.catalog.models import Brand, Category, Product, Variant
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.inventory.models import Warehouse
from app.notifications.models import Notification, NotificationKind
from app.orders.models import Order
from app.outbox import OutboxEvent
from app.pricing.models import PriceList
from app.promotions.models import Promotion
from app.returns.models import Return
from app.sellthrough.models import SellThroughReport
from app.shipments.models import Shipment
from app.support.models import Announcement, ServiceThread
from app.webhooks import service as webhooks
from app.webhooks.models import App, WebhookDelivery, WebhookSubscription
from tests.support import gid, principal_of

NODE = "query N($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
IMPLEMENTERS = '{ __type(name: "Node") { possibleTypes { name } } }'


@dataclass(frozen=True)
class Case:
    viewer: str
    find: Callable[[], Awaitable[int]]
    foreign: str


async def _org(code: str) -> int:
    return (await Organization.get(code=code)).id


async def _huaxin_product() -> int:
    return (await Product.filter(supplier_id=await _org("huaxin"), published=True, archived=False).first()).id


async def _huaxin_variant() -> int:
    return (await Variant.filter(product_id=await _huaxin_product(), archived=False).first()).id


async def _dealer_a_order() -> int:
    account = await CustomerAccount.get(buyer__code="dealer-a", supplier__code="huaxin")
    return (await Order.filter(customer_account_id=account.id).first()).id


async def _huaxin(model) -> int:
    return (await model.filter(supplier_id=await _org("huaxin")).first()).id


async def _notification() -> int:
    user = await User.get(email="approver@huaxin.demo")
    event = await OutboxEvent.filter(kind="order.placed", supplier_id=user.organization_id).first()
    notification = await Notification.create(
        user=user,
        event=event,
        kind=NotificationKind.APPROVAL_REQUESTED,
        title="An order waits for you",
        body="",
        subject_type="Order",
        subject_id=event.subject_id,
    )
    return notification.id


async def _tier_a_notice() -> int:
    return next(notice.id for notice in await Announcement.all() if notice.target_tiers == ["A"])


async def _dealer_a_thread() -> int:
    account = await CustomerAccount.get(buyer__code="dealer-a", supplier__code="huaxin")
    return (await ServiceThread.get(customer_account_id=account.id)).id


async def _dealer_a_sell_through() -> int:
    return (await SellThroughReport.filter(customer_account_id=await _dealer_a_account()).first()).id


async def _huaxin_webhooks() -> tuple[App, WebhookSubscription]:
    admin = await principal_of(await User.get(email="admin@huaxin.demo"))
    app = await App.filter(organization_id=admin.organization_id).first()
    if app is None:
        app, _ = await webhooks.create_app(admin, "ERP sync", ["orders:read"])
        subscription, _ = await webhooks.subscribe(admin, app.id, "order.placed", "https://erp.example.com/hook")
        events = await OutboxEvent.filter(kind="order.placed", supplier_id=admin.organization_id)
        assert await webhooks.write_deliveries(events) > 0
    return app, await WebhookSubscription.get(app_id=app.id)


async def _app() -> int:
    return (await _huaxin_webhooks())[0].id


async def _subscription() -> int:
    return (await _huaxin_webhooks())[1].id


async def _delivery() -> int:
    return (await WebhookDelivery.filter(subscription_id=await _subscription()).first()).id


async def _dealer_a_address() -> int:
    return (await Address.get(organization__code="dealer-a", is_default=True)).id


async def _dealer_a_account() -> int:
    return (await CustomerAccount.get(buyer__code="dealer-a", supplier__code="huaxin")).id


async def _dealer_b() -> int:
    return await _org("dealer-b")


async def _sales1() -> int:
    return (await User.get(email="sales1@huaxin.demo")).id


# Who may see one object of each type, and someone who may not. A new Node type needs a line here.
CASES: dict[str, Case] = {
    "Product": Case("buyer@dealer-a.demo", _huaxin_product, "buyer@retail-1.demo"),
    "Variant": Case("buyer@dealer-a.demo", _huaxin_variant, "buyer@retail-1.demo"),
    "Category": Case("buyer@dealer-a.demo", lambda: _huaxin(Category), "buyer@retail-1.demo"),
    "Brand": Case("buyer@dealer-a.demo", lambda: _huaxin(Brand), "buyer@retail-1.demo"),
    "Warehouse": Case("warehouse@huaxin.demo", lambda: _huaxin(Warehouse), "buyer@retail-1.demo"),
    "Order": Case("buyer@dealer-a.demo", _dealer_a_order, "buyer@dealer-b.demo"),
    "Shipment": Case("admin@huaxin.demo", lambda: _huaxin(Shipment), "buyer@retail-1.demo"),
    "Return": Case("admin@huaxin.demo", lambda: _huaxin(Return), "buyer@retail-1.demo"),
    "Notification": Case("approver@huaxin.demo", _notification, "admin@huaxin.demo"),
    "Organization": Case("admin@huaxin.demo", _dealer_b, "buyer@dealer-a.demo"),
    "User": Case("admin@huaxin.demo", _sales1, "buyer@retail-1.demo"),
    "CustomerAccount": Case("buyer@dealer-a.demo", _dealer_a_account, "buyer@dealer-b.demo"),
    "Address": Case("receiver@dealer-a.demo", _dealer_a_address, "buyer@dealer-b.demo"),
    "PriceList": Case("admin@huaxin.demo", lambda: _huaxin(PriceList), "admin@dongfang.demo"),
    "Promotion": Case("sales1@huaxin.demo", lambda: _huaxin(Promotion), "admin@dongfang.demo"),
    "App": Case("admin@huaxin.demo", _app, "admin@dongfang.demo"),
    "WebhookSubscription": Case("admin@huaxin.demo", _subscription, "admin@dongfang.demo"),
    "Announcement": Case("buyer@dealer-a.demo", _tier_a_notice, "buyer@dealer-b.demo"),
    "ServiceThread": Case("service@huaxin.demo", _dealer_a_thread, "buyer@dealer-b.demo"),
    "SellThroughReport": Case("sales1@huaxin.demo", _dealer_a_sell_through, "buyer@dealer-b.demo"),
    "WebhookDelivery": Case("admin@huaxin.demo", _delivery, "sales1@huaxin.demo"),
}


async def test_every_node_type_resolves_for_whoever_may_see_it_and_for_no_one_else(client):
    await seed_demo()
    implementers = {t["name"] for t in (await client.data(IMPLEMENTERS))["__type"]["possibleTypes"]}
    assert implementers == set(CASES), "every Node implementer needs a case (and only those)"
    tokens: dict[str, str] = {}

    async def token(login: str) -> str:
        if login not in tokens:
            tokens[login] = await client.token(login, DEMO_PASSWORD)
        return tokens[login]

    for type_name in sorted(implementers):
        case = CASES[type_name]
        node_id = gid(type_name, await case.find())
        seen = (await client.data(NODE, {"id": node_id}, token=await token(case.viewer)))["node"]
        assert seen == {"__typename": type_name, "id": node_id}, (type_name, case.viewer)
        hidden = (await client.data(NODE, {"id": node_id}, token=await token(case.foreign)))["node"]
        assert hidden is None, (type_name, case.foreign)
        missing = gid(type_name, 10**9)
        assert (await client.data(NODE, {"id": missing}, token=await token(case.viewer)))["node"] is None
        assert (await client.data(NODE, {"id": node_id}))["node"] is None or type_name == "Organization", type_name


async def test_nodes_of_many_variants_cost_what_one_does(client, query_counter):
    await seed_demo()
    token = await client.token("buyer@dealer-a.demo", DEMO_PASSWORD)
    huaxin = await _org("huaxin")
    variants = await Variant.filter(product__supplier_id=huaxin, product__published=True, archived=False).limit(30)
    ids = [gid("Variant", v.id) for v in variants]

    query_counter.reset()
    one = (await client.data(NODES, {"ids": ids[:1]}, token=token))["nodes"]
    small = query_counter.count
    query_counter.reset()
    many = (await client.data(NODES, {"ids": ids + [gid("Variant", 10**9)]}, token=token))["nodes"]
    assert [n["id"] for n in one] == ids[:1]
    assert [n and n["id"] for n in many] == ids + [None]
    assert query_counter.count == small, query_counter.statements
