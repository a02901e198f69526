"""Huaxin's order history in the demo: orders in every status, payments, shipments, a return and a
confirmed statement, built through the services the API calls, each step taken by the demo user
whose job it is (the dealers' buyers and receiver, Huaxin's approver, finance, warehouse, admin and
a sales rep ordering on a customer's behalf), so every rule holds.

All or nothing in one transaction, and skipped when the demo's first order exists, so running the
seed again changes nothing. The services stamp their rows with the current time: the history
happens when the seed runs, and the statement dealer-a confirmed is the current month so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from app.accounts.auth import principal_for_user
from app.accounts.models import CustomerAccount, Organization, User
from app.accounts.permissions import Principal
from app.approvals import service as approvals
from app.carts import checkout
from app.carts import service as carts
from app.catalog.models import Variant
from app.inventory.models import Warehouse
from app.ledger import statements
from app.ledger.models import StatementDecision
from app.orders import service as orders
from app.orders.models import Order, OrderLine, PaymentMethod
from app.payments import service as payments
from app.returns import quantities as unit_counts
from app.returns import service as returns
from app.returns.models import RefundMethod
from app.shipments import service as shipments
from app.shipments.models import Shipment, ShipmentLine

SUPPLIER_CODE = "huaxin"
KEY_PREFIX = "demo-history-"
APPROVER = "approver@huaxin.demo"
FINANCE = "finance@huaxin.demo"
WAREHOUSE = "warehouse@huaxin.demo"
ADMIN = "admin@huaxin.demo"
DEALER_A_BUYER = "buyer@dealer-a.demo"
DEALER_A_RECEIVER = "receiver@dealer-a.demo"
DEALER_B_BUYER = "buyer@dealer-b.demo"
RETURN_WAREHOUSE = "SH"
CARRIER = "顺丰速运 SF Express"

ADDRESSES = {
    "dealer-a": {
        "recipient": "吴敏",
        "phone": "13900000101",
        "region": "上海市浦东新区",
        "street": "张江路88号 A区经销商仓库",
        "postalCode": "201203",
    },
    "dealer-b": {
        "recipient": "郑华",
        "phone": "13900000201",
        "region": "北京市朝阳区",
        "street": "酒仙桥路10号 B区经销商仓库",
        "postalCode": "100015",
    },
    "dealer-c": {
        "recipient": "冯军",
        "phone": "13900000301",
        "region": "浙江省杭州市西湖区",
        "street": "文三路199号 C区便利店配送中心",
        "postalCode": "310012",
    },
}


@dataclass(frozen=True)
class DemoOrder:
    key: str
    buyer: str
    placed_by: str
    lines: tuple[tuple[str, int], ...]
    """(SKU, quantity)"""
    payment_method: PaymentMethod = PaymentMethod.BANK_TRANSFER
    on_behalf: bool = False
    """Placed by supplier staff for the customer (代客下单)."""
    po_number: str | None = None
    note: str | None = None

    @property
    def idempotency_key(self) -> str:
        return KEY_PREFIX + self.key


# In the order they are placed: the completed one is the oldest.
COMPLETED = DemoOrder(
    "completed",
    "dealer-a",
    DEALER_A_BUYER,
    (("HX-DR-002-12", 40), ("HX-PA-006-12", 20), ("HX-SN-008-12", 15)),
    po_number="A-PO-0001",
)
SHIPPED = DemoOrder(
    "shipped", "dealer-b", DEALER_B_BUYER, (("HX-DR-009-6", 20), ("HX-DA-004-10", 30)), po_number="B-PO-0001"
)
PARTIALLY_SHIPPED = DemoOrder(
    "partially-shipped",
    "dealer-c",
    "sales1@huaxin.demo",
    (("HX-DR-019-24", 30), ("HX-PA-003-4", 10), ("HX-SN-019-50", 10)),
    payment_method=PaymentMethod.ON_ACCOUNT,
    on_behalf=True,
    note="电话订货，业务员代客下单 ordered by phone, placed by the sales rep",
)
APPROVED = DemoOrder("approved", "dealer-b", DEALER_B_BUYER, (("HX-PA-008-6", 20), ("HX-DR-013-6", 25)))
REJECTED = DemoOrder("rejected", "dealer-b", DEALER_B_BUYER, (("HX-SN-014-20", 10),))
CANCELLED = DemoOrder("cancelled", "dealer-a", DEALER_A_BUYER, (("HX-DA-009-6", 10),))
AWAITING_FINANCE = DemoOrder(
    "awaiting-finance",
    "dealer-a",
    DEALER_A_BUYER,
    (("HX-SN-016-48", 100), ("HX-PA-005-12", 80)),
    payment_method=PaymentMethod.ON_ACCOUNT,
    po_number="A-PO-0002",
    note="春节备货 stocking up for the Spring Festival",
)
AWAITING_APPROVAL = DemoOrder(
    "awaiting-approval", "dealer-a", DEALER_A_BUYER, (("HX-DR-016-24", 12), ("HX-DA-002-24", 10))
)
DEMO_ORDERS = (
    COMPLETED,
    SHIPPED,
    PARTIALLY_SHIPPED,
    APPROVED,
    REJECTED,
    CANCELLED,
    AWAITING_FINANCE,
    AWAITING_APPROVAL,
)

# The completed order ships in two parts; the buyer finds one case of the second short.
FIRST_PART = {"HX-DR-002-12": 40, "HX-PA-006-12": 20}
SHORT_SKU = "HX-SN-008-12"
SHORT_REASON = "1箱外箱压损拒收 one case crushed in transit, refused"
RETURNED = ("HX-DR-002-12", 2)
RETURN_REASON = "2箱临近保质期 two cases close to their best-before date"
REJECT_REASON = (
    "收货地址不在本季配送线路内，请更新地址后重新下单 "
    "address outside this season's delivery routes; update it and order again"
)
CANCEL_REASON = "重复下单 ordered twice by mistake"
PREPAYMENT = "5000.00"


async def seed_history() -> None:
    supplier = await Organization.get(code=SUPPLIER_CODE)
    first_buyer = await User.get(email=COMPLETED.placed_by)
    if await Order.exists(placed_by_id=first_buyer.id, idempotency_key=COMPLETED.idempotency_key):
        return
    async with in_transaction():
        await _History(supplier).build()


def statement_period(supplier: Organization) -> tuple[date, date]:
    """The period dealer-a confirmed: the current month up to today, in the supplier's timezone."""
    today = datetime.now(ZoneInfo(supplier.timezone)).date()
    return today.replace(day=1), today


class _History:
    def __init__(self, supplier: Organization):
        self.supplier = supplier
        self._principals: dict[str, Principal] = {}
        self._variants: dict[str, int] = {}

    async def build(self) -> None:
        skus = {sku for demo in DEMO_ORDERS for sku, _ in demo.lines}
        self._variants = dict(await Variant.filter(supplier_id=self.supplier.id, sku__in=skus).values_list("sku", "id"))
        await self._completed()
        await self._shipped()
        await self._partially_shipped()
        await self._approve(await self._place(APPROVED), "库存充足，同意 stock available, approved")
        await self._rejected()
        await self._cancelled()
        await self._approve(await self._place(AWAITING_FINANCE), "业务审核通过，超5万转财务 above ¥50,000: to finance")
        await self._place(AWAITING_APPROVAL)
        await self._confirm_statement("dealer-a", DEALER_A_BUYER)

    async def _completed(self) -> None:
        """Shipped in two parts, received with one case short, paid by transfer, two cases returned."""
        order = await self._place(COMPLETED)
        await self._approve(order, "同意 approved")
        first = await self._ship(order, FIRST_PART, "SF1000000001")
        second = await self._ship(order, None, "SF1000000002")
        receiver = await self._as(DEALER_A_RECEIVER)
        await shipments.confirm_receipt(receiver, first.id, (), "货已收齐 all arrived")
        short = await ShipmentLine.get(shipment_id=second.id, order_line__sku=SHORT_SKU)
        await shipments.confirm_receipt(
            receiver,
            second.id,
            (shipments.ReceivedLine(short.id, short.quantity - 1, SHORT_REASON),),
            "少收1箱，已拍照 one case short, photographed",
        )
        order = await Order.get(id=order.id)
        await self._pay(order, DEALER_A_BUYER, "payment-completed", "工行网银转账 ICBC transfer 0001", confirm=True)
        await self._return(order, first)

    async def _shipped(self) -> None:
        """On its way to dealer-b, who has recorded a transfer that finance has yet to confirm."""
        order = await self._place(SHIPPED)
        await self._approve(order, "同意 approved")
        shipment = await self._ship(order, None, "SF1000000003")
        await shipments.add_tracking_event(
            await self._as(WAREHOUSE), shipment.id, "已揽收 picked up", "上海 Shanghai", None
        )
        await self._pay(order, DEALER_B_BUYER, "payment-shipped", "建行转账 CCB transfer 0002", confirm=False)
        prepayment = await payments.record(
            await self._as(DEALER_B_BUYER),
            payments.PaymentInput(
                customer_account_id=order.customer_account_id,
                method=PaymentMethod.BANK_TRANSFER,
                amount=PREPAYMENT,
                currency=self.supplier.currency,
                idempotency_key=KEY_PREFIX + "prepayment-dealer-b",
                reference="预付款 prepayment top-up",
            ),
        )
        await payments.confirm(await self._as(FINANCE), prepayment.id)

    async def _partially_shipped(self) -> None:
        order = await self._place(PARTIALLY_SHIPPED)
        await self._approve(order, "同意 approved")
        first_sku, quantity = PARTIALLY_SHIPPED.lines[0]
        await self._ship(order, {first_sku: quantity}, "SF1000000004")

    async def _rejected(self) -> None:
        order = await self._place(REJECTED)
        await approvals.reject(await self._as(APPROVER), order.id, REJECT_REASON)

    async def _cancelled(self) -> None:
        order = await self._place(CANCELLED)
        await orders.cancel(await self._as(CANCELLED.placed_by), order.id, CANCEL_REASON)

    async def _as(self, email: str) -> Principal:
        if email not in self._principals:
            user = await User.get(email=email).select_related("organization")
            self._principals[email] = await principal_for_user(user)
        return self._principals[email]

    async def _place(self, demo: DemoOrder) -> Order:
        """From an empty cart, as the buyer or (on behalf) as the customer's sales rep."""
        principal = await self._as(demo.placed_by)
        account = await CustomerAccount.get(supplier_id=self.supplier.id, buyer__code=demo.buyer)
        for_customer = account.id if demo.on_behalf else None
        await carts.clear(principal, self.supplier.id, for_customer)
        await carts.add_lines(
            principal,
            self.supplier.id,
            [carts.LineInput(self._variants[sku], quantity) for sku, quantity in demo.lines],
            for_customer,
        )
        return await checkout.checkout(
            principal,
            checkout.CheckoutInput(
                supplier_id=self.supplier.id,
                idempotency_key=demo.idempotency_key,
                customer_account_id=for_customer,
                payment_method=demo.payment_method,
                shipping_address=ADDRESSES[demo.buyer],
                po_number=demo.po_number,
                note=demo.note,
            ),
        )

    async def _approve(self, order: Order, comment: str) -> None:
        await approvals.approve(await self._as(APPROVER), order.id, comment)

    async def _ship(self, order: Order, units: dict[str, int] | None, tracking_number: str) -> Shipment:
        """Ships the given units per SKU, or (None) everything still to ship, gifts included."""
        lines = await OrderLine.filter(order_id=order.id).order_by("id")
        if units is None:
            shipped = (await unit_counts.quantities_by_order([order.id]))[order.id].lines
            wanted = [(line.id, line.quantity - shipped[line.id].shipped) for line in lines]
        else:
            wanted = [(line.id, units[line.sku]) for line in lines if line.sku in units]
        return await shipments.create(
            await self._as(WAREHOUSE),
            shipments.ShipmentInput(
                order_id=order.id,
                lines=tuple(shipments.ShipLine(line_id, quantity) for line_id, quantity in wanted if quantity),
                carrier=CARRIER,
                tracking_number=tracking_number,
            ),
        )

    async def _pay(self, order: Order, buyer: str, key: str, reference: str, *, confirm: bool) -> None:
        """A transfer of the order's total, allocated to it; finance confirms it or it waits."""
        payment = await payments.record(
            await self._as(buyer),
            payments.PaymentInput(
                customer_account_id=order.customer_account_id,
                method=PaymentMethod.BANK_TRANSFER,
                amount=order.total,
                currency=order.currency,
                idempotency_key=KEY_PREFIX + key,
                reference=reference,
                allocations=(payments.Allocation(order.id, order.total),),
            ),
        )
        if confirm:
            await payments.confirm(await self._as(FINANCE), payment.id)

    async def _return(self, order: Order, shipment: Shipment) -> None:
        """Requested by the buyer, accepted by Huaxin's admin, received back by the warehouse: credited."""
        sku, quantity = RETURNED
        line = await ShipmentLine.get(shipment_id=shipment.id, order_line__sku=sku)
        requested = await returns.request(
            await self._as(DEALER_A_BUYER),
            returns.ReturnInput(
                order_id=order.id,
                lines=(returns.ReturnLineInput(line.id, quantity),),
                reason=RETURN_REASON,
                refund_method=RefundMethod.CREDIT,
            ),
        )
        await returns.approve(await self._as(ADMIN), requested.id, "同意退货 return accepted")
        warehouse = await Warehouse.get(supplier_id=self.supplier.id, code=RETURN_WAREHOUSE)
        await returns.receive(await self._as(WAREHOUSE), requested.id, warehouse.id)

    async def _confirm_statement(self, buyer_code: str, email: str) -> None:
        account = await CustomerAccount.get(supplier_id=self.supplier.id, buyer__code=buyer_code)
        period_from, period_to = statement_period(self.supplier)
        await statements.respond(
            await self._as(email),
            account.id,
            period_from,
            period_to,
            StatementDecision.CONFIRMED,
            "核对无误 checked, agreed",
        )
