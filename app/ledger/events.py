"""Statements of account (对账单), as the outbox records them."""

from __future__ import annotations

from dataclasses import dataclass

from app.notifications.inbox import Planned
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


def buyer_notice(event: StatementIssued) -> Planned:
    return Planned(
        NotificationKind.STATEMENT_READY,
        "Statement ready",
        "A new statement of account is ready for you to check.",
        event.subject_type,
        event.subject_id,
    )
