"""Organizations, users, customer accounts and authentication over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.accounts import service
from app.accounts.models import CustomerAccount as CustomerAccountModel
from schema.accounts.types import CustomerAccountType, OrganizationType, UserType
from schema.ids import encode_id
from schema.node import register_node
from schema.scalars import Money


async def customer_account_types(
    info: strawberry.Info, accounts: list[CustomerAccountModel]
) -> list[CustomerAccountType]:
    """Builds a page of accounts with their organizations and reps loaded in one batch each,
    so the executor resolves plain values instead of awaiting a loader per row."""
    loaders = info.context.loaders
    org_ids = sorted({a.supplier_id for a in accounts} | {a.buyer_id for a in accounts})
    rep_ids = sorted({a.sales_rep_id for a in accounts if a.sales_rep_id is not None})
    orgs = dict(zip(org_ids, await loaders.of(service.organizations_by_ids).load_many(org_ids)))
    reps = dict(zip(rep_ids, await loaders.of(service.users_by_ids).load_many(rep_ids)))
    org_types = {pk: OrganizationType.of(org) for pk, org in orgs.items()}
    return [
        CustomerAccountType(
            id=strawberry.ID(encode_id("CustomerAccount", account.id)),
            status=account.status,
            status_reason=account.status_reason,
            tier=account.tier,
            customer_group=account.customer_group,
            region=account.region,
            payment_terms_days=account.payment_terms_days,
            contact_name=account.contact_name,
            contact_phone=account.contact_phone,
            note=account.note,
            created_at=account.created_at,
            decided_at=account.decided_at,
            supplier=org_types[account.supplier_id],
            buyer=org_types[account.buyer_id],
            sales_rep=UserType.of(reps[account.sales_rep_id]) if account.sales_rep_id else None,
            credit_limit=Money(amount=account.credit_limit, currency=orgs[account.supplier_id].currency),
        )
        for account in accounts
    ]


async def customer_account_type(info: strawberry.Info, account: CustomerAccountModel) -> CustomerAccountType:
    return (await customer_account_types(info, [account]))[0]


def _one_by_one(wrap):
    async def wrap_all(info: strawberry.Info, rows: list) -> list:
        return [wrap(row) for row in rows]

    return wrap_all


async def _fetch_visible(query, info: strawberry.Info, pks: list[int], wrap_all) -> list:
    found = {row.id: row for row in await query.filter(id__in=pks)}
    rows = [found[pk] for pk in pks if pk in found]
    wrapped = dict(zip((row.id for row in rows), await wrap_all(info, rows)))
    return [wrapped.get(pk) for pk in pks]


register_node(
    "CustomerAccount",
    lambda info, pks: _fetch_visible(
        service.visible_customer_accounts(info.context.principal), info, pks, customer_account_types
    ),
)


register_node(
    "Organization",
    lambda info, pks: _fetch_visible(
        service.visible_organizations(info.context.principal), info, pks, _one_by_one(OrganizationType.of)
    ),
)


register_node(
    "User",
    lambda info, pks: _fetch_visible(
        service.visible_users(info.context.principal), info, pks, _one_by_one(UserType.of)
    ),
)
