"""The audit log over GraphQL: entries, their changes and the filter."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.audit.models import AuditEntry
from app.global_ids import encode_id


@strawberry.type(description="One field an operation changed: its value before and after (JSON; decimals as strings).")
class AuditChange:
    field: str
    before: JSON | None
    after: JSON | None


@strawberry.type(name="AuditEntry", description="Who did what, when and from where. Written once, never changed.")
class AuditEntryType:
    id: strawberry.ID
    occurred_at: datetime
    operation: str = strawberry.field(description="The mutation, e.g. priceListSetPrices.")
    actor_id: strawberry.ID | None = strawberry.field(description="The user who acted (null for an app).")
    actor_app_token_id: strawberry.ID | None = strawberry.field(description="The app token that acted, if one did.")
    actor_label: str = strawberry.field(description="The user's login or the app's name at the time.")
    actor_roles: list[str] = strawberry.field(description="The user's roles (an app's scopes) at the time.")
    subject_type: str | None
    subject_id: strawberry.ID | None = strawberry.field(description="The global ID of the object acted on.")
    client_address: str | None
    request_id: str | None = strawberry.field(description="The X-Request-Id of the request, as in the logs.")
    changes: list[AuditChange] = strawberry.field(
        description="Before and after of money, prices, credit and roles the operation changed, by field name."
    )


def audit_entry_type(entry: AuditEntry) -> AuditEntryType:
    return AuditEntryType(
        id=strawberry.ID(encode_id("AuditEntry", entry.id)),
        occurred_at=entry.occurred_at,
        operation=entry.operation,
        actor_id=strawberry.ID(encode_id("User", entry.actor_user_id)) if entry.actor_user_id else None,
        actor_app_token_id=(
            strawberry.ID(encode_id("ApiToken", entry.actor_api_token_id)) if entry.actor_api_token_id else None
        ),
        actor_label=entry.actor_label,
        actor_roles=list(entry.actor_roles),
        subject_type=entry.subject_type,
        subject_id=(
            strawberry.ID(encode_id(entry.subject_type, entry.subject_id))
            if entry.subject_type and entry.subject_id is not None
            else None
        ),
        client_address=entry.client_address,
        request_id=entry.request_id,
        changes=[
            AuditChange(field=name, before=values[0], after=values[1]) for name, values in sorted(entry.changes.items())
        ],
    )


async def audit_entry_types(entries: list[AuditEntry]) -> list[AuditEntryType]:
    return [audit_entry_type(entry) for entry in entries]


@strawberry.input(description="Narrow the audit log; every field is optional and they combine.")
class AuditLogFilter:
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="A user of the organization.")
    operation: str | None = strawberry.field(default=None, description="A mutation name, e.g. userSetRoles.")
    subject_id: strawberry.ID | None = strawberry.field(default=None, description="The object acted on (any type).")
    from_: datetime | None = strawberry.field(default=None, name="from", description="At or after this instant.")
    to: datetime | None = strawberry.field(default=None, description="Before this instant.")
