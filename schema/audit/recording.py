"""The one place privileged mutations are recorded: a field extension on every audited root
mutation (schema/access.py puts it inside the access guard). It opens the audit recording for
the caller, lets the resolver run, and when the payload carries no userErrors leaves one entry
naming the changed object unless the services already wrote theirs (app/audit/service.py)."""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension

from app import telemetry
from app.accounts.permissions import Principal
from app.audit import service as audit
from app.global_ids import parse_id
from schema.node import Node


def _subject_of_payload(payload: Any) -> tuple[str, int] | None:
    """The first object of the payload (in its declared field order) that is a Node."""
    if not dataclasses.is_dataclass(payload):
        return None
    for field in dataclasses.fields(payload):
        value = getattr(payload, field.name, None)
        if isinstance(value, Node):
            return parse_id(str(value.id))
    return None


def _subject_of_input(kwargs: dict[str, Any]) -> tuple[str, int] | None:
    """Else the first ID the input names (e.g. a deleted object's `…Id`)."""
    given = kwargs.get("input")
    if given is None or not dataclasses.is_dataclass(given):
        return None
    for field in dataclasses.fields(given):
        value = getattr(given, field.name, None)
        if field.name.endswith("_id") and isinstance(value, str):
            return parse_id(value)
    return None


class AuditTrail(FieldExtension):
    def __init__(self, operation: str):
        self.operation = operation

    async def resolve_async(self, next_, source, info: strawberry.Info, **kwargs):
        caller = info.context.caller
        if not isinstance(caller, Principal) or not audit.is_privileged(caller):
            return await next_(source, info, **kwargs)
        request = telemetry.current_request()
        async with audit.recording(
            caller, self.operation, info.context.client_address, request.request_id if request else None
        ) as current:
            payload = await next_(source, info, **kwargs)
            if not getattr(payload, "user_errors", None):
                subject = _subject_of_payload(payload) or _subject_of_input(kwargs)
                await audit.finish(current, *(subject or (None, None)))
        return payload
