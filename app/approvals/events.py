"""An order's approval walk (多级审核), as the outbox records it."""

from __future__ import annotations

from dataclasses import dataclass

from app.notifications.inbox import Audience, Planned
from app.notifications.models import NotificationKind
from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class ApprovalEvent(Event, subject_type="Order", scope="orders:read"):
    order_id: int
    number: str
    step_index: int
    step_name: str


@dataclass(frozen=True, kw_only=True)
class ApprovalRequested(ApprovalEvent, kind="approval.requested"):
    """The order waits at a step for one user, or for a role at a minimum approval level."""

    role: str | None
    user_id: int | None
    min_level: int | None
    total: str
    or_admin: bool = False
    """The supplier's ADMIN may decide it too (the default step of a supplier with no flow)."""

    def asks(self, user_id: int | None, role: str, level: int | None) -> bool:
        """Whether this step waits for the user holding `role` at `level`."""
        if self.or_admin and role == "ADMIN":
            return True
        if self.user_id is not None:
            return self.user_id == user_id
        wanted = self.role or "APPROVER"
        return role == wanted and (self.min_level is None or (level is not None and level >= self.min_level))


@dataclass(frozen=True, kw_only=True)
class ApprovalDecided(ApprovalEvent, kind="approval.decided"):
    decision: str
    comment: str | None
    final: bool


def approver_notice(event: ApprovalRequested) -> Planned:
    """Reaches the staff the step waits for, not the buyer."""
    step = event.step_name or f"step {event.step_index}"
    return Planned(
        NotificationKind.APPROVAL_REQUESTED,
        f"Order {event.number} awaits your approval",
        f"Order {event.number} needs approval ({step}).",
        "Order",
        event.order_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=event.asks,
    )
