"""Organizations, users, customer accounts and authentication over GraphQL:
a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.accounts import queries as accounts_reads
from app.accounts import service
from app.accounts.models import CustomerAccount as CustomerAccountModel
from app.accounts.models import User as UserModel
from schema.accounts.types import AccountsPage, AddressType, CustomerAccountType, OrganizationType, UserType
from schema.ids import encode_id
from schema.node import one_by_one, register_visible_node
from schema.scalars import Money


def user_type(user: UserModel, people: accounts_reads.People) -> UserType:
    return UserType(
        id=strawberry.ID(encode_id("User", user.id)),
        name=user.name,
        email=user.email,
        phone=user.phone,
        username=user.username,
        organization=OrganizationType.of(people.organizations[user.organization_id]),
        roles=[grant.role for grant in people.grants[user.id]],
        approval_level=people.approval_level(user.id),
        status=people.statuses[user.id],
    )


async def user_types(users: list[UserModel]) -> list[UserType]:
    """A page of users with their organizations and roles, two queries whatever its size."""
    people = await accounts_reads.people(users)
    return [user_type(user, people) for user in users]


async def one_user(user: UserModel) -> UserType:
    return (await user_types([user]))[0]


async def customer_account_types(accounts: list[CustomerAccountModel]) -> list[CustomerAccountType]:
    """A page of accounts with their organizations and reps (with the reps' own organizations and
    roles) loaded in one query each, so the executor resolves plain values."""
    related = await accounts_reads.account_relations(accounts)
    orgs = related.organizations
    org_types = {pk: OrganizationType.of(org) for pk, org in orgs.items()}
    page = AccountsPage(accounts)
    return [
        CustomerAccountType(
            id=strawberry.ID(encode_id("CustomerAccount", account.id)),
            code=account.code,
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
            sales_rep=user_type(related.reps[account.sales_rep_id], related.people) if account.sales_rep_id else None,
            credit_limit=Money(amount=account.credit_limit, currency=orgs[account.supplier_id].currency),
            pk=account.id,
            page=page,
        )
        for account in accounts
    ]


async def customer_account_type(account: CustomerAccountModel) -> CustomerAccountType:
    return (await customer_account_types([account]))[0]


register_visible_node("CustomerAccount", service.visible_customer_accounts, customer_account_types)
register_visible_node("Organization", service.visible_organizations, one_by_one(OrganizationType.of))
register_visible_node("User", service.visible_users, user_types)
register_visible_node("Address", service.visible_addresses, one_by_one(AddressType.of))
