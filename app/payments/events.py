"""A payment's life (付款/收款), as the outbox records it."""

from __future__ import annotations

from dataclasses import dataclass

from app.notifications.inbox import Planned
from app.notifications.models import NotificationKind
from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class PaymentEvent(Event, subject_type="Payment", scope="payments:read"):
    payment_id: int
    number: str | None
    status: str
    method: str
    amount: str
    currency: str
    reference: str | None = None


@dataclass(frozen=True, kw_only=True)
class PaymentRecorded(PaymentEvent, kind="payment.recorded"):
    pass


@dataclass(frozen=True, kw_only=True)
class PaymentConfirmed(PaymentEvent, kind="payment.confirmed"):
    pass


@dataclass(frozen=True, kw_only=True)
class PaymentRejected(PaymentEvent, kind="payment.rejected"):
    pass


def buyer_notice(event: PaymentConfirmed) -> Planned:
    amount = f"{event.amount} {event.currency}".strip()
    return Planned(
        NotificationKind.PAYMENT_CONFIRMED,
        f"Payment {event.number} confirmed",
        f"Your payment {event.number} of {amount} has been confirmed.",
        event.subject_type,
        event.subject_id,
    )
