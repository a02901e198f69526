"""An organization's users through the API: the admins list, invite, create, deactivate and
reactivate them, set their roles and a sales rep's customers, send a password reset; the
invitee accepts. The rules: roles of the organization's side, nobody raises their own rights,
the last admin stays (also when two admins demote each other at once), apps manage no users."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from app.accounts import users
from app.accounts.auth import create_api_token
from app.accounts.models import CustomerAccount, Role, User, UserInvitation, UserStatus
from app.accounts.permissions import Scope
from app.messaging import OutboundMessage
from app.settings import get_settings
from tests.support import PASSWORD, gid, make_buyer, make_supplier, make_user

USER_FIELDS = "id name email phone status roles approvalLevel"
ERRORS = "userErrors { field code message }"

USERS = f"""query Users($filter: UserFilter, $first: Int, $after: String) {{
  users(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {USER_FIELDS} organization {{ name }} }} }} }} }}"""
INVITE = (
    f"""mutation I($input: UserInviteInput!) {{ userInvite(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
)
RESEND = f"""mutation R($input: UserResendInvitationInput!) {{
  userResendInvitation(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
ACCEPT = f"""mutation A($input: InvitationAcceptInput!) {{
  invitationAccept(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
CREATE = (
    f"""mutation C($input: UserCreateInput!) {{ userCreate(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
)
DEACTIVATE = f"""mutation D($input: UserDeactivateInput!) {{
  userDeactivate(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
REACTIVATE = f"""mutation E($input: UserReactivateInput!) {{
  userReactivate(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
SET_ROLES = f"""mutation S($input: UserSetRolesInput!) {{
  userSetRoles(input: $input) {{ user {{ {USER_FIELDS} }} {ERRORS} }} }}"""
ASSIGN = f"""mutation G($input: UserAssignCustomerAccountsInput!) {{
  userAssignCustomerAccounts(input: $input) {{ user {{ id }} customerAccounts {{ id salesRep {{ id }} }} {ERRORS} }} }}"""
SEND_RESET = f"""mutation P($input: UserSendPasswordResetInput!) {{
  userSendPasswordReset(input: $input) {{ user {{ id }} {ERRORS} }} }}"""
VIEWER = "{ viewer { user { email } roles approvalLevel } }"
ACCOUNTS = "{ customerAccounts(first: 50) { edges { node { id buyer { code } } } } }"


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


def error_code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


def link_token(body: str) -> str:
    match = re.search(re.escape(get_settings().public_url) + r"/invite/([A-Za-z0-9_\-]+)", body)
    assert match, body
    return match.group(1)


async def invitation_token(recipient: str) -> str:
    message = await OutboundMessage.filter(recipient=recipient, kind="user_invitation").order_by("-id").first()
    assert message is not None, f"no invitation went to {recipient}"
    return link_token(message.body)


async def test_an_admin_lists_its_organizations_users_filtered_in_constant_sql(client, query_counter):
    supplier = await make_supplier("acme")
    await make_user(supplier.org, "sales@acme.test", {Role.SALES: None})
    other = await make_supplier("other")
    await make_user(other.org, "sales@other.test", {Role.SALES: None})
    admin = await client.token("admin@acme.test")
    await client.data(INVITE, {"input": {"email": "new@acme.test", "roles": [{"role": "SALES"}]}}, token=admin)

    query_counter.reset()
    listed = (await client.data(USERS, token=admin))["users"]
    small = query_counter.count
    assert listed["totalCount"] == 3
    assert [(e["node"]["email"], e["node"]["status"], e["node"]["roles"]) for e in listed["edges"]] == [
        ("admin@acme.test", "ACTIVE", ["ADMIN"]),
        ("sales@acme.test", "ACTIVE", ["SALES"]),
        ("new@acme.test", "INVITED", ["SALES"]),
    ]
    for n in range(20):
        await make_user(supplier.org, f"s{n}@acme.test", {Role.SALES: None, Role.APPROVER: 2})
        await client.data(INVITE, {"input": {"email": f"i{n}@acme.test", "roles": [{"role": "SALES"}]}}, token=admin)
    query_counter.reset()
    large = (await client.data(USERS, {"first": 100}, token=admin))["users"]
    assert len(large["edges"]) == 43 and query_counter.count == small, query_counter.statements
    assert small <= 7, query_counter.statements  # the caller (2), the page, organizations, roles, invitations, count
    invited = (await client.data(USERS, {"filter": {"status": ["INVITED"]}, "first": 100}, token=admin))["users"]
    assert invited["totalCount"] == 21 and {e["node"]["status"] for e in invited["edges"]} == {"INVITED"}

    sales = (await client.data(USERS, {"filter": {"role": "SALES", "search": "S1"}}, token=admin))["users"]
    assert sorted(e["node"]["email"] for e in sales["edges"]) == sorted(
        ["s1@acme.test"] + [f"s1{n}@acme.test" for n in range(10)]
    )
    active_or_off = {"filter": {"status": ["ACTIVE", "DEACTIVATED"]}, "first": 100}
    assert (await client.data(USERS, active_or_off, token=admin))["users"]["totalCount"] == 22
    page = (await client.data(USERS, {"first": 5}, token=admin))["users"]
    assert len(page["edges"]) == 5 and page["pageInfo"]["hasNextPage"]

    rep = await client.token("sales@acme.test")
    assert error_code(await client.execute(USERS, token=rep)) == "FORBIDDEN"
    app = await create_api_token(supplier.org.id, "erp", [s.value for s in Scope])
    assert error_code(await client.execute(USERS, token=app)) == "FORBIDDEN"
    assert error_code(await client.execute(USERS)) == "UNAUTHENTICATED"


async def test_an_invitation_goes_by_link_and_the_invitee_joins_with_its_own_password(client):
    supplier = await make_supplier("acme")
    admin = await client.token("admin@acme.test")
    invited = (
        await client.data(
            INVITE,
            {"input": {"email": "New.Rep@Acme.test", "roles": [{"role": "SALES"}, {"role": "APPROVER"}]}},
            token=admin,
        )
    )["userInvite"]
    assert invited["userErrors"] == []
    user = invited["user"]
    assert (user["email"], user["status"], user["roles"], user["approvalLevel"]) == (
        "new.rep@acme.test",
        "INVITED",
        ["APPROVER", "SALES"],
        1,
    )
    message = await OutboundMessage.get(recipient="new.rep@acme.test", kind="user_invitation")
    assert message.channel == "email" and supplier.org.name in message.subject
    first_token = link_token(message.body)
    stored = await UserInvitation.get(user__email="new.rep@acme.test")
    assert stored.token_hash != first_token and first_token not in stored.token_hash

    # not yet a user who signs in
    refused = await client.execute(
        'mutation { login(input: {login: "new.rep@acme.test", password: "whatever-1"}) { userErrors { code } } }'
    )
    assert refused["data"]["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"

    # a resent link replaces the first one
    resent = (await client.data(RESEND, {"input": {"userId": user["id"]}}, token=admin))["userResendInvitation"]
    assert resent["userErrors"] == []
    token = await invitation_token("new.rep@acme.test")
    assert token != first_token
    stale = await client.data(ACCEPT, {"input": {"token": first_token, "password": PASSWORD, "name": "Rep"}})
    assert codes(stale["invitationAccept"]) == [(["input", "token"], "INVALID_TOKEN")]

    nameless = (await client.data(ACCEPT, {"input": {"token": token, "password": PASSWORD}}))["invitationAccept"]
    assert codes(nameless) == [(["input", "name"], "REQUIRED")]
    weak = await client.data(ACCEPT, {"input": {"token": token, "password": "short", "name": "Rep"}})
    assert codes(weak["invitationAccept"]) == [(["input", "password"], "PASSWORD_TOO_WEAK")]
    accepted = (await client.data(ACCEPT, {"input": {"token": token, "password": PASSWORD, "name": "Wang Rep"}}))[
        "invitationAccept"
    ]
    assert accepted["userErrors"] == []
    assert (accepted["user"]["name"], accepted["user"]["status"]) == ("Wang Rep", "ACTIVE")
    again = await client.data(ACCEPT, {"input": {"token": token, "password": PASSWORD, "name": "X"}})
    assert codes(again["invitationAccept"]) == [(["input", "token"], "INVALID_TOKEN")]

    joined = await client.token("new.rep@acme.test")
    viewer = (await client.data(VIEWER, token=joined))["viewer"]
    assert viewer == {"user": {"email": "new.rep@acme.test"}, "roles": ["APPROVER", "SALES"], "approvalLevel": 1}
    not_invited = (await client.data(RESEND, {"input": {"userId": user["id"]}}, token=admin))["userResendInvitation"]
    assert codes(not_invited) == [(["input", "userId"], "INVALID_STATE")]


async def test_an_invitation_by_phone_goes_by_sms_and_expires(client):
    await make_supplier("acme")
    buyer_supplier = await make_supplier("brand")
    _, buyer_admin, _ = await make_buyer(buyer_supplier, "shop")
    token = await client.token(buyer_admin.email)
    invited = (
        await client.data(
            INVITE,
            {"input": {"phone": "138 0013 8000", "name": "Receiver", "roles": [{"role": "RECEIVER"}]}},
            token=token,
        )
    )["userInvite"]
    assert invited["userErrors"] == [] and invited["user"]["phone"] == "13800138000"
    message = await OutboundMessage.get(kind="user_invitation")
    assert (message.channel, message.recipient) == ("sms", "13800138000")
    assert link_token(message.body)


async def test_invitation_input_is_checked(client):
    await make_supplier("acme")
    admin = await client.token("admin@acme.test")
    nowhere = await client.data(INVITE, {"input": {"name": "X", "roles": [{"role": "SALES"}]}}, token=admin)
    assert codes(nowhere["userInvite"]) == [(["input", "email"], "REQUIRED")]
    taken = await client.data(
        INVITE, {"input": {"email": "admin@acme.test", "roles": [{"role": "SALES"}]}}, token=admin
    )
    assert codes(taken["userInvite"]) == [(["input", "email"], "ALREADY_EXISTS")]
    bad = await client.data(
        INVITE,
        {"input": {"email": "not-an-email", "roles": [{"role": "PURCHASER"}, {"role": "SALES", "approvalLevel": 2}]}},
        token=admin,
    )
    assert codes(bad["userInvite"]) == [
        (["input", "email"], "INVALID"),
        (["input", "roles", "0", "role"], "ROLE_NOT_ALLOWED"),
        (["input", "roles", "1", "approvalLevel"], "INVALID"),
    ]
    assert await User.all().count() == 1
    assert await OutboundMessage.all().count() == 0


async def test_roles_must_belong_to_the_organizations_side(client):
    supplier = await make_supplier("acme")
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    _, buyer_admin, _ = await make_buyer(supplier, "shop")
    supplier_admin = await client.token("admin@acme.test")
    buyer_token = await client.token(buyer_admin.email)

    for_buyer = (
        await client.data(
            CREATE,
            {
                "input": {
                    "name": "Clerk",
                    "email": "clerk@shop.test",
                    "password": PASSWORD,
                    "roles": [{"role": "SALES"}, {"role": "PURCHASER"}],
                }
            },
            token=buyer_token,
        )
    )["userCreate"]
    assert codes(for_buyer) == [(["input", "roles", "0", "role"], "ROLE_NOT_ALLOWED")]
    created = (
        await client.data(
            CREATE,
            {
                "input": {
                    "name": "Clerk",
                    "email": "clerk@shop.test",
                    "password": PASSWORD,
                    "roles": [{"role": "PURCHASER"}],
                }
            },
            token=buyer_token,
        )
    )["userCreate"]
    assert created["userErrors"] == [] and created["user"]["status"] == "ACTIVE"
    assert await client.token("clerk@shop.test")

    levels = (
        await client.data(
            SET_ROLES,
            {
                "input": {
                    "userId": gid("User", rep.id),
                    "roles": [{"role": "APPROVER", "approvalLevel": 10}, {"role": "APPROVER"}, {"role": "RECEIVER"}],
                }
            },
            token=supplier_admin,
        )
    )["userSetRoles"]
    assert codes(levels) == [
        (["input", "roles", "0", "approvalLevel"], "OUT_OF_RANGE"),
        (["input", "roles", "1", "role"], "DUPLICATE"),
        (["input", "roles", "2", "role"], "ROLE_NOT_ALLOWED"),
    ]
    approver = (
        await client.data(
            SET_ROLES,
            {"input": {"userId": gid("User", rep.id), "roles": [{"role": "APPROVER", "approvalLevel": 2}]}},
            token=supplier_admin,
        )
    )["userSetRoles"]
    assert approver["user"]["roles"] == ["APPROVER"] and approver["user"]["approvalLevel"] == 2
    # a user of another organization answers like a missing one
    foreign = (
        await client.data(
            SET_ROLES,
            {"input": {"userId": gid("User", buyer_admin.id), "roles": [{"role": "SALES"}]}},
            token=supplier_admin,
        )
    )["userSetRoles"]
    assert codes(foreign) == [(["input", "userId"], "NOT_FOUND")]


async def test_nobody_raises_their_own_rights_and_the_last_admin_stays(client):
    supplier = await make_supplier("acme")
    admin = await client.token("admin@acme.test")
    me = gid("User", supplier.admin.id)
    raise_self = (
        await client.data(
            SET_ROLES, {"input": {"userId": me, "roles": [{"role": "ADMIN"}, {"role": "APPROVER"}]}}, token=admin
        )
    )["userSetRoles"]
    assert codes(raise_self) == [(["input", "roles"], "OWN_USER")]
    drop_last = await client.data(SET_ROLES, {"input": {"userId": me, "roles": [{"role": "SALES"}]}}, token=admin)
    assert codes(drop_last["userSetRoles"]) == [(["input", "roles"], "OWN_USER")]  # SALES would be new
    demote_last = await client.data(SET_ROLES, {"input": {"userId": me, "roles": []}}, token=admin)
    assert codes(demote_last["userSetRoles"]) == [(["input", "roles"], "REQUIRED")]
    self_off = (await client.data(DEACTIVATE, {"input": {"userId": me}}, token=admin))["userDeactivate"]
    assert codes(self_off) == [(["input", "userId"], "OWN_USER")]

    # an admin with an extra role may give it up, but never the last ADMIN
    second = await make_user(supplier.org, "boss@acme.test", {Role.ADMIN: None, Role.FINANCE: None, Role.SERVICE: None})
    boss = await client.token("boss@acme.test")
    them = gid("User", second.id)
    lowered = await client.data(
        SET_ROLES, {"input": {"userId": them, "roles": [{"role": "ADMIN"}, {"role": "FINANCE"}]}}, token=boss
    )
    assert lowered["userSetRoles"]["userErrors"] == []
    assert lowered["userSetRoles"]["user"]["roles"] == ["ADMIN", "FINANCE"]
    demoted = await client.data(SET_ROLES, {"input": {"userId": me, "roles": [{"role": "FINANCE"}]}}, token=boss)
    assert demoted["userSetRoles"]["userErrors"] == []
    last = await client.data(SET_ROLES, {"input": {"userId": them, "roles": [{"role": "FINANCE"}]}}, token=boss)
    assert codes(last["userSetRoles"]) == [(["input", "userId"], "LAST_ADMIN")]
    # the demoted admin manages users no more
    assert error_code(await client.execute(USERS, token=admin)) == "FORBIDDEN"
    assert (await client.data(VIEWER, token=boss))["viewer"]["roles"] == ["ADMIN", "FINANCE"]


async def test_deactivation_ends_sessions_and_reactivation_lets_the_user_back(client):
    supplier = await make_supplier("acme")
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    admin = await client.token("admin@acme.test")
    session = await client.login("rep@acme.test")
    assert (await client.data(VIEWER, token=session["token"]))["viewer"]["user"]["email"] == "rep@acme.test"

    off = (await client.data(DEACTIVATE, {"input": {"userId": gid("User", rep.id)}}, token=admin))["userDeactivate"]
    assert off["userErrors"] == [] and off["user"]["status"] == "DEACTIVATED"
    assert error_code(await client.execute(VIEWER, token=session["token"])) == "UNAUTHENTICATED"
    renewed = await client.execute(
        "mutation R($t: String!) { tokenRefresh(input: {refreshToken: $t}) { token userErrors { code } } }",
        {"t": session["refreshToken"]},
    )
    assert renewed["data"]["tokenRefresh"]["userErrors"][0]["code"] == "INVALID_TOKEN"
    login = await client.execute(
        'mutation { login(input: {login: "rep@acme.test", password: "%s"}) { userErrors { code } } }' % PASSWORD
    )
    assert login["data"]["login"]["userErrors"][0]["code"] == "USER_DISABLED"
    twice = (await client.data(DEACTIVATE, {"input": {"userId": gid("User", rep.id)}}, token=admin))["userDeactivate"]
    assert codes(twice) == [(["input", "userId"], "INVALID_STATE")]
    listed = (await client.data(USERS, {"filter": {"status": ["DEACTIVATED"]}}, token=admin))["users"]
    assert [e["node"]["email"] for e in listed["edges"]] == ["rep@acme.test"]

    on = (await client.data(REACTIVATE, {"input": {"userId": gid("User", rep.id)}}, token=admin))["userReactivate"]
    assert on["userErrors"] == [] and on["user"]["status"] == "ACTIVE"
    assert await client.token("rep@acme.test")
    active = await client.data(REACTIVATE, {"input": {"userId": gid("User", rep.id)}}, token=admin)
    assert codes(active["userReactivate"]) == [(["input", "userId"], "INVALID_STATE")]

    # an invited user deactivated loses its link, and comes back INVITED
    await client.data(INVITE, {"input": {"email": "late@acme.test", "roles": [{"role": "SERVICE"}]}}, token=admin)
    late = await User.get(email="late@acme.test")
    link = await invitation_token("late@acme.test")
    await client.data(DEACTIVATE, {"input": {"userId": gid("User", late.id)}}, token=admin)
    dead = await client.data(ACCEPT, {"input": {"token": link, "password": PASSWORD, "name": "Late"}})
    assert codes(dead["invitationAccept"]) == [(["input", "token"], "INVALID_TOKEN")]
    back = (await client.data(REACTIVATE, {"input": {"userId": gid("User", late.id)}}, token=admin))["userReactivate"]
    assert back["user"]["status"] == "INVITED"
    fresh = await invitation_token("late@acme.test")
    assert fresh != link
    joined = await client.data(ACCEPT, {"input": {"token": fresh, "password": PASSWORD, "name": "Late"}})
    assert joined["invitationAccept"]["user"]["status"] == "ACTIVE"


async def test_only_admins_manage_users_and_never_an_app(client):
    supplier = await make_supplier("acme")
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None, Role.FINANCE: None})
    rep_token = await client.token("rep@acme.test")
    app = await create_api_token(supplier.org.id, "erp", [s.value for s in Scope])
    target = {"userId": gid("User", rep.id)}
    attempts = [
        (INVITE, {"email": "x@acme.test", "roles": [{"role": "SALES"}]}),
        (CREATE, {"name": "X", "email": "x@acme.test", "password": PASSWORD, "roles": [{"role": "SALES"}]}),
        (DEACTIVATE, target),
        (REACTIVATE, target),
        (RESEND, target),
        (SET_ROLES, {**target, "roles": [{"role": "ADMIN"}]}),
        (ASSIGN, {**target, "customerAccountIds": []}),
        (SEND_RESET, target),
    ]
    for mutation, data in attempts:
        for token in (rep_token, app):
            body = await client.execute(mutation, {"input": data}, token=token)
            assert error_code(body) == "FORBIDDEN", (mutation, body)
        assert error_code(await client.execute(mutation, {"input": data})) == "UNAUTHENTICATED"
    assert await User.filter(email="x@acme.test").count() == 0
    assert sorted(await role_names(rep.id)) == ["FINANCE", "SALES"]


async def role_names(user_id: int) -> list[str]:
    from app.accounts.models import UserRole

    return [r.value for r in await UserRole.filter(user_id=user_id).values_list("role", flat=True)]


async def test_a_sales_rep_is_given_its_customers_and_losing_sales_releases_them(client):
    supplier = await make_supplier("acme")
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    finance = await make_user(supplier.org, "fin@acme.test", {Role.FINANCE: None})
    accounts = [(await make_buyer(supplier, code))[2] for code in ("alpha", "beta", "gamma")]
    other = await make_supplier("other")
    _, _, foreign = await make_buyer(other, "delta")
    admin = await client.token("admin@acme.test")
    ids = [gid("CustomerAccount", a.id) for a in accounts]

    given = (
        await client.data(
            ASSIGN, {"input": {"userId": gid("User", rep.id), "customerAccountIds": ids[:2]}}, token=admin
        )
    )["userAssignCustomerAccounts"]
    assert given["userErrors"] == []
    assert [a["salesRep"]["id"] for a in given["customerAccounts"]] == [gid("User", rep.id)] * 2
    rep_token = await client.token("rep@acme.test")
    seen = (await client.data(ACCOUNTS, token=rep_token))["customerAccounts"]["edges"]
    assert sorted(e["node"]["buyer"]["code"] for e in seen) == sorted(
        [(await CustomerAccount.get(id=a.id).select_related("buyer")).buyer.code for a in accounts[:2]]
    )
    # exactly these: beta stays, alpha goes, gamma comes
    await client.data(ASSIGN, {"input": {"userId": gid("User", rep.id), "customerAccountIds": ids[1:]}}, token=admin)
    reps = {a.id: a.sales_rep_id for a in await CustomerAccount.filter(supplier_id=supplier.org.id)}
    assert reps == {accounts[0].id: None, accounts[1].id: rep.id, accounts[2].id: rep.id}

    not_sales = (
        await client.data(
            ASSIGN, {"input": {"userId": gid("User", finance.id), "customerAccountIds": ids}}, token=admin
        )
    )["userAssignCustomerAccounts"]
    assert codes(not_sales) == [(["input", "userId"], "INVALID")]
    stranger = (
        await client.data(
            ASSIGN,
            {
                "input": {
                    "userId": gid("User", rep.id),
                    "customerAccountIds": [ids[0], gid("CustomerAccount", foreign.id)],
                }
            },
            token=admin,
        )
    )["userAssignCustomerAccounts"]
    assert codes(stranger) == [(["input", "customerAccountIds", "1"], "NOT_FOUND")]

    await client.data(
        SET_ROLES, {"input": {"userId": gid("User", rep.id), "roles": [{"role": "SERVICE"}]}}, token=admin
    )
    assert await CustomerAccount.filter(sales_rep_id=rep.id).count() == 0


async def test_an_admin_sends_a_password_reset_that_works_once(client):
    supplier = await make_supplier("acme")
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    nameonly = await make_user(supplier.org, "tmp@acme.test", {Role.SERVICE: None})
    await User.filter(id=nameonly.id).update(email=None, username="tmp.user")
    admin = await client.token("admin@acme.test")
    sent = (await client.data(SEND_RESET, {"input": {"userId": gid("User", rep.id)}}, token=admin))[
        "userSendPasswordReset"
    ]
    assert sent["userErrors"] == []
    message = await OutboundMessage.get(recipient="rep@acme.test", kind="password_reset")
    token = re.search(r"token is (\S+)\.", message.body).group(1)  # type: ignore[union-attr]
    reset = await client.data(
        'mutation R($t: String!) { passwordReset(input: {token: $t, newPassword: "brand-new-pass-7"}) { userErrors { code } } }',
        {"t": token},
    )
    assert reset["passwordReset"]["userErrors"] == []
    assert await client.token("rep@acme.test", "brand-new-pass-7")
    nowhere = await client.data(SEND_RESET, {"input": {"userId": gid("User", nameonly.id)}}, token=admin)
    assert codes(nowhere["userSendPasswordReset"]) == [(["input", "userId"], "INVALID")]
    await client.data(DEACTIVATE, {"input": {"userId": gid("User", rep.id)}}, token=admin)
    off = await client.data(SEND_RESET, {"input": {"userId": gid("User", rep.id)}}, token=admin)
    assert codes(off["userSendPasswordReset"]) == [(["input", "userId"], "INVALID_STATE")]


async def _two_admins(client):
    supplier = await make_supplier("acme")
    second = await make_user(supplier.org, "boss@acme.test", {Role.ADMIN: None})
    first_token, second_token = await client.token("admin@acme.test"), await client.token("boss@acme.test")
    return supplier, second, first_token, second_token


async def _active_admins(org_id: int) -> list[int]:
    from app.accounts.models import UserRole

    return list(
        await UserRole.filter(role=Role.ADMIN, user__organization_id=org_id, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(client):
    supplier, second, first_token, second_token = await _two_admins(client)
    outcomes = await asyncio.gather(
        client.execute(
            SET_ROLES, {"input": {"userId": gid("User", second.id), "roles": [{"role": "SALES"}]}}, token=first_token
        ),
        client.execute(
            SET_ROLES,
            {"input": {"userId": gid("User", supplier.admin.id), "roles": [{"role": "SALES"}]}},
            token=second_token,
        ),
    )
    succeeded = [o for o in outcomes if "errors" not in o and o["data"]["userSetRoles"]["userErrors"] == []]
    refused = [o for o in outcomes if o not in succeeded]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    # the loser either met the lock and would have removed the last admin (LAST_ADMIN), or came
    # in after the winner had committed and is no admin any more (FORBIDDEN)
    loser = refused[0]
    assert ("errors" in loser and error_code(loser) == "FORBIDDEN") or codes(loser["data"]["userSetRoles"]) == [
        (["input", "userId"], "LAST_ADMIN")
    ], loser
    assert len(await _active_admins(supplier.org.id)) == 1


async def test_two_admins_deactivating_each_other_at_once_leave_one_admin(client):
    supplier, second, first_token, second_token = await _two_admins(client)
    outcomes = await asyncio.gather(
        client.execute(DEACTIVATE, {"input": {"userId": gid("User", second.id)}}, token=first_token),
        client.execute(DEACTIVATE, {"input": {"userId": gid("User", supplier.admin.id)}}, token=second_token),
    )
    succeeded = [o for o in outcomes if "errors" not in o and o["data"]["userDeactivate"]["userErrors"] == []]
    refused = [o for o in outcomes if o not in succeeded]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    # the loser was deactivated (UNAUTHENTICATED), lost its admin rights under the lock (FORBIDDEN),
    # or would have removed the last admin (LAST_ADMIN)
    loser = refused[0]
    assert ("errors" in loser and error_code(loser) in {"UNAUTHENTICATED", "FORBIDDEN"}) or codes(
        loser["data"]["userDeactivate"]
    ) == [(["input", "userId"], "LAST_ADMIN")], loser
    assert len(await _active_admins(supplier.org.id)) == 1


async def test_expired_invitations_are_refused(client):
    await make_supplier("acme")
    admin = await client.token("admin@acme.test")
    await client.data(INVITE, {"input": {"email": "late@acme.test", "roles": [{"role": "SALES"}]}}, token=admin)
    token = await invitation_token("late@acme.test")
    invitation = await UserInvitation.get(user__email="late@acme.test")
    invitation.expires_at = invitation.created_at - timedelta(seconds=1)
    await invitation.save(update_fields=["expires_at"])
    expired = await client.data(ACCEPT, {"input": {"token": token, "password": PASSWORD, "name": "Late"}})
    assert codes(expired["invitationAccept"]) == [(["input", "token"], "INVALID_TOKEN")]
    assert await users.status_of(await User.get(email="late@acme.test")) is UserStatus.INVITED
