"""Statements of account (对账单), as the outbox records them."""

from __future__ import annotations

from dataclasses import dataclass

from app.notifications.inbox import Audience, Planned, roles
from app.notifications.models import NotificationKind
from app.outbox import Event, named


@dataclass(frozen=True, kw_only=True)
class StatementEvent(Event, subject_type="CustomerAccount", scope="statements:read"):
    echoed = ("customer_account_id",)

    period_from: str = named("from")
    period_to: str = named("to")
    closing_balance: str


@dataclass(frozen=True, kw_only=True)
class StatementIssued(StatementEvent, kind="statement.issued"):
    pass


@dataclass(frozen=True, kw_only=True)
class StatementConfirmed(StatementEvent, kind="statement.confirmed"):
    comment: str | None = None


@dataclass(frozen=True, kw_only=True)
class StatementDisputed(StatementEvent, kind="statement.disputed"):
    comment: str | None = None


@dataclass(frozen=True, kw_only=True)
class StatementDisputeAnswered(StatementEvent, kind="statement.dispute_answered"):
    """The supplier answered the buyer's dispute of a statement period."""

    comment: str | None = None
    answer: str


def buyer_notice(event: StatementIssued) -> Planned:
    return Planned(
        NotificationKind.STATEMENT_READY,
        "Statement ready",
        "A new statement of account is ready for you to check.",
        event.subject_type,
        event.subject_id,
    )


def _period(event: StatementEvent) -> str:
    return f"{event.period_from} to {event.period_to}"


def dispute_notice(event: StatementDisputed) -> Planned:
    """Supplier finance and admins hear that a customer disputes a statement."""
    return Planned(
        NotificationKind.STATEMENT_DISPUTED,
        "Statement disputed",
        f"A customer disputes its statement for {_period(event)}: {event.comment or ''}".strip(),
        event.subject_type,
        event.subject_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=roles("ADMIN", "FINANCE"),
    )


def answer_notice(event: StatementDisputeAnswered) -> Planned:
    """The buyer's users hear the supplier's answer to their dispute."""
    return Planned(
        NotificationKind.STATEMENT_DISPUTE_ANSWERED,
        "Your statement dispute was answered",
        f"The supplier answered your dispute of the statement for {_period(event)}: {event.answer}",
        event.subject_type,
        event.subject_id,
    )
