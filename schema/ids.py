"""Opaque global IDs: base64url of "Type:primary key"."""

from __future__ import annotations

import base64
import binascii

from app.errors import ErrorCode, UserInputError

MAX_ID_LENGTH = 100


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_id(value: str) -> tuple[str, int] | None:
    if not value or len(value) > MAX_ID_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, _, pk = raw.partition(":")
    if not type_name or not pk.isdigit() or len(pk) > 18:
        return None
    return type_name, int(pk)


def decode_id(value: str, expected: str, field: tuple[str, ...] | str) -> int:
    """The primary key of an ID of the expected type; anything else is the caller's mistake."""
    parsed = parse_id(value)
    if parsed is None or parsed[0] != expected:
        raise UserInputError.single(field, ErrorCode.INVALID_ID, f"{value!r} is not a valid {expected} ID.")
    return parsed[1]


def decode_optional_id(value: str | None, expected: str, field: tuple[str, ...] | str) -> int | None:
    return None if value is None else decode_id(value, expected, field)
