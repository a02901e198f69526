"""An organization's users over GraphQL: the admins' mutations (invite, create, deactivate,
reactivate, roles, customers of a sales rep, password reset) and the invitee's invitationAccept."""

from __future__ import annotations

import strawberry

from app.accounts import service, users
from schema.accounts.loaders import customer_account_types, one_user
from schema.accounts.types import CustomerAccountType, RoleEnum, UserType
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id


@strawberry.input(description="One role of a user; approvalLevel only with APPROVER (1 when left out).")
class RoleGrantInput:
    role: RoleEnum
    approval_level: int | None = None


@strawberry.input
class UserInviteInput:
    email: str | None = strawberry.field(default=None, description="Where the invitation goes (email or phone).")
    phone: str | None = None
    name: str | None = strawberry.field(default=None, description="The invitee may set or change it on accepting.")
    roles: list[RoleGrantInput]


@strawberry.input
class UserCreateInput:
    name: str
    password: str = strawberry.field(description="The admin hands it over; the user can change it.")
    email: str | None = None
    phone: str | None = None
    username: str | None = None
    roles: list[RoleGrantInput]


@strawberry.input
class UserSetRolesInput:
    user_id: strawberry.ID
    roles: list[RoleGrantInput] = strawberry.field(description="The user's roles from now on (they replace the old).")


@strawberry.input
class UserAssignCustomerAccountsInput:
    user_id: strawberry.ID = strawberry.field(description="A SALES user.")
    customer_account_ids: list[strawberry.ID] = strawberry.field(
        description="The customers the rep serves from now on; customers it served that are not listed lose their rep."
    )


@strawberry.input
class UserResendInvitationInput:
    user_id: strawberry.ID


@strawberry.input
class UserDeactivateInput:
    user_id: strawberry.ID


@strawberry.input
class UserReactivateInput:
    user_id: strawberry.ID


@strawberry.input
class UserSendPasswordResetInput:
    user_id: strawberry.ID


@strawberry.input
class InvitationAcceptInput:
    token: str = strawberry.field(description="The token of the invitation link (…/invite/<token>).")
    password: str
    name: str | None = strawberry.field(default=None, description="Required when the invitation named nobody.")


@strawberry.type(
    description="The result of userInvite. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, DUPLICATE, "
    "INVALID, OUT_OF_RANGE, REQUIRED, ROLE_NOT_ALLOWED, TOO_LONG."
)
class UserInvitePayload:
    user: UserType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of userCreate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, DUPLICATE, "
    "INVALID, OUT_OF_RANGE, PASSWORD_TOO_WEAK, REQUIRED, ROLE_NOT_ALLOWED, TOO_LONG."
)
class UserCreatePayload(UserInvitePayload):
    pass


@strawberry.type(
    description="The result of userResendInvitation. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND."
)
class UserResendInvitationPayload(UserInvitePayload):
    pass


@strawberry.type(
    description="The result of userDeactivate. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, LAST_ADMIN, NOT_FOUND, OWN_USER."
)
class UserDeactivatePayload(UserInvitePayload):
    pass


@strawberry.type(
    description="The result of userReactivate. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND."
)
class UserReactivatePayload(UserInvitePayload):
    pass


@strawberry.type(
    description="The result of userSetRoles. UserErrorCode values its userErrors can carry: DUPLICATE, INVALID, "
    "INVALID_ID, LAST_ADMIN, NOT_FOUND, OUT_OF_RANGE, OWN_USER, REQUIRED, ROLE_NOT_ALLOWED."
)
class UserSetRolesPayload(UserInvitePayload):
    pass


@strawberry.type(
    description="The result of userSendPasswordReset. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, INVALID_STATE, NOT_FOUND."
)
class UserSendPasswordResetPayload(UserInvitePayload):
    pass


@strawberry.type(
    description="The result of userAssignCustomerAccounts. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND."
)
class UserAssignCustomerAccountsPayload:
    user: UserType | None = None
    customer_accounts: list[CustomerAccountType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of invitationAccept. UserErrorCode values its userErrors can carry: INVALID_TOKEN, "
    "PASSWORD_TOO_WEAK, REQUIRED, TOO_LONG."
)
class InvitationAcceptPayload(UserInvitePayload):
    pass


def _grants(roles: list[RoleGrantInput]) -> list[users.RoleGrant]:
    return [users.RoleGrant(role=grant.role, approval_level=grant.approval_level) for grant in roles]


def _user_id(data) -> int:
    return decode_id(data.user_id, "User", ("input", "userId"))


@strawberry.type
class UsersMutation:
    @strawberry.mutation(description="Invite a person by email or phone: an INVITED user and a link to join.")
    @mutation_payload(UserInvitePayload)
    async def user_invite(self, info: strawberry.Info, input: UserInviteInput) -> UserInvitePayload:
        invitee = users.Invitee(
            name=input.name, email=input.email, phone=input.phone, grants=tuple(_grants(input.roles))
        )
        user = await users.invite(info.context.principal, invitee, info.context.services.transport)
        return UserInvitePayload(user=await one_user(user))

    @strawberry.mutation(description="Send an invited user a new link; the previous one stops working.")
    @mutation_payload(UserResendInvitationPayload)
    async def user_resend_invitation(
        self, info: strawberry.Info, input: UserResendInvitationInput
    ) -> UserResendInvitationPayload:
        user = await users.resend_invitation(info.context.principal, _user_id(input), info.context.services.transport)
        return UserResendInvitationPayload(user=await one_user(user))

    @strawberry.mutation(description="Create an active user with a password.")
    @mutation_payload(UserCreatePayload)
    async def user_create(self, info: strawberry.Info, input: UserCreateInput) -> UserCreatePayload:
        new_user = service.NewUser(
            name=input.name, password=input.password, email=input.email, phone=input.phone, username=input.username
        )
        user = await users.create(info.context.principal, new_user, _grants(input.roles))
        return UserCreatePayload(user=await one_user(user))

    @strawberry.mutation(description="Stop a user from signing in; its sessions end at once.")
    @mutation_payload(UserDeactivatePayload)
    async def user_deactivate(self, info: strawberry.Info, input: UserDeactivateInput) -> UserDeactivatePayload:
        return UserDeactivatePayload(
            user=await one_user(await users.deactivate(info.context.principal, _user_id(input)))
        )

    @strawberry.mutation(description="Let a deactivated user sign in again.")
    @mutation_payload(UserReactivatePayload)
    async def user_reactivate(self, info: strawberry.Info, input: UserReactivateInput) -> UserReactivatePayload:
        return UserReactivatePayload(
            user=await one_user(
                await users.reactivate(info.context.principal, _user_id(input), info.context.services.transport)
            )
        )

    @strawberry.mutation(description="Replace a user's roles (and an APPROVER's level).")
    @mutation_payload(UserSetRolesPayload)
    async def user_set_roles(self, info: strawberry.Info, input: UserSetRolesInput) -> UserSetRolesPayload:
        user = await users.set_roles(info.context.principal, _user_id(input), _grants(input.roles))
        return UserSetRolesPayload(user=await one_user(user))

    @strawberry.mutation(description="The customer accounts a SALES user serves (业务员).")
    @mutation_payload(UserAssignCustomerAccountsPayload)
    async def user_assign_customer_accounts(
        self, info: strawberry.Info, input: UserAssignCustomerAccountsInput
    ) -> UserAssignCustomerAccountsPayload:
        account_ids = [
            decode_id(value, "CustomerAccount", ("input", "customerAccountIds", str(index)))
            for index, value in enumerate(input.customer_account_ids)
        ]
        user, accounts = await users.assign_customer_accounts(info.context.principal, _user_id(input), account_ids)
        return UserAssignCustomerAccountsPayload(
            user=await one_user(user), customer_accounts=await customer_account_types(accounts)
        )

    @strawberry.mutation(description="Send a user a single-use password reset link.")
    @mutation_payload(UserSendPasswordResetPayload)
    async def user_send_password_reset(
        self, info: strawberry.Info, input: UserSendPasswordResetInput
    ) -> UserSendPasswordResetPayload:
        user = await users.send_password_reset(info.context.principal, _user_id(input), info.context.services.transport)
        return UserSendPasswordResetPayload(user=await one_user(user))

    @strawberry.mutation(description="Accept an invitation: set a password (and name) and become an active user.")
    @mutation_payload(InvitationAcceptPayload)
    async def invitation_accept(self, input: InvitationAcceptInput) -> InvitationAcceptPayload:
        user = await users.accept_invitation(input.token, input.password, input.name)
        return InvitationAcceptPayload(user=await one_user(user))
