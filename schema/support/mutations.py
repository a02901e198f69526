"""Announcements and service threads over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.accounts.permissions import Principal
from app.support import announcements, threads
from app.support.models import Announcement, ServiceThread
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.support.inputs import (
    AnnouncementCreateInput,
    AnnouncementFieldsInput,
    AnnouncementMarkReadInput,
    AnnouncementPublishInput,
    AnnouncementUnpublishInput,
    AnnouncementUpdateInput,
    ServiceMessagePostInput,
    ServiceThreadCloseInput,
    ServiceThreadOpenInput,
)
from schema.support.loaders import announcement_types, thread_types
from schema.support.types import (
    AnnouncementCreatePayload,
    AnnouncementMarkReadPayload,
    AnnouncementPublishPayload,
    AnnouncementType,
    AnnouncementUnpublishPayload,
    AnnouncementUpdatePayload,
    ServiceMessagePostPayload,
    ServiceThreadClosePayload,
    ServiceThreadOpenPayload,
    ServiceThreadType,
)


def _fields(data: AnnouncementFieldsInput) -> announcements.AnnouncementInput:
    return announcements.AnnouncementInput(
        kind=data.kind,
        title=data.title,
        body=data.body,
        target_tiers=tuple(data.target_tiers),
        target_groups=tuple(data.target_groups),
        pinned=data.pinned,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
    )


def _announcement_id(value: strawberry.ID) -> int:
    return decode_id(value, "Announcement", ("input", "announcementId"))


async def _announcement(principal: Principal, row: Announcement) -> AnnouncementType:
    return (await announcement_types(principal, [row]))[0]


async def _thread(row: ServiceThread) -> ServiceThreadType:
    return (await thread_types([await threads.reload(row.id)]))[0]


def _thread_id(value: strawberry.ID) -> int:
    return decode_id(value, "ServiceThread", ("input", "threadId"))


@strawberry.type
class SupportMutation:
    @strawberry.mutation(description="A draft notice; announcementPublish shows it and tells the buyers it reaches.")
    @mutation_payload(AnnouncementCreatePayload)
    async def announcement_create(
        self, info: strawberry.Info, input: AnnouncementCreateInput
    ) -> AnnouncementCreatePayload:
        principal = info.context.principal
        row = await announcements.create(principal, _fields(input))
        return AnnouncementCreatePayload(announcement=await _announcement(principal, row))

    @strawberry.mutation(description="Replaces a notice's text, targets, pin and window; tells nobody again.")
    @mutation_payload(AnnouncementUpdatePayload)
    async def announcement_update(
        self, info: strawberry.Info, input: AnnouncementUpdateInput
    ) -> AnnouncementUpdatePayload:
        principal = info.context.principal
        row = await announcements.update(principal, _announcement_id(input.announcement_id), _fields(input))
        return AnnouncementUpdatePayload(announcement=await _announcement(principal, row))

    @strawberry.mutation(description="Shows the notice inside its window and notifies every buyer it reaches.")
    @mutation_payload(AnnouncementPublishPayload)
    async def announcement_publish(
        self, info: strawberry.Info, input: AnnouncementPublishInput
    ) -> AnnouncementPublishPayload:
        principal = info.context.principal
        row = await announcements.publish(principal, _announcement_id(input.announcement_id))
        return AnnouncementPublishPayload(announcement=await _announcement(principal, row))

    @strawberry.mutation(description="Back to a draft: buyers no longer see it.")
    @mutation_payload(AnnouncementUnpublishPayload)
    async def announcement_unpublish(
        self, info: strawberry.Info, input: AnnouncementUnpublishInput
    ) -> AnnouncementUnpublishPayload:
        principal = info.context.principal
        row = await announcements.unpublish(principal, _announcement_id(input.announcement_id))
        return AnnouncementUnpublishPayload(announcement=await _announcement(principal, row))

    @strawberry.mutation(description="The calling user has read a notice.")
    @mutation_payload(AnnouncementMarkReadPayload)
    async def announcement_mark_read(
        self, info: strawberry.Info, input: AnnouncementMarkReadInput
    ) -> AnnouncementMarkReadPayload:
        principal = info.context.principal
        row = await announcements.mark_read(principal, _announcement_id(input.announcement_id))
        return AnnouncementMarkReadPayload(announcement=await _announcement(principal, row))

    @strawberry.mutation(description="A buyer's user opens a thread with a supplier, optionally about an order.")
    @mutation_payload(ServiceThreadOpenPayload)
    async def service_thread_open(
        self, info: strawberry.Info, input: ServiceThreadOpenInput
    ) -> ServiceThreadOpenPayload:
        row = await threads.open_thread(
            info.context.principal,
            threads.ThreadInput(
                supplier_id=decode_id(input.supplier_id, "Organization", ("input", "supplierId")),
                kind=input.kind,
                subject=input.subject,
                body=input.body,
                order_id=decode_optional_id(input.order_id, "Order", ("input", "orderId")),
            ),
        )
        return ServiceThreadOpenPayload(thread=await _thread(row))

    @strawberry.mutation(
        description="A reply: the supplier's (SERVICE, ADMIN) answers the thread, the buyer's reopens it."
    )
    @mutation_payload(ServiceMessagePostPayload)
    async def service_message_post(
        self, info: strawberry.Info, input: ServiceMessagePostInput
    ) -> ServiceMessagePostPayload:
        row, message = await threads.post(info.context.principal, _thread_id(input.thread_id), input.body)
        thread = await _thread(row)
        posted = next(m for m in thread.messages if m.id == encode_id("ServiceMessage", message.id))
        return ServiceMessagePostPayload(thread=thread, message=posted)

    @strawberry.mutation(description="Either side ends the thread; it takes no more messages.")
    @mutation_payload(ServiceThreadClosePayload)
    async def service_thread_close(
        self, info: strawberry.Info, input: ServiceThreadCloseInput
    ) -> ServiceThreadClosePayload:
        row = await threads.close(info.context.principal, _thread_id(input.thread_id))
        return ServiceThreadClosePayload(thread=await _thread(row))
