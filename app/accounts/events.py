"""What happens to a customer account (客户档案), as the outbox records it."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class CustomerAccountEvent(Event, subject_type="CustomerAccount", scope="customers:read"):
    echoed = ("customer_account_id",)

    status: str


@dataclass(frozen=True, kw_only=True)
class CustomerAccountRegistered(CustomerAccountEvent, kind="customer_account.registered"):
    pass


@dataclass(frozen=True, kw_only=True)
class CustomerAccountDecided(CustomerAccountEvent):
    previous_status: str
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class CustomerAccountApproved(CustomerAccountDecided, kind="customer_account.approved"):
    pass


@dataclass(frozen=True, kw_only=True)
class CustomerAccountRejected(CustomerAccountDecided, kind="customer_account.rejected"):
    pass


@dataclass(frozen=True, kw_only=True)
class CustomerAccountSuspended(CustomerAccountDecided, kind="customer_account.suspended"):
    pass


@dataclass(frozen=True, kw_only=True)
class CustomerAccountUpdated(CustomerAccountEvent, kind="customer_account.updated"):
    changed: list[str] = field(default_factory=list)
