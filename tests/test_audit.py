"""The audit log: every privileged mutation leaves an entry (who, what, which object, from where,
and before/after of money, prices, credit and roles), only the organization's admins read it,
and nothing changes an entry once written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from app.accounts.auth import create_api_token
from app.accounts.models import ApiToken, Role, User
from app.audit import service as audit
from app.audit.models import AuditEntry, AuditEntryImmutable
from app.changes import note_changes
from app.clock import utc_now
from tests.support import gid, make_buyer, make_shop, make_supplier, make_user, principal_of

LOG = """query Log($filter: AuditLogFilter, $first: Int) { auditLog(first: $first, filter: $filter) {
  totalCount
  nodes { operation actorId actorAppTokenId actorLabel actorRoles subjectType subjectId clientAddress requestId
          occurredAt changes { field before after } } } }"""
CREATE_LIST = """mutation L($input: PriceListCreateInput!) { priceListCreate(input: $input) {
  priceList { id } userErrors { field code } } }"""
SET_PRICES = """mutation S($input: PriceListSetPricesInput!) { priceListSetPrices(input: $input) {
  priceList { id } userErrors { field code } } }"""
UPDATE_ACCOUNT = """mutation U($input: CustomerAccountUpdateInput!) { customerAccountUpdate(input: $input) {
  customerAccount { id } userErrors { field code } } }"""
SET_ROLES = """mutation R($input: UserSetRolesInput!) { userSetRoles(input: $input) { userErrors { code } } }"""
PUBLISH = """mutation P($input: ProductPublishInput!) { productPublish(input: $input) {
  product { id } userErrors { code } } }"""
FAVORITE = """mutation F($input: FavoriteInput!) { favoriteAdd(input: $input) { userErrors { code } } }"""


async def _log(client, token: str, filter: dict | None = None, first: int = 50) -> dict:
    return (await client.data(LOG, {"filter": filter, "first": first}, token=token))["auditLog"]


async def _price_list(client, token: str, account_id: int) -> str:
    created = await client.data(
        CREATE_LIST,
        {"input": {"name": "Net", "kind": "FIXED", "customerAccountIds": [gid("CustomerAccount", account_id)]}},
        token=token,
    )
    return created["priceListCreate"]["priceList"]["id"]


async def test_price_credit_and_role_changes_are_kept_with_before_after_actor_and_address(client):
    supplier, _, variants = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha")
    finance = await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None})
    token = await client.token(supplier.admin.email)
    list_id = await _price_list(client, token, account.id)
    tea = gid("Variant", variants["TEA-1"].id)
    for price in ("9.50", "9.00"):
        await client.data(
            SET_PRICES, {"input": {"priceListId": list_id, "prices": [{"variantId": tea, "price": price}]}}, token=token
        )
    await client.data(
        UPDATE_ACCOUNT,
        {
            "input": {
                "customerAccountId": gid("CustomerAccount", account.id),
                "creditLimit": "8000",
                "paymentTermsDays": 45,
            }
        },
        token=token,
    )
    response = await client.post(
        SET_ROLES,
        {
            "input": {
                "userId": gid("User", finance.id),
                "roles": [{"role": "FINANCE"}, {"role": "APPROVER", "approvalLevel": 2}],
            }
        },
        token=token,
        headers={"x-request-id": "trace-42"},
    )
    assert response.json()["data"]["userSetRoles"]["userErrors"] == []

    entries = (await _log(client, token))["nodes"]
    assert [e["operation"] for e in entries] == [
        "userSetRoles",
        "customerAccountUpdate",
        "priceListSetPrices",
        "priceListSetPrices",
        "priceListCreate",
    ]
    roles, credit, second_price, first_price, created = entries
    assert roles["changes"] == [{"field": "roles", "before": ["FINANCE"], "after": ["APPROVER:2", "FINANCE"]}]
    assert roles["subjectId"] == gid("User", finance.id) and roles["requestId"] == "trace-42"
    assert {c["field"]: [c["before"], c["after"]] for c in credit["changes"]} == {
        "credit_limit": ["0.00", "8000.00"],
        "payment_terms_days": [0, 45],
    }
    assert credit["subjectId"] == gid("CustomerAccount", account.id)
    key = f"price[{tea}, from 1]"
    assert first_price["changes"] == [{"field": key, "before": None, "after": "9.50"}]
    assert second_price["changes"] == [{"field": key, "before": "9.50", "after": "9.00"}]
    assert second_price["subjectId"] == list_id and second_price["subjectType"] == "PriceList"
    assert {"field": "name", "before": None, "after": "Net"} in created["changes"]
    for entry in entries:
        assert entry["actorId"] == gid("User", supplier.admin.id)
        assert entry["actorLabel"] == "admin@acme.test" and entry["actorRoles"] == ["ADMIN"]
        assert entry["clientAddress"] == "10.1.0.1"  # the test client's address
        assert entry["requestId"]


async def test_other_mutations_leave_a_plain_entry_and_refused_or_buyer_ones_none(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(supplier.admin.email)
    buyer_token = await client.token(buyer.email)
    added = await client.data(
        FAVORITE,
        {
            "input": {
                "supplierId": gid("Organization", supplier.org.id),
                "variantId": gid("Variant", variants["TEA-1"].id),
            }
        },
        token=buyer_token,
    )
    assert added["favoriteAdd"]["userErrors"] == []

    product_id = gid("Product", variants["TEA-1"].product_id)
    await client.data(PUBLISH, {"input": {"productId": product_id, "published": False}}, token=token)
    refused = await client.data(PUBLISH, {"input": {"productId": gid("Product", 999), "published": True}}, token=token)
    assert refused["productPublish"]["userErrors"] == [{"code": "NOT_FOUND"}]
    entries = (await _log(client, token))["nodes"]
    assert [(e["operation"], e["subjectId"], e["changes"]) for e in entries] == [("productPublish", product_id, [])]
    assert await AuditEntry.all().count() == 1  # nothing for the buyer's own favourites


async def test_an_app_token_is_the_actor_with_its_scopes(client):
    supplier = await make_supplier("acme")
    _, _, account = await make_buyer(supplier, "alpha")
    app_token = await create_api_token(supplier.org.id, "erp-sync", ["customers:write"])
    updated = await client.data(
        UPDATE_ACCOUNT,
        {"input": {"customerAccountId": gid("CustomerAccount", account.id), "creditLimit": "500"}},
        token=app_token,
    )
    assert updated["customerAccountUpdate"]["userErrors"] == []
    [entry] = (await _log(client, await client.token(supplier.admin.email), {"operation": "customerAccountUpdate"}))[
        "nodes"
    ]
    app_token_id = (await ApiToken.get(name="erp-sync")).id
    assert entry["actorId"] is None and entry["actorAppTokenId"] == gid("ApiToken", app_token_id)
    assert entry["actorLabel"] == "app erp-sync" and entry["actorRoles"] == ["customers:write"]
    assert entry["changes"] == [{"field": "credit_limit", "before": "0.00", "after": "500.00"}]


async def test_filters_by_actor_operation_subject_and_time(client):
    supplier, _, variants = await make_shop()
    _, _, alpha = await make_buyer(supplier, "alpha")
    _, _, beta = await make_buyer(supplier, "beta")
    await make_user(supplier.org, "finance@acme.test", {Role.FINANCE: None})
    admin_token = await client.token(supplier.admin.email)
    finance_token = await client.token("finance@acme.test")
    for token, account, limit in (
        (admin_token, alpha, "100"),
        (finance_token, beta, "200"),
        (finance_token, alpha, "300"),
    ):
        await client.data(
            UPDATE_ACCOUNT,
            {"input": {"customerAccountId": gid("CustomerAccount", account.id), "creditLimit": limit}},
            token=token,
        )
    await _price_list(client, admin_token, alpha.id)
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})

    def afters(page: dict) -> list:
        return [e["changes"][0]["after"] for e in page["nodes"]]

    by_finance = await _log(
        client, admin_token, {"actorId": gid("User", (await User.get(email="finance@acme.test")).id)}
    )
    assert afters(by_finance) == ["300.00", "200.00"] and by_finance["totalCount"] == 2
    by_subject = await _log(client, admin_token, {"subjectId": gid("CustomerAccount", alpha.id)})
    assert afters(by_subject) == ["300.00", "100.00"]
    by_operation = await _log(client, admin_token, {"operation": "priceListCreate"})
    assert [e["operation"] for e in by_operation["nodes"]] == ["priceListCreate"]
    assert (await _log(client, admin_token, {"actorId": gid("User", rep.id)}))["totalCount"] == 0
    now = utc_now()
    assert (await _log(client, admin_token, {"from": (now - timedelta(minutes=5)).isoformat()}))["totalCount"] == 4
    assert (await _log(client, admin_token, {"to": (now - timedelta(minutes=5)).isoformat()}))["totalCount"] == 0
    assert (await _log(client, admin_token, {"from": (now + timedelta(minutes=5)).isoformat()}))["totalCount"] == 0


async def test_only_the_organizations_admins_read_it_and_only_their_own(client):
    acme, _, variants = await make_shop("acme")
    other = await make_supplier("other")
    _, buyer, account = await make_buyer(acme, "alpha")
    await make_user(acme.org, "finance@acme.test", {Role.FINANCE: None})
    acme_token = await client.token(acme.admin.email)
    await client.data(
        UPDATE_ACCOUNT,
        {"input": {"customerAccountId": gid("CustomerAccount", account.id), "creditLimit": "100"}},
        token=acme_token,
    )
    app_token = await create_api_token(acme.org.id, "erp", ["customers:read", "customers:write"])
    for token in (await client.token("finance@acme.test"), await client.token(buyer.email), app_token):
        body = await client.execute(LOG, {"first": 5}, token=token)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await client.execute(LOG, {"first": 5})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    other_token = await client.token(other.admin.email)
    assert (await _log(client, other_token))["totalCount"] == 0
    foreign = await _log(client, other_token, {"subjectId": gid("CustomerAccount", account.id)})
    assert foreign == {"totalCount": 0, "nodes": []}
    assert (await _log(client, acme_token))["totalCount"] == 1


async def test_an_entry_is_never_changed_and_the_api_offers_no_way_to(client):
    supplier = await make_supplier("acme")
    principal = await principal_of(supplier.admin)
    async with audit.recording(principal, "customerAccountUpdate", "10.0.0.9", "r-1"):
        await note_changes("CustomerAccount", 7, {"credit_limit": ["0.00", "10.00"]})
    entry = await AuditEntry.get(organization_id=supplier.org.id)
    entry.changes = {"credit_limit": ["0.00", "99.00"]}
    with pytest.raises(AuditEntryImmutable):
        await entry.save()
    with pytest.raises(AuditEntryImmutable):
        await entry.delete()
    assert (await AuditEntry.get(id=entry.id)).changes == {"credit_limit": ["0.00", "10.00"]}
    introspection = await client.data('{ __type(name: "Mutation") { fields { name } } }')
    assert not [f["name"] for f in introspection["__type"]["fields"] if f["name"].lower().startswith("audit")]


async def test_a_note_is_written_in_the_transaction_of_its_change(client):
    supplier = await make_supplier("acme")
    principal = await principal_of(supplier.admin)
    async with audit.recording(principal, "customerAccountUpdate", None, None):
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await note_changes("CustomerAccount", 7, {"credit_limit": ["0.00", "10.00"]})
                assert await AuditEntry.all().count() == 1
                raise RuntimeError("the change fails after its note")
    assert await AuditEntry.all().count() == 0
    await note_changes("CustomerAccount", 7, {"credit_limit": ["0.00", "10.00"]})  # outside a recording
    assert await AuditEntry.all().count() == 0


async def test_a_page_of_the_log_costs_the_same_sql_for_2_entries_and_for_40(client, query_counter):
    supplier = await make_supplier("acme")
    principal = await principal_of(supplier.admin)
    token = await client.token(supplier.admin.email)
    measured = []
    for total in (2, 40):
        async with audit.recording(principal, "customerAccountUpdate", "10.0.0.9", None):
            for i in range(total - await AuditEntry.all().count()):
                await note_changes("CustomerAccount", i, {"credit_limit": ["0.00", f"{i}.00"]})
        query_counter.reset()
        page = await _log(client, token, first=50)
        measured.append((len(page["nodes"]), query_counter.count))
    assert [n for n, _ in measured] == [2, 40]
    assert measured[0][1] == measured[1][1], measured
