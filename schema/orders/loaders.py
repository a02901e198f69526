"""Orders, checkout, allocation quotas, ordering windows and favourites over GraphQL:
a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from app.accounts.models import CustomerAccount as CustomerAccountModel
from app.browse import queries as browse_reads
from app.catalog import queries as catalog_reads
from app.orders import queries as order_reads
from app.orders import service as orders
from app.orders.models import AllocationQuota as AllocationQuotaModel
from app.orders.models import Order as OrderModel
from app.orders.models import OrderLine as OrderLineModel
from app.orders.models import OrderTrack
from app.orders.models import Shortfall as ShortfallModel
from schema.accounts.loaders import customer_account_types
from schema.catalog.loaders import product_types
from schema.catalog.types import VariantType
from schema.ids import encode_id
from schema.node import register_visible_node
from schema.orders.types import (
    ActionsOfPage,
    Address,
    AllocationQuotaType,
    DetailLoads,
    DetailsOfPage,
    OrderLineChangeType,
    OrderLineType,
    OrderPlacedBy,
    OrderStatusChangeType,
    OrderType,
    Parties,
    PartiesOfPage,
    ShortfallType,
)
from schema.scalars import Money


def _address(snapshot: dict | None) -> Address | None:
    if not snapshot:
        return None
    return Address(
        recipient=snapshot["recipient"],
        phone=snapshot["phone"],
        region=snapshot["region"],
        street=snapshot["street"],
        postal_code=snapshot.get("postalCode"),
    )


async def _parties(orders_: list[OrderModel]) -> Parties:
    """The page's customer accounts with their buyers, suppliers and reps: one query each."""
    accounts = await CustomerAccountModel.filter(id__in={o.customer_account_id for o in orders_})
    account_types = await customer_account_types(accounts)
    organizations = {}
    for account, account_type in zip(accounts, account_types, strict=True):
        organizations[account.buyer_id] = account_type.buyer
        organizations[account.supplier_id] = account_type.supplier
    return Parties(
        customer_accounts={account.id: t for account, t in zip(accounts, account_types, strict=True)},
        organizations=organizations,
    )


def _line_change(change, currency: str) -> OrderLineChangeType:
    def money(amount: Decimal | None) -> Money | None:
        return None if amount is None else Money(amount=amount, currency=currency)

    return OrderLineChangeType(
        order_line_id=strawberry.ID(encode_id("OrderLine", change.order_line_id)) if change.order_line_id else None,
        variant_id=strawberry.ID(encode_id("Variant", change.variant_id)),
        sku=change.sku,
        name=change.name,
        quantity_before=change.quantity_before,
        quantity_after=change.quantity_after,
        unit_price_before=money(change.unit_price_before),
        unit_price_after=money(change.unit_price_after),
        reason=change.reason,
        user_name=change.user.name if change.user else None,
        order_version=change.order_version,
        at=change.created_at,
    )


async def _placers(orders_: list[OrderModel]) -> dict[int, OrderPlacedBy]:
    placers = await order_reads.placers(orders_)
    return {
        order.id: OrderPlacedBy(
            id=strawberry.ID(encode_id("User", order.placed_by_id)),
            name=placers[order.placed_by_id].name,
            on_behalf=order_reads.placed_on_behalf(order, placers[order.placed_by_id]),
        )
        for order in orders_
    }


async def _history(orders_: list[OrderModel]) -> dict[int, list[OrderStatusChangeType]]:
    return {
        order_id: [
            OrderStatusChangeType(
                from_status=change.from_status,
                to_status=change.to_status,
                track=change.track or OrderTrack.STATUS,
                from_value=change.from_value,
                to_value=change.to_value or change.to_status.value,
                reason=change.reason,
                user_name=change.user.name if change.user else None,
                at=change.created_at,
            )
            for change in changes
        ]
        for order_id, changes in (await order_reads.status_history(orders_)).items()
    }


async def _line_changes(orders_: list[OrderModel]) -> dict[int, list[OrderLineChangeType]]:
    currencies = {order.id: order.currency for order in orders_}
    return {
        order_id: [_line_change(change, currencies[order_id]) for change in changes]
        for order_id, changes in (await order_reads.line_changes(orders_)).items()
    }


DETAIL_LOADS = DetailLoads(placed_by=_placers, history=_history, line_changes=_line_changes)


async def order_types(
    orders_: list[OrderModel], known_lines: dict[int, list[OrderLineModel]] | None = None
) -> list[OrderType]:
    """`known_lines`: each order's lines, by order id, when the caller holds them (a checkout that wrote them)."""
    lines = known_lines if known_lines is not None else await order_reads.order_lines(orders_)
    details = DetailsOfPage(orders_, DETAIL_LOADS)
    actions = ActionsOfPage(orders_)
    parties = PartiesOfPage(orders_, _parties)
    result = []
    for order in orders_:

        def money(amount: Decimal, currency: str = order.currency) -> Money:
            return Money(amount=amount, currency=currency)

        result.append(
            OrderType(
                id=strawberry.ID(encode_id("Order", order.id)),
                number=order.number,
                status=order.status,
                payment_status=order.payment_status,
                fulfilment_status=order.fulfilment_status,
                payment_method=order.payment_method,
                subtotal=money(order.subtotal),
                discount_total=money(order.discount_total),
                total=money(order.total),
                po_number=order.po_number,
                note=order.note,
                requested_delivery_date=order.requested_delivery_date,
                created_at=order.created_at,
                cutoff_at=order.cutoff_at,
                shipping_address=_address(order.shipping_address),
                version=order.version,
                pk=order.id,
                customer_account_pk=order.customer_account_id,
                buyer_pk=order.buyer_id,
                supplier_pk=order.supplier_id,
                details=details,
                actions=actions,
                parties=parties,
                lines=[
                    OrderLineType(
                        id=strawberry.ID(encode_id("OrderLine", line.id)),
                        sku=line.sku,
                        name=line.name,
                        unit=line.unit,
                        quantity=line.quantity,
                        unit_price=money(line.unit_price),
                        discount=money(line.discount),
                        line_total=money(line.line_total),
                        is_gift=line.is_gift,
                        price_explanation=line.price_explanation,
                        price_override_reason=line.price_override_reason,
                    )
                    for line in lines[order.id]
                ],
            )
        )
    return result


fetch_orders = register_visible_node("Order", orders.visible_orders, order_types)


async def priced_variants(info: strawberry.Info, supplier_id: int, variant_ids: list[int]) -> list[VariantType]:
    """Variants in the given order, priced for the caller; ones no longer visible are left out."""
    visible = await browse_reads.visible_variant_page(info.context.principal, supplier_id, variant_ids)
    if visible is None:
        return []
    page, products = visible
    found = {v.model.id: v for product in product_types(page, products) for v in product.variants}
    return [found[i] for i in variant_ids if i in found]


async def quota_types(rows: list[AllocationQuotaModel]) -> list[AllocationQuotaType]:
    skus = await catalog_reads.variant_skus({r.variant_id for r in rows})
    return [
        AllocationQuotaType(
            id=strawberry.ID(encode_id("AllocationQuota", r.id)),
            variant_id=strawberry.ID(encode_id("Variant", r.variant_id)),
            sku=skus[r.variant_id],
            customer_account_id=(
                strawberry.ID(encode_id("CustomerAccount", r.customer_account_id)) if r.customer_account_id else None
            ),
            tier=r.tier,
            customer_group=r.customer_group,
            quantity=r.quantity,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


async def shortfall_types(rows: list[ShortfallModel]) -> list[ShortfallType]:
    skus = await catalog_reads.variant_skus({r.variant_id for r in rows})
    return [
        ShortfallType(
            id=strawberry.ID(encode_id("Shortfall", r.id)),
            variant_id=strawberry.ID(encode_id("Variant", r.variant_id)),
            sku=skus[r.variant_id],
            requested=r.requested,
            allotted=r.allotted,
            missing=r.requested - r.allotted,
            reason=r.reason,
            cycle_starts_at=r.cycle_start,
            created_at=r.created_at,
        )
        for r in rows
    ]
