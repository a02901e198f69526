"""Announcements and service threads over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.support.announcements import AnnouncementState
from app.support.models import AnnouncementKind, ThreadKind, ThreadStatus
from schema.errors import UserError
from schema.node import Node

strawberry.enum(AnnouncementKind, name="AnnouncementKind")
strawberry.enum(AnnouncementState, name="AnnouncementState")
strawberry.enum(ThreadKind, name="ServiceThreadKind")
strawberry.enum(ThreadStatus, name="ServiceThreadStatus")


@strawberry.type(name="Announcement", description="A supplier's notice (公告) to its buyers.")
class AnnouncementType(Node):
    kind: AnnouncementKind
    title: str
    body: str
    pinned: bool
    target_tiers: list[str] = strawberry.field(description="Empty with targetGroups: every buyer.")
    target_groups: list[str]
    starts_at: datetime | None
    ends_at: datetime | None
    published_at: datetime | None
    state: AnnouncementState
    supplier_id: strawberry.ID
    supplier_name: str
    read: bool = strawberry.field(description="Whether the calling user has read it.")
    created_at: datetime
    updated_at: datetime


@strawberry.type(name="ServiceMessage")
class ServiceMessageType:
    id: strawberry.ID
    body: str
    from_supplier: bool = strawberry.field(description="Written by the supplier's staff, else by the buyer's user.")
    author_name: str | None
    created_at: datetime


@strawberry.type(name="ServiceThread", description="A conversation a buyer opened with its supplier (客户服务).")
class ServiceThreadType(Node):
    kind: ThreadKind
    subject: str
    status: ThreadStatus
    supplier_id: strawberry.ID
    supplier_name: str
    customer_account_id: strawberry.ID
    buyer_name: str
    order_id: strawberry.ID | None
    order_number: str | None
    opened_by_name: str | None
    created_at: datetime
    last_message_at: datetime
    closed_at: datetime | None
    messages: list[ServiceMessageType] = strawberry.field(description="Oldest first.")


@strawberry.type
class ServiceThreadUpdate:
    thread: ServiceThreadType
    message: ServiceMessageType | None = strawberry.field(description="The message posted, if the event is one.")
    event_kind: str = strawberry.field(description="service_thread.opened, .message_posted or .closed")
    occurred_at: datetime


ANNOUNCEMENT_ERRORS = "INVALID, INVALID_ID, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG"


@strawberry.type(description=f"The result of announcementCreate. UserErrorCode values: {ANNOUNCEMENT_ERRORS}.")
class AnnouncementCreatePayload:
    announcement: AnnouncementType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description=f"The result of announcementUpdate. UserErrorCode values: {ANNOUNCEMENT_ERRORS}.")
class AnnouncementUpdatePayload:
    announcement: AnnouncementType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of announcementPublish. UserErrorCode values: INVALID_ID, INVALID_STATE, NOT_FOUND."
)
class AnnouncementPublishPayload:
    announcement: AnnouncementType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of announcementUnpublish. UserErrorCode values: INVALID_ID, INVALID_STATE, NOT_FOUND."
)
class AnnouncementUnpublishPayload:
    announcement: AnnouncementType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The result of announcementMarkRead. UserErrorCode values: INVALID_ID, NOT_FOUND.")
class AnnouncementMarkReadPayload:
    announcement: AnnouncementType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of serviceThreadOpen. UserErrorCode values: INVALID_ID, NOT_FOUND, REQUIRED, TOO_LONG."
)
class ServiceThreadOpenPayload:
    thread: ServiceThreadType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of serviceMessagePost. UserErrorCode values: INVALID_ID, INVALID_STATE, NOT_FOUND, "
    "REQUIRED, TOO_LONG."
)
class ServiceMessagePostPayload:
    thread: ServiceThreadType | None = None
    message: ServiceMessageType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of serviceThreadClose. UserErrorCode values: INVALID_ID, INVALID_STATE, NOT_FOUND."
)
class ServiceThreadClosePayload:
    thread: ServiceThreadType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
