"""Announcements and service threads over GraphQL: a page of objects built in a constant number
of queries, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.accounts.models import CustomerAccount, Organization
from app.accounts.permissions import Principal
from app.clock import utc_now
from app.orders.models import Order
from app.support import announcements, threads
from app.support.models import Announcement, ServiceMessage, ServiceThread
from schema.ids import encode_id
from schema.node import register_node, register_visible_node
from schema.support.types import AnnouncementType, ServiceMessageType, ServiceThreadType


async def _names(org_ids: set[int]) -> dict[int, str]:
    return dict(await Organization.filter(id__in=org_ids).values_list("id", "name")) if org_ids else {}


async def announcement_types(principal: Principal, rows: list[Announcement]) -> list[AnnouncementType]:
    """Two queries for any page: what the caller read, and the suppliers' names."""
    read = await announcements.read_ids(principal, [row.id for row in rows])
    names = await _names({row.supplier_id for row in rows})
    now = utc_now()
    return [
        AnnouncementType(
            id=strawberry.ID(encode_id("Announcement", row.id)),
            kind=row.kind,
            title=row.title,
            body=row.body,
            pinned=row.pinned,
            target_tiers=list(row.target_tiers),
            target_groups=list(row.target_groups),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            published_at=row.published_at,
            state=announcements.state_of(row, now),
            supplier_id=strawberry.ID(encode_id("Organization", row.supplier_id)),
            supplier_name=names.get(row.supplier_id, ""),
            read=row.id in read,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
        for row in rows
    ]


def message_type(message: ServiceMessage) -> ServiceMessageType:
    return ServiceMessageType(
        id=strawberry.ID(encode_id("ServiceMessage", message.id)),
        body=message.body,
        from_supplier=message.from_supplier,
        author_name=message.author.name if message.author else None,
        created_at=message.created_at,
    )


async def thread_types(rows: list[ServiceThread]) -> list[ServiceThreadType]:
    """Four queries for any page: messages with authors, accounts, organizations' names, orders."""
    ids = [row.id for row in rows]
    messages = await threads.messages_of(ids)
    accounts = (
        {
            pk: buyer
            for pk, buyer in await CustomerAccount.filter(id__in={row.customer_account_id for row in rows}).values_list(
                "id", "buyer_id"
            )
        }
        if rows
        else {}
    )
    names = await _names({row.supplier_id for row in rows} | set(accounts.values()))
    order_ids = {row.order_id for row in rows if row.order_id}
    # Asked even when no thread names an order, so that a page costs the same whatever its rows.
    numbers = dict(await Order.filter(id__in=order_ids).values_list("id", "number")) if rows else {}
    openers = {
        row.id: next((m.author.name for m in messages[row.id] if m.author and m.author_id == row.opened_by_id), None)
        for row in rows
    }
    return [
        ServiceThreadType(
            id=strawberry.ID(encode_id("ServiceThread", row.id)),
            kind=row.kind,
            subject=row.subject,
            status=row.status,
            supplier_id=strawberry.ID(encode_id("Organization", row.supplier_id)),
            supplier_name=names.get(row.supplier_id, ""),
            customer_account_id=strawberry.ID(encode_id("CustomerAccount", row.customer_account_id)),
            buyer_name=names.get(accounts.get(row.customer_account_id, 0), ""),
            order_id=strawberry.ID(encode_id("Order", row.order_id)) if row.order_id else None,
            order_number=numbers.get(row.order_id) if row.order_id else None,
            opened_by_name=openers[row.id],
            created_at=row.created_at,
            last_message_at=row.last_message_at,
            closed_at=row.closed_at,
            messages=[message_type(m) for m in messages[row.id]],
        )
        for row in rows
    ]


async def _fetch_announcements(info: strawberry.Info, pks: list[int]) -> list[AnnouncementType | None]:
    principal = info.context.principal
    if not principal.is_authenticated:
        return [None] * len(pks)
    rows = {row.id: row for row in await (await announcements.visible_announcements(principal)).filter(id__in=pks)}
    built = {t.id: t for t in await announcement_types(principal, list(rows.values()))}
    return [built.get(strawberry.ID(encode_id("Announcement", pk))) for pk in pks]


register_node("Announcement", _fetch_announcements)
register_visible_node("ServiceThread", threads.visible_threads, thread_types)
