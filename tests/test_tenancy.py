"""Who sees what: foreign IDs answer like missing ones, sales reps see their own customers,
field-level permissions, app-token scopes."""

from __future__ import annotations

from app.accounts.auth import create_api_token
from app.accounts.models import CustomerAccount, Role
from tests.support import gid, make_buyer, make_supplier, make_user

ACCOUNT = "query A($id: ID!) { customerAccount(id: $id) { id tier buyer { name } } }"
NODE = "query N($id: ID!) { node(id: $id) { id ... on CustomerAccount { tier } } }"
UPDATE = """
mutation U($input: CustomerAccountUpdateInput!) {
  customerAccountUpdate(input: $input) {
    customerAccount { id tier region creditLimit { amount } paymentTermsDays }
    userErrors { field code message }
  }
}
"""
LIST = "{ customerAccounts(first: 50) { totalCount nodes { buyer { name } } } }"


async def test_another_buyers_account_answers_exactly_like_a_missing_one(client):
    supplier = await make_supplier("acme")
    _, alice, alice_account = await make_buyer(supplier, "alice")
    _, bob, bob_account = await make_buyer(supplier, "bob")
    token = await client.token(alice.email)
    missing_id = gid("CustomerAccount", bob_account.id + 1000)
    foreign_id = gid("CustomerAccount", bob_account.id)

    for query in (ACCOUNT, NODE):
        missing = await client.execute(query, {"id": missing_id}, token=token)
        foreign = await client.execute(query, {"id": foreign_id}, token=token)
        assert foreign == missing
        assert list(foreign["data"].values()) == [None]
        assert "errors" not in foreign

    nodes = await client.data(
        "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [gid("CustomerAccount", alice_account.id), foreign_id, missing_id]},
        token=token,
    )
    assert nodes["nodes"] == [{"id": gid("CustomerAccount", alice_account.id)}, None, None]

    # A buyer's users may not update customer accounts at all: refused before any ID is looked at.
    missing_update = await client.execute(
        UPDATE, {"input": {"customerAccountId": missing_id, "tier": "Z"}}, token=token
    )
    foreign_update = await client.execute(
        UPDATE, {"input": {"customerAccountId": foreign_id, "tier": "Z"}}, token=token
    )
    assert foreign_update == missing_update
    assert foreign_update["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_suppliers_customer_is_invisible_to_staff(client):
    acme = await make_supplier("acme")
    other = await make_supplier("other")
    _, _, theirs = await make_buyer(other, "theirs")
    token = await client.token("admin@acme.test")
    assert (await client.data(ACCOUNT, {"id": gid("CustomerAccount", theirs.id)}, token=token)) == {
        "customerAccount": None
    }
    update = await client.data(
        UPDATE, {"input": {"customerAccountId": gid("CustomerAccount", theirs.id), "tier": "Z"}}, token=token
    )
    assert update["customerAccountUpdate"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await CustomerAccount.get(id=theirs.id)).tier == "A"
    assert (await client.data(LIST, token=token))["customerAccounts"]["totalCount"] == 0
    assert acme


async def test_sales_reps_see_only_their_assigned_customers(client):
    supplier = await make_supplier("acme")
    rep1 = await make_user(supplier.org, "rep1@acme.test", {Role.SALES: None})
    rep2 = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    await make_buyer(supplier, "north", sales_rep=rep1)
    await make_buyer(supplier, "south", sales_rep=rep2)
    await make_buyer(supplier, "east", sales_rep=rep1)

    def names(data):
        return sorted(n["buyer"]["name"] for n in data["customerAccounts"]["nodes"])

    assert names(await client.data(LIST, token=await client.token("rep1@acme.test"))) == [
        "East Trading",
        "North Trading",
    ]
    assert names(await client.data(LIST, token=await client.token("rep2@acme.test"))) == ["South Trading"]
    assert len(names(await client.data(LIST, token=await client.token("admin@acme.test")))) == 3


async def test_buyer_sees_its_account_but_may_not_change_it(client):
    supplier = await make_supplier("acme")
    _, buyer_user, account = await make_buyer(supplier, "golden")
    token = await client.token(buyer_user.email)
    seen = await client.data(ACCOUNT, {"id": gid("CustomerAccount", account.id)}, token=token)
    assert seen["customerAccount"]["tier"] == "A"
    body = await client.execute(
        UPDATE, {"input": {"customerAccountId": gid("CustomerAccount", account.id), "tier": "VIP"}}, token=token
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await CustomerAccount.get(id=account.id)).tier == "A"


async def test_finance_may_change_credit_terms_only(client):
    supplier = await make_supplier("acme")
    await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None})
    _, _, account = await make_buyer(supplier, "golden")
    token = await client.token("finance@acme.test")
    account_id = gid("CustomerAccount", account.id)

    credit = await client.data(
        UPDATE, {"input": {"customerAccountId": account_id, "creditLimit": "8000", "paymentTermsDays": 45}}, token=token
    )
    assert credit["customerAccountUpdate"]["customerAccount"]["creditLimit"] == {"amount": "8000.00"}
    assert credit["customerAccountUpdate"]["customerAccount"]["paymentTermsDays"] == 45

    tier = await client.execute(UPDATE, {"input": {"customerAccountId": account_id, "tier": "VIP"}}, token=token)
    assert tier["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_update_changes_only_given_fields_and_null_clears(client):
    supplier = await make_supplier("acme")
    _, _, account = await make_buyer(supplier, "golden")
    token = await client.token("admin@acme.test")
    account_id = gid("CustomerAccount", account.id)
    await client.data(UPDATE, {"input": {"customerAccountId": account_id, "region": "North"}}, token=token)
    stored = await CustomerAccount.get(id=account.id)
    assert (stored.tier, stored.region) == ("A", "North")
    await client.data(UPDATE, {"input": {"customerAccountId": account_id, "region": None}}, token=token)
    stored = await CustomerAccount.get(id=account.id)
    assert (stored.tier, stored.region) == ("A", None)


async def test_dual_role_organization_sees_both_sides(client):
    brand = await make_supplier("brand")
    distributor = await make_supplier("distributor", also_buys=True)
    from app.accounts import service
    from tests.support import principal_of

    await service.register_buyer(
        await principal_of(distributor.admin), service.Registration(brand.org.id, None, None, None)
    )
    await make_buyer(distributor, "retailer")
    token = await client.token("admin@distributor.test")
    data = await client.data("{ customerAccounts { nodes { supplier { code } buyer { code } status } } }", token=token)
    sides = sorted((n["supplier"]["code"], n["status"]) for n in data["customerAccounts"]["nodes"])
    assert sides == [("brand", "PENDING"), ("distributor", "APPROVED")]


async def test_app_token_scopes_limit_what_it_reads_and_writes(client):
    supplier = await make_supplier("acme")
    _, _, account = await make_buyer(supplier, "golden")
    reader = await create_api_token(supplier.org.id, "bi", ["customers:read"])
    writer = await create_api_token(supplier.org.id, "erp", ["customers:read", "customers:write"])
    nothing = await create_api_token(supplier.org.id, "nothing", [])

    assert (await client.data(LIST, token=reader))["customerAccounts"]["totalCount"] == 1
    assert (await client.execute(LIST, token=nothing))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    variables = {"input": {"customerAccountId": gid("CustomerAccount", account.id), "tier": "B"}}
    denied = await client.execute(UPDATE, variables, token=reader)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    allowed = await client.data(UPDATE, variables, token=writer)
    assert allowed["customerAccountUpdate"]["customerAccount"]["tier"] == "B"


async def test_anonymous_visitors_see_only_open_suppliers(client):
    open_supplier = await make_supplier("acme")
    closed = await make_supplier("closed")
    closed.org.registration_open = False
    await closed.org.save()
    data = await client.data("{ viewer { user { email } } suppliers { name } }")
    assert data == {"viewer": None, "suppliers": [{"name": "Acme Supplies"}]}
    body = await client.execute(LIST)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert open_supplier
