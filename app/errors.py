"""Errors the domain raises; the GraphQL layer turns them into userErrors or top-level errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable codes for anything the caller can fix; clients switch on these, never on text."""

    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    TOO_SHORT = "TOO_SHORT"
    INVALID = "INVALID"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    USER_DISABLED = "USER_DISABLED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    INVALID_TOKEN = "INVALID_TOKEN"
    PASSWORD_TOO_WEAK = "PASSWORD_TOO_WEAK"
    INVALID_STATE = "INVALID_STATE"
    REGISTRATION_CLOSED = "REGISTRATION_CLOSED"
    OVERLAPPING = "OVERLAPPING"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    UNAVAILABLE = "UNAVAILABLE"
    BELOW_MINIMUM = "BELOW_MINIMUM"
    NOT_A_MULTIPLE = "NOT_A_MULTIPLE"
    ABOVE_MAXIMUM = "ABOVE_MAXIMUM"
    ACCOUNT_NOT_APPROVED = "ACCOUNT_NOT_APPROVED"
    CART_EMPTY = "CART_EMPTY"
    CREDIT_LIMIT_EXCEEDED = "CREDIT_LIMIT_EXCEEDED"
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"
    ORDERING_CLOSED = "ORDERING_CLOSED"
    ORDER_LOCKED = "ORDER_LOCKED"
    EXCEEDS_ORDERED = "EXCEEDS_ORDERED"
    EXCEEDS_SHIPPED = "EXCEEDS_SHIPPED"
    EXCEEDS_RECEIVED = "EXCEEDS_RECEIVED"
    DUPLICATE = "DUPLICATE"
    NOT_CURRENT_APPROVER = "NOT_CURRENT_APPROVER"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    OVER_ALLOCATED = "OVER_ALLOCATED"
    OVER_QUOTA = "OVER_QUOTA"
    NOTHING_TO_READD = "NOTHING_TO_READD"
    DISCOUNT_LIMIT_EXCEEDED = "DISCOUNT_LIMIT_EXCEEDED"
    ROLE_NOT_ALLOWED = "ROLE_NOT_ALLOWED"
    OWN_USER = "OWN_USER"
    LAST_ADMIN = "LAST_ADMIN"


@dataclass(frozen=True)
class FieldError:
    field: tuple[str, ...] | None
    code: ErrorCode
    message: str


class UserInputError(Exception):
    """Input the caller can correct; nothing was written."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @classmethod
    def single(cls, field: str | tuple[str, ...] | None, code: ErrorCode, message: str):
        path = (field,) if isinstance(field, str) else field
        return cls([FieldError(path, code, message)])


class NotAuthenticated(Exception):
    """The operation needs a signed-in caller (or a valid token) and has none."""

    def __init__(self, message: str = "Authentication required: send a valid bearer token."):
        super().__init__(message)


class PermissionDenied(Exception):
    """The caller is known but its roles or scopes do not allow the operation."""

    def __init__(self, message: str = "You do not have permission to perform this action."):
        super().__init__(message)
