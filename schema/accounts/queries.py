"""Organizations, users, customer accounts and authentication over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.accounts import queries as accounts_reads
from app.accounts import service, users
from app.accounts.access import allowed_operations
from app.pagination import PageRequest
from schema.accounts.inputs import (
    CustomerAccountFilter,
    CustomerAccountSort,
    UserFilter,
    customer_account_filter,
    user_filter,
)
from schema.accounts.loaders import customer_account_type, customer_account_types, one_user, user_types
from schema.accounts.types import (
    AddressType,
    CustomerAccountType,
    OrganizationType,
    UserType,
    Viewer,
)
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id

_CUSTOMER_ACCOUNT_ORDER = {CustomerAccountSort.NEWEST: ("-id",), CustomerAccountSort.OLDEST: ("id",)}


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The caller; null for an anonymous visitor.")
    async def viewer(self, info: strawberry.Info) -> Viewer | None:
        principal = info.context.principal
        if not principal.is_authenticated:
            return None
        user = None
        if principal.user_id is not None:
            [found] = await service.users_by_ids([principal.user_id])
            user = await one_user(found) if found else None
        organization_id = principal.require_organization_id()
        organizations = await accounts_reads.organizations({organization_id})
        return Viewer(
            user=user,
            organization=OrganizationType.of(organizations[organization_id]),
            roles=sorted(principal.roles),
            approval_level=principal.approval_level,
            scopes=sorted(principal.scopes),
            operations=allowed_operations(principal),
        )

    @strawberry.field(
        description="For a buyer, the suppliers it has an approved account with; "
        "for a visitor, the suppliers that accept registrations."
    )
    async def suppliers(self, info: strawberry.Info) -> list[OrganizationType]:
        return [OrganizationType.of(org) for org in await accounts_reads.suppliers(info.context.principal)]

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
        query = accounts_reads.filter_customer_accounts(
            service.visible_customer_accounts(info.context.principal), customer_account_filter(filter)
        )
        return await connection_of(query, _CUSTOMER_ACCOUNT_ORDER[sort], page, customer_account_types)

    @strawberry.field(description="The users of the caller's organization, for its admins; oldest first.")
    @paginated
    async def users(
        self, info: strawberry.Info, *, page: PageRequest, filter: UserFilter | None = None
    ) -> Connection[UserType]:
        query = users.users_of_organization(info.context.principal, user_filter(filter))
        return await connection_of(query, ("id",), page, user_types)

    @strawberry.field(description="The caller's organization's delivery addresses, the default first.")
    async def addresses(self, info: strawberry.Info) -> list[AddressType]:
        return [AddressType.of(a) for a in await accounts_reads.address_book(info.context.principal)]

    @strawberry.field(description="One customer account; null when missing or not yours.")
    async def customer_account(self, info: strawberry.Info, id: strawberry.ID) -> CustomerAccountType | None:
        pk = decode_id(id, "CustomerAccount", "id")
        rows = await service.customer_accounts_by_ids(info.context.principal, [pk])
        return await customer_account_type(rows[0]) if rows[0] else None
