"""Organizations, users, customer accounts and authentication over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.accounts import auth, service
from schema.accounts.inputs import (
    AddressArchiveInput,
    AddressCreateInput,
    AddressInput,
    AddressUpdateInput,
    BuyerRegisterInput,
    CustomerAccountApproveInput,
    CustomerAccountRejectInput,
    CustomerAccountSuspendInput,
    CustomerAccountUpdateInput,
    LoginInput,
    LogoutInput,
    PasswordChangeInput,
    PasswordResetInput,
    PasswordResetRequestInput,
    SupplierSettingsUpdateInput,
    TokenRefreshInput,
)
from schema.accounts.loaders import customer_account_type, one_user
from schema.accounts.types import (
    AddressArchivePayload,
    AddressCreatePayload,
    AddressType,
    AddressUpdatePayload,
    BuyerRegisterPayload,
    CustomerAccountApprovePayload,
    CustomerAccountRejectPayload,
    CustomerAccountSuspendPayload,
    CustomerAccountUpdatePayload,
    LoginPayload,
    LogoutPayload,
    OrganizationType,
    PasswordChangePayload,
    PasswordResetPayload,
    PasswordResetRequestPayload,
    SupplierSettingsUpdatePayload,
    TokenRefreshPayload,
)
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id

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


def account_id_of(data) -> int:
    return decode_id(data.customer_account_id, "CustomerAccount", ("input", "customerAccountId"))


async def _tokens_payload(payload_type, issued: auth.IssuedTokens):
    return payload_type(
        token=issued.access_token,
        token_expires_at=issued.access_token_expires_at,
        refresh_token=issued.refresh_token,
        user=await one_user(issued.user),
    )


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


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Add a delivery address to the address book.")
    @mutation_payload(AddressCreatePayload)
    async def address_create(self, info: strawberry.Info, input: AddressCreateInput) -> AddressCreatePayload:
        return AddressCreatePayload(
            address=AddressType.of(await service.save_address(info.context.principal, _address_input(input.address)))
        )

    @strawberry.mutation(description="Replace a delivery address.")
    @mutation_payload(AddressUpdatePayload)
    async def address_update(self, info: strawberry.Info, input: AddressUpdateInput) -> AddressUpdatePayload:
        address = await service.save_address(
            info.context.principal,
            _address_input(input.address),
            decode_id(input.address_id, "Address", ("input", "addressId")),
        )
        return AddressUpdatePayload(address=AddressType.of(address))

    @strawberry.mutation(description="Remove an address from the book (orders keep their copy).")
    @mutation_payload(AddressArchivePayload)
    async def address_archive(self, info: strawberry.Info, input: AddressArchiveInput) -> AddressArchivePayload:
        await service.archive_address(
            info.context.principal, decode_id(input.address_id, "Address", ("input", "addressId"))
        )
        return AddressArchivePayload()

    @strawberry.mutation(
        description="The supplier's catalog visibility, public prices, registration, whether orders need approval "
        "and the sales reps' discount limit; for its admins."
    )
    @mutation_payload(SupplierSettingsUpdatePayload)
    async def supplier_settings_update(
        self, info: strawberry.Info, input: SupplierSettingsUpdateInput
    ) -> SupplierSettingsUpdatePayload:
        org = await service.update_supplier_settings(
            info.context.principal,
            catalog_visibility=input.catalog_visibility,
            public_prices=input.public_prices,
            registration_open=input.registration_open,
            orders_need_approval=input.orders_need_approval,
            sales_max_discount_percent=input.sales_max_discount_percent,
        )
        return SupplierSettingsUpdatePayload(organization=OrganizationType.of(org))

    @strawberry.mutation(description="Sign in with an email, phone or username and a password.")
    @mutation_payload(LoginPayload)
    async def login(self, info: strawberry.Info, input: LoginInput) -> LoginPayload:
        issued = await auth.login(
            input.login, input.password, info.context.client_address, info.context.services.rate_limiter
        )
        return await _tokens_payload(LoginPayload, issued)

    @strawberry.mutation(description="New tokens for a refresh token; the old refresh token stops working.")
    @mutation_payload(TokenRefreshPayload)
    async def token_refresh(self, input: TokenRefreshInput) -> TokenRefreshPayload:
        return await _tokens_payload(TokenRefreshPayload, await auth.refresh(input.refresh_token))

    @strawberry.mutation(description="End this session (or all of the user's sessions).")
    @mutation_payload(LogoutPayload)
    async def logout(self, info: strawberry.Info, input: LogoutInput | None = None) -> LogoutPayload:
        await auth.logout(info.context.principal, all_sessions=bool(input and input.all_sessions))
        return LogoutPayload(revoked=True)

    @strawberry.mutation(description="Change the caller's password; other sessions are signed out.")
    @mutation_payload(PasswordChangePayload)
    async def password_change(self, info: strawberry.Info, input: PasswordChangeInput) -> PasswordChangePayload:
        user = await auth.change_password(info.context.principal, input.current_password, input.new_password)
        return PasswordChangePayload(user=await one_user(user))

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
        return PasswordResetPayload(user=await one_user(await auth.reset_password(input.token, input.new_password)))

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
            info.context.principal,
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
            customer_account=await customer_account_type(account),
            user=await one_user(user) if user else None,
        )

    @strawberry.mutation(description="Approve a registration (新客户审核) or reinstate an account, with its terms.")
    @mutation_payload(CustomerAccountApprovePayload)
    async def customer_account_approve(
        self, info: strawberry.Info, input: CustomerAccountApproveInput
    ) -> CustomerAccountApprovePayload:
        account = await service.approve_customer_account(info.context.principal, account_id_of(input), _terms(input))
        return CustomerAccountApprovePayload(customer_account=await customer_account_type(account))

    @strawberry.mutation(description="Turn down a pending registration, with a reason.")
    @mutation_payload(CustomerAccountRejectPayload)
    async def customer_account_reject(
        self, info: strawberry.Info, input: CustomerAccountRejectInput
    ) -> CustomerAccountRejectPayload:
        account = await service.reject_customer_account(info.context.principal, account_id_of(input), input.reason)
        return CustomerAccountRejectPayload(customer_account=await customer_account_type(account))

    @strawberry.mutation(description="Stop an approved customer from ordering, with a reason.")
    @mutation_payload(CustomerAccountSuspendPayload)
    async def customer_account_suspend(
        self, info: strawberry.Info, input: CustomerAccountSuspendInput
    ) -> CustomerAccountSuspendPayload:
        account = await service.suspend_customer_account(info.context.principal, account_id_of(input), input.reason)
        return CustomerAccountSuspendPayload(customer_account=await customer_account_type(account))

    @strawberry.mutation(description="Change a customer's tier, group, region, sales rep or credit terms.")
    @mutation_payload(CustomerAccountUpdatePayload)
    async def customer_account_update(
        self, info: strawberry.Info, input: CustomerAccountUpdateInput
    ) -> CustomerAccountUpdatePayload:
        account = await service.update_customer_account(info.context.principal, account_id_of(input), _terms(input))
        return CustomerAccountUpdatePayload(customer_account=await customer_account_type(account))
