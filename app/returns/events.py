"""Returns (退货), as the outbox records them."""

from __future__ import annotations

from dataclasses import dataclass

from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class ReturnEvent(Event, subject_type="Return", scope="returns:read"):
    return_id: int
    number: str
    order_id: int
    order_number: str
    status: str
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReturnRequested(ReturnEvent, kind="return.requested"):
    pass


@dataclass(frozen=True, kw_only=True)
class ReturnApproved(ReturnEvent, kind="return.approved"):
    pass


@dataclass(frozen=True, kw_only=True)
class ReturnRejected(ReturnEvent, kind="return.rejected"):
    pass


@dataclass(frozen=True, kw_only=True)
class ReturnReceived(ReturnEvent, kind="return.received"):
    pass


@dataclass(frozen=True, kw_only=True)
class ReturnRefunded(ReturnEvent, kind="return.refunded"):
    pass
