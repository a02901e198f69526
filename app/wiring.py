"""The composition root of the domain: installs each context's hooks on the order process.
Server code (the app, the CLI) and the tests call `install` once at start; the domain packages
never import this module."""

from __future__ import annotations

from app.accounts.events import CustomerAccountRegistered
from app.approvals import service as approvals
from app.audit import service as audit
from app.inventory.events import StockLow
from app.ledger import service as ledger
from app.notifications import inbox
from app.notifications.inbox import Audience, Planned, roles
from app.notifications.models import NotificationKind
from app.orders import process
from app.orders import service as orders
from app.orders.models import Order, OrderTrack
from app.payments import service as payments
from app.reports import rollups as sales_rollups
from app.reports.scope import NOT_SALES
from app.returns import quantities as returned_quantities
from app.returns import service as returns
from app.sellthrough import notices as sellthrough_notices
from app.shipments import service as shipments
from app.support import notices as support_notices


def install() -> None:
    """Idempotent: installing again starts from a clean registry."""
    process.reset()
    audit.install()
    orders.install()
    approvals.install()
    ledger.install()
    payments.install()
    shipments.install()
    returns.install()
    returned_quantities.install()
    inbox.plan_for(CustomerAccountRegistered, registration_notice)
    inbox.plan_for(StockLow, low_stock_notice)
    support_notices.install(order_of_buyer)
    sellthrough_notices.install()
    install_sales_rollups()
    process.mark_installed()


def install_sales_rollups() -> None:
    """Reports may not import the order process (it reaches Events): its rollups follow the orders
    through hooks installed here, after every other context's, so their writes come last."""

    async def placed(placing: process.Placing) -> None:
        items = [(i.product_id, i.category_id, i.brand_id, i.quantity, i.line_total) for i in placing.items]
        await sales_rollups.placed(placing.order, items, placing.supplier_timezone)

    async def revised(revision: process.Revision) -> None:
        await sales_rollups.revised(revision.order, revision.before.total, revision.before.lines)

    async def ended(change: process.Change) -> None:
        await sales_rollups.ended(change.order)

    process.on_placed(placed)
    process.on_revised(revised)
    for status in NOT_SALES:
        process.on_enter(OrderTrack.STATUS, status, ended)


async def order_of_buyer(order_id: int, supplier_id: int, buyer_id: int) -> bool:
    """Support may not import Ordering: the order a service thread is about is checked here."""
    return await Order.filter(id=order_id, supplier_id=supplier_id, buyer_id=buyer_id).exists()


# Accounts and Inventory may not import the inbox (Events), so their notices are planned here.


def registration_notice(event: CustomerAccountRegistered) -> Planned | None:
    """The supplier's admins hear of a registration waiting for their decision."""
    if event.status != "PENDING":
        return None
    return Planned(
        NotificationKind.REGISTRATION_PENDING,
        "A registration is waiting",
        "A buyer registered and waits for your approval.",
        event.subject_type,
        event.subject_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=roles("ADMIN"),
    )


def low_stock_notice(event: StockLow) -> Planned:
    """The warehouse and the admins hear when a variant's stock runs low in a warehouse."""
    where = f" in warehouse {event.warehouse_code}" if event.warehouse_code else ""
    return Planned(
        NotificationKind.STOCK_LOW,
        f"Low stock: {event.sku}",
        f"{event.available} of {event.sku} available{where} (alert at {event.threshold}).",
        event.subject_type,
        event.subject_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=roles("ADMIN", "WAREHOUSE"),
    )
