"""The outbox: typed events written in the transaction of the change they describe.

Each context declares its events as frozen dataclasses deriving from `Event`, naming the kind
(`<subject>.<what happened>`), the subject type and the token scope an app needs to receive it.
`record` writes one in the caller's transaction, so an event exists exactly when its change was
committed; the relay publishes it afterwards. Readers turn a stored row back into its class with
`decode`. The payload keeps the JSON names clients see in webhook bodies and subscriptions:
camelCase of the field names, or a field's `json` metadata.

Core: it knows no context; contexts import it, never the reverse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from tortoise import fields
from tortoise.models import Model

from app.db import insert_all, insert_soon, writing_together

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User


class OutboxEvent(Model):
    """A state change, written in the same transaction as the change itself.

    The relay publishes unpublished rows to the broker in id order and stamps them.
    """

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=64, description="e.g. order.placed, order.status_changed")
    subject_type = fields.CharField(max_length=32, description="The changed object's type, e.g. Order")
    subject_id = fields.IntField()
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="supplier_events", on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="buyer_events", null=True, on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyNullableRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="events", null=True, on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True)

    supplier_id: int
    buyer_id: int | None
    customer_account_id: int | None
    actor_id: int | None

    class Meta:
        table = "outbox_events"
        indexes = (("published_at", "id"), ("subject_type", "subject_id", "id"))


ENVELOPE = ("subject_id", "supplier_id", "buyer_id", "customer_account_id", "actor_id")
_kinds: dict[str, type[Event]] = {}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Who the event is about and who acted; subclasses add their payload fields."""

    kind: ClassVar[str]
    subject_type: ClassVar[str]
    scope: ClassVar[str]
    """The scope an app's token needs to receive this kind by webhook."""
    echoed: ClassVar[tuple[str, ...]] = ()
    """Envelope fields the payload repeats, for clients that read only the payload."""

    subject_id: int
    supplier_id: int
    buyer_id: int | None = None
    customer_account_id: int | None = None
    actor_id: int | None = None

    def __init_subclass__(cls, *, kind: str | None = None, subject_type: str | None = None, scope: str | None = None):
        super().__init_subclass__()
        if subject_type is not None:
            cls.subject_type = subject_type
        if scope is not None:
            cls.scope = scope
        if kind is not None:
            if kind in _kinds:
                raise TypeError(f"Two event classes claim the kind {kind!r}.")
            cls.kind = kind
            _kinds[kind] = cls

    def payload(self) -> dict[str, Any]:
        return {
            _json_name(f): getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ENVELOPE or f.name in self.echoed
        }


def _json_name(field: dataclasses.Field) -> str:
    if "json" in field.metadata:
        return field.metadata["json"]
    head, *rest = field.name.split("_")
    return head + "".join(part.title() for part in rest)


def named(json_name: str, **options) -> Any:
    """A payload field whose JSON name is not its camelCase (e.g. a Python keyword)."""
    return dataclasses.field(metadata={"json": json_name}, **options)


def event_kinds() -> list[str]:
    return sorted(_kinds)


def event_class(kind: str) -> type[Event]:
    return _kinds[kind]


class StoredEvent(Protocol):
    """A stored or published event: an outbox row, or the message a subscriber receives."""

    kind: str
    payload: dict
    subject_id: int
    supplier_id: int
    buyer_id: int | None
    customer_account_id: int | None
    actor_id: int | None


def decode(row: StoredEvent) -> Event:
    """The typed event of a stored row or a published message."""
    cls = _kinds[row.kind]
    by_json = {_json_name(f): f.name for f in dataclasses.fields(cls) if f.name not in ENVELOPE}
    values = {by_json[key]: value for key, value in (row.payload or {}).items() if key in by_json}
    return cls(**{name: getattr(row, name) for name in ENVELOPE}, **values)


_recorded_hooks: list[Callable[[], None]] = []


def on_record(hook: Callable[[], None]) -> Callable[[], None]:
    """Call `hook` whenever a row is written (the relay wakes on it); returns the undo."""
    _recorded_hooks.append(hook)
    return lambda: _recorded_hooks.remove(hook)


_together: ContextVar[list[OutboxEvent] | None] = ContextVar("outbox_together", default=None)


async def record(event: Event) -> OutboxEvent:
    """Writes the event; call it inside the transaction of the change it describes. Inside `written_together`
    the row is written (and given its id, but in `db.writes_together`) as the block ends."""
    row = OutboxEvent(
        kind=event.kind,
        subject_type=event.subject_type,
        **{name: getattr(event, name) for name in ENVELOPE},
        payload=event.payload(),
    )
    together = _together.get()
    if together is not None:
        together.append(row)
        return row
    await _write([row])
    return row


@asynccontextmanager
async def written_together() -> AsyncIterator[None]:
    """The events recorded inside are written in one INSERT, in the order recorded, when the block ends
    without an error (still inside the caller's transaction): for a step that records several, as placing an
    order does (placed, then its approval requested or decided). Nested, the outermost block writes."""
    if _together.get() is not None:
        yield
        return
    rows: list[OutboxEvent] = []
    token = _together.set(rows)
    try:
        yield
    finally:
        _together.reset(token)
    await _write(rows)


async def _write(rows: list[OutboxEvent]) -> None:
    """Inside `db.writes_together` the rows go with the block's other writes (and get no id)."""
    if not rows:
        return
    if writing_together():
        await insert_soon(rows, then=_woken)
        return
    await insert_all(rows)
    _woken()


def _woken() -> None:
    for hook in _recorded_hooks:
        hook()
