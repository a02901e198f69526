"""An organization's users, managed by its admins: list, invite, create, deactivate and reactivate,
set roles, assign customers to sales reps, send a password reset; and the invitee's acceptance.

The rules, each here once:
- only a signed-in ADMIN of the organization manages its users (never an app token);
- a role must belong to a side the organization is on (ROLE_NOT_ALLOWED);
- nobody raises their own rights or deactivates themselves (OWN_USER);
- the organization always keeps an active ADMIN (LAST_ADMIN). Every change takes the
  organization's row lock first (PostgreSQL: SELECT ... FOR UPDATE; SQLite serialises writing
  transactions), so two admins demoting each other at once cannot both succeed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.accounts import auth, credentials, events, service
from app.accounts.models import (
    CustomerAccount,
    Organization,
    Role,
    User,
    UserInvitation,
    UserRole,
    UserStatus,
)
from app.accounts.permissions import Principal, require_authenticated
from app.accounts.principal_cache import PrincipalChange, announce
from app.changes import note_changes
from app.clock import utc_now
from app.errors import ErrorCode, FieldError, PermissionDenied, UserInputError
from app.messaging import Message, Transport, send
from app.settings import get_settings
from app.validation import Checker

USER_ID_FIELD = ("input", "userId")
SEARCH_MAX = 100


@dataclass(frozen=True)
class RoleGrant:
    role: Role
    approval_level: int | None = None


@dataclass(frozen=True)
class UserFilter:
    statuses: tuple[UserStatus, ...] = ()
    role: Role | None = None
    search: str | None = None


@dataclass(frozen=True)
class Invitee:
    name: str | None
    email: str | None
    phone: str | None
    grants: tuple[RoleGrant, ...]


def _open_invitations() -> QuerySet[UserInvitation]:
    return UserInvitation.filter(used_at=None, revoked_at=None)


def _invited() -> Q:
    return Q(is_active=False, password_hash="", id__in=Subquery(_open_invitations().values("user_id")))


def status_condition(status: UserStatus) -> Q:
    """The users of a status, as a query filter (the status is not stored; see UserStatus)."""
    if status is UserStatus.ACTIVE:
        return Q(is_active=True)
    if status is UserStatus.INVITED:
        return _invited()
    return Q(is_active=False) & ~_invited()


async def statuses(users: list[User]) -> dict[int, UserStatus]:
    """The status of each user: one query at most, for the inactive users with no password."""
    pending = [u.id for u in users if not u.is_active and not u.password_hash]
    invited = (
        set(await _open_invitations().filter(user_id__in=pending).values_list("user_id", flat=True))
        if pending
        else set()
    )
    return {
        u.id: UserStatus.ACTIVE if u.is_active else UserStatus.INVITED if u.id in invited else UserStatus.DEACTIVATED
        for u in users
    }


async def status_of(user: User) -> UserStatus:
    return (await statuses([user]))[user.id]


def _require_admin(principal: Principal) -> int:
    """The organization a signed-in admin manages; apps and other roles are refused."""
    require_authenticated(principal)
    if principal.is_app:
        raise PermissionDenied("App tokens cannot manage users; sign in as an admin.")
    if Role.ADMIN not in principal.roles:
        raise PermissionDenied("Only an admin of the organization manages its users.")
    return principal.require_organization_id()


def users_of_organization(principal: Principal, wanted: UserFilter) -> QuerySet[User]:
    """The caller's organization's users (admins only), narrowed by the filter."""
    query = User.filter(organization_id=_require_admin(principal))
    if wanted.statuses:
        conditions = [status_condition(status) for status in dict.fromkeys(wanted.statuses)]
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        query = query.filter(combined)
    if wanted.role is not None:
        query = query.filter(id__in=Subquery(UserRole.filter(role=wanted.role).values("user_id")))
    search = (wanted.search or "").strip()[:SEARCH_MAX]
    if search:
        query = query.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(phone__icontains=search)
            | Q(username__icontains=search)
        )
    return query


def check_grants(principal: Principal, grants: tuple[RoleGrant, ...] | list[RoleGrant]) -> dict[Role, int | None]:
    """The roles an admin asks for, checked against the organization's sides; APPROVER defaults to level 1."""
    _require_admin(principal)
    allowed = service.allowed_roles(can_sell=principal.can_sell, can_buy=principal.can_buy)
    checker = Checker()
    roles: dict[Role, int | None] = {}
    if not grants:
        checker.add("roles", ErrorCode.REQUIRED, "A user needs at least one role.")
    for index, grant in enumerate(grants):
        field = f"roles.{index}"
        if grant.role in roles:
            checker.add(f"{field}.role", ErrorCode.DUPLICATE, f"{grant.role} is given twice.")
            continue
        if grant.role not in allowed:
            checker.add(
                f"{field}.role", ErrorCode.ROLE_NOT_ALLOWED, service.role_not_allowed_message(grant.role, allowed)
            )
        level = grant.approval_level
        if level is not None and grant.role != Role.APPROVER:
            checker.add(f"{field}.approvalLevel", ErrorCode.INVALID, "Only APPROVER takes an approval level.")
        elif level is not None and not 1 <= level <= service.MAX_APPROVAL_LEVEL:
            checker.add(
                f"{field}.approvalLevel",
                ErrorCode.OUT_OF_RANGE,
                f"approvalLevel must be from 1 to {service.MAX_APPROVAL_LEVEL}.",
            )
        roles[grant.role] = (level or 1) if grant.role == Role.APPROVER else None
    checker.raise_if_any()
    return roles


@asynccontextmanager
async def _locked_organization(principal: Principal) -> AsyncIterator[int]:
    """A transaction holding the organization's row lock: user changes of one organization queue."""
    organization_id = _require_admin(principal)
    async with in_transaction():
        await Organization.filter(id=organization_id).select_for_update().first()
        yield organization_id


async def _still_admin(principal: Principal) -> None:
    """Under the lock: a request that lost the race to a demotion or deactivation of its caller stops."""
    if not await UserRole.exists(user_id=principal.user_id, role=Role.ADMIN, user__is_active=True):
        raise PermissionDenied("You are no longer an active admin of your organization.")


async def _member(organization_id: int, user_id: int) -> User:
    """A user of the organization, or NOT_FOUND exactly as if it did not exist."""
    user = await User.get_or_none(id=user_id, organization_id=organization_id)
    if user is None:
        raise UserInputError.single(USER_ID_FIELD, ErrorCode.NOT_FOUND, "No such user in your organization.")
    return user


async def _roles_of(user_id: int) -> dict[Role, int | None]:
    return {
        Role(role): level
        for role, level in await UserRole.filter(user_id=user_id).values_list("role", "approval_level")
    }


async def _refuse_losing_last_admin(organization_id: int, user: User) -> None:
    """Call it under the lock, before `user` stops being an active ADMIN."""
    admins = set(
        await UserRole.filter(role=Role.ADMIN, user__organization_id=organization_id, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    if user.id in admins and admins <= {user.id}:
        raise UserInputError.single(
            USER_ID_FIELD,
            ErrorCode.LAST_ADMIN,
            f"{user.name or 'This user'} is the organization's last active admin; make another user ADMIN first.",
        )


def _invalid_state(message: str) -> UserInputError:
    return UserInputError.single(USER_ID_FIELD, ErrorCode.INVALID_STATE, message)


async def _release_customers(organization_id: int, rep: User, actor_id: int | None, keep: set[int]) -> None:
    """Accounts served by `rep` (but those in `keep`) lose their sales rep."""
    served = CustomerAccount.filter(supplier_id=organization_id, sales_rep_id=rep.id)
    for account in await (served.exclude(id__in=keep) if keep else served):
        account.sales_rep_id = None
        await account.save(update_fields=["sales_rep_id"])
        await service.record_account_event(account, events.CustomerAccountUpdated, actor_id, changed=["sales_rep_id"])


async def set_roles(principal: Principal, user_id: int, grants: list[RoleGrant]) -> User:
    """Replaces the user's roles. Losing SALES releases the customers it served."""
    wanted = check_grants(principal, grants)
    async with _locked_organization(principal) as organization_id:
        user = await _member(organization_id, user_id)
        current = await _roles_of(user.id)
        if user.id == principal.user_id and any(
            role not in current or (level or 0) > (current[role] or 0) for role, level in wanted.items()
        ):
            raise UserInputError.single(
                ("input", "roles"),
                ErrorCode.OWN_USER,
                "You cannot give yourself roles or a higher approval level; ask another admin.",
            )
        if Role.ADMIN in current and Role.ADMIN not in wanted:
            await _refuse_losing_last_admin(organization_id, user)
        await _still_admin(principal)
        if wanted != current:
            await UserRole.filter(user_id=user.id).delete()
            await UserRole.bulk_create(
                [UserRole(user_id=user.id, role=r, approval_level=lvl) for r, lvl in wanted.items()]
            )
            if Role.SALES in current and Role.SALES not in wanted:
                await _release_customers(organization_id, user, principal.user_id, set())
            await note_changes("User", user.id, {"roles": [service.role_labels(current), service.role_labels(wanted)]})
    if wanted != current:
        await announce(PrincipalChange(user_id=user.id))
    return user


async def deactivate(principal: Principal, user_id: int) -> User:
    """The user can no longer sign in: its sessions end and its open invitations are withdrawn."""
    async with _locked_organization(principal) as organization_id:
        user = await _member(organization_id, user_id)
        if user.id == principal.user_id:
            raise UserInputError.single(
                USER_ID_FIELD, ErrorCode.OWN_USER, "You cannot deactivate yourself; another admin can."
            )
        if await status_of(user) is UserStatus.DEACTIVATED:
            raise _invalid_state("The user is already deactivated.")
        await _refuse_losing_last_admin(organization_id, user)
        await _still_admin(principal)
        user.is_active = False
        await user.save(update_fields=["is_active"])
        await UserInvitation.filter(user_id=user.id, used_at=None, revoked_at=None).update(revoked_at=utc_now())
        await auth.revoke_sessions(user.id)
    await announce(PrincipalChange(user_id=user.id))
    return user


async def reactivate(principal: Principal, user_id: int, transport: Transport) -> User:
    """A deactivated user signs in again; one who never accepted its invitation gets a new link."""
    token = None
    async with _locked_organization(principal) as organization_id:
        user = await _member(organization_id, user_id)
        status = await status_of(user)
        if status is not UserStatus.DEACTIVATED:
            raise _invalid_state(f"The user is {status.value}, not deactivated.")
        await _still_admin(principal)
        if user.password_hash:
            user.is_active = True
            await user.save(update_fields=["is_active"])
        else:
            token = await _issue_invitation(user, principal.user_id)
    if token is not None:
        await _send_invitation(user, token, transport)
    return user


async def create(principal: Principal, new_user: service.NewUser, grants: list[RoleGrant]) -> User:
    """An active user with a password the admin hands over (the CLI's create-user, over the API)."""
    wanted = check_grants(principal, grants)
    organization = await Organization.get(id=_require_admin(principal))
    try:
        return await service.create_user(organization, new_user, wanted)
    except IntegrityError:
        raise UserInputError.single(
            ("input", "email"), ErrorCode.ALREADY_EXISTS, "That login is already registered."
        ) from None


async def _issue_invitation(user: User, invited_by: int | None) -> str:
    """A fresh link token; earlier open invitations of the user stop working."""
    now = utc_now()
    await UserInvitation.filter(user_id=user.id, used_at=None, revoked_at=None).update(revoked_at=now)
    token = credentials.new_secret()
    await UserInvitation.create(
        user_id=user.id,
        invited_by_id=invited_by,
        token_hash=credentials.digest(token),
        expires_at=now + timedelta(seconds=get_settings().invitation_ttl),
    )
    return token


def invitation_link(token: str) -> str:
    return f"{get_settings().public_url}/invite/{token}"


async def _send_invitation(user: User, token: str, transport: Transport) -> None:
    settings = get_settings()
    organization = await Organization.get(id=user.organization_id)
    days = max(1, settings.invitation_ttl // 86400)
    await send(
        Message(
            kind="user_invitation",
            channel="email" if user.email else "sms",
            recipient=user.email or user.phone or str(user.id),
            subject=f"You are invited to order with {organization.name} on Dinghuo",
            body=(
                f"{organization.name} invites you to Dinghuo. Open {invitation_link(token)} to set your password "
                f"and join. The link works once, within {days} day{'s' if days != 1 else ''}."
            ),
            user_id=user.id,
        ),
        transport,
    )


async def issue_invitations(invitees: list[User], invited_by: int | None) -> list[tuple[User, str]]:
    """Links for users created INVITED in bulk (an import); call inside its transaction, send after commit."""
    return [(user, await _issue_invitation(user, invited_by)) for user in invitees]


async def send_invitations(issued: list[tuple[User, str]], transport: Transport) -> None:
    for user, token in issued:
        await _send_invitation(user, token, transport)


async def invite(principal: Principal, invitee: Invitee, transport: Transport) -> User:
    """An INVITED user with its roles, and an invitation link sent by email (else SMS)."""
    checker = Checker()
    name = checker.text("name", invitee.name, max_length=service.PERSON_NAME_MAX)
    email = checker.email("email", invitee.email)
    phone = checker.phone("phone", invitee.phone)
    if not (email or phone or checker.errors):
        checker.add("email", ErrorCode.REQUIRED, "An email or a phone number is needed to send the invitation.")
    try:
        wanted = check_grants(principal, invitee.grants)
    except UserInputError as error:
        checker.errors.extend(error.errors)
    checker.raise_if_any()
    await service.ensure_logins_free({"email": email, "phone": phone})
    try:
        async with _locked_organization(principal) as organization_id:
            await _still_admin(principal)
            user = await User.create(
                organization_id=organization_id,
                name=name or "",
                email=email,
                phone=phone,
                password_hash="",
                is_active=False,
            )
            await UserRole.bulk_create(
                [UserRole(user_id=user.id, role=r, approval_level=lvl) for r, lvl in wanted.items()]
            )
            await note_changes("User", user.id, {"roles": [None, service.role_labels(wanted)]})
            token = await _issue_invitation(user, principal.user_id)
    except IntegrityError:
        raise UserInputError.single(
            ("input", "email" if email else "phone"), ErrorCode.ALREADY_EXISTS, "That login is already registered."
        ) from None
    await _send_invitation(user, token, transport)
    return user


async def resend_invitation(principal: Principal, user_id: int, transport: Transport) -> User:
    """A new link for an invited user; the previous link stops working."""
    async with _locked_organization(principal) as organization_id:
        user = await _member(organization_id, user_id)
        status = await status_of(user)
        if status is not UserStatus.INVITED:
            raise _invalid_state(f"The user is {status.value}; only an invited user gets an invitation.")
        token = await _issue_invitation(user, principal.user_id)
    await _send_invitation(user, token, transport)
    return user


async def accept_invitation(token: str | None, password: str | None, name: str | None) -> User:
    """The invitee sets its password (and name): the user becomes ACTIVE and may sign in."""
    checker = Checker()
    if not token:
        checker.add("token", ErrorCode.REQUIRED, "token is required.")
    password = auth.check_new_password(checker, "password", password)
    name = checker.text("name", name, max_length=service.PERSON_NAME_MAX)
    checker.raise_if_any()
    assert token is not None and password is not None
    invalid = UserInputError.single(
        ("input", "token"), ErrorCode.INVALID_TOKEN, "The invitation is invalid, expired, withdrawn or already used."
    )
    if len(token) > 256:
        raise invalid
    now = utc_now()
    password_hash = await credentials.hash_password(get_settings(), password)
    async with in_transaction():
        invitation = await UserInvitation.get_or_none(token_hash=credentials.digest(token))
        if invitation is None or invitation.expires_at <= now:
            raise invalid
        claimed = await UserInvitation.filter(id=invitation.id, used_at=None, revoked_at=None).update(used_at=now)
        if claimed == 0:
            raise invalid
        user = await User.get(id=invitation.user_id)
        if user.is_active or user.password_hash:
            raise invalid
        if not (name or user.name):
            raise UserInputError.single(("input", "name"), ErrorCode.REQUIRED, "name is required.")
        user.update_from_dict({"name": name or user.name, "password_hash": password_hash, "is_active": True})
        await user.save(update_fields=["name", "password_hash", "is_active"])
    return user


async def send_password_reset(principal: Principal, user_id: int, transport: Transport) -> User:
    """An admin sends a colleague a password reset link (the same message passwordResetRequest sends)."""
    user = await _member(_require_admin(principal), user_id)
    if not user.is_active:
        raise _invalid_state(f"The user is {(await status_of(user)).value}; only an active user resets a password.")
    if not (user.email or user.phone):
        raise UserInputError.single(
            USER_ID_FIELD,
            ErrorCode.INVALID,
            "The user has no email or phone to send a reset to; use userCreate's password.",
        )
    await auth.send_password_reset(user, transport)
    return user


async def assign_customer_accounts(
    principal: Principal, user_id: int, account_ids: list[int]
) -> tuple[User, list[CustomerAccount]]:
    """The customers a SALES rep serves (业务员) become exactly these; others it served lose their rep."""
    _require_admin(principal)
    if not principal.can_sell:
        raise PermissionDenied("Only a selling organization assigns customers to sales reps.")
    wanted = list(dict.fromkeys(account_ids))
    async with _locked_organization(principal) as organization_id:
        user = await _member(organization_id, user_id)
        if await status_of(user) is UserStatus.DEACTIVATED or Role.SALES not in await _roles_of(user.id):
            raise UserInputError.single(
                USER_ID_FIELD,
                ErrorCode.INVALID,
                "Only an active or invited SALES user serves customers; set the role first.",
            )
        accounts = {a.id: a for a in await CustomerAccount.filter(supplier_id=organization_id, id__in=wanted)}
        missing = [
            FieldError(("input", "customerAccountIds", str(index)), ErrorCode.NOT_FOUND, "No such customer account.")
            for index, pk in enumerate(account_ids)
            if pk not in accounts
        ]
        if missing:
            raise UserInputError(missing)
        await _still_admin(principal)
        await _release_customers(organization_id, user, principal.user_id, set(wanted))
        for account in accounts.values():
            if account.sales_rep_id != user.id:
                account.sales_rep_id = user.id
                await account.save(update_fields=["sales_rep_id"])
                await service.record_account_event(
                    account, events.CustomerAccountUpdated, principal.user_id, changed=["sales_rep_id"]
                )
    return user, [accounts[pk] for pk in wanted]
