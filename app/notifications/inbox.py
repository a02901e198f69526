"""Each user's inbox: what happened that concerns them, made from outbox events by the relay,
read and unread."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar, cast

from tortoise.queryset import QuerySet

from app import outbox
from app.accounts.permissions import Principal, require_user
from app.clock import utc_now
from app.db import fetch, insert_all, marks
from app.notifications.models import Notification, NotificationKind
from app.outbox import Event, OutboxEvent


class Audience(StrEnum):
    BUYER_USERS = "BUYER_USERS"
    """Every active user of the buyer the event concerns."""
    SUPPLIER_STAFF = "SUPPLIER_STAFF"
    """The supplier's active staff whose role grant the entry `accepts`."""


GrantCheck = Callable[[int, str, int | None], bool]
"""(user id, role, approval level) → whether that grant receives the entry."""


@dataclass(frozen=True)
class Planned:
    kind: NotificationKind
    title: str
    body: str
    subject_type: str
    subject_id: int
    audience: Audience = Audience.BUYER_USERS
    accepts: GrantCheck | None = None
    sales_rep: bool = False
    """SUPPLIER_STAFF only: the event's customer account's sales rep (业务员) hears too."""
    skip_actor: bool = False
    """The user who caused the event does not hear of it."""


def roles(*names: str) -> GrantCheck:
    """A grant check accepting staff holding any of these roles."""
    wanted = frozenset(names)
    return lambda user_id, role, level: role in wanted


Planner = Callable[[Event], Planned | None]
_planners: dict[str, Planner] = {}

E = TypeVar("E", bound=Event)


def plan_for(event_class: type[E], planner: Callable[[E], Planned | None]) -> None:
    """The context that owns an event kind says what inbox entry it makes, if any."""
    # `plan` hands a planner only what decode makes of a row of its kind: an instance of event_class.
    _planners[event_class.kind] = cast(Planner, planner)


def plan(row: OutboxEvent) -> Planned | None:
    """The inbox entry an event makes, if any."""
    planner = _planners.get(row.kind)
    return planner(outbox.decode(row)) if planner is not None else None


async def _recipients(planned: list[tuple[OutboxEvent, Planned]]) -> dict[int, set[int]]:
    """User ids per event, in at most three queries for the whole batch: buyers' users, suppliers'
    staff grants and the sales reps of the accounts concerned. Hand-written: the relay runs them for
    every batch, and tortoise's joins cost more CPU to build than to answer."""
    buyer_orgs = {e.buyer_id for e, p in planned if p.audience is Audience.BUYER_USERS and e.buyer_id}
    staff_orgs = {e.supplier_id for e, p in planned if p.audience is Audience.SUPPLIER_STAFF}
    users_by_org: dict[int, list[int]] = defaultdict(list)
    if buyer_orgs:
        for row in await fetch(
            f"SELECT id, organization_id FROM users WHERE organization_id IN ({marks(len(buyer_orgs))}) AND is_active",
            sorted(buyer_orgs),
        ):
            users_by_org[row["organization_id"]].append(row["id"])
    grants_by_org: dict[int, list[tuple[int, str, int | None]]] = defaultdict(list)
    if staff_orgs:
        for row in await fetch(
            "SELECT r.user_id, r.role, r.approval_level, u.organization_id FROM user_roles r"
            f" JOIN users u ON u.id = r.user_id WHERE u.organization_id IN ({marks(len(staff_orgs))}) AND u.is_active",
            sorted(staff_orgs),
        ):
            grants_by_org[row["organization_id"]].append((row["user_id"], row["role"], row["approval_level"]))
    rep_accounts = {e.customer_account_id for e, p in planned if p.sales_rep and e.customer_account_id}
    reps: dict[int, int] = {}
    if rep_accounts:
        reps = {
            row["id"]: row["sales_rep_id"]
            for row in await fetch(
                "SELECT a.id, a.sales_rep_id FROM customer_accounts a JOIN users u ON u.id = a.sales_rep_id"
                f" WHERE a.id IN ({marks(len(rep_accounts))}) AND u.is_active",
                sorted(rep_accounts),
            )
        }
    result: dict[int, set[int]] = {}
    for event, p in planned:
        if p.audience is Audience.SUPPLIER_STAFF:
            accepts = p.accepts or (lambda user_id, role, level: True)
            result[event.id] = {
                user_id for user_id, role, level in grants_by_org[event.supplier_id] if accepts(user_id, role, level)
            }
            if p.sales_rep and event.customer_account_id in reps:
                result[event.id].add(reps[event.customer_account_id])
        else:
            result[event.id] = set(users_by_org.get(event.buyer_id, ())) if event.buyer_id else set()
        if p.skip_actor and event.actor_id is not None:
            result[event.id].discard(event.actor_id)
    return result


def notification_message(n: Notification) -> dict:
    return {
        "id": n.id,
        "userId": n.user_id,
        "kind": n.kind.value if isinstance(n.kind, NotificationKind) else n.kind,
        "title": n.title,
        "body": n.body,
        "subjectType": n.subject_type,
        "subjectId": n.subject_id,
        "createdAt": n.created_at.isoformat(),
    }


async def write_for_events(events: list[OutboxEvent]) -> dict[int, list[dict]]:
    """Writes the inbox entries of a batch (once: a repeated batch adds nothing) and returns
    them per event id, as broker messages carry them."""
    planned = [(e, p) for e in events if (p := plan(e)) is not None]
    if not planned:
        return {}
    recipients = await _recipients(planned)
    entries = [
        Notification(
            user_id=user_id,
            event_id=event.id,
            kind=p.kind,
            title=p.title,
            body=p.body,
            subject_type=p.subject_type,
            subject_id=p.subject_id,
        )
        for event, p in planned
        for user_id in sorted(recipients[event.id])
    ]
    written = await insert_all(entries, unless_taken=("user_id", "event_id"))
    if len(written) < len(entries):
        # A round whose publishing failed wrote them already: read them back, as they were written then.
        written = await Notification.filter(event_id__in=[e.id for e, _ in planned]).order_by("id")
    by_event: dict[int, list[dict]] = defaultdict(list)
    for n in sorted(written, key=lambda n: n.id):
        by_event[n.event_id].append(notification_message(n))
    return by_event


def inbox_of(principal: Principal, unread_only: bool = False) -> QuerySet[Notification]:
    require_user(principal)
    query = Notification.filter(user_id=principal.user_id)
    return query.filter(read_at=None) if unread_only else query


async def unread_count(principal: Principal) -> int:
    return await inbox_of(principal, unread_only=True).count()


async def mark_read(principal: Principal, ids: list[int] | None) -> int:
    """Marks the given entries (or, with None, the whole inbox) read; foreign ids are ignored."""
    query = inbox_of(principal, unread_only=True)
    if ids is not None:
        query = query.filter(id__in=ids)
    await query.update(read_at=utc_now())
    return await unread_count(principal)
