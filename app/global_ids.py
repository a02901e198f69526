"""Opaque global IDs (base64url of "Type:primary key"), the one encoding the API and the
webhook bodies share, and the public form of an event payload."""

from __future__ import annotations

import base64
import binascii
from typing import Any

MAX_ID_LENGTH = 100


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_id(value: str) -> tuple[str, int] | None:
    """(type, primary key) of a well-formed ID, else None."""
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


def _type_of(key: str) -> str | None:
    """`orderId` names an Order, `customerAccountId` a CustomerAccount; other keys name no object."""
    if key.endswith("Id") and len(key) > 2:
        return key[0].upper() + key[1:-2]
    if key.endswith("Ids") and len(key) > 3:
        return key[0].upper() + key[1:-3]
    return None


def public_payload(value: Any) -> Any:
    """An event payload as outsiders read it: every `…Id`/`…Ids` number becomes the global ID
    of its type (`"orderId": 10` → `"orderId": "T3JkZXI6MTA"`), in nested objects and lists too."""
    if isinstance(value, list):
        return [public_payload(item) for item in value]
    if not isinstance(value, dict):
        return value
    result: dict[str, Any] = {}
    for key, item in value.items():
        type_name = _type_of(key)
        if type_name is not None and isinstance(item, int) and not isinstance(item, bool):
            result[key] = encode_id(type_name, item)
        elif type_name is not None and isinstance(item, list) and all(isinstance(i, int) for i in item):
            result[key] = [encode_id(type_name, i) for i in item]
        else:
            result[key] = public_payload(item)
    return result
