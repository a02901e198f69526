"""Sending messages to people (core: it knows no context). The default notifier logs each
message and keeps it in outbound_messages; a deployment plugs in mail or SMS by naming its own
class in DINGHUO_NOTIFIER (module:Class with an async `deliver(message)`)."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import User

log = logging.getLogger("dinghuo.notifications")


class OutboundMessage(Model):
    """Every message the notifier sends, kept so operators and tests can see what went out."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=64)
    channel = fields.CharField(max_length=16)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="outbound_messages", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int | None

    class Meta:
        table = "outbound_messages"
        indexes = (("recipient", "kind"),)


@dataclass(frozen=True)
class Message:
    kind: str
    channel: str
    recipient: str
    subject: str
    body: str
    user_id: int | None = None


class Transport(Protocol):
    async def deliver(self, message: Message) -> None: ...


class LogTransport:
    async def deliver(self, message: Message) -> None:
        log.info("%s to %s via %s: %s", message.kind, message.recipient, message.channel, message.subject)


def load_transport(path: str | None) -> Transport:
    if not path:
        return LogTransport()
    module_name, _, class_name = path.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


async def send(message: Message, transport: Transport) -> None:
    """Record the message, then hand it to the transport; the record survives a failed send."""
    await OutboundMessage.create(
        kind=message.kind,
        channel=message.channel,
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
        user_id=message.user_id,
    )
    await transport.deliver(message)
