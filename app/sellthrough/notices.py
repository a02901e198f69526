"""Who hears of a dealer's report: installed once at start by app/wiring.py."""

from __future__ import annotations

from app.notifications import inbox
from app.notifications.inbox import Audience, Planned, roles
from app.notifications.models import NotificationKind
from app.sellthrough.events import SellThroughReportSubmitted


def install() -> None:
    inbox.plan_for(SellThroughReportSubmitted, report_notice)


def report_notice(event: SellThroughReportSubmitted) -> Planned:
    """The supplier's admins and the customer's sales rep: the people who act on a dealer's stock."""
    again = f" (revision {event.revision})" if event.revision > 1 else ""
    return Planned(
        NotificationKind.SELL_THROUGH_SUBMITTED,
        f"Sell-through report {event.period}",
        f"{event.buyer_name} reported {event.line_count} SKUs for {event.period}{again}.",
        event.subject_type,
        event.subject_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=roles("ADMIN"),
        sales_rep=True,
        skip_actor=True,
    )
