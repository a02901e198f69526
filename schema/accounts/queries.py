"""Organizations, users, customer accounts and authentication over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.accounts import service
from app.pagination import PageRequest
from schema.accounts.inputs import CustomerAccountFilter, CustomerAccountSort
from schema.accounts.loaders import customer_account_type, customer_account_types
from schema.accounts.types import (
    AddressType,
    CustomerAccountType,
    OrganizationType,
    UserType,
    Viewer,
    load_organization,
)
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id, decode_optional_id

_CUSTOMER_ACCOUNT_ORDER = {CustomerAccountSort.NEWEST: ("-id",), CustomerAccountSort.OLDEST: ("id",)}


def _filtered(query, account_filter: CustomerAccountFilter | None):
    if account_filter is None:
        return query
    if account_filter.status:
        query = query.filter(status__in=account_filter.status)
    for field, value in (
        ("tier", account_filter.tier),
        ("customer_group", account_filter.customer_group),
        ("region", account_filter.region),
    ):
        if value is not None:
            query = query.filter(**{field: value})
    for field, value, type_name in (
        ("sales_rep_id", account_filter.sales_rep_id, "User"),
        ("supplier_id", account_filter.supplier_id, "Organization"),
        ("buyer_id", account_filter.buyer_id, "Organization"),
    ):
        pk = decode_optional_id(value, type_name, ("filter", field))
        if pk is not None:
            query = query.filter(**{field: pk})
    return query


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The caller; null for an anonymous visitor.")
    async def viewer(self, info: strawberry.Info) -> Viewer | None:
        principal = info.context.principal
        if not principal.is_authenticated:
            return None
        user = None
        if principal.user_id is not None:
            user = UserType.of(await info.context.loaders.of(service.users_by_ids).load(principal.user_id))
        return Viewer(
            user=user,
            organization=await load_organization(info, principal.organization_id),
            roles=sorted(principal.roles),
            approval_level=principal.approval_level,
            scopes=sorted(principal.scopes),
        )

    @strawberry.field(
        description="For a buyer, the suppliers it has an approved account with; "
        "for a visitor, the suppliers that accept registrations."
    )
    async def suppliers(self, info: strawberry.Info) -> list[OrganizationType]:
        rows = await service.suppliers_for(info.context.principal).order_by("name", "id")
        return [OrganizationType.of(org) for org in rows]

    @strawberry.field(description="Customer accounts the caller may see, newest first by default.")
    @paginated
    async def customer_accounts(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
        filter: CustomerAccountFilter | None = None,
        sort: CustomerAccountSort = CustomerAccountSort.NEWEST,
    ) -> Connection[CustomerAccountType]:
        query = _filtered(service.visible_customer_accounts(info.context.principal), filter)
        return await connection_of(
            query,
            _CUSTOMER_ACCOUNT_ORDER[sort],
            page,
            lambda rows: customer_account_types(info, rows),
        )

    @strawberry.field(description="The caller's organization's delivery addresses, the default first.")
    async def addresses(self, info: strawberry.Info) -> list[AddressType]:
        rows = await service.visible_addresses(info.context.principal).order_by("-is_default", "id")
        return [AddressType.of(a) for a in rows]

    @strawberry.field(description="One customer account; null when missing or not yours.")
    async def customer_account(self, info: strawberry.Info, id: strawberry.ID) -> CustomerAccountType | None:
        pk = decode_id(id, "CustomerAccount", "id")
        rows = await service.customer_accounts_by_ids(info.context.principal, [pk])
        return await customer_account_type(info, rows[0]) if rows[0] else None
