"""Opaque global IDs: base64url of "Type:primary key" (the encoding lives in app.global_ids)."""

from __future__ import annotations

from app.errors import ErrorCode, UserInputError
from app.global_ids import MAX_ID_LENGTH, encode_id, parse_id

__all__ = ["MAX_ID_LENGTH", "decode_id", "decode_optional_id", "encode_id", "parse_id"]


def decode_id(value: str, expected: str, field: tuple[str, ...] | str) -> int:
    """The primary key of an ID of the expected type; anything else is the caller's mistake."""
    parsed = parse_id(value)
    if parsed is None or parsed[0] != expected:
        raise UserInputError.single(field, ErrorCode.INVALID_ID, f"{value!r} is not a valid {expected} ID.")
    return parsed[1]


def decode_optional_id(value: str | None, expected: str, field: tuple[str, ...] | str) -> int | None:
    return None if value is None else decode_id(value, expected, field)
