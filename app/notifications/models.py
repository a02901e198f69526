from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class OutboundMessage(Model):
    """Every message the notifier sends, kept so operators and tests can see what went out."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=64)
    channel = fields.CharField(max_length=16)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()
    user = fields.ForeignKeyField(
        "models.User", related_name="outbound_messages", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int | None

    class Meta:
        table = "outbound_messages"
        indexes = (("recipient", "kind"),)
