"""Organizations, users, customer accounts and authentication over GraphQL:
the object types and mutation payloads."""

from __future__ import annotations

import asyncio
from datetime import datetime, time
from decimal import Decimal

import strawberry

from app.accounts.models import Address as AddressModel
from app.accounts.models import CatalogVisibility, CustomerAccountStatus, PublicPrices, Role, UserStatus
from app.accounts.models import CustomerAccount as CustomerAccountModel
from app.accounts.models import Organization as OrganizationModel
from app.approvals import service as approval_reads
from app.orders import calendar
from app.orders import quotas as ordering_reads
from schema.errors import UserError
from schema.ids import encode_id
from schema.node import Node
from schema.scalars import Money

strawberry.enum(Role, name="Role", description="What a user may do in its organization.")
RoleEnum = Role


strawberry.enum(UserStatus, name="UserStatus", description="Where a user stands: invited, active or deactivated.")
UserStatusEnum = UserStatus


strawberry.enum(CatalogVisibility, name="CatalogVisibility", description="Who may browse a supplier's catalog.")
CatalogVisibilityEnum = CatalogVisibility


strawberry.enum(PublicPrices, name="PublicPrices", description="What visitors see of prices.")
PublicPricesEnum = PublicPrices


strawberry.enum(CustomerAccountStatus, name="CustomerAccountStatus", description="Where a customer account stands.")
CustomerAccountStatusEnum = CustomerAccountStatus


@strawberry.type(name="Organization", description="A company that sells, buys, or both.")
class OrganizationType(Node):
    code: str
    name: str
    can_sell: bool
    can_buy: bool
    currency: str
    catalog_visibility: CatalogVisibilityEnum
    public_prices: PublicPricesEnum
    registration_open: bool
    orders_need_approval: bool = strawberry.field(
        description="False: the supplier's orders are approved at placement, with no approval walk."
    )
    pk: strawberry.Private[int]
    discount_limit: strawberry.Private[Decimal]

    @strawberry.field(
        description="How far (percent) below the resolved price a SALES user may set a unit price when editing an "
        "order; only the organization's own users see it."
    )
    def sales_max_discount_percent(self, info: strawberry.Info) -> Decimal | None:
        return self.discount_limit if info.context.principal.organization_id == self.pk else None

    @classmethod
    def of(cls, org: OrganizationModel) -> OrganizationType:
        return cls(
            id=strawberry.ID(encode_id("Organization", org.id)),
            code=org.code,
            name=org.name,
            can_sell=org.can_sell,
            can_buy=org.can_buy,
            currency=org.currency,
            catalog_visibility=org.catalog_visibility,
            public_prices=org.public_prices,
            registration_open=org.registration_open,
            orders_need_approval=org.orders_need_approval,
            pk=org.id,
            discount_limit=org.sales_max_discount_percent,
        )


@strawberry.type(name="User", description="A person who signs in, in one organization, with roles.")
class UserType(Node):
    name: str
    email: str | None
    phone: str | None
    username: str | None
    organization: OrganizationType
    roles: list[RoleEnum]
    approval_level: int | None = strawberry.field(description="The highest approval level of an APPROVER, else null.")
    status: UserStatusEnum = strawberry.field(description="Only ACTIVE users sign in.")


@strawberry.type(
    name="OrderingWindow", description="订货周期: from a weekday and time to a weekday and time; 0 is Monday."
)
class OrderingWindowType:
    opens_weekday: int
    opens_at: time
    closes_weekday: int
    closes_at: time


class AccountsPage:
    """What a page of accounts shows besides its columns (ordering windows, approval flows), each
    loaded in one batch when a selection first asks for it."""

    def __init__(self, accounts: list[CustomerAccountModel]):
        self.accounts = accounts
        self.windows: asyncio.Future[dict[int, list[calendar.Window]]] | None = None
        self.flows: asyncio.Future[dict[int, approval_reads.AppliedFlow]] | None = None

    async def windows_of(self, account_id: int) -> list[OrderingWindowType]:
        if self.windows is None:
            self.windows = asyncio.ensure_future(ordering_reads.windows_by_account([a.id for a in self.accounts]))
        return [
            OrderingWindowType(
                opens_weekday=w.opens_weekday,
                opens_at=w.opens_at,
                closes_weekday=w.closes_weekday,
                closes_at=w.closes_at,
            )
            for w in (await self.windows).get(account_id, [])
        ]

    async def flow_of(self, account_id: int) -> approval_reads.AppliedFlow:
        if self.flows is None:
            self.flows = asyncio.ensure_future(approval_reads.flows_for(self.accounts))
        return (await self.flows)[account_id]


@strawberry.type(
    name="CustomerAccount",
    description="The relationship of a supplier and one of its buyers (客户档案) and its terms.",
)
class CustomerAccountType(Node):
    code: str | None = strawberry.field(
        description="The supplier's customer code (客户编码): bulk imports and exports match customers by it."
    )
    status: CustomerAccountStatusEnum
    status_reason: str | None
    tier: str | None
    customer_group: str | None
    region: str | None
    payment_terms_days: int
    contact_name: str | None
    contact_phone: str | None
    note: str | None
    created_at: datetime
    decided_at: datetime | None
    supplier: OrganizationType
    buyer: OrganizationType
    sales_rep: UserType | None = strawberry.field(
        description="The supplier's sales rep (业务员) serving this customer."
    )
    credit_limit: Money = strawberry.field(
        description="How much the customer may owe (信用额度), in the supplier's currency."
    )
    pk: strawberry.Private[int]
    page: strawberry.Private[AccountsPage]

    @strawberry.field(
        description="订货周期: the weekly windows set by orderingWindowsSet; empty means the customer may order any time."
    )
    async def ordering_windows(self) -> list[OrderingWindowType]:
        return await self.page.windows_of(self.pk)

    @strawberry.field(
        description="The approval flow its orders walk (supplier staff): its own (approvalFlowAssign), else its "
        "customer group's, else the default; null when none applies (one approval by any approver)."
    )
    async def approval_flow_id(self, info: strawberry.Info) -> strawberry.ID | None:
        if not info.context.principal.can_sell:
            return None
        flow = (await self.page.flow_of(self.pk)).flow
        return strawberry.ID(encode_id("ApprovalFlow", flow.id)) if flow else None

    @strawberry.field(
        description="Whether approvalFlowId is the account's own flow rather than its group's or the default."
    )
    async def approval_flow_assigned(self, info: strawberry.Info) -> bool:
        return info.context.principal.can_sell and (await self.page.flow_of(self.pk)).assigned


@strawberry.type(description="Who is calling: a user, or an app acting for its organization.")
class Viewer:
    user: UserType | None
    organization: OrganizationType
    roles: list[RoleEnum]
    approval_level: int | None
    scopes: list[str]
    operations: list[str] = strawberry.field(
        description="The queries, mutations and subscriptions the caller may call (e.g. orderApprove): "
        "show a page or a button only when its operation is here."
    )


@strawberry.type(
    description="The result of login. UserErrorCode values its userErrors can carry: INVALID_CREDENTIALS, REQUIRED, "
    "TOO_LONG, TOO_MANY_ATTEMPTS, TOO_SHORT, USER_DISABLED."
)
class LoginPayload:
    token: str | None = strawberry.field(default=None, description="Bearer access token, short-lived.")
    token_expires_at: datetime | None = None
    refresh_token: str | None = strawberry.field(
        default=None, description="Exchange with tokenRefresh for new tokens; works once."
    )
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of tokenRefresh. UserErrorCode values its userErrors can carry: INVALID_TOKEN."
)
class TokenRefreshPayload(LoginPayload):
    pass


@strawberry.type(description="The result of logout. UserErrorCode values its userErrors can carry: none.")
class LogoutPayload:
    revoked: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of passwordChange. UserErrorCode values its userErrors can carry: INVALID_CREDENTIALS, "
    "PASSWORD_TOO_WEAK, REQUIRED, TOO_LONG."
)
class PasswordChangePayload:
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of passwordResetRequest. UserErrorCode values its userErrors can carry: REQUIRED, "
    "TOO_LONG, TOO_SHORT."
)
class PasswordResetRequestPayload:
    requested: bool = strawberry.field(
        default=False, description="True whether or not the login exists, so it cannot be probed."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of passwordReset. UserErrorCode values its userErrors can carry: INVALID_TOKEN, "
    "PASSWORD_TOO_WEAK, REQUIRED, TOO_LONG."
)
class PasswordResetPayload(PasswordChangePayload):
    pass


@strawberry.type(
    description="The result of buyerRegister. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, INVALID,"
    " INVALID_ID, NOT_FOUND, PASSWORD_TOO_WEAK, REGISTRATION_CLOSED, REQUIRED, TOO_LONG, TOO_SHORT."
)
class BuyerRegisterPayload:
    customer_account: CustomerAccountType | None = None
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of customerAccountApprove. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class CustomerAccountApprovePayload:
    customer_account: CustomerAccountType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of customerAccountReject. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class CustomerAccountRejectPayload:
    customer_account: CustomerAccountType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of customerAccountSuspend. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class CustomerAccountSuspendPayload:
    customer_account: CustomerAccountType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of customerAccountUpdate. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class CustomerAccountUpdatePayload:
    customer_account: CustomerAccountType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(name="Address", description="A delivery address of the caller's organization.")
class AddressType(Node):
    label: str | None
    recipient: str
    phone: str
    region: str
    street: str
    postal_code: str | None
    is_default: bool

    @classmethod
    def of(cls, address: AddressModel) -> AddressType:
        return cls(
            id=strawberry.ID(encode_id("Address", address.id)),
            label=address.label,
            recipient=address.recipient,
            phone=address.phone,
            region=address.region,
            street=address.street,
            postal_code=address.postal_code,
            is_default=address.is_default,
        )


@strawberry.type(
    description="The result of addressCreate. UserErrorCode values its userErrors can carry: INVALID, NOT_FOUND, "
    "REQUIRED, TOO_LONG, TOO_SHORT."
)
class AddressCreatePayload:
    address: AddressType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of addressUpdate. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class AddressUpdatePayload:
    address: AddressType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of addressArchive. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND."
)
class AddressArchivePayload:
    address: AddressType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of supplierSettingsUpdate. UserErrorCode values its userErrors can carry: INVALID, "
    "OUT_OF_RANGE."
)
class SupplierSettingsUpdatePayload:
    organization: OrganizationType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
