"""The demo data set: the users the README lists can log in and see what DESIGN.md promises."""

from __future__ import annotations

from app.accounts.models import CustomerAccount, Organization, User
from app.demo.seed import DEMO_PASSWORD, HUAXIN_BUYERS, HUAXIN_STAFF, RETAIL_BUYERS, seed_demo

ACCOUNTS = "{ customerAccounts(first: 100) { totalCount nodes { status tier supplier { code } buyer { code } salesRep { email } } } }"


async def test_seed_is_repeatable_and_every_demo_user_logs_in(client):
    await seed_demo()
    counts = (await Organization.all().count(), await User.all().count(), await CustomerAccount.all().count())
    await seed_demo()
    assert (await Organization.all().count(), await User.all().count(), await CustomerAccount.all().count()) == counts

    emails = [u.email for u in HUAXIN_STAFF] + [u.email for b in HUAXIN_BUYERS + RETAIL_BUYERS for u in b.users]
    emails.append("admin@dongfang.demo")
    for email in emails:
        assert await client.token(email, DEMO_PASSWORD), email


async def test_demo_accounts_follow_the_design(client):
    await seed_demo()
    admin = (await client.data(ACCOUNTS, token=await client.token("admin@huaxin.demo", DEMO_PASSWORD)))
    by_buyer = {n["buyer"]["code"]: n for n in admin["customerAccounts"]["nodes"]}
    assert by_buyer["dealer-a"]["tier"] == "A" and by_buyer["dealer-a"]["salesRep"]["email"] == "sales1@huaxin.demo"
    assert by_buyer["dealer-b"]["tier"] == "B" and by_buyer["dealer-b"]["salesRep"]["email"] == "sales2@huaxin.demo"
    assert [code for code, n in by_buyer.items() if n["status"] == "PENDING"] == ["dealer-e"]
    assert by_buyer["dongfang"]["status"] == "APPROVED"

    sales1 = await client.data(ACCOUNTS, token=await client.token("sales1@huaxin.demo", DEMO_PASSWORD))
    sales2 = await client.data(ACCOUNTS, token=await client.token("sales2@huaxin.demo", DEMO_PASSWORD))
    assert {n["buyer"]["code"] for n in sales1["customerAccounts"]["nodes"]} == {"dealer-a", "dealer-c", "dongfang"}
    assert {n["buyer"]["code"] for n in sales2["customerAccounts"]["nodes"]} == {"dealer-b", "dealer-d"}

    dongfang = await client.data(ACCOUNTS, token=await client.token("admin@dongfang.demo", DEMO_PASSWORD))
    sides = {(n["supplier"]["code"], n["buyer"]["code"]) for n in dongfang["customerAccounts"]["nodes"]}
    assert sides == {("huaxin", "dongfang"), ("dongfang", "retail-1")}

    retail = await client.data("{ suppliers { code } }", token=await client.token("buyer@retail-1.demo", DEMO_PASSWORD))
    assert retail == {"suppliers": [{"code": "dongfang"}]}
    pending = await client.data("{ suppliers { code } }", token=await client.token("buyer@dealer-e.demo", DEMO_PASSWORD))
    assert pending == {"suppliers": []}
