"""Announcements and service threads over GraphQL: the input types."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.support.models import AnnouncementKind, ThreadKind, ThreadStatus


@strawberry.input
class AnnouncementFilter:
    supplier_id: strawberry.ID | None = strawberry.field(default=None, description="One supplier's notices.")
    unread_only: bool = False


@strawberry.input
class AnnouncementFieldsInput:
    kind: AnnouncementKind
    title: str
    body: str
    target_tiers: list[str] = strawberry.field(default_factory=list, description="Empty with targetGroups: all.")
    target_groups: list[str] = strawberry.field(default_factory=list)
    pinned: bool = False
    starts_at: datetime | None = strawberry.field(default=None, description="Shown from; none: once published.")
    ends_at: datetime | None = strawberry.field(default=None, description="Shown until; none: until unpublished.")


@strawberry.input
class AnnouncementCreateInput(AnnouncementFieldsInput):
    pass


@strawberry.input
class AnnouncementUpdateInput(AnnouncementFieldsInput):
    announcement_id: strawberry.ID


@strawberry.input
class AnnouncementPublishInput:
    announcement_id: strawberry.ID


@strawberry.input
class AnnouncementUnpublishInput:
    announcement_id: strawberry.ID


@strawberry.input
class AnnouncementMarkReadInput:
    announcement_id: strawberry.ID


@strawberry.input
class ServiceThreadFilter:
    status: list[ThreadStatus] | None = None
    supplier_id: strawberry.ID | None = None


@strawberry.input
class ServiceThreadOpenInput:
    supplier_id: strawberry.ID
    kind: ThreadKind
    subject: str
    body: str
    order_id: strawberry.ID | None = strawberry.field(default=None, description="One of the buyer's orders.")


@strawberry.input
class ServiceMessagePostInput:
    thread_id: strawberry.ID
    body: str


@strawberry.input
class ServiceThreadCloseInput:
    thread_id: strawberry.ID
