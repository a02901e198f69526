"""Announcements and service threads over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.pagination import PageRequest
from app.support import announcements, threads
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id, decode_optional_id
from schema.support.inputs import AnnouncementFilter, ServiceThreadFilter
from schema.support.loaders import announcement_types, thread_types
from schema.support.types import AnnouncementType, ServiceThreadType


@strawberry.type
class SupportQuery:
    @strawberry.field(
        description="For a buyer's users: the notices that reach them now, pinned first, with `read`. "
        "For a supplier's staff: all of its own, drafts included, pinned first."
    )
    @paginated
    async def announcements(
        self, info: strawberry.Info, *, page: PageRequest, filter: AnnouncementFilter | None = None
    ) -> Connection[AnnouncementType]:
        principal = info.context.principal
        wanted = announcements.AnnouncementFilter()
        if filter is not None:
            wanted = announcements.AnnouncementFilter(
                supplier_id=decode_optional_id(filter.supplier_id, "Organization", ("filter", "supplierId")),
                unread_only=filter.unread_only,
            )
        query = await announcements.visible_announcements(principal, wanted)
        return await connection_of(query, ("-pinned", "-id"), page, lambda rows: announcement_types(principal, rows))

    @strawberry.field(description="Service threads of the customer accounts the caller sees, latest activity first.")
    @paginated
    async def service_threads(
        self, info: strawberry.Info, *, page: PageRequest, filter: ServiceThreadFilter | None = None
    ) -> Connection[ServiceThreadType]:
        wanted = threads.ThreadFilter()
        if filter is not None:
            wanted = threads.ThreadFilter(
                statuses=tuple(filter.status or ()),
                supplier_id=decode_optional_id(filter.supplier_id, "Organization", ("filter", "supplierId")),
            )
        query = threads.filter_threads(threads.visible_threads(info.context.principal), wanted)
        return await connection_of(query, ("-last_message_at", "-id"), page, thread_types)

    @strawberry.field(description="One service thread with its messages; null when missing or not yours.")
    async def service_thread(self, info: strawberry.Info, id: strawberry.ID) -> ServiceThreadType | None:
        row = await threads.visible_threads(info.context.principal).get_or_none(id=decode_id(id, "ServiceThread", "id"))
        return (await thread_types([row]))[0] if row else None
