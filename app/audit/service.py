"""Writing and reading the audit log.

Who counts as privileged: a selling organization's staff and every app token, for each mutation
the access table marks as audited (every write to an area of the API). The GraphQL layer opens a
`recording` around such a mutation; inside it, services note what they changed (app/changes.py)
and each note becomes an entry in the service's own transaction. A mutation that noted nothing
gets one plain entry (who, what, which object) when it returns without userErrors: that entry is
written right after the service's transaction committed, not inside it, because the services
open their own transactions and holding every mutation in one outer transaction would announce
principal-cache changes before their commit and hold locks for the whole request. A crash in that
gap loses the plain entry; changes to money, prices, credit and roles are never recorded that way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

from app import changes
from app.accounts.models import ApiToken, Role, User
from app.accounts.permissions import Principal, require_supplier_role
from app.audit.models import AuditEntry
from app.clock import utc_now

READERS = frozenset({Role.ADMIN})


def is_privileged(principal: Principal) -> bool:
    """Supplier staff and apps: the callers whose mutations the log keeps."""
    return principal.is_app or (principal.kind == "user" and principal.can_sell)


@dataclass
class Recording:
    """One audited mutation in progress."""

    principal: Principal
    operation: str
    client_address: str | None
    request_id: str | None
    actor_label: str | None = None
    entries_written: int = 0


_current: ContextVar[Recording | None] = ContextVar("audit_recording", default=None)


@asynccontextmanager
async def recording(
    principal: Principal, operation: str, client_address: str | None, request_id: str | None
) -> AsyncIterator[Recording]:
    """Notes made while this is open are written as entries of this caller and operation."""
    current = Recording(principal, operation, client_address, request_id)
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)


async def _actor_label(principal: Principal) -> str:
    if principal.is_app:
        token = await ApiToken.get_or_none(id=principal.api_token_id).only("id", "name")
        return f"app {token.name}" if token else "app"
    user = await User.get_or_none(id=principal.user_id).only("id", "email", "phone", "username", "name")
    if user is None:
        return f"user {principal.user_id}"
    return user.email or user.phone or user.username or user.name


async def _write(current: Recording, subject_type: str | None, subject_id: int | None, noted: changes.Changes) -> None:
    if current.actor_label is None:
        current.actor_label = await _actor_label(current.principal)
    principal = current.principal
    await AuditEntry.create(
        organization_id=principal.require_organization_id(),
        actor_user_id=principal.user_id,
        actor_api_token_id=principal.api_token_id,
        actor_label=current.actor_label[:200],
        actor_roles=sorted(r.value for r in principal.roles) if not principal.is_app else sorted(principal.scopes),
        operation=current.operation,
        subject_type=subject_type,
        subject_id=subject_id,
        client_address=current.client_address,
        request_id=current.request_id,
        occurred_at=utc_now(),
        changes=noted,
    )
    current.entries_written += 1


async def write_noted(subject_type: str, subject_id: int, noted: changes.Changes) -> None:
    """The writer of app/changes.py: runs inside the noting service's transaction."""
    current = _current.get()
    if current is not None:
        await _write(current, subject_type, subject_id, noted)


async def finish(current: Recording, subject_type: str | None, subject_id: int | None) -> None:
    """After the mutation succeeded: one plain entry when its services noted nothing."""
    if current.entries_written == 0:
        await _write(current, subject_type, subject_id, {})


def install() -> None:
    """Idempotent: the audit log listens to the notes of every context."""
    changes.forget(write_noted)
    changes.on_note(write_noted)


@dataclass(frozen=True)
class AuditFilter:
    actor_user_id: int | None = None
    operation: str | None = None
    subject: tuple[str, int] | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


def entries(principal: Principal, wanted: AuditFilter) -> QuerySet[AuditEntry]:
    """The caller's organization's entries (its admins only), narrowed by the filter."""
    require_supplier_role(principal, READERS)
    query = AuditEntry.filter(organization_id=principal.require_organization_id())
    if wanted.actor_user_id is not None:
        query = query.filter(actor_user_id=wanted.actor_user_id)
    if wanted.operation is not None:
        query = query.filter(operation=wanted.operation)
    if wanted.subject is not None:
        query = query.filter(subject_type=wanted.subject[0], subject_id=wanted.subject[1])
    if wanted.occurred_from is not None:
        query = query.filter(occurred_at__gte=wanted.occurred_from)
    if wanted.occurred_to is not None:
        query = query.filter(occurred_at__lt=wanted.occurred_to)
    return query
