"""Reads of accounts for the API: narrowing and ordering lists, and what a page of users or
customer accounts shows besides its rows, each in one query whatever the page size."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from app.accounts import service, users
from app.accounts.models import (
    Address,
    CustomerAccount,
    CustomerAccountStatus,
    Organization,
    User,
    UserRole,
    UserStatus,
)
from app.accounts.permissions import Principal


@dataclass(frozen=True)
class CustomerAccountFilter:
    statuses: tuple[CustomerAccountStatus, ...] = ()
    tier: str | None = None
    customer_group: str | None = None
    region: str | None = None
    sales_rep_id: int | None = None
    supplier_id: int | None = None
    buyer_id: int | None = None
    search: str | None = None
    """Part of the buyer's name or code, or of the account's contact name or phone."""


def filter_customer_accounts(
    query: QuerySet[CustomerAccount], wanted: CustomerAccountFilter
) -> QuerySet[CustomerAccount]:
    if wanted.statuses:
        query = query.filter(status__in=wanted.statuses)
    for name in ("tier", "customer_group", "region", "sales_rep_id", "supplier_id", "buyer_id"):
        value = getattr(wanted, name)
        if value is not None:
            query = query.filter(**{name: value})
    search = (wanted.search or "").strip()[: users.SEARCH_MAX]
    if search:
        query = query.filter(
            Q(buyer__name__icontains=search)
            | Q(buyer__code__icontains=search)
            | Q(contact_name__icontains=search)
            | Q(contact_phone__icontains=search)
        )
    return query


async def suppliers(principal: Principal) -> list[Organization]:
    return await service.suppliers_for(principal).order_by("name", "id")


async def address_book(principal: Principal) -> list[Address]:
    """The caller's organization's delivery addresses, the default first."""
    return await service.visible_addresses(principal).order_by("-is_default", "id")


@dataclass(frozen=True)
class People:
    """The organizations, role grants and statuses of a page of users, by id."""

    organizations: dict[int, Organization] = field(default_factory=dict)
    grants: dict[int, list[UserRole]] = field(default_factory=dict)
    statuses: dict[int, UserStatus] = field(default_factory=dict)

    def approval_level(self, user_id: int) -> int | None:
        """The highest approval level of an APPROVER, else None."""
        return max(
            (g.approval_level for g in self.grants.get(user_id, []) if g.approval_level is not None), default=None
        )


async def organizations(ids: set[int]) -> dict[int, Organization]:
    return {org.id: org for org in await Organization.filter(id__in=ids)} if ids else {}


async def people(users_list: list[User], known: dict[int, Organization] | None = None) -> People:
    """Organizations (beyond those already `known`), role grants and statuses of the users: three
    queries at most (the third only for users that may still be invited)."""
    known = dict(known or {})
    known.update(await organizations({u.organization_id for u in users_list} - set(known)))
    grants: dict[int, list[UserRole]] = {u.id: [] for u in users_list}
    if grants:
        for grant in await UserRole.filter(user_id__in=list(grants)).order_by("role"):
            grants[grant.user_id].append(grant)
    return People(organizations=known, grants=grants, statuses=await users.statuses(users_list))


@dataclass(frozen=True)
class AccountRelations:
    """The organizations and sales reps of a page of customer accounts, the reps with their people."""

    organizations: dict[int, Organization]
    reps: dict[int, User]
    people: People


async def account_relations(accounts: list[CustomerAccount]) -> AccountRelations:
    reps = {u.id: u for u in await User.filter(id__in={a.sales_rep_id for a in accounts if a.sales_rep_id})}
    org_ids = (
        {a.supplier_id for a in accounts} | {a.buyer_id for a in accounts} | {r.organization_id for r in reps.values()}
    )
    found = await organizations(org_ids)
    return AccountRelations(organizations=found, reps=reps, people=await people(list(reps.values()), found))
