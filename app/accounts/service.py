"""Organizations, users and customer accounts: registration (新客户审核), approval and the
supplier's terms for each customer. Every rule about them lives here."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import outbox, read_versions
from app.accounts import credentials, events
from app.accounts.auth import check_new_password
from app.accounts.models import (
    BUYER_ROLES,
    SUPPLIER_ROLES,
    Address,
    CatalogVisibility,
    CustomerAccount,
    CustomerAccountStatus,
    Organization,
    PublicPrices,
    Role,
    User,
    UserRole,
)
from app.accounts.permissions import (
    Action,
    Principal,
    allows,
    customer_account_scope,
    require,
    require_authenticated,
    require_supplier_role,
)
from app.accounts.principal_cache import PrincipalChange, announce
from app.changes import diff, note_changes
from app.clock import utc_now
from app.errors import ErrorCode, PermissionDenied, UserInputError
from app.money import round_money
from app.settings import get_settings
from app.validation import CODE_PATTERN, Checker

NAME_MAX = 200
NOTE_MAX = 1000
TIER_MAX = 32
GROUP_MAX = 64
REGION_MAX = 128
PERSON_NAME_MAX = 100
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._\-]{2,63}$")
MAX_PAYMENT_TERMS_DAYS = 365
MAX_APPROVAL_LEVEL = 9


@dataclass(frozen=True)
class NewUser:
    name: str
    password: str
    email: str | None = None
    phone: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class Registration:
    supplier_id: int
    company_name: str | None
    contact_name: str | None
    user: NewUser | None
    region: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class CustomerTerms:
    """What the supplier sets on an account; UNSET fields keep their value."""

    tier: str | None = None
    customer_group: str | None = None
    region: str | None = None
    sales_rep_id: int | None = None
    credit_limit: Decimal | None = None
    payment_terms_days: int | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    note: str | None = None
    fields_set: frozenset[str] = frozenset()


def _check_user_fields(checker: Checker, user: NewUser) -> dict:
    values = {
        "name": checker.text("name", user.name, max_length=PERSON_NAME_MAX, required=True),
        "email": checker.email("email", user.email),
        "phone": checker.phone("phone", user.phone),
        "username": checker.text("username", user.username, max_length=64),
    }
    if values["username"] is not None:
        values["username"] = values["username"].lower()
        if not USERNAME_PATTERN.match(values["username"]):
            checker.add(
                "username",
                ErrorCode.INVALID,
                "username must be 3-64 letters, digits, dots, dashes or underscores.",
            )
    if not (values["email"] or values["phone"] or values["username"]):
        checker.add("email", ErrorCode.REQUIRED, "An email, phone or username is required to log in.")
    check_new_password(checker, "password", user.password)
    return values


async def ensure_logins_free(values: dict, prefix: tuple[str, ...] = ("input",)) -> None:
    taken = [
        field
        for field in ("email", "phone", "username")
        if values.get(field) and await User.exists(**{field: values[field]})
    ]
    if taken:
        raise UserInputError.single(
            (*prefix, taken[0]), ErrorCode.ALREADY_EXISTS, f"That {taken[0]} is already registered."
        )


async def create_organization(
    *, code: str | None, name: str | None, can_sell: bool, can_buy: bool, contact_phone: str | None = None
) -> Organization:
    checker = Checker()
    code = checker.text("code", code, max_length=64, required=True)
    name = checker.text("name", name, max_length=NAME_MAX, required=True)
    if code and not CODE_PATTERN.match(code):
        checker.add("code", ErrorCode.INVALID, "code must be lower-case letters, digits, - or _.")
    if not (can_sell or can_buy):
        checker.add("canSell", ErrorCode.REQUIRED, "An organization must sell, buy, or both.")
    checker.raise_if_any()
    if await Organization.exists(code=code):
        raise UserInputError.single(("input", "code"), ErrorCode.ALREADY_EXISTS, f"Organization {code} exists.")
    return await Organization.create(
        code=code, name=name, can_sell=can_sell, can_buy=can_buy, contact_phone=contact_phone
    )


def allowed_roles(*, can_sell: bool, can_buy: bool) -> frozenset[Role]:
    """The roles an organization's users may hold: those of the sides it is on."""
    return (SUPPLIER_ROLES if can_sell else frozenset()) | (BUYER_ROLES if can_buy else frozenset())


def _listed(roles: frozenset[Role]) -> str:
    return ", ".join(sorted(roles))


def role_not_allowed_message(role: Role, allowed: frozenset[Role]) -> str:
    return f"{role} is not a role of your organization; it can give {_listed(allowed)}."


def _check_roles(checker: Checker, org: Organization, roles: dict[Role, int | None]) -> None:
    allowed = allowed_roles(can_sell=org.can_sell, can_buy=org.can_buy)
    if not roles:
        checker.add("roles", ErrorCode.REQUIRED, "A user needs at least one role.")
    for role, level in roles.items():
        if role not in allowed:
            checker.add(
                "roles",
                ErrorCode.ROLE_NOT_ALLOWED,
                f"{role} is not a role in {org.name}; it can give {_listed(allowed)}.",
            )
        if level is not None and (role != Role.APPROVER or not 1 <= level <= MAX_APPROVAL_LEVEL):
            checker.add(
                "roles",
                ErrorCode.INVALID,
                f"Only APPROVER takes an approval level, from 1 to {MAX_APPROVAL_LEVEL}.",
            )


async def create_user(org: Organization, user: NewUser, roles: dict[Role, int | None]) -> User:
    checker = Checker()
    values = _check_user_fields(checker, user)
    _check_roles(checker, org, roles)
    checker.raise_if_any()
    await ensure_logins_free(values)
    password_hash = await credentials.hash_password(get_settings(), user.password)
    async with in_transaction():
        created = await User.create(organization=org, password_hash=password_hash, **values)
        await UserRole.bulk_create(
            [UserRole(user=created, role=role, approval_level=level) for role, level in roles.items()]
        )
        await note_changes("User", created.id, {"roles": [None, role_labels(roles)]})
    return created


def role_labels(roles: dict[Role, int | None]) -> list[str]:
    """Roles as the audit log shows them: `ADMIN`, `APPROVER:2`."""
    return sorted(role.value if level is None else f"{role.value}:{level}" for role, level in roles.items())


async def _register_new_buyer(registration: Registration) -> tuple[Organization, User | None, dict]:
    checker = Checker()
    company = checker.text("companyName", registration.company_name, max_length=NAME_MAX, required=True)
    contact = checker.text("contactName", registration.contact_name, max_length=PERSON_NAME_MAX)
    if registration.user is None:
        checker.add("user", ErrorCode.REQUIRED, "A new buyer registers with its first user.")
        raise UserInputError(checker.errors)
    user_checker = Checker(("input", "user"))
    values = _check_user_fields(user_checker, registration.user)
    checker.errors.extend(user_checker.errors)
    checker.raise_if_any()
    await ensure_logins_free(values, ("input", "user"))
    password_hash = await credentials.hash_password(get_settings(), registration.user.password)
    org = await Organization.create(
        code=f"org-{secrets.token_hex(5)}", name=company, can_buy=True, contact_phone=values["phone"]
    )
    user = await User.create(organization=org, password_hash=password_hash, **values)
    await UserRole.create(user=user, role=Role.ADMIN)
    return org, user, {"contact_name": contact or values["name"], "contact_phone": values["phone"]}


async def register_buyer(principal: Principal, registration: Registration) -> tuple[CustomerAccount, User | None]:
    """A buyer applies to order from a supplier; the account waits for the supplier's approval.

    Anonymous callers register a new company with its first user; an admin of an existing
    organization applies for that organization.
    """
    checker = Checker()
    region = checker.text("region", registration.region, max_length=REGION_MAX)
    note = checker.text("note", registration.note, max_length=NOTE_MAX)
    checker.raise_if_any()
    supplier = await Organization.get_or_none(id=registration.supplier_id, can_sell=True)
    if supplier is None:
        raise UserInputError.single(("input", "supplierId"), ErrorCode.NOT_FOUND, "No such supplier.")
    if not supplier.registration_open:
        raise UserInputError.single(
            ("input", "supplierId"),
            ErrorCode.REGISTRATION_CLOSED,
            f"{supplier.name} does not accept new customers online; contact its sales team.",
        )
    async with in_transaction():
        if principal.is_authenticated:
            org, user, contact = await _existing_buyer(principal, supplier)
        else:
            org, user, contact = await _register_new_buyer(registration)
        try:
            account = await CustomerAccount.create(
                supplier=supplier,
                buyer=org,
                status=CustomerAccountStatus.PENDING,
                region=region,
                note=note,
                **contact,
            )
        except IntegrityError:
            raise UserInputError.single(
                ("input", "supplierId"),
                ErrorCode.ALREADY_EXISTS,
                f"Your organization already has an account with {supplier.name}.",
            ) from None
        await record_account_event(account, events.CustomerAccountRegistered, user.id if user else principal.user_id)
    if principal.is_authenticated:
        # An organization that only sold starts buying: its principals gain can_buy.
        await announce(PrincipalChange(organization_id=org.id))
    return account, user


async def record_account_event(
    account: CustomerAccount, kind: type[events.CustomerAccountEvent], actor_id: int | None, **details
) -> None:
    """The outbox row of a customer account change; call it inside the change's transaction."""
    await outbox.record(
        kind(
            subject_id=account.id,
            supplier_id=account.supplier_id,
            buyer_id=account.buyer_id,
            customer_account_id=account.id,
            actor_id=actor_id,
            status=account.status.value,
            **details,
        )
    )


async def _existing_buyer(principal: Principal, supplier: Organization) -> tuple[Organization, None, dict]:
    if principal.is_app or Role.ADMIN not in principal.roles:
        raise PermissionDenied("Only an organization admin can apply to a new supplier.")
    if principal.organization_id == supplier.id:
        raise UserInputError.single(
            ("input", "supplierId"), ErrorCode.INVALID, "An organization cannot buy from itself."
        )
    org = await Organization.get(id=principal.organization_id)
    if await CustomerAccount.exists(supplier_id=supplier.id, buyer_id=org.id):
        raise UserInputError.single(
            ("input", "supplierId"),
            ErrorCode.ALREADY_EXISTS,
            f"Your organization already has an account with {supplier.name}.",
        )
    if not org.can_buy:
        org.can_buy = True
        await org.save(update_fields=["can_buy"])
    return org, None, {}


def visible_customer_accounts(principal: Principal) -> QuerySet[CustomerAccount]:
    scope = customer_account_scope(principal)
    if scope is None:
        return CustomerAccount.filter(id__in=[])
    return CustomerAccount.filter(scope)


async def customer_accounts_by_ids(principal: Principal, ids: list[int]) -> list[CustomerAccount | None]:
    found = {a.id: a for a in await visible_customer_accounts(principal).filter(id__in=ids)}
    return [found.get(i) for i in ids]


def _not_found() -> UserInputError:
    return UserInputError.single(("input", "customerAccountId"), ErrorCode.NOT_FOUND, "No such customer account.")


async def _supplier_account(principal: Principal, account_id: int) -> CustomerAccount:
    """One of the caller's own customers, or NOT_FOUND exactly as if it did not exist."""
    require_authenticated(principal)
    account = None
    if principal.can_sell:
        account = await CustomerAccount.get_or_none(id=account_id, supplier_id=principal.organization_id)
    if account is None:
        if await visible_customer_accounts(principal).filter(id=account_id).exists():
            raise PermissionDenied("Only the supplier can change this customer account.")
        raise _not_found()
    return account


def check_terms(checker: Checker, terms: CustomerTerms) -> dict:
    """The changes `terms` ask for, each value checked (the sales rep's existence is the caller's)."""
    changes: dict = {}
    for field, name, limit in (
        ("tier", "tier", TIER_MAX),
        ("customer_group", "customerGroup", GROUP_MAX),
        ("region", "region", REGION_MAX),
        ("contact_name", "contactName", PERSON_NAME_MAX),
        ("note", "note", NOTE_MAX),
    ):
        if field in terms.fields_set:
            changes[field] = checker.text(name, getattr(terms, field), max_length=limit)
    if "contact_phone" in terms.fields_set:
        changes["contact_phone"] = checker.phone("contactPhone", terms.contact_phone)
    if "credit_limit" in terms.fields_set:
        changes["credit_limit"] = round_money(checker.money("creditLimit", terms.credit_limit) or Decimal(0))
    if "payment_terms_days" in terms.fields_set:
        changes["payment_terms_days"] = (
            checker.integer("paymentTermsDays", terms.payment_terms_days, minimum=0, maximum=MAX_PAYMENT_TERMS_DAYS)
            or 0
        )
    if "sales_rep_id" in terms.fields_set:
        changes["sales_rep_id"] = terms.sales_rep_id
    return changes


def sales_reps_of(organization_id: int | None) -> QuerySet[UserRole]:
    """The active SALES role grants of an organization: who may be a customer's sales rep."""
    return UserRole.filter(role=Role.SALES, user__organization_id=organization_id, user__is_active=True)


def require_terms_permission(principal: Principal, changes: dict) -> None:
    credit_fields = {"credit_limit", "payment_terms_days"}
    if credit_fields & changes.keys() and not allows(principal, Action.UPDATE_CUSTOMER_CREDIT):
        raise PermissionDenied("Only admins and finance may change credit terms.")
    if changes.keys() - credit_fields and not allows(principal, Action.UPDATE_CUSTOMER_ACCOUNT):
        raise PermissionDenied("Only admins may change a customer's account.")


async def _check_terms(principal: Principal, terms: CustomerTerms) -> dict:
    checker = Checker()
    changes = check_terms(checker, terms)
    if (
        "sales_rep_id" in terms.fields_set
        and terms.sales_rep_id is not None
        and not await sales_reps_of(principal.organization_id).filter(user_id=terms.sales_rep_id).exists()
    ):
        checker.add("salesRepId", ErrorCode.NOT_FOUND, "No such sales rep in your organization.")
    checker.raise_if_any()
    require_terms_permission(principal, changes)
    return changes


async def update_customer_account(principal: Principal, account_id: int, terms: CustomerTerms) -> CustomerAccount:
    account = await _supplier_account(principal, account_id)
    changes = await _check_terms(principal, terms)
    if changes:
        before = {name: getattr(account, name) for name in changes}
        account.update_from_dict(changes)
        async with in_transaction():
            await account.save(update_fields=list(changes))
            await note_changes("CustomerAccount", account.id, diff(before, changes))
            await record_account_event(
                account, events.CustomerAccountUpdated, principal.user_id, changed=sorted(changes)
            )
        await read_versions.announce(read_versions.Change.buyer(account.buyer_id))
    return account


async def _decide(
    principal: Principal,
    account_id: int,
    *,
    allowed_from: set[CustomerAccountStatus],
    to: CustomerAccountStatus,
    reason: str | None,
    changes: dict | None = None,
) -> CustomerAccount:
    account = await _supplier_account(principal, account_id)
    require(principal, Action.DECIDE_CUSTOMER_ACCOUNT)
    if account.status not in allowed_from:
        raise UserInputError.single(
            ("input", "customerAccountId"),
            ErrorCode.INVALID_STATE,
            f"The account is {account.status.value}; it cannot become {to.value}.",
        )
    previous = account.status
    account.update_from_dict(
        {
            **(changes or {}),
            "status": to,
            "status_reason": reason,
            "decided_at": utc_now(),
            "decided_by_id": principal.user_id,
        }
    )
    async with in_transaction():
        await account.save()
        await record_account_event(
            account, _DECISION_EVENTS[to], principal.user_id, previous_status=previous.value, reason=reason
        )
    await read_versions.announce(read_versions.Change.buyer(account.buyer_id))
    return account


_DECISION_EVENTS = {
    CustomerAccountStatus.APPROVED: events.CustomerAccountApproved,
    CustomerAccountStatus.REJECTED: events.CustomerAccountRejected,
    CustomerAccountStatus.SUSPENDED: events.CustomerAccountSuspended,
}


async def approve_customer_account(principal: Principal, account_id: int, terms: CustomerTerms) -> CustomerAccount:
    """Approves a registration, or reinstates a suspended or rejected account, with its terms."""
    changes = await _check_terms(principal, terms)
    return await _decide(
        principal,
        account_id,
        allowed_from={CustomerAccountStatus.PENDING, CustomerAccountStatus.SUSPENDED, CustomerAccountStatus.REJECTED},
        to=CustomerAccountStatus.APPROVED,
        reason=None,
        changes=changes,
    )


def _reason(reason: str | None) -> str:
    checker = Checker()
    cleaned = checker.text("reason", reason, max_length=500, required=True)
    checker.raise_if_any()
    assert cleaned is not None
    return cleaned


async def reject_customer_account(principal: Principal, account_id: int, reason: str | None) -> CustomerAccount:
    return await _decide(
        principal,
        account_id,
        allowed_from={CustomerAccountStatus.PENDING},
        to=CustomerAccountStatus.REJECTED,
        reason=_reason(reason),
    )


async def suspend_customer_account(principal: Principal, account_id: int, reason: str | None) -> CustomerAccount:
    return await _decide(
        principal,
        account_id,
        allowed_from={CustomerAccountStatus.APPROVED},
        to=CustomerAccountStatus.SUSPENDED,
        reason=_reason(reason),
    )


def suppliers_for(principal: Principal) -> QuerySet[Organization]:
    """A buyer's suppliers are those it has an approved account with; a visitor sees the
    suppliers that take registrations online."""
    if not principal.is_authenticated:
        return Organization.filter(can_sell=True, registration_open=True)
    return Organization.filter(
        customer_accounts__buyer_id=principal.organization_id,
        customer_accounts__status=CustomerAccountStatus.APPROVED,
    )


def visible_organizations(principal: Principal) -> QuerySet[Organization]:
    """Its own organization, its counterparties, and suppliers open to registration."""
    public = Q(can_sell=True, registration_open=True)
    if not principal.is_authenticated:
        return Organization.filter(public)
    org = principal.organization_id
    related = visible_customer_accounts(principal)
    return Organization.filter(
        public
        | Q(id=org)
        | Q(id__in=Subquery(related.values("buyer_id")))
        | Q(id__in=Subquery(related.values("supplier_id")))
    )


def visible_users(principal: Principal) -> QuerySet[User]:
    """Colleagues, and the sales reps serving the caller's organization."""
    require_authenticated(principal)
    return User.filter(
        Q(organization_id=principal.organization_id) | Q(assigned_accounts__buyer_id=principal.organization_id)
    ).distinct()


async def organizations_by_ids(ids: list[int]) -> list[Organization | None]:
    found = {o.id: o for o in await Organization.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def users_by_ids(ids: list[int]) -> list[User | None]:
    found = {u.id: u for u in await User.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def roles_by_user_ids(ids: list[int]) -> list[list[UserRole]]:
    grants: dict[int, list[UserRole]] = {i: [] for i in ids}
    for grant in await UserRole.filter(user_id__in=ids).order_by("role"):
        grants[grant.user_id].append(grant)
    return [grants[i] for i in ids]


async def update_supplier_settings(
    principal: Principal,
    *,
    catalog_visibility: CatalogVisibility | None = None,
    public_prices: PublicPrices | None = None,
    registration_open: bool | None = None,
    orders_need_approval: bool | None = None,
    sales_max_discount_percent: Decimal | str | None = None,
) -> Organization:
    """Who may browse the catalog, whether visitors see prices, whether buyers may register,
    whether orders wait for approval, and how far a sales rep may lower a price when editing an order."""
    require_supplier_role(principal, frozenset({Role.ADMIN}))
    checker = Checker()
    percent = None
    if sales_max_discount_percent is not None:
        percent = checker.money("salesMaxDiscountPercent", sales_max_discount_percent)
        if percent is not None and percent > 100:
            checker.add("salesMaxDiscountPercent", ErrorCode.OUT_OF_RANGE, "salesMaxDiscountPercent is at most 100.")
    checker.raise_if_any()
    org = await Organization.get(id=principal.organization_id)
    changes = {
        "catalog_visibility": catalog_visibility,
        "public_prices": public_prices,
        "registration_open": registration_open,
        "orders_need_approval": orders_need_approval,
        "sales_max_discount_percent": percent,
    }
    changes = {field: value for field, value in changes.items() if value is not None}
    if changes:
        org.update_from_dict(changes)
        await org.save(update_fields=list(changes))
        await read_versions.announce(read_versions.Change.everything())
    return org


@dataclass(frozen=True)
class AddressInput:
    recipient: str | None
    phone: str | None
    region: str | None
    street: str | None
    postal_code: str | None = None
    label: str | None = None
    is_default: bool = False


ADDRESS_KEEPERS = frozenset({Role.ADMIN, Role.PURCHASER, Role.RECEIVER})


def _check_address(data: AddressInput) -> dict:
    checker = Checker()
    values = {
        "recipient": checker.text("recipient", data.recipient, max_length=100, required=True),
        "phone": checker.phone("phone", data.phone, required=True),
        "region": checker.text("region", data.region, max_length=128, required=True),
        "street": checker.text("street", data.street, max_length=300, required=True),
        "postal_code": checker.text("postalCode", data.postal_code, max_length=16),
        "label": checker.text("label", data.label, max_length=50),
        "is_default": data.is_default,
    }
    checker.raise_if_any()
    return values


def _require_address_keeper(principal: Principal) -> None:
    require_authenticated(principal)
    if principal.is_app or not principal.can_buy or not principal.roles & ADDRESS_KEEPERS:
        raise PermissionDenied("Only the buying organization's admins, purchasers and receivers keep addresses.")


async def save_address(principal: Principal, data: AddressInput, address_id: int | None = None) -> Address:
    """Adds an address, or replaces one; a new default takes over from the old one."""
    _require_address_keeper(principal)
    values = _check_address(data)
    org = principal.organization_id
    async with in_transaction():
        if values["is_default"]:
            await Address.filter(organization_id=org, is_default=True).update(is_default=False)
        if address_id is None:
            return await Address.create(organization_id=org, **values)
        address = await Address.get_or_none(id=address_id, organization_id=org, archived=False)
        if address is None:
            raise UserInputError.single(("input", "addressId"), ErrorCode.NOT_FOUND, "No such address.")
        address.update_from_dict(values)
        await address.save()
        return address


async def archive_address(principal: Principal, address_id: int) -> None:
    _require_address_keeper(principal)
    archived = await Address.filter(id=address_id, organization_id=principal.organization_id, archived=False).update(
        archived=True, is_default=False
    )
    if not archived:
        raise UserInputError.single(("input", "addressId"), ErrorCode.NOT_FOUND, "No such address.")


def visible_addresses(principal: Principal) -> QuerySet[Address]:
    require_authenticated(principal)
    return Address.filter(organization_id=principal.organization_id, archived=False)
