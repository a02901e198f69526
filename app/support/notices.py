"""What announcements and service threads put in people's inboxes, and the order lookup:
installed once at start by app/wiring.py."""

from __future__ import annotations

from app.notifications import inbox
from app.notifications.inbox import Audience, Planned, roles
from app.notifications.models import NotificationKind
from app.support import threads
from app.support.events import (
    AnnouncementPublished,
    ServiceMessagePosted,
    ServiceThreadClosed,
    ServiceThreadEvent,
    ServiceThreadOpened,
)


def install(order_of_buyer: threads.OrderOfBuyer) -> None:
    threads.install_order_lookup(order_of_buyer)
    inbox.plan_for(AnnouncementPublished, announcement_notice)
    inbox.plan_for(ServiceThreadOpened, lambda e: thread_notice(e, NotificationKind.SERVICE_THREAD_OPENED))
    inbox.plan_for(ServiceMessagePosted, lambda e: thread_notice(e, NotificationKind.SERVICE_MESSAGE))
    inbox.plan_for(ServiceThreadClosed, lambda e: thread_notice(e, NotificationKind.SERVICE_THREAD_CLOSED))


def announcement_notice(event: AnnouncementPublished) -> Planned:
    """Each user of a buyer the notice reaches (one event per customer account)."""
    return Planned(NotificationKind.ANNOUNCEMENT, "New announcement", event.title, event.subject_type, event.subject_id)


TITLES = {
    NotificationKind.SERVICE_THREAD_OPENED: "A customer opened a service thread",
    NotificationKind.SERVICE_MESSAGE: "New message in a service thread",
    NotificationKind.SERVICE_THREAD_CLOSED: "A service thread was closed",
}


def thread_notice(event: ServiceThreadEvent, kind: NotificationKind) -> Planned:
    """The other side hears: the buyer's users of what the supplier did; the supplier's SERVICE
    staff, admins and the customer's sales rep of what the buyer did. Never the one who acted."""
    if event.from_supplier:
        return Planned(kind, TITLES[kind], event.subject, event.subject_type, event.subject_id, skip_actor=True)
    return Planned(
        kind,
        TITLES[kind],
        event.subject,
        event.subject_type,
        event.subject_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=roles("SERVICE", "ADMIN"),
        sales_rep=True,
        skip_actor=True,
    )
