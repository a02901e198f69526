"""Issue 18, defects 8 and 9: an order names its customer account, buyer and supplier, and the
order list tells purchases from sales; a seller with no APPROVER is not stuck (its ADMIN decides
the default step, or its orders need no approval)."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts import service
from app.accounts.models import CustomerAccount, Organization, Role, User
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.inventory import service as inventory
from app.orders.models import Order, OrderStatus
from tests.support import (
    Supplier,
    gid,
    give_default_address,
    make_buyer,
    make_shop,
    make_supplier,
    make_user,
    place_order,
    principal_of,
)

ORDERS = """
query ($filter: OrderFilter, $first: Int) {
  orders(first: $first, filter: $filter) {
    totalCount
    nodes {
      id
      number
      customerAccount { id tier buyer { code } supplier { code } }
      buyer { id code name }
      supplier { id code name }
      placedBy { name onBehalf }
    }
  }
}
"""
APPROVE = """
mutation ($input: OrderApproveInput!) { orderApprove(input: $input) { order { status } userErrors { code message } } }
"""
APPROVALS = "{ approvals(first: 10) { totalCount nodes { order { number } } } }"
ACTIONS = "query ($id: ID!) { order(id: $id) { status availableActions } }"
SETTINGS = """
mutation ($input: SupplierSettingsUpdateInput!) {
  supplierSettingsUpdate(input: $input) {
    organization { ordersNeedApproval salesMaxDiscountPercent }
    userErrors { field code }
  }
}
"""


@dataclass
class Chain:
    """A brand sells to a distributor, which sells to a retailer (B2B2B)."""

    brand: Supplier
    dist: Supplier
    retail: User
    retail_account: CustomerAccount
    purchase: Order
    sale: Order
    dist_variant: Variant


async def make_chain(sales: int = 1) -> Chain:
    brand, brand_admin, brand_variants = await make_shop("brand")
    dist = await make_supplier("dist", also_buys=True)
    account, _ = await service.register_buyer(
        await principal_of(dist.admin),
        service.Registration(supplier_id=brand.org.id, company_name=None, contact_name=None, user=None),
    )
    await service.approve_customer_account(
        brand_admin, account.id, service.CustomerTerms(tier="A", fields_set=frozenset({"tier"}))
    )
    await give_default_address(dist.admin, "dist")
    dist_admin = await principal_of(dist.admin)
    warehouse = await inventory.create_warehouse(dist_admin, "NJ", "Nanjing")
    product = await catalog.create_product(
        dist_admin,
        catalog.ProductInput(
            name="Retail tea", published=True, variants=(catalog.VariantInput(sku="RT-1", base_price="12.00"),)
        ),
    )
    variant = await Variant.get(product_id=product.id)
    await inventory.adjust_stock(dist_admin, variant.id, warehouse.id, 1000, "count")
    _, retail, retail_account = await make_buyer(dist, "retail")
    purchase = await place_order(dist.admin, brand.org.id, {brand_variants["TEA-1"]: 2}, key="p-1")
    sale = None
    for n in range(sales):
        sale = await place_order(retail, dist.org.id, {variant: 3}, key=f"s-{n}")
    assert sale is not None
    return Chain(brand, dist, retail, retail_account, purchase, sale, variant)


async def test_orders_name_their_parties_and_a_distributor_tells_purchases_from_sales(client):
    chain = await make_chain()
    token = await client.token(chain.dist.admin.email)

    both = (await client.data(ORDERS, {"first": 10}, token=token))["orders"]
    assert both["totalCount"] == 2
    by_id = {n["id"]: n for n in both["nodes"]}
    purchase, sale = by_id[gid("Order", chain.purchase.id)], by_id[gid("Order", chain.sale.id)]
    assert purchase["buyer"] == {"id": gid("Organization", chain.dist.org.id), "code": "dist", "name": "Dist Supplies"}
    assert purchase["supplier"]["code"] == "brand"
    assert purchase["customerAccount"]["buyer"] == {"code": "dist"}
    assert purchase["customerAccount"]["supplier"] == {"code": "brand"}
    assert purchase["placedBy"] == {"name": "admin", "onBehalf": False}
    retail_org = await Organization.get(id=chain.retail_account.buyer_id)
    assert sale["buyer"]["code"] == retail_org.code
    assert sale["supplier"]["code"] == "dist"
    assert sale["customerAccount"]["id"] == gid("CustomerAccount", chain.retail_account.id)

    async def ids(filter_: dict) -> list[str]:
        found = (await client.data(ORDERS, {"first": 10, "filter": filter_}, token=token))["orders"]
        return [n["id"] for n in found["nodes"]]

    assert await ids({"side": "PURCHASES"}) == [gid("Order", chain.purchase.id)]
    assert await ids({"side": "SALES"}) == [gid("Order", chain.sale.id)]
    account_id = gid("CustomerAccount", chain.retail_account.id)
    assert await ids({"customerAccountId": account_id}) == [gid("Order", chain.sale.id)]
    assert await ids({"side": "PURCHASES", "customerAccountId": account_id}) == []

    # The retailer sees its supplier named on its order, and only its own side.
    retail_token = await client.token(chain.retail.email)
    mine = (await client.data(ORDERS, {"first": 10}, token=retail_token))["orders"]["nodes"]
    assert [(n["supplier"]["code"], n["buyer"]["code"]) for n in mine] == [("dist", sale["buyer"]["code"])]
    assert await client.data(ORDERS, {"first": 10, "filter": {"side": "SALES"}}, token=retail_token) == {
        "orders": {"totalCount": 0, "nodes": []}
    }


async def test_a_page_of_orders_with_their_parties_is_a_constant_number_of_queries(client, query_counter):
    chain = await make_chain(sales=6)
    token = await client.token(chain.dist.admin.email)
    counts = []
    for first in (1, 3, 7):
        query_counter.reset()
        page = (await client.data(ORDERS, {"first": first}, token=token))["orders"]
        counts.append(query_counter.count)
        assert len(page["nodes"]) == first
    assert counts[0] == counts[1] == counts[2], counts


async def test_a_supplier_admin_with_no_approver_approves_the_order(client):
    """admin@dongfang.demo's case: no flow, no APPROVER; the ADMIN decides the default step."""
    chain = await make_chain()
    token = await client.token(chain.dist.admin.email)
    order_id = gid("Order", chain.sale.id)
    assert await client.data(ACTIONS, {"id": order_id}, token=token) == {
        "order": {"status": "PENDING_APPROVAL", "availableActions": ["EDIT", "CANCEL", "APPROVE", "REJECT"]}
    }
    assert (await client.data(APPROVALS, token=token))["approvals"]["totalCount"] == 1
    approved = await client.data(APPROVE, {"input": {"orderId": order_id}}, token=token)
    assert approved["orderApprove"] == {"order": {"status": "APPROVED"}, "userErrors": []}

    # The distributor's own purchase waits for the brand, not for the distributor's admin.
    refused = await client.data(APPROVE, {"input": {"orderId": gid("Order", chain.purchase.id)}}, token=token)
    assert refused["orderApprove"]["userErrors"][0]["code"] == "NOT_FOUND"
    # Staff of other roles still cannot decide.
    finance = await make_user(chain.dist.org, "finance@dist.test", {Role.FINANCE: None})
    second = await place_order(chain.retail, chain.dist.org.id, {chain.dist_variant: 3}, key="s-2")
    refused = await client.data(
        APPROVE, {"input": {"orderId": gid("Order", second.id)}}, token=await client.token(finance.email)
    )
    assert refused["orderApprove"]["userErrors"][0]["code"] == "NOT_CURRENT_APPROVER"


async def test_a_flow_binds_the_admin_too(client):
    from app.approvals import service as approvals

    supplier, admin, variants = await make_shop()
    await make_user(supplier.org, "appr@acme.test", {Role.APPROVER: 1})
    await approvals.create_flow(
        admin,
        approvals.FlowInput(name="One step", is_default=True, steps=(approvals.StepInput("Check", Role.APPROVER),)),
    )
    _, buyer, _ = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
    refused = await client.data(
        APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=await client.token(supplier.admin.email)
    )
    assert refused["orderApprove"]["userErrors"][0]["code"] == "NOT_CURRENT_APPROVER"


async def test_a_supplier_whose_orders_need_no_approval_has_them_approved_at_placement(client):
    supplier, _, variants = await make_shop()
    sales = await make_user(supplier.org, "sales@acme.test", {Role.SALES: None})
    token = await client.token(supplier.admin.email)
    forbidden = await client.execute(
        SETTINGS, {"input": {"ordersNeedApproval": False}}, token=await client.token(sales.email)
    )
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = await client.data(SETTINGS, {"input": {"salesMaxDiscountPercent": "150"}}, token=token)
    assert bad["supplierSettingsUpdate"]["userErrors"] == [
        {"field": ["input", "salesMaxDiscountPercent"], "code": "OUT_OF_RANGE"}
    ]
    _, buyer, _ = await make_buyer(supplier, "alpha")
    waiting = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key="before")
    assert (await Order.get(id=waiting.id)).status is OrderStatus.PENDING_APPROVAL  # the flows are kept now
    changed = await client.data(
        SETTINGS, {"input": {"ordersNeedApproval": False, "salesMaxDiscountPercent": "10"}}, token=token
    )
    assert changed["supplierSettingsUpdate"] == {
        "organization": {"ordersNeedApproval": False, "salesMaxDiscountPercent": "10.00"},
        "userErrors": [],
    }
    assert (await Organization.get(id=supplier.org.id)).orders_need_approval is False
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key="after")
    assert (await Order.get(id=order.id)).status is OrderStatus.APPROVED


async def test_demo_dongfang_admin_approves_retail_1s_order(client):
    """The issue's reproduction on the demo data."""
    from app.demo.seed import DEMO_PASSWORD, seed_demo

    await seed_demo()
    dongfang_admin = await User.get(email="admin@dongfang.demo")
    admin = await principal_of(dongfang_admin)
    warehouse = await inventory.create_warehouse(admin, "NJ", "Nanjing")
    product = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="东方 tea", published=True, variants=(catalog.VariantInput(sku="DF-1", base_price="9.00"),)
        ),
    )
    variant = await Variant.get(product_id=product.id)
    await inventory.adjust_stock(admin, variant.id, warehouse.id, 50, "count")
    retail_user = await User.get(email="buyer@retail-1.demo")
    order = await place_order(retail_user, dongfang_admin.organization_id, {variant: 2}, key="demo-retail-1")
    token = await client.token("admin@dongfang.demo", DEMO_PASSWORD)
    approved = await client.data(APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=token)
    assert approved["orderApprove"] == {"order": {"status": "APPROVED"}, "userErrors": []}
    sales = (await client.data(ORDERS, {"first": 50, "filter": {"side": "SALES"}}, token=token))["orders"]["nodes"]
    assert [(n["id"], n["buyer"]["code"]) for n in sales] == [(gid("Order", order.id), "retail-1")]
    purchases = (await client.data(ORDERS, {"first": 100, "filter": {"side": "PURCHASES"}}, token=token))["orders"]
    assert {n["supplier"]["code"] for n in purchases["nodes"]} <= {"huaxin"}


async def test_supplier_staff_filter_orders_by_the_sales_rep_of_the_customer(client):
    supplier, _, variants = await make_shop()
    rep_one = await make_user(supplier.org, "rep1@acme.test", {Role.SALES: None})
    rep_two = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    _, alpha, _ = await make_buyer(supplier, "alpha", sales_rep=rep_one)
    _, beta, _ = await make_buyer(supplier, "beta", sales_rep=rep_two)
    alpha_order = await place_order(alpha, supplier.org.id, {variants["TEA-1"]: 1})
    beta_order = await place_order(beta, supplier.org.id, {variants["TEA-1"]: 1}, key="beta-1")
    admin = await client.token("admin@acme.test")
    query = "query ($f: OrderFilter) { orders(first: 10, filter: $f) { edges { node { id } } } }"

    async def ids(wanted: dict, token: str = admin) -> list[str]:
        edges = (await client.data(query, {"f": wanted}, token=token))["orders"]["edges"]
        return [edge["node"]["id"] for edge in edges]

    assert await ids({"salesRepId": gid("User", rep_one.id)}) == [gid("Order", alpha_order.id)]
    assert await ids({"salesRepId": gid("User", rep_two.id)}) == [gid("Order", beta_order.id)]
    assert await ids({"salesRepId": gid("User", rep_two.id)}, await client.token("rep1@acme.test")) == []
    refused = await client.execute(query, {"f": {"salesRepId": gid("Order", 1)}}, token=admin)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
