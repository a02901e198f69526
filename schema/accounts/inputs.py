"""Organizations, users, customer accounts and authentication over GraphQL:
the input types and their decoding."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry

from app.accounts import queries as accounts_reads
from app.accounts import users
from schema.accounts.types import (
    CatalogVisibilityEnum,
    CustomerAccountStatusEnum,
    PublicPricesEnum,
    RoleEnum,
    UserStatusEnum,
)
from schema.ids import decode_optional_id


@strawberry.enum(description="Order of a customer account list.")
class CustomerAccountSort(Enum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"


@strawberry.input
class CustomerAccountFilter:
    status: list[CustomerAccountStatusEnum] | None = None
    tier: str | None = None
    customer_group: str | None = None
    region: str | None = None
    sales_rep_id: strawberry.ID | None = None
    supplier_id: strawberry.ID | None = strawberry.field(
        default=None, description="As a buyer: only the account with this supplier."
    )
    buyer_id: strawberry.ID | None = strawberry.field(
        default=None, description="As a supplier: only the account of this buyer."
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the buyer's name or code, or of the account's contact name or phone."
    )


@strawberry.input
class UserFilter:
    status: list[UserStatusEnum] | None = None
    role: RoleEnum | None = None
    search: str | None = strawberry.field(default=None, description="Part of a name, email, phone or username.")


def user_filter(wanted: UserFilter | None) -> users.UserFilter:
    if wanted is None:
        return users.UserFilter()
    return users.UserFilter(statuses=tuple(wanted.status or ()), role=wanted.role, search=wanted.search)


@strawberry.input
class LoginInput:
    login: str = strawberry.field(description="Email, phone number or username.")
    password: str


@strawberry.input
class TokenRefreshInput:
    refresh_token: str


@strawberry.input
class LogoutInput:
    all_sessions: bool = strawberry.field(default=False, description="Sign out on every device.")


@strawberry.input
class PasswordChangeInput:
    current_password: str
    new_password: str


@strawberry.input
class PasswordResetRequestInput:
    login: str = strawberry.field(description="Email, phone number or username.")


@strawberry.input
class PasswordResetInput:
    token: str
    new_password: str


@strawberry.input
class NewUserInput:
    name: str
    password: str
    email: str | None = None
    phone: str | None = None
    username: str | None = None


@strawberry.input
class BuyerRegisterInput:
    supplier_id: strawberry.ID
    company_name: str | None = strawberry.field(
        default=None, description="Required for a new company; ignored when an admin applies for its own."
    )
    contact_name: str | None = None
    user: NewUserInput | None = strawberry.field(default=None, description="The new company's first user (its admin).")
    region: str | None = None
    note: str | None = None


@strawberry.input
class CustomerAccountApproveInput:
    customer_account_id: strawberry.ID
    tier: str | None = strawberry.UNSET
    customer_group: str | None = strawberry.UNSET
    region: str | None = strawberry.UNSET
    sales_rep_id: strawberry.ID | None = strawberry.UNSET
    credit_limit: Decimal | None = strawberry.UNSET
    payment_terms_days: int | None = strawberry.UNSET


@strawberry.input(description="Fields left out keep their value; null clears one.")
class CustomerAccountUpdateInput(CustomerAccountApproveInput):
    contact_name: str | None = strawberry.UNSET
    contact_phone: str | None = strawberry.UNSET
    note: str | None = strawberry.UNSET


@strawberry.input
class CustomerAccountRejectInput:
    customer_account_id: strawberry.ID
    reason: str


@strawberry.input
class CustomerAccountSuspendInput(CustomerAccountRejectInput):
    pass


@strawberry.input
class AddressInput:
    recipient: str
    phone: str
    region: str
    street: str
    postal_code: str | None = None
    label: str | None = None
    is_default: bool = False


@strawberry.input
class AddressCreateInput:
    address: AddressInput


@strawberry.input
class AddressUpdateInput:
    address_id: strawberry.ID
    address: AddressInput


@strawberry.input
class AddressArchiveInput:
    address_id: strawberry.ID


@strawberry.input(description="Fields left out keep their value.")
class SupplierSettingsUpdateInput:
    catalog_visibility: CatalogVisibilityEnum | None = None
    public_prices: PublicPricesEnum | None = None
    registration_open: bool | None = None
    orders_need_approval: bool | None = strawberry.field(
        default=None, description="False: placed orders are approved at once, whatever the approval flows say."
    )
    sales_max_discount_percent: Decimal | None = strawberry.field(
        default=None,
        description="How far (0–100) below the resolved unit price a SALES user may set a price when editing an "
        "order; ADMIN is not limited.",
    )


def customer_account_filter(wanted: CustomerAccountFilter | None) -> accounts_reads.CustomerAccountFilter:
    if wanted is None:
        return accounts_reads.CustomerAccountFilter()
    return accounts_reads.CustomerAccountFilter(
        statuses=tuple(wanted.status or ()),
        tier=wanted.tier,
        customer_group=wanted.customer_group,
        region=wanted.region,
        sales_rep_id=decode_optional_id(wanted.sales_rep_id, "User", ("filter", "sales_rep_id")),
        supplier_id=decode_optional_id(wanted.supplier_id, "Organization", ("filter", "supplier_id")),
        buyer_id=decode_optional_id(wanted.buyer_id, "Organization", ("filter", "buyer_id")),
        search=wanted.search,
    )
