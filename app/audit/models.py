from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Organization


class AuditEntryImmutable(RuntimeError):
    """An audit entry is written once and never changed or removed."""


class AuditEntry(Model):
    """One privileged mutation (or one object it changed), as it happened.

    The actor is kept as plain ids and a label taken at the time, not as foreign keys: an entry
    outlives its actor and nothing the database does to users or tokens may rewrite it.
    """

    id = fields.BigIntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization",
        related_name="audit_entries",
        on_delete=fields.CASCADE,
        description="The organization whose staff or app acted, read by its admins",
    )
    actor_user_id = fields.IntField(null=True)
    actor_api_token_id = fields.IntField(null=True)
    actor_label = fields.CharField(max_length=200, description="Login of the user or name of the app, at the time")
    actor_roles: fields.JSONField[list[str]] = fields.JSONField(default=list)
    operation = fields.CharField(max_length=64, description="The mutation, e.g. priceListSetPrices")
    subject_type = fields.CharField(max_length=32, null=True)
    subject_id = fields.IntField(null=True)
    client_address = fields.CharField(max_length=64, null=True)
    request_id = fields.CharField(max_length=64, null=True)
    occurred_at = fields.DatetimeField()
    changes: fields.JSONField[dict[str, Any]] = fields.JSONField(
        default=dict, description="{field: [before, after]} where money, prices, credit or roles changed"
    )

    organization_id: int

    class Meta:
        table = "audit_entries"
        indexes = (
            ("organization_id", "occurred_at", "id"),
            ("organization_id", "actor_user_id", "occurred_at"),
            ("organization_id", "operation", "occurred_at"),
            ("organization_id", "subject_type", "subject_id", "occurred_at"),
        )

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise AuditEntryImmutable("Audit entries cannot be changed.")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AuditEntryImmutable("Audit entries cannot be removed.")
