"""A world of two tenants for the isolation matrix, built through the services the API calls:
supplier X (buyers A and B) and supplier Y (buyer C), each with staff in every role, a catalog
with a hidden product, a price list, a promotion, an approval flow, quotas, apps with webhook
subscriptions, and per buyer a cart, a favorite, orders in several states, payments,
shipments, a return, an issued statement, a ledger adjustment, an app and the notifications
and webhook deliveries the relay writes for all of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.accounts.models import CustomerAccount, Organization, Role, User
from app.approvals import service as approvals
from app.carts import service as carts
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.events.relay import Relay
from app.ledger import service as ledger
from app.ledger import statements
from app.orders import quotas
from app.orders import service as orders
from app.orders.models import Order, OrderLine
from app.payments import service as payments
from app.pricing import service as pricing
from app.pricing.models import PriceListKind
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from app.returns import service as returns
from app.returns.models import RefundMethod
from app.sellthrough import reports as sell_through
from app.sellthrough.periods import Period
from app.shipments import service as shipments
from app.shipments.models import ShipmentLine
from app.support import announcements, threads
from app.support.models import AnnouncementKind, ThreadKind
from app.webhooks import service as webhooks
from tests.support import make_buyer, make_user, place_order, principal_of
from tests.support_shipments import Shop, approve, make_shipping_shop, ship

SUPPLIER_STAFF = (Role.SALES, Role.APPROVER, Role.WAREHOUSE, Role.FINANCE, Role.SERVICE)


@dataclass
class Tenant:
    """One supplier of the world: its organization, staff by role and buyers by code."""

    shop: Shop
    staff: dict[Role, User] = field(default_factory=dict)
    buyers: dict[str, User] = field(default_factory=dict)
    """The admin (and purchaser) user of each buyer organization, by buyer code."""

    @property
    def org(self) -> Organization:
        return self.shop.supplier.org


@dataclass
class World:
    x: Tenant
    y: Tenant


class _NullBroker:
    async def publish(self, channel: str, message: dict) -> None:
        return None


async def build_world(uses_postgres: bool) -> World:
    x = await _tenant("xsup", ("abuy", "bbuy"))
    y = await _tenant("ysup", ("cbuy",))
    # Notifications and webhook deliveries are written by the relay from the outbox.
    await Relay(_NullBroker(), uses_postgres=uses_postgres, poll_seconds=60).publish_pending()
    return World(x, y)


async def _tenant(code: str, buyer_codes: tuple[str, ...]) -> Tenant:
    shop = await make_shipping_shop(code, stock=10_000)
    tenant = Tenant(shop)
    tenant.staff[Role.ADMIN] = shop.supplier.admin
    tenant.staff[Role.APPROVER] = shop.approver
    tenant.staff[Role.WAREHOUSE] = shop.warehouse_user
    tenant.staff[Role.SALES] = await make_user(shop.supplier.org, f"sales-of-{code}@{code}.test", {Role.SALES: None})
    tenant.staff[Role.FINANCE] = await make_user(
        shop.supplier.org, f"finance-of-{code}@{code}.test", {Role.FINANCE: None}
    )
    tenant.staff[Role.SERVICE] = await make_user(
        shop.supplier.org, f"service-of-{code}@{code}.test", {Role.SERVICE: None}
    )
    admin = shop.admin
    await _catalog_extras(code, admin, shop)
    await _apps(admin, code, "order.placed")
    for index, buyer_code in enumerate(buyer_codes):
        if index == 0:
            buyer, account = shop.buyer, shop.account
        else:
            _, buyer, account = await make_buyer(shop.supplier, buyer_code)
        if index == 0:
            await CustomerAccount.filter(id=account.id).update(sales_rep_id=tenant.staff[Role.SALES].id)
        tenant.buyers[buyer_code] = buyer
        await _history(tenant, buyer, account, buyer_code)
    return tenant


async def _catalog_extras(code: str, admin, shop: Shop) -> None:
    """A category, a brand, a hidden product, a price list, a promotion, a flow and a quota."""
    category = await catalog.create_category(admin, f"{code} category", None)
    await catalog.create_brand(admin, f"{code} brand")
    await catalog.create_product(
        admin,
        catalog.ProductInput(
            name=f"{code} secret recipe",
            category_id=category.id,
            variants=(catalog.VariantInput(sku=f"{code.upper()}-HIDDEN", base_price="7.00"),),
        ),
    )
    tea = shop.variants["TEA-1"]
    price_list = await pricing.create_price_list(
        admin, pricing.PriceListInput(name=f"{code} dealer prices", kind=PriceListKind.FIXED, tiers=("A",))
    )
    await pricing.set_prices(admin, price_list.id, [pricing.PriceInput(tea.id, "9.00")])
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(
            name=f"{code} spring promotion",
            kind=PromotionKind.PERCENT_OFF,
            percent_off=Decimal("5"),
            product_ids=(tea.product_id,),
        ),
    )
    await approvals.create_flow(
        admin,
        approvals.FlowInput(
            name=f"{code} big orders", steps=(approvals.StepInput(name="check", role=Role.APPROVER, min_level=1),)
        ),
    )
    await quotas.set_quotas(admin, [quotas.QuotaInput(shop.variants["CUP"].id, 5000, tier="A")])


async def _apps(principal, code: str, event_kind: str) -> None:
    app, _ = await webhooks.create_app(principal, f"{code} erp", ["orders:read", "catalog:read"])
    await webhooks.subscribe(principal, app.id, event_kind, f"https://{code}.example.com/hook")


async def _history(tenant: Tenant, buyer: User, account: CustomerAccount, code: str) -> None:
    """Orders pending, approved, shipped and received, cancelled and rejected; payments, a
    return, a statement and a ledger adjustment; a cart line and a favorite."""
    shop = tenant.shop
    supplier_id = shop.supplier.org.id
    tea, tea6 = shop.variants["TEA-1"], shop.variants["TEA-6"]
    shop_for_buyer = Shop(**{**shop.__dict__, "buyer": buyer})

    received = await approve(shop, await place_order(buyer, supplier_id, {tea: 4}, f"{code}-received"))
    lines = await OrderLine.filter(order_id=received.id)
    shipment = await ship(shop_for_buyer, received, {line: line.quantity for line in lines})
    receiver = await principal_of(buyer)
    await shipments.confirm_receipt(receiver, shipment.id, (), "all arrived")
    received = await Order.get(id=received.id)
    buyer_principal = await principal_of(buyer)
    payment = await payments.record(
        buyer_principal,
        payments.PaymentInput(
            customer_account_id=account.id,
            method=received.payment_method,
            amount=received.total,
            currency=received.currency,
            idempotency_key=f"{code}-payment",
            reference=f"{code} transfer reference",
            allocations=(payments.Allocation(received.id, received.total),),
        ),
    )
    await payments.confirm(await principal_of(tenant.staff[Role.FINANCE]), payment.id)
    shipment_line = await ShipmentLine.filter(shipment_id=shipment.id).first()
    assert shipment_line is not None
    await returns.request(
        buyer_principal,
        returns.ReturnInput(
            order_id=received.id,
            lines=(returns.ReturnLineInput(shipment_line.id, 1),),
            reason=f"{code} damaged box",
            refund_method=RefundMethod.CREDIT,
        ),
    )

    approved = await approve(shop, await place_order(buyer, supplier_id, {tea6: 6}, f"{code}-approved"))
    await payments.record(
        buyer_principal,
        payments.PaymentInput(
            customer_account_id=account.id,
            method=approved.payment_method,
            amount="10.00",
            currency=approved.currency,
            idempotency_key=f"{code}-unconfirmed",
            reference=f"{code} pending transfer",
        ),
    )
    cancelled = await place_order(buyer, supplier_id, {tea: 1}, f"{code}-cancelled")
    await orders.cancel(buyer_principal, cancelled.id, "ordered twice")
    rejected = await place_order(buyer, supplier_id, {tea: 2}, f"{code}-rejected")
    await approvals.reject(await principal_of(shop.approver), rejected.id, f"{code} rejected reason")
    await place_order(buyer, supplier_id, {tea: 3}, f"{code}-pending")

    finance = await principal_of(tenant.staff[Role.FINANCE])
    await ledger.adjust(finance, account.id, "1.50", f"{code} rounding adjustment")
    today = datetime.now(ZoneInfo(shop.supplier.org.timezone)).date()
    await statements.issue(finance, account.id, today.replace(day=1), today)

    await carts.add_lines(buyer_principal, supplier_id, [carts.LineInput(tea.id, 2)])
    await carts.add_favorite(buyer_principal, supplier_id, tea.id)
    await _apps(buyer_principal, code, "order.placed")
    await _support(tenant, buyer_principal, supplier_id, received.id, code)
    await sell_through.submit(
        buyer_principal,
        supplier_id,
        Period.starting(today.replace(day=1) - timedelta(days=1)),
        [sell_through.LineInput(tea.id, 31, 12), sell_through.LineInput(tea6.id, 0, 6)],
    )
    assert await Variant.filter(supplier_id=supplier_id).count() >= 3


async def _support(tenant: Tenant, buyer_principal, supplier_id: int, order_id: int, code: str) -> None:
    """A published notice to every buyer, and a thread about an order answered by the service desk."""
    admin = await principal_of(tenant.staff[Role.ADMIN])
    notice = await announcements.create(
        admin,
        announcements.AnnouncementInput(
            kind=AnnouncementKind.POLICY, title=f"{code} holiday notice", body=f"{code} closes for a week"
        ),
    )
    await announcements.publish(admin, notice.id)
    thread = await threads.open_thread(
        buyer_principal,
        threads.ThreadInput(
            supplier_id=supplier_id,
            kind=ThreadKind.QUESTION,
            subject=f"{code} where is my order",
            body=f"{code} it is late",
            order_id=order_id,
        ),
    )
    await threads.post(await principal_of(tenant.staff[Role.SERVICE]), thread.id, f"{code} it ships today")
