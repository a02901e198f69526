"""Builders for the shipment, return and stock-ledger tests: a shop with two warehouses and a
third variant, an approved order, and staff and buyer users with the roles these flows need."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.models import CustomerAccount, Organization, Role, User
from app.accounts.permissions import Principal
from app.approvals import service as approvals
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.inventory import service as inventory
from app.inventory.models import Warehouse
from app.orders.models import Order, OrderLine
from app.shipments import service as shipments
from app.shipments.models import Shipment
from tests.support import (
    Supplier,
    make_buyer,
    make_shop,
    make_user,
    place_order,
    principal_of,
)


@dataclass
class Shop:
    supplier: Supplier
    admin: Principal
    variants: dict[str, Variant]
    sh: Warehouse
    gz: Warehouse
    warehouse_user: User
    buyer_org: Organization
    buyer: User
    receiver: User
    account: CustomerAccount
    approver: User


async def make_shipping_shop(code: str = "acme", stock: int = 100, gz_stock: int = 0) -> Shop:
    """make_shop's SH warehouse and TEA-6 / TEA-1, plus CUP (¥3.35) and an empty-by-default GZ
    warehouse; a warehouse user, a buyer (ADMIN, PURCHASER) and its RECEIVER."""
    supplier, admin, variants = await make_shop(code, stock=stock)
    sh = await Warehouse.get(supplier_id=supplier.org.id, code="SH")
    gz = await inventory.create_warehouse(admin, "GZ", "Guangzhou")
    product_id = variants["TEA-1"].product_id
    cup = await catalog.create_variant(admin, product_id, catalog.VariantInput(sku="CUP", base_price="3.35"))
    await inventory.adjust_stock(admin, cup.id, sh.id, stock, "count")
    if gz_stock:
        for variant in (*variants.values(), cup):
            await inventory.adjust_stock(admin, variant.id, gz.id, gz_stock, "count")
    variants["CUP"] = cup
    warehouse_user = await make_user(supplier.org, f"wh@{code}.test", {Role.WAREHOUSE: None})
    buyer_org, buyer, account = await make_buyer(supplier, f"{code}-buyer")
    receiver = await make_user(buyer_org, f"receiver@{code}-buyer.test", {Role.RECEIVER: None})
    approver = await make_user(supplier.org, f"approver@{code}.test", {Role.APPROVER: 1})
    return Shop(supplier, admin, variants, sh, gz, warehouse_user, buyer_org, buyer, receiver, account, approver)


async def approve(shop: Shop, order: Order) -> Order:
    """Approved by the supplier's approver through the approval flow, as orderApprove does."""
    return await approvals.approve(await principal_of(shop.approver), order.id, "approved")


async def approved_order(
    shop: Shop, quantities: dict[str, int], key: str = "order-1"
) -> tuple[Order, dict[str, OrderLine]]:
    order = await place_order(
        shop.buyer, shop.supplier.org.id, {shop.variants[s]: q for s, q in quantities.items()}, key
    )
    order = await approve(shop, order)
    lines = {line.sku: line for line in await OrderLine.filter(order_id=order.id)}
    return order, lines


async def ship(shop: Shop, order: Order, lines: dict[OrderLine, int], warehouse: Warehouse | None = None) -> Shipment:
    return await shipments.create(
        await principal_of(shop.warehouse_user),
        shipments.ShipmentInput(
            order_id=order.id,
            warehouse_id=(warehouse or shop.sh).id,
            lines=tuple(shipments.ShipLine(line.id, q) for line, q in lines.items()),
            carrier="SF Express",
            tracking_number="SF100200300",
        ),
    )
