from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class OutboxEvent(Model):
    """A state change, written in the same transaction as the change itself.

    The relay publishes unpublished rows to the broker in id order and stamps them.
    """

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=64, description="e.g. order.placed, order.status_changed")
    subject_type = fields.CharField(max_length=32, description="The changed object's type, e.g. Order")
    subject_id = fields.IntField()
    supplier = fields.ForeignKeyField("models.Organization", related_name="supplier_events", on_delete=fields.CASCADE)
    buyer = fields.ForeignKeyField(
        "models.Organization", related_name="buyer_events", null=True, on_delete=fields.CASCADE
    )
    customer_account = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="events", null=True, on_delete=fields.CASCADE
    )
    actor = fields.ForeignKeyField("models.User", related_name="events", null=True, on_delete=fields.SET_NULL)
    payload = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True)

    supplier_id: int
    buyer_id: int | None
    customer_account_id: int | None
    actor_id: int | None

    class Meta:
        table = "outbox_events"
        indexes = (("published_at", "id"), ("subject_type", "subject_id", "id"))
