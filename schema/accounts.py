"""Organizations, users, customer accounts and authentication over GraphQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from app.accounts import auth, service
from app.accounts.models import Address as AddressModel
from app.accounts.models import (
    CatalogVisibility,
    CustomerAccountStatus,
    PublicPrices,
    Role,
)
from app.accounts.models import CustomerAccount as CustomerAccountModel
from app.accounts.models import Organization as OrganizationModel
from app.accounts.models import User as UserModel
from app.accounts.permissions import Principal
from app.pagination import PageRequest
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node, register_node
from schema.scalars import Money

RoleEnum = strawberry.enum(Role, name="Role", description="What a user may do in its organization.")
CatalogVisibilityEnum = strawberry.enum(
    CatalogVisibility, name="CatalogVisibility", description="Who may browse a supplier's catalog."
)
PublicPricesEnum = strawberry.enum(PublicPrices, name="PublicPrices", description="What visitors see of prices.")
CustomerAccountStatusEnum = strawberry.enum(
    CustomerAccountStatus, name="CustomerAccountStatus", description="Where a customer account stands."
)


def _principal(info: strawberry.Info) -> Principal:
    return info.context.principal


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
        )


async def _organization(info: strawberry.Info, org_id: int) -> OrganizationType:
    return OrganizationType.of(await info.context.loaders.of(service.organizations_by_ids).load(org_id))


@strawberry.type(name="User", description="A person who signs in, in one organization, with roles.")
class UserType(Node):
    name: str
    email: str | None
    phone: str | None
    username: str | None
    user_id: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    @classmethod
    def of(cls, user: UserModel) -> UserType:
        return cls(
            id=strawberry.ID(encode_id("User", user.id)),
            name=user.name,
            email=user.email,
            phone=user.phone,
            username=user.username,
            user_id=user.id,
            organization_id=user.organization_id,
        )

    @strawberry.field
    async def organization(self, info: strawberry.Info) -> OrganizationType:
        return await _organization(info, self.organization_id)

    @strawberry.field
    async def roles(self, info: strawberry.Info) -> list[RoleEnum]:
        grants = await info.context.loaders.of(service.roles_by_user_ids).load(self.user_id)
        return [grant.role for grant in grants]

    @strawberry.field(description="The highest approval level of an APPROVER, else null.")
    async def approval_level(self, info: strawberry.Info) -> int | None:
        grants = await info.context.loaders.of(service.roles_by_user_ids).load(self.user_id)
        return max((g.approval_level for g in grants if g.approval_level is not None), default=None)


@strawberry.type(
    name="CustomerAccount",
    description="The relationship of a supplier and one of its buyers (客户档案) and its terms.",
)
class CustomerAccountType(Node):
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


@strawberry.type(description="Who is calling: a user, or an app acting for its organization.")
class Viewer:
    user: UserType | None
    organization: OrganizationType
    roles: list[RoleEnum]
    approval_level: int | None
    scopes: list[str]


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
        service.visible_customer_accounts(_principal(info)), info, pks, customer_account_types
    ),
)
register_node(
    "Organization",
    lambda info, pks: _fetch_visible(
        service.visible_organizations(_principal(info)), info, pks, _one_by_one(OrganizationType.of)
    ),
)
register_node(
    "User",
    lambda info, pks: _fetch_visible(
        service.visible_users(_principal(info)), info, pks, _one_by_one(UserType.of)
    ),
)


@strawberry.enum(description="Order of a customer account list.")
class CustomerAccountSort(Enum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"


_CUSTOMER_ACCOUNT_ORDER = {CustomerAccountSort.NEWEST: ("-id",), CustomerAccountSort.OLDEST: ("id",)}


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
        principal = _principal(info)
        if not principal.is_authenticated:
            return None
        user = None
        if principal.user_id is not None:
            user = UserType.of(await info.context.loaders.of(service.users_by_ids).load(principal.user_id))
        return Viewer(
            user=user,
            organization=await _organization(info, principal.organization_id),
            roles=sorted(principal.roles),
            approval_level=principal.approval_level,
            scopes=sorted(principal.scopes),
        )

    @strawberry.field(
        description="For a buyer, the suppliers it has an approved account with; "
        "for a visitor, the suppliers that accept registrations."
    )
    async def suppliers(self, info: strawberry.Info) -> list[OrganizationType]:
        rows = await service.suppliers_for(_principal(info)).order_by("name", "id")
        return [OrganizationType.of(org) for org in rows]

    @strawberry.field(description="Customer accounts the caller may see, newest first by default.")
    async def customer_accounts(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CustomerAccountFilter | None = None,
        sort: CustomerAccountSort = CustomerAccountSort.NEWEST,
    ) -> Connection[CustomerAccountType]:
        query = _filtered(service.visible_customer_accounts(_principal(info)), filter)
        return await connection_of(
            query,
            _CUSTOMER_ACCOUNT_ORDER[sort],
            PageRequest(first=first, after=after, last=last, before=before),
            lambda rows: customer_account_types(info, rows),
        )

    @strawberry.field(description="The caller's organization's delivery addresses, the default first.")
    async def addresses(self, info: strawberry.Info) -> list[AddressType]:
        rows = await service.visible_addresses(_principal(info)).order_by("-is_default", "id")
        return [AddressType.of(a) for a in rows]

    @strawberry.field(description="One customer account; null when missing or not yours.")
    async def customer_account(self, info: strawberry.Info, id: strawberry.ID) -> CustomerAccountType | None:
        pk = decode_id(id, "CustomerAccount", "id")
        rows = await service.customer_accounts_by_ids(_principal(info), [pk])
        return await customer_account_type(info, rows[0]) if rows[0] else None


@strawberry.input
class LoginInput:
    login: str = strawberry.field(description="Email, phone number or username.")
    password: str


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(default=None, description="Bearer access token, short-lived.")
    token_expires_at: datetime | None = None
    refresh_token: str | None = strawberry.field(
        default=None, description="Exchange with tokenRefresh for new tokens; works once."
    )
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class TokenRefreshInput:
    refresh_token: str


@strawberry.type
class TokenRefreshPayload(LoginPayload):
    pass


@strawberry.input
class LogoutInput:
    all_sessions: bool = strawberry.field(default=False, description="Sign out on every device.")


@strawberry.type
class LogoutPayload:
    revoked: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PasswordChangeInput:
    current_password: str
    new_password: str


@strawberry.type
class PasswordChangePayload:
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PasswordResetRequestInput:
    login: str = strawberry.field(description="Email, phone number or username.")


@strawberry.type
class PasswordResetRequestPayload:
    requested: bool = strawberry.field(
        default=False, description="True whether or not the login exists, so it cannot be probed."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PasswordResetInput:
    token: str
    new_password: str


@strawberry.type
class PasswordResetPayload(PasswordChangePayload):
    pass


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
    user: NewUserInput | None = strawberry.field(
        default=None, description="The new company's first user (its admin)."
    )
    region: str | None = None
    note: str | None = None


@strawberry.type
class BuyerRegisterPayload:
    customer_account: CustomerAccountType | None = None
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class CustomerAccountPayload:
    customer_account: CustomerAccountType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


_TERM_FIELDS = (
    "tier",
    "customer_group",
    "region",
    "sales_rep_id",
    "credit_limit",
    "payment_terms_days",
    "contact_name",
    "contact_phone",
    "note",
)


def _terms(data: CustomerAccountApproveInput) -> service.CustomerTerms:
    given = {
        name: getattr(data, name)
        for name in _TERM_FIELDS
        if getattr(data, name, strawberry.UNSET) is not strawberry.UNSET
    }
    if "sales_rep_id" in given:
        given["sales_rep_id"] = decode_optional_id(given["sales_rep_id"], "User", ("input", "salesRepId"))
    return service.CustomerTerms(**given, fields_set=frozenset(given))


def _account_id(data) -> int:
    return decode_id(data.customer_account_id, "CustomerAccount", ("input", "customerAccountId"))


def _tokens_payload(payload_type, issued: auth.IssuedTokens):
    return payload_type(
        token=issued.access_token,
        token_expires_at=issued.access_token_expires_at,
        refresh_token=issued.refresh_token,
        user=UserType.of(issued.user),
    )


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


@strawberry.type
class AddressPayload:
    address: AddressType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _address_input(data: AddressInput) -> service.AddressInput:
    return service.AddressInput(
        recipient=data.recipient,
        phone=data.phone,
        region=data.region,
        street=data.street,
        postal_code=data.postal_code,
        label=data.label,
        is_default=data.is_default,
    )


@strawberry.input(description="Fields left out keep their value.")
class SupplierSettingsUpdateInput:
    catalog_visibility: CatalogVisibilityEnum | None = None
    public_prices: PublicPricesEnum | None = None
    registration_open: bool | None = None


@strawberry.type
class SupplierSettingsUpdatePayload:
    organization: OrganizationType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Add a delivery address to the address book.")
    @mutation_payload(AddressPayload)
    async def address_create(self, info: strawberry.Info, input: AddressCreateInput) -> AddressPayload:
        return AddressPayload(address=AddressType.of(await service.save_address(_principal(info), _address_input(input.address))))

    @strawberry.mutation(description="Replace a delivery address.")
    @mutation_payload(AddressPayload)
    async def address_update(self, info: strawberry.Info, input: AddressUpdateInput) -> AddressPayload:
        address = await service.save_address(
            _principal(info), _address_input(input.address), decode_id(input.address_id, "Address", ("input", "addressId"))
        )
        return AddressPayload(address=AddressType.of(address))

    @strawberry.mutation(description="Remove an address from the book (orders keep their copy).")
    @mutation_payload(AddressPayload)
    async def address_archive(self, info: strawberry.Info, input: AddressArchiveInput) -> AddressPayload:
        await service.archive_address(_principal(info), decode_id(input.address_id, "Address", ("input", "addressId")))
        return AddressPayload()

    @strawberry.mutation(description="The supplier's catalog visibility, public prices and registration.")
    @mutation_payload(SupplierSettingsUpdatePayload)
    async def supplier_settings_update(
        self, info: strawberry.Info, input: SupplierSettingsUpdateInput
    ) -> SupplierSettingsUpdatePayload:
        org = await service.update_supplier_settings(
            _principal(info),
            catalog_visibility=input.catalog_visibility,
            public_prices=input.public_prices,
            registration_open=input.registration_open,
        )
        return SupplierSettingsUpdatePayload(organization=OrganizationType.of(org))

    @strawberry.mutation(description="Sign in with an email, phone or username and a password.")
    @mutation_payload(LoginPayload)
    async def login(self, info: strawberry.Info, input: LoginInput) -> LoginPayload:
        issued = await auth.login(input.login, input.password, info.context.client_address, info.context.services.rate_limiter)
        return _tokens_payload(LoginPayload, issued)

    @strawberry.mutation(description="New tokens for a refresh token; the old refresh token stops working.")
    @mutation_payload(TokenRefreshPayload)
    async def token_refresh(self, input: TokenRefreshInput) -> TokenRefreshPayload:
        return _tokens_payload(TokenRefreshPayload, await auth.refresh(input.refresh_token))

    @strawberry.mutation(description="End this session (or all of the user's sessions).")
    @mutation_payload(LogoutPayload)
    async def logout(self, info: strawberry.Info, input: LogoutInput | None = None) -> LogoutPayload:
        await auth.logout(_principal(info), all_sessions=bool(input and input.all_sessions))
        return LogoutPayload(revoked=True)

    @strawberry.mutation(description="Change the caller's password; other sessions are signed out.")
    @mutation_payload(PasswordChangePayload)
    async def password_change(self, info: strawberry.Info, input: PasswordChangeInput) -> PasswordChangePayload:
        user = await auth.change_password(_principal(info), input.current_password, input.new_password)
        return PasswordChangePayload(user=UserType.of(user))

    @strawberry.mutation(description="Send a single-use password reset token to the user.")
    @mutation_payload(PasswordResetRequestPayload)
    async def password_reset_request(
        self, info: strawberry.Info, input: PasswordResetRequestInput
    ) -> PasswordResetRequestPayload:
        await auth.request_password_reset(input.login, info.context.services.transport)
        return PasswordResetRequestPayload(requested=True)

    @strawberry.mutation(description="Set a new password with a reset token; every session is signed out.")
    @mutation_payload(PasswordResetPayload)
    async def password_reset(self, input: PasswordResetInput) -> PasswordResetPayload:
        return PasswordResetPayload(user=UserType.of(await auth.reset_password(input.token, input.new_password)))

    @strawberry.mutation(description="Apply to buy from a supplier; the account waits for its approval.")
    @mutation_payload(BuyerRegisterPayload)
    async def buyer_register(self, info: strawberry.Info, input: BuyerRegisterInput) -> BuyerRegisterPayload:
        supplier_id = decode_id(input.supplier_id, "Organization", ("input", "supplierId"))
        new_user = None
        if input.user is not None:
            new_user = service.NewUser(
                name=input.user.name,
                password=input.user.password,
                email=input.user.email,
                phone=input.user.phone,
                username=input.user.username,
            )
        account, user = await service.register_buyer(
            _principal(info),
            service.Registration(
                supplier_id=supplier_id,
                company_name=input.company_name,
                contact_name=input.contact_name,
                user=new_user,
                region=input.region,
                note=input.note,
            ),
        )
        return BuyerRegisterPayload(
            customer_account=await customer_account_type(info, account),
            user=UserType.of(user) if user else None,
        )

    @strawberry.mutation(description="Approve a registration (新客户审核) or reinstate an account, with its terms.")
    @mutation_payload(CustomerAccountPayload)
    async def customer_account_approve(
        self, info: strawberry.Info, input: CustomerAccountApproveInput
    ) -> CustomerAccountPayload:
        account = await service.approve_customer_account(_principal(info), _account_id(input), _terms(input))
        return CustomerAccountPayload(customer_account=await customer_account_type(info, account))

    @strawberry.mutation(description="Turn down a pending registration, with a reason.")
    @mutation_payload(CustomerAccountPayload)
    async def customer_account_reject(
        self, info: strawberry.Info, input: CustomerAccountRejectInput
    ) -> CustomerAccountPayload:
        account = await service.reject_customer_account(_principal(info), _account_id(input), input.reason)
        return CustomerAccountPayload(customer_account=await customer_account_type(info, account))

    @strawberry.mutation(description="Stop an approved customer from ordering, with a reason.")
    @mutation_payload(CustomerAccountPayload)
    async def customer_account_suspend(
        self, info: strawberry.Info, input: CustomerAccountSuspendInput
    ) -> CustomerAccountPayload:
        account = await service.suspend_customer_account(_principal(info), _account_id(input), input.reason)
        return CustomerAccountPayload(customer_account=await customer_account_type(info, account))

    @strawberry.mutation(description="Change a customer's tier, group, region, sales rep or credit terms.")
    @mutation_payload(CustomerAccountPayload)
    async def customer_account_update(
        self, info: strawberry.Info, input: CustomerAccountUpdateInput
    ) -> CustomerAccountPayload:
        account = await service.update_customer_account(_principal(info), _account_id(input), _terms(input))
        return CustomerAccountPayload(customer_account=await customer_account_type(info, account))

