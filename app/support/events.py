"""Announcements and service threads, as the outbox records them."""

from __future__ import annotations

from dataclasses import dataclass

from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class AnnouncementPublished(Event, kind="announcement.published", subject_type="Announcement", scope="support:read"):
    """One per customer account the notice reaches (buyer_id names it), so each buyer hears of
    it and no other buyer learns it exists."""

    title: str
    kind_of_notice: str


@dataclass(frozen=True, kw_only=True)
class ServiceThreadEvent(Event, subject_type="ServiceThread", scope="support:read"):
    subject: str
    status: str
    from_supplier: bool
    """Whether the supplier's side acted (posted, closed); the other side hears of it."""
    message_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class ServiceThreadOpened(ServiceThreadEvent, kind="service_thread.opened"):
    pass


@dataclass(frozen=True, kw_only=True)
class ServiceMessagePosted(ServiceThreadEvent, kind="service_thread.message_posted"):
    pass


@dataclass(frozen=True, kw_only=True)
class ServiceThreadClosed(ServiceThreadEvent, kind="service_thread.closed"):
    pass
