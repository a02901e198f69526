"""Buyer registration (新客户审核): register → pending → approved by the supplier → ordering."""

from __future__ import annotations

from app.accounts.models import CustomerAccount, Organization, Role, User
from tests.support import PASSWORD, gid, make_buyer, make_supplier, make_user

REGISTER = """
mutation Register($input: BuyerRegisterInput!) {
  buyerRegister(input: $input) {
    customerAccount { id status supplier { name } buyer { name } }
    user { email }
    userErrors { field code message }
  }
}
"""

APPROVE = """
mutation Approve($input: CustomerAccountApproveInput!) {
  customerAccountApprove(input: $input) {
    customerAccount { id status tier customerGroup paymentTermsDays creditLimit { amount currency }
                      salesRep { email } }
    userErrors { field code message }
  }
}
"""

MY_ACCOUNTS = "{ suppliers { name } customerAccounts { totalCount nodes { status supplier { name } } } }"


def registration(supplier_id: str, **overrides) -> dict:
    data = {
        "supplierId": supplier_id,
        "companyName": "Golden Harvest Retail",
        "contactName": "Lin",
        "region": "East/Shanghai",
        "user": {"name": "Lin", "email": "lin@golden.test", "password": PASSWORD},
    }
    data.update(overrides)
    return data


async def test_registration_then_approval_then_login(client):
    supplier = await make_supplier("acme")
    sales = await make_user(supplier.org, "sales@acme.test", {Role.SALES: None})

    registered = (await client.data(REGISTER, {"input": registration(gid("Organization", supplier.org.id))}))[
        "buyerRegister"
    ]
    assert registered["userErrors"] == []
    assert registered["customerAccount"]["status"] == "PENDING"
    assert registered["customerAccount"]["buyer"]["name"] == "Golden Harvest Retail"
    assert registered["user"] == {"email": "lin@golden.test"}

    buyer_token = await client.token("lin@golden.test")
    pending = await client.data(MY_ACCOUNTS, token=buyer_token)
    assert pending["suppliers"] == []
    assert pending["customerAccounts"]["nodes"] == [{"status": "PENDING", "supplier": {"name": "Acme Supplies"}}]

    admin_token = await client.token("admin@acme.test")
    approved = (
        await client.data(
            APPROVE,
            {
                "input": {
                    "customerAccountId": registered["customerAccount"]["id"],
                    "tier": "A",
                    "customerGroup": "chain",
                    "salesRepId": gid("User", sales.id),
                    "creditLimit": "50000.00",
                    "paymentTermsDays": 30,
                }
            },
            token=admin_token,
        )
    )["customerAccountApprove"]
    assert approved["userErrors"] == []
    assert approved["customerAccount"] == {
        "id": registered["customerAccount"]["id"],
        "status": "APPROVED",
        "tier": "A",
        "customerGroup": "chain",
        "paymentTermsDays": 30,
        "creditLimit": {"amount": "50000.00", "currency": "CNY"},
        "salesRep": {"email": "sales@acme.test"},
    }

    after = await client.data(MY_ACCOUNTS, token=buyer_token)
    assert after["suppliers"] == [{"name": "Acme Supplies"}]
    assert after["customerAccounts"]["nodes"][0]["status"] == "APPROVED"


async def test_registration_rejects_bad_input_and_writes_nothing(client):
    supplier = await make_supplier("acme")
    supplier_id = gid("Organization", supplier.org.id)
    cases = [
        (registration(supplier_id, companyName=""), ["input", "companyName"], "REQUIRED"),
        (registration(supplier_id, companyName="x" * 201), ["input", "companyName"], "TOO_LONG"),
        (
            registration(supplier_id, user={"name": "Lin", "email": "not-an-email", "password": PASSWORD}),
            ["input", "user", "email"],
            "INVALID",
        ),
        (
            registration(supplier_id, user={"name": "Lin", "email": "lin@golden.test", "password": ""}),
            ["input", "user", "password"],
            "REQUIRED",
        ),
        (
            registration(supplier_id, user={"name": "Lin", "email": "lin@golden.test", "password": "1234567"}),
            ["input", "user", "password"],
            "PASSWORD_TOO_WEAK",
        ),
        (
            registration(supplier_id, user={"name": "Lin", "password": PASSWORD}),
            ["input", "user", "email"],
            "REQUIRED",
        ),
        (
            registration(supplier_id, user={"name": "Lin", "email": "admin@acme.test", "password": PASSWORD}),
            ["input", "user", "email"],
            "ALREADY_EXISTS",
        ),
        (registration("not-an-id"), ["input", "supplierId"], "INVALID_ID"),
        (registration(gid("User", supplier.admin.id)), ["input", "supplierId"], "INVALID_ID"),
        (registration(gid("Organization", 999999)), ["input", "supplierId"], "NOT_FOUND"),
        (registration(supplier_id, note="n" * 1001), ["input", "note"], "TOO_LONG"),
    ]
    for data, field, code in cases:
        result = (await client.data(REGISTER, {"input": data}))["buyerRegister"]
        assert result["customerAccount"] is None
        assert (field, code) in [(e["field"], e["code"]) for e in result["userErrors"]], (data, result)
    assert await Organization.all().count() == 1
    assert await User.all().count() == 1
    assert await CustomerAccount.all().count() == 0


async def test_a_buyer_cannot_register_twice_with_the_same_supplier(client):
    supplier = await make_supplier("acme")
    other = await make_supplier("other")
    _, buyer_user, _ = await make_buyer(supplier, "golden")
    token = await client.token(buyer_user.email)

    again = await client.data(REGISTER, {"input": {"supplierId": gid("Organization", supplier.org.id)}}, token=token)
    assert again["buyerRegister"]["userErrors"][0]["code"] == "ALREADY_EXISTS"

    applied = await client.data(REGISTER, {"input": {"supplierId": gid("Organization", other.org.id)}}, token=token)
    assert applied["buyerRegister"]["userErrors"] == []
    assert applied["buyerRegister"]["customerAccount"]["status"] == "PENDING"
    assert applied["buyerRegister"]["customerAccount"]["buyer"]["name"] == "Golden Trading"


async def test_closed_registration_is_refused(client):
    supplier = await make_supplier("acme")
    supplier.org.registration_open = False
    await supplier.org.save()
    result = await client.data(REGISTER, {"input": registration(gid("Organization", supplier.org.id))})
    assert result["buyerRegister"]["userErrors"][0]["code"] == "REGISTRATION_CLOSED"


async def test_reject_and_suspend_need_a_reason_and_follow_the_status_rules(client):
    supplier = await make_supplier("acme")
    _, _, pending = await make_buyer(supplier, "pending", approve=False)
    _, _, active = await make_buyer(supplier, "active")
    token = await client.token("admin@acme.test")
    reject = """mutation R($id: ID!, $reason: String!) {
      customerAccountReject(input: {customerAccountId: $id, reason: $reason}) {
        customerAccount { status statusReason } userErrors { field code } } }"""
    suspend = reject.replace("customerAccountReject", "customerAccountSuspend")

    blank = await client.data(reject, {"id": gid("CustomerAccount", pending.id), "reason": "  "}, token=token)
    assert blank["customerAccountReject"]["userErrors"] == [{"field": ["input", "reason"], "code": "REQUIRED"}]
    wrong_state = await client.data(reject, {"id": gid("CustomerAccount", active.id), "reason": "no"}, token=token)
    assert wrong_state["customerAccountReject"]["userErrors"] == [
        {"field": ["input", "customerAccountId"], "code": "INVALID_STATE"}
    ]
    rejected = await client.data(
        reject, {"id": gid("CustomerAccount", pending.id), "reason": "outside our area"}, token=token
    )
    assert rejected["customerAccountReject"]["customerAccount"] == {
        "status": "REJECTED",
        "statusReason": "outside our area",
    }
    suspended = await client.data(
        suspend, {"id": gid("CustomerAccount", active.id), "reason": "overdue invoices"}, token=token
    )
    assert suspended["customerAccountSuspend"]["customerAccount"]["status"] == "SUSPENDED"

    reinstated = await client.data(
        APPROVE, {"input": {"customerAccountId": gid("CustomerAccount", active.id)}}, token=token
    )
    assert reinstated["customerAccountApprove"]["customerAccount"]["status"] == "APPROVED"
    again = await client.data(APPROVE, {"input": {"customerAccountId": gid("CustomerAccount", active.id)}}, token=token)
    assert again["customerAccountApprove"]["userErrors"][0]["code"] == "INVALID_STATE"


async def test_only_supplier_admins_approve(client):
    supplier = await make_supplier("acme")
    sales = await make_user(supplier.org, "sales@acme.test", {Role.SALES: None})
    _, buyer_user, pending = await make_buyer(supplier, "golden", approve=False)
    await pending.__class__.filter(id=pending.id).update(sales_rep_id=sales.id)
    variables = {"input": {"customerAccountId": gid("CustomerAccount", pending.id)}}

    for login in ("sales@acme.test", buyer_user.email):
        body = await client.execute(APPROVE, variables, token=await client.token(login))
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", login
    body = await client.execute(APPROVE, variables)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await CustomerAccount.get(id=pending.id)).status == "PENDING"


async def test_approval_validates_terms(client):
    supplier = await make_supplier("acme")
    other = await make_supplier("other")
    foreign_sales = await make_user(other.org, "sales@other.test", {Role.SALES: None})
    warehouse = await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, _, pending = await make_buyer(supplier, "golden", approve=False)
    token = await client.token("admin@acme.test")
    account_id = gid("CustomerAccount", pending.id)
    cases = [
        ({"creditLimit": "-1"}, "creditLimit", "OUT_OF_RANGE"),
        ({"creditLimit": "10.001"}, "creditLimit", "INVALID"),
        ({"paymentTermsDays": 400}, "paymentTermsDays", "OUT_OF_RANGE"),
        ({"tier": "T" * 33}, "tier", "TOO_LONG"),
        ({"salesRepId": gid("User", foreign_sales.id)}, "salesRepId", "NOT_FOUND"),
        ({"salesRepId": gid("User", warehouse.id)}, "salesRepId", "NOT_FOUND"),
        ({"salesRepId": "bogus"}, "salesRepId", "INVALID_ID"),
    ]
    for terms, field, code in cases:
        result = await client.data(APPROVE, {"input": {"customerAccountId": account_id, **terms}}, token=token)
        assert result["customerAccountApprove"]["userErrors"] == [
            {
                "field": ["input", field],
                "code": code,
                "message": result["customerAccountApprove"]["userErrors"][0]["message"],
            }
        ], terms
    assert (await CustomerAccount.get(id=pending.id)).status == "PENDING"
    bad_decimal = await client.execute(
        APPROVE, {"input": {"customerAccountId": account_id, "creditLimit": "lots"}}, token=token
    )
    assert "errors" in bad_decimal and bad_decimal.get("data") is None
