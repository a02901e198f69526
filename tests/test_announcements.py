"""Announcements (公告): who writes and publishes them, which buyers see them (targets, window,
publication), read status per user, the inbox entries publishing makes, isolation between
suppliers, and a page's SQL whatever its length."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.accounts.models import CustomerAccount, Role, User
from app.clock import utc_now
from app.errors import PermissionDenied
from app.notifications.models import Notification, NotificationKind
from app.outbox import OutboxEvent
from app.support import announcements
from app.support.models import AnnouncementKind
from tests.support import gid, make_buyer, make_supplier, make_user, principal_of
from tests.test_notifications import relay_all

CREATE = """
mutation ($input: AnnouncementCreateInput!) {
  announcementCreate(input: $input) { announcement { id title state } userErrors { field code } }
}
"""
PUBLISH = """
mutation ($id: ID!) {
  announcementPublish(input: {announcementId: $id}) { announcement { id state publishedAt } userErrors { field code } }
}
"""
UNPUBLISH = """
mutation ($id: ID!) { announcementUnpublish(input: {announcementId: $id}) { announcement { state } userErrors { code } } }
"""
UPDATE = """
mutation ($input: AnnouncementUpdateInput!) {
  announcementUpdate(input: $input) { announcement { title pinned targetTiers } userErrors { field code } }
}
"""
MARK_READ = """
mutation ($id: ID!) { announcementMarkRead(input: {announcementId: $id}) { announcement { id read } userErrors { code } } }
"""
LIST = """
query ($filter: AnnouncementFilter) {
  announcements(first: 50, filter: $filter) { totalCount nodes { id title pinned read state supplierName } }
}
"""


async def _notice(client, token: str, title: str, *, publish: bool = True, **fields) -> str:
    data = await client.data(CREATE, {"input": {"kind": "POLICY", "title": title, "body": "…", **fields}}, token)
    created = data["announcementCreate"]
    assert created["userErrors"] == []
    if publish:
        published = (await client.data(PUBLISH, {"id": created["announcement"]["id"]}, token))["announcementPublish"]
        assert published["userErrors"] == [], published
    return created["announcement"]["id"]


async def _titles(client, token: str, **filter_) -> list[str]:
    data = await client.data(LIST, {"filter": filter_ or None}, token)
    return [node["title"] for node in data["announcements"]["nodes"]]


@pytest.fixture
async def shop(client):
    """acme with alpha (tier A), beta (tier B) and gamma (tier B, group chain)."""
    supplier = await make_supplier("acme")
    await make_buyer(supplier, "alpha", tier="A")
    await make_buyer(supplier, "beta", tier="B")
    _, _, gamma = await make_buyer(supplier, "gamma", tier="B")
    await CustomerAccount.filter(id=gamma.id).update(customer_group="chain")
    tokens = {name: await client.token(f"buyer@{name}.test") for name in ("alpha", "beta", "gamma")}
    tokens["admin"] = await client.token("admin@acme.test")
    return supplier, tokens


async def test_a_buyer_sees_the_published_notices_aimed_at_its_tier_or_group_pinned_first(client, shop):
    _, tokens = shop
    admin = tokens["admin"]
    now = utc_now()
    await _notice(client, admin, "for everyone")
    await _notice(client, admin, "tier A only", targetTiers=["A"])
    await _notice(client, admin, "chain group", targetGroups=["chain"])
    await _notice(client, admin, "pinned for all", pinned=True)
    await _notice(client, admin, "still a draft", publish=False)
    await _notice(client, admin, "not yet", startsAt=(now + timedelta(days=1)).isoformat())
    await _notice(client, admin, "over", endsAt=(now - timedelta(minutes=1)).isoformat())
    await _notice(
        client,
        admin,
        "open window",
        startsAt=(now - timedelta(days=1)).isoformat(),
        endsAt=(now + timedelta(days=1)).isoformat(),
    )

    assert await _titles(client, tokens["alpha"]) == ["pinned for all", "open window", "tier A only", "for everyone"]
    assert await _titles(client, tokens["beta"]) == ["pinned for all", "open window", "for everyone"]
    assert await _titles(client, tokens["gamma"]) == ["pinned for all", "open window", "chain group", "for everyone"]
    supplier_view = (await client.data(LIST, {}, admin))["announcements"]
    assert supplier_view["totalCount"] == 8
    states = {node["title"]: node["state"] for node in supplier_view["nodes"]}
    assert states["still a draft"] == "DRAFT" and states["not yet"] == "SCHEDULED"
    assert states["over"] == "EXPIRED" and states["tier A only"] == "LIVE"


async def test_a_notice_of_another_tier_is_missing_by_id_and_cannot_be_marked_read(client, shop):
    _, tokens = shop
    tier_a = await _notice(client, tokens["admin"], "tier A only", targetTiers=["A"])
    node = "query ($id: ID!) { node(id: $id) { ... on Announcement { title } } }"
    assert (await client.data(node, {"id": tier_a}, tokens["alpha"]))["node"] == {"title": "tier A only"}
    assert (await client.data(node, {"id": tier_a}, tokens["beta"]))["node"] is None
    refused = (await client.data(MARK_READ, {"id": tier_a}, tokens["beta"]))["announcementMarkRead"]
    assert refused["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_read_status_is_per_user(client, shop):
    supplier, tokens = shop
    alpha_org = (await User.get(email="buyer@alpha.test").select_related("organization")).organization
    await make_user(alpha_org, "clerk@alpha.test", {Role.RECEIVER: None})
    clerk = await client.token("clerk@alpha.test")
    first = await _notice(client, tokens["admin"], "first")
    await _notice(client, tokens["admin"], "second")
    marked = (await client.data(MARK_READ, {"id": first}, tokens["alpha"]))["announcementMarkRead"]
    assert marked == {"announcement": {"id": first, "read": True}, "userErrors": []}
    again = (await client.data(MARK_READ, {"id": first}, tokens["alpha"]))["announcementMarkRead"]
    assert again["userErrors"] == []
    reads = {n["title"]: n["read"] for n in (await client.data(LIST, {}, tokens["alpha"]))["announcements"]["nodes"]}
    assert reads == {"first": True, "second": False}
    assert await _titles(client, tokens["alpha"], unreadOnly=True) == ["second"]
    assert await _titles(client, clerk, unreadOnly=True) == ["second", "first"]


async def test_publishing_tells_each_user_of_each_buyer_it_reaches_once(client, shop, settings):
    supplier, tokens = shop
    tier_a = await _notice(client, tokens["admin"], "tier A only", targetTiers=["A"])
    await _notice(client, tokens["admin"], "draft", publish=False)
    await relay_all(settings)
    entries = await Notification.filter(kind=NotificationKind.ANNOUNCEMENT).select_related("user")
    assert [(n.user.email, n.body) for n in entries] == [("buyer@alpha.test", "tier A only")]
    events = await OutboxEvent.filter(kind="announcement.published")
    assert [(e.subject_type, e.buyer_id) for e in events] == [
        ("Announcement", (await User.get(email="buyer@alpha.test")).organization_id)
    ]
    inbox = "{ notifications(first: 5) { nodes { kind title body subjectId } } }"
    alpha_inbox = (await client.data(inbox, None, tokens["alpha"]))["notifications"]["nodes"]
    assert {
        "kind": "ANNOUNCEMENT",
        "title": "New announcement",
        "body": "tier A only",
        "subjectId": tier_a,
    } in alpha_inbox
    assert all(
        n["kind"] != "ANNOUNCEMENT" for n in (await client.data(inbox, None, tokens["beta"]))["notifications"]["nodes"]
    )


async def test_unpublishing_hides_a_notice_and_publishing_twice_is_refused(client, shop):
    _, tokens = shop
    notice = await _notice(client, tokens["admin"], "news")
    twice = (await client.data(PUBLISH, {"id": notice}, tokens["admin"]))["announcementPublish"]
    assert twice["userErrors"] == [{"field": ["input", "announcementId"], "code": "INVALID_STATE"}]
    assert (await client.data(UNPUBLISH, {"id": notice}, tokens["admin"]))["announcementUnpublish"] == {
        "announcement": {"state": "DRAFT"},
        "userErrors": [],
    }
    assert await _titles(client, tokens["alpha"]) == []


async def test_editing_replaces_the_text_targets_and_pin(client, shop):
    _, tokens = shop
    notice = await _notice(client, tokens["admin"], "news")
    edit = {
        "announcementId": notice,
        "kind": "PRICE_CHANGE",
        "title": "new prices",
        "body": "up 3%",
        "targetTiers": ["B", " B ", ""],
        "pinned": True,
    }
    updated = (await client.data(UPDATE, {"input": edit}, tokens["admin"]))["announcementUpdate"]
    assert updated == {"announcement": {"title": "new prices", "pinned": True, "targetTiers": ["B"]}, "userErrors": []}
    assert await _titles(client, tokens["alpha"]) == []
    assert await _titles(client, tokens["beta"]) == ["new prices"]


async def test_bad_input_answers_user_errors(client, shop):
    _, tokens = shop
    now = utc_now()
    bad = {
        "kind": "OTHER",
        "title": " ",
        "body": "x" * 5001,
        "targetTiers": [f"T{i}" for i in range(21)],
        "startsAt": now.isoformat(),
        "endsAt": (now - timedelta(hours=1)).isoformat(),
    }
    errors = (await client.data(CREATE, {"input": bad}, tokens["admin"]))["announcementCreate"]["userErrors"]
    assert sorted((e["field"][-1], e["code"]) for e in errors) == [
        ("body", "TOO_LONG"),
        ("endsAt", "INVALID"),
        ("targetTiers", "OUT_OF_RANGE"),
        ("title", "REQUIRED"),
    ]


async def test_only_the_suppliers_admins_write_notices(client, shop):
    supplier, tokens = shop
    for role in (Role.SALES, Role.SERVICE, Role.FINANCE):
        user = await make_user(supplier.org, f"{role.value.lower()}@acme.test", {role: None})
        token = await client.token(user.email)
        body = await client.execute(CREATE, {"input": {"kind": "OTHER", "title": "t", "body": "b"}}, token)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
        with pytest.raises(PermissionDenied):
            await announcements.create(
                await principal_of(user), announcements.AnnouncementInput(AnnouncementKind.OTHER, "t", "b")
            )
        assert len((await client.data(LIST, {}, token))["announcements"]["nodes"]) == 0
    body = await client.execute(CREATE, {"input": {"kind": "OTHER", "title": "t", "body": "b"}}, tokens["alpha"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_suppliers_notices_are_neither_seen_nor_touched(client, shop):
    _, tokens = shop
    mine = await _notice(client, tokens["admin"], "acme news")
    other = await make_supplier("rival")
    await make_buyer(other, "alpha2", tier="A")
    rival = await client.token("admin@rival.test")
    await _notice(client, rival, "rival news")
    assert await _titles(client, rival) == ["rival news"]
    assert await _titles(client, tokens["alpha"]) == ["acme news"]
    assert await _titles(client, await client.token("buyer@alpha2.test")) == ["rival news"]
    for mutation, field in ((PUBLISH, "announcementPublish"), (UNPUBLISH, "announcementUnpublish")):
        answer = (await client.data(mutation, {"id": mine}, rival))[field]
        assert answer["userErrors"][0]["code"] == "NOT_FOUND"
    edit = {"announcementId": mine, "kind": "OTHER", "title": "hijacked", "body": "b"}
    assert (await client.data(UPDATE, {"input": edit}, rival))["announcementUpdate"]["userErrors"][0][
        "code"
    ] == "NOT_FOUND"


async def test_a_distributor_sees_its_own_notices_and_its_suppliers_apart(client, shop):
    supplier, tokens = shop
    distributor = await make_supplier("east", also_buys=True)
    from app.accounts import service as accounts_service

    await accounts_service.register_buyer(
        await principal_of(distributor.admin),
        accounts_service.Registration(supplier_id=supplier.org.id, company_name=None, contact_name=None, user=None),
    )
    account = await CustomerAccount.get(buyer_id=distributor.org.id)
    terms = {"tier": "A"}
    await accounts_service.approve_customer_account(
        await principal_of(supplier.admin),
        account.id,
        accounts_service.CustomerTerms(**terms, fields_set=frozenset(terms)),
    )
    await _notice(client, tokens["admin"], "from acme", targetTiers=["A"])
    east = await client.token("admin@east.test")
    await _notice(client, east, "from east")
    assert await _titles(client, east) == ["from east", "from acme"]
    assert await _titles(client, east, supplierId=gid("Organization", supplier.org.id)) == ["from acme"]
    assert await _titles(client, east, supplierId=gid("Organization", distributor.org.id)) == ["from east"]


async def test_a_page_of_notices_costs_the_same_sql_for_3_and_for_12(client, shop, query_counter):
    _, tokens = shop
    counts = {}
    for total in (3, 12):
        while len(await _titles(client, tokens["admin"])) < total:
            await _notice(client, tokens["admin"], f"n{total}", pinned=total % 2 == 0)
        for who in ("admin", "alpha"):
            query_counter.reset()
            data = await client.data(LIST, {}, tokens[who])
            assert data["announcements"]["totalCount"] == total
            counts[(who, total)] = query_counter.count
    assert counts[("admin", 3)] == counts[("admin", 12)]
    assert counts[("alpha", 3)] == counts[("alpha", 12)]
