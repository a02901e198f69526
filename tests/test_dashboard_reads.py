"""Reads and small writes the supplier dashboard needs: the supplier's warehouses, the scopes an
app token can carry, and which approval flow a customer account walks (and giving it its own)."""

from __future__ import annotations

from app.accounts.models import CustomerAccount, Role
from app.approvals import service as approvals
from app.catalog.models import Product
from app.inventory import service as inventory
from tests.support import gid, make_buyer, make_shop, make_supplier, make_user, principal_of
from tests.support_money import make_approval_shop, two_step_flow

FLOW_OF = """query F($id: ID!) { customerAccount(id: $id) { approvalFlowId approvalFlowAssigned } }"""
ASSIGN = """mutation A($input: ApprovalFlowAssignInput!) { approvalFlowAssign(input: $input) {
  customerAccounts { id approvalFlowId approvalFlowAssigned } userErrors { field code } } }"""


async def test_warehouses_are_the_suppliers_own_for_its_staff(client):
    supplier, admin, _ = await make_shop()
    await inventory.create_warehouse(admin, "BJ", "Beijing")
    await make_shop("other")
    listed = await client.data("{ warehouses { code name } }", token=await client.token(supplier.admin.email))
    assert listed["warehouses"] == [{"code": "BJ", "name": "Beijing"}, {"code": "SH", "name": "Shanghai"}]
    _, buyer, _ = await make_buyer(supplier, "alpha")
    refused = await client.execute("{ warehouses { code } }", token=await client.token(buyer.email))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_app_scopes_list_every_scope_with_the_operations_it_opens(client):
    await make_supplier("acme")
    scopes = (await client.data("{ appScopes { scope operations } }", token=await client.token("admin@acme.test")))[
        "appScopes"
    ]
    by_scope = {s["scope"]: s["operations"] for s in scopes}
    assert len(by_scope) == 20
    assert "announcements" in by_scope["support:read"] and by_scope["support:write"] == []
    assert "orders" in by_scope["orders:read"] and "orderUpdated" in by_scope["orders:read"]
    assert "receivablesAging" in by_scope["statements:read"]
    assert "checkout" not in by_scope["orders:write"]
    created = await client.data(
        'mutation { appCreate(input: {name: "ERP", scopes: ["orders:read", "statements:read"]}) { userErrors { code } } }',
        token=await client.token("admin@acme.test"),
    )
    assert created["appCreate"]["userErrors"] == []


async def test_a_customer_account_shows_the_flow_it_walks_and_gets_its_own(client):
    shop = await make_approval_shop()
    token = await client.token(shop.supplier.admin.email)
    account = gid("CustomerAccount", shop.account.id)
    assert (await client.data(FLOW_OF, {"id": account}, token=token))["customerAccount"] == {
        "approvalFlowId": None,
        "approvalFlowAssigned": False,
    }
    default = await two_step_flow(shop)
    await CustomerAccount.filter(id=shop.account.id).update(customer_group="KA")
    group_flow = await approvals.create_flow(
        await principal_of(shop.supplier.admin),
        approvals.FlowInput(
            name="KA",
            customer_group="KA",
            steps=(approvals.StepInput(name="Finance", role=None, user_id=shop.finance.id),),
        ),
    )
    assert (await client.data(FLOW_OF, {"id": account}, token=token))["customerAccount"] == {
        "approvalFlowId": gid("ApprovalFlow", group_flow.id),
        "approvalFlowAssigned": False,
    }
    own = await client.data(
        ASSIGN,
        {"input": {"approvalFlowId": gid("ApprovalFlow", default.id), "customerAccountIds": [account]}},
        token=token,
    )
    assert own["approvalFlowAssign"] == {
        "customerAccounts": [
            {"id": account, "approvalFlowId": gid("ApprovalFlow", default.id), "approvalFlowAssigned": True}
        ],
        "userErrors": [],
    }
    assert (await approvals.flow_for(await CustomerAccount.get(id=shop.account.id))).id == default.id
    back = await client.data(ASSIGN, {"input": {"approvalFlowId": None, "customerAccountIds": [account]}}, token=token)
    assert back["approvalFlowAssign"]["customerAccounts"][0]["approvalFlowId"] == gid("ApprovalFlow", group_flow.id)
    buyer_view = await client.data(FLOW_OF, {"id": account}, token=await client.token(shop.buyer.email))
    assert buyer_view["customerAccount"] == {"approvalFlowId": None, "approvalFlowAssigned": False}


async def test_assigning_a_flow_checks_what_it_is_given(client):
    shop = await make_approval_shop()
    other = await make_approval_shop("other")
    token = await client.token(shop.supplier.admin.email)
    foreign_flow = await two_step_flow(other)
    account = gid("CustomerAccount", shop.account.id)
    for variables, error in (
        (
            {"approvalFlowId": None, "customerAccountIds": []},
            {"field": ["input", "customerAccountIds"], "code": "REQUIRED"},
        ),
        (
            {"approvalFlowId": gid("ApprovalFlow", foreign_flow.id), "customerAccountIds": [account]},
            {"field": ["input", "approvalFlowId"], "code": "NOT_FOUND"},
        ),
        (
            {"approvalFlowId": None, "customerAccountIds": [gid("CustomerAccount", other.account.id)]},
            {"field": ["input", "customerAccountIds"], "code": "NOT_FOUND"},
        ),
    ):
        answer = await client.data(ASSIGN, {"input": variables}, token=token)
        assert answer["approvalFlowAssign"] == {"customerAccounts": None, "userErrors": [error]}
    refused = await client.execute(
        ASSIGN,
        {"input": {"approvalFlowId": None, "customerAccountIds": [account]}},
        token=await client.token(shop.finance.email),
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_customer_accounts_with_their_flows_cost_the_same_queries_for_two_or_five(client, query_counter):
    shop = await make_approval_shop()
    await two_step_flow(shop)
    token = await client.token(shop.supplier.admin.email)
    query = "{ customerAccounts(first: 50) { nodes { id approvalFlowId approvalFlowAssigned } } }"
    await make_buyer(shop.supplier, "second")
    await client.data(query, token=token)  # the first read loads the supplier's flows, which are kept
    query_counter.reset()
    await client.data(query, token=token)
    two = query_counter.count
    for index in range(3):
        await make_buyer(shop.supplier, f"more{index}")
    query_counter.reset()
    body = await client.data(query, token=token)
    assert len(body["customerAccounts"]["nodes"]) == 5
    assert query_counter.count == two, query_counter.statements


SEARCH_ACCOUNTS = """query ($search: String) { customerAccounts(first: 50, filter: {search: $search}) {
  totalCount nodes { buyer { name } } } }"""


async def test_customer_accounts_are_searched_by_buyer_name_code_and_contact(client):
    """The dashboard's customer pickers search on the server instead of loading the first hundred."""
    supplier, _, _ = await make_shop()
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    await make_buyer(supplier, "alpha", sales_rep=rep)
    await make_buyer(supplier, "beta")
    _, _, gamma = await make_buyer(supplier, "gamma-store", sales_rep=rep)
    await CustomerAccount.filter(id=gamma.id).update(contact_name="王小明", contact_phone="13800001234")
    admin = await client.token(supplier.admin.email)

    async def names(search: str, token: str = admin) -> list[str]:
        found = (await client.data(SEARCH_ACCOUNTS, {"search": search}, token=token))["customerAccounts"]
        return sorted(node["buyer"]["name"] for node in found["nodes"])

    assert await names("ALPHA") == ["Alpha Trading"]
    assert await names("gamma-st") == ["Gamma-Store Trading"]
    assert await names("小明") == await names("0000123") == ["Gamma-Store Trading"]
    assert await names("  ") == ["Alpha Trading", "Beta Trading", "Gamma-Store Trading"]
    assert await names("beta", token=await client.token(rep.email)) == []


async def test_products_and_customer_accounts_show_the_codes_imports_match_them_by(client):
    supplier, _, variants = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha")
    await Product.filter(id=variants["TEA-1"].product_id).update(code="TEA")
    await CustomerAccount.filter(id=account.id).update(code="C-0001")
    body = await client.data(
        "{ products(first: 5) { nodes { code } } customerAccounts(first: 5) { nodes { code } } }",
        token=await client.token(supplier.admin.email),
    )
    assert body == {"products": {"nodes": [{"code": "TEA"}]}, "customerAccounts": {"nodes": [{"code": "C-0001"}]}}
