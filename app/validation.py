"""Field checks that collect every problem of an input before anything is written."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.errors import ErrorCode, FieldError, UserInputError

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 \-]{5,30}$")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-_]*$")
MAX_QUANTITY = 1_000_000


class Checker:
    """Collects field errors; `raise_if_any` ends the input's journey before any write."""

    def __init__(self, prefix: tuple[str, ...] = ("input",)):
        self.prefix = prefix
        self.errors: list[FieldError] = []

    def add(self, field: str, code: ErrorCode, message: str) -> None:
        """`field` is a dotted path below the prefix, e.g. "variants.0.basePrice"."""
        self.errors.append(FieldError((*self.prefix, *field.split(".")), code, message))

    def text(
        self,
        field: str,
        value: str | None,
        *,
        max_length: int,
        required: bool = False,
        min_length: int = 0,
    ) -> str | None:
        cleaned = value.strip() if value is not None else None
        if not cleaned:
            if required:
                self.add(field, ErrorCode.REQUIRED, f"{field} is required.")
            return None
        if len(cleaned) > max_length:
            self.add(field, ErrorCode.TOO_LONG, f"{field} must be at most {max_length} characters.")
        elif len(cleaned) < min_length:
            self.add(field, ErrorCode.TOO_SHORT, f"{field} must be at least {min_length} characters.")
        return cleaned

    def email(self, field: str, value: str | None, *, required: bool = False) -> str | None:
        cleaned = self.text(field, value, max_length=254, required=required)
        if cleaned is None:
            return None
        if not EMAIL_PATTERN.match(cleaned):
            self.add(field, ErrorCode.INVALID, f"{field} is not a valid email address.")
        return cleaned.lower()

    def phone(self, field: str, value: str | None, *, required: bool = False) -> str | None:
        cleaned = self.text(field, value, max_length=32, required=required)
        if cleaned is None:
            return None
        if not PHONE_PATTERN.match(cleaned):
            self.add(field, ErrorCode.INVALID, f"{field} is not a valid phone number.")
        return normalize_phone(cleaned)

    def money(self, field: str, value: Decimal | str | None, *, minimum: Decimal = Decimal(0)):
        if value is None:
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            self.add(field, ErrorCode.INVALID, f"{field} is not a decimal amount.")
            return None
        if not amount.is_finite():
            self.add(field, ErrorCode.INVALID, f"{field} is not a decimal amount.")
            return None
        if amount < minimum:
            self.add(field, ErrorCode.OUT_OF_RANGE, f"{field} must be at least {minimum}.")
        elif amount.as_tuple().exponent < -2:  # type: ignore[operator]
            self.add(field, ErrorCode.INVALID, f"{field} has more than 2 decimal places.")
        elif abs(amount) >= Decimal("1e16"):
            self.add(field, ErrorCode.OUT_OF_RANGE, f"{field} is too large.")
        return amount

    def integer(self, field: str, value: int | None, *, minimum: int, maximum: int) -> int | None:
        if value is None:
            return None
        if not minimum <= value <= maximum:
            self.add(field, ErrorCode.OUT_OF_RANGE, f"{field} must be between {minimum} and {maximum}.")
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise UserInputError(self.errors)


def normalize_phone(value: str) -> str:
    return re.sub(r"[ \-]", "", value)
