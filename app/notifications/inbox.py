"""Each user's inbox: what happened that concerns them, made from outbox events by the relay,
read and unread."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from app.accounts.models import Role, User, UserRole
from app.accounts.permissions import Principal, require_user
from app.clock import utc_now
from app.events.models import OutboxEvent
from app.events.outbox import EventKind
from app.notifications.models import Notification, NotificationKind

SHIPPED_STATUSES = {"SHIPPED", "PARTIALLY_SHIPPED"}


@dataclass(frozen=True)
class Planned:
    kind: NotificationKind
    title: str
    body: str
    subject_type: str
    subject_id: int


def plan(event: OutboxEvent) -> Planned | None:
    """The inbox entry an event makes, if any; who receives it is `recipients`' business."""
    payload = event.payload
    number = payload.get("number", "")
    if event.kind == EventKind.ORDER_STATUS_CHANGED and payload.get("status") == "APPROVED":
        return Planned(NotificationKind.ORDER_APPROVED, f"Order {number} approved",
                       f"Your order {number} has been approved.", "Order", event.subject_id)
    if event.kind == EventKind.ORDER_STATUS_CHANGED and payload.get("status") in SHIPPED_STATUSES:
        return Planned(NotificationKind.ORDER_SHIPPED, f"Order {number} shipped",
                       f"Your order {number} is on its way.", "Order", event.subject_id)
    if event.kind == EventKind.PAYMENT_CONFIRMED:
        amount = f"{payload.get('amount', '')} {payload.get('currency', '')}".strip()
        return Planned(NotificationKind.PAYMENT_CONFIRMED, f"Payment {number} confirmed",
                       f"Your payment {number} of {amount} has been confirmed.", event.subject_type, event.subject_id)
    if event.kind == EventKind.STATEMENT_ISSUED:
        return Planned(NotificationKind.STATEMENT_READY, "Statement ready",
                       "A new statement of account is ready for you to check.", event.subject_type, event.subject_id)
    if event.kind == EventKind.APPROVAL_REQUESTED:
        step = payload.get("stepName") or f"step {payload.get('stepIndex', '')}"
        return Planned(NotificationKind.APPROVAL_REQUESTED, f"Order {number} awaits your approval",
                       f"Order {number} needs approval ({step}).", "Order", payload.get("orderId", event.subject_id))
    return None


def is_approver_for(payload: dict, user_id: int, role: str, level: int | None) -> bool:
    """Whether an approval.requested event asks this user (holding `role` at `level`)."""
    if payload.get("userId") is not None:
        return payload["userId"] == user_id
    wanted = payload.get("role") or Role.APPROVER.value
    minimum = payload.get("minLevel")
    return role == wanted and (minimum is None or (level is not None and level >= minimum))


async def _recipients(planned: list[tuple[OutboxEvent, Planned]]) -> dict[int, set[int]]:
    """User ids per event, in two queries for the whole batch: buyers' users and suppliers' approvers."""
    buyer_orgs = {e.buyer_id for e, p in planned if p.kind != NotificationKind.APPROVAL_REQUESTED and e.buyer_id}
    approver_orgs = {e.supplier_id for e, p in planned if p.kind == NotificationKind.APPROVAL_REQUESTED}
    users_by_org: dict[int, list[int]] = defaultdict(list)
    if buyer_orgs:
        for user_id, org_id in await User.filter(organization_id__in=buyer_orgs, is_active=True).values_list(
            "id", "organization_id"
        ):
            users_by_org[org_id].append(user_id)
    grants_by_org: dict[int, list[tuple[int, str, int | None]]] = defaultdict(list)
    if approver_orgs:
        for user_id, role, level, org_id in await UserRole.filter(
            user__organization_id__in=approver_orgs, user__is_active=True
        ).values_list("user_id", "role", "approval_level", "user__organization_id"):
            grants_by_org[org_id].append((user_id, str(role), level))
    result: dict[int, set[int]] = {}
    for event, p in planned:
        if p.kind == NotificationKind.APPROVAL_REQUESTED:
            result[event.id] = {
                user_id for user_id, role, level in grants_by_org[event.supplier_id]
                if is_approver_for(event.payload, user_id, role, level)
            }
        else:
            result[event.id] = set(users_by_org.get(event.buyer_id, ()))
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
    await Notification.bulk_create(
        [
            Notification(
                user_id=user_id, event_id=event.id, kind=p.kind, title=p.title, body=p.body,
                subject_type=p.subject_type, subject_id=p.subject_id,
            )
            for event, p in planned
            for user_id in sorted(recipients[event.id])
        ],
        ignore_conflicts=True,
    )
    written: dict[int, list[dict]] = defaultdict(list)
    for n in await Notification.filter(event_id__in=[e.id for e, _ in planned]).order_by("id"):
        written[n.event_id].append(notification_message(n))
    return written


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
