"""Orders, checkout, allocation quotas, ordering windows and favourites over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.carts import checkout, supplier_edit
from app.carts import service as carts
from app.orders import calendar, quotas
from app.orders import service as orders
from schema.carts.inputs import customer_account_id_of, supplier_id_of
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id
from schema.orders.inputs import (
    AllocationQuotasSetInput,
    CheckoutInput,
    FavoriteInput,
    OrderCancelInput,
    OrderingWindowsSetInput,
    OrderUpdateLinesInput,
)
from schema.orders.loaders import order_types, priced_variants, quota_types
from schema.orders.types import (
    AllocationQuotasSetPayload,
    CheckoutPayload,
    FavoriteAddPayload,
    FavoriteRemovePayload,
    OrderCancelPayload,
    OrderingWindowsSetPayload,
    OrderUpdateLinesPayload,
)


@strawberry.type
class OrdersMutation:
    @strawberry.mutation(description="Keep a variant in the favourites list.")
    @mutation_payload(FavoriteAddPayload)
    async def favorite_add(self, info: strawberry.Info, input: FavoriteInput) -> FavoriteAddPayload:
        supplier = supplier_id_of(input.supplier_id)
        await carts.add_favorite(
            info.context.principal, supplier, decode_id(input.variant_id, "Variant", ("input", "variantId"))
        )
        ids = await carts.favorite_variant_ids(info.context.principal, supplier)
        return FavoriteAddPayload(favorites=await priced_variants(info, supplier, ids))

    @strawberry.mutation(description="Drop a variant from the favourites list.")
    @mutation_payload(FavoriteRemovePayload)
    async def favorite_remove(self, info: strawberry.Info, input: FavoriteInput) -> FavoriteRemovePayload:
        supplier = supplier_id_of(input.supplier_id)
        await carts.remove_favorite(
            info.context.principal, decode_id(input.variant_id, "Variant", ("input", "variantId"))
        )
        ids = await carts.favorite_variant_ids(info.context.principal, supplier)
        return FavoriteRemovePayload(favorites=await priced_variants(info, supplier, ids))

    @strawberry.mutation(description="Set or remove allocation quotas (货源分配); for the supplier's admins.")
    @mutation_payload(AllocationQuotasSetPayload)
    async def allocation_quotas_set(
        self, info: strawberry.Info, input: AllocationQuotasSetInput
    ) -> AllocationQuotasSetPayload:
        rows = await quotas.set_quotas(
            info.context.principal,
            [
                quotas.QuotaInput(
                    variant_id=decode_id(q.variant_id, "Variant", ("input", "quotas", str(i), "variantId")),
                    quantity=q.quantity,
                    customer_account_id=customer_account_id_of(
                        q.customer_account_id, ("input", "quotas", str(i), "customerAccountId")
                    ),
                    tier=q.tier,
                    customer_group=q.customer_group,
                )
                for i, q in enumerate(input.quotas)
            ],
        )
        return AllocationQuotasSetPayload(quotas=await quota_types(rows))

    @strawberry.mutation(description="Place the cart as an order: checked again, priced, stock reserved.")
    @mutation_payload(CheckoutPayload)
    async def checkout(self, info: strawberry.Info, input: CheckoutInput) -> CheckoutPayload:
        address = None
        if input.shipping_address is not None:
            address = {
                "recipient": input.shipping_address.recipient,
                "phone": input.shipping_address.phone,
                "region": input.shipping_address.region,
                "street": input.shipping_address.street,
                "postalCode": input.shipping_address.postal_code,
            }
        placed = await checkout.place(
            info.context.principal,
            checkout.CheckoutInput(
                supplier_id=supplier_id_of(input.supplier_id),
                idempotency_key=input.idempotency_key,
                customer_account_id=customer_account_id_of(input.customer_account_id),
                accept_allotted=input.accept_allotted,
                payment_method=input.payment_method,
                shipping_address=address,
                shipping_address_id=decode_optional_id(
                    input.shipping_address_id, "Address", ("input", "shippingAddressId")
                ),
                requested_delivery_date=input.requested_delivery_date,
                po_number=input.po_number,
                note=input.note,
            ),
        )
        known = {placed.order.id: placed.lines} if placed.lines is not None else None
        return CheckoutPayload(order=(await order_types([placed.order], known))[0])

    @strawberry.mutation(description="A customer's weekly ordering windows (订货周期); none: order any time.")
    @mutation_payload(OrderingWindowsSetPayload)
    async def ordering_windows_set(
        self, info: strawberry.Info, input: OrderingWindowsSetInput
    ) -> OrderingWindowsSetPayload:
        windows = [calendar.Window(w.opens_weekday, w.opens_at, w.closes_weekday, w.closes_at) for w in input.windows]
        await orders.set_ordering_windows(
            info.context.principal,
            decode_id(input.customer_account_id, "CustomerAccount", ("input", "customerAccountId")),
            windows,
        )
        return OrderingWindowsSetPayload(windows_count=len(windows))

    @strawberry.mutation(
        description="Change an order's lines, priced again: the buyer its quantities before approval and its "
        "cut-off; the supplier's ADMIN or the customer's SALES rep quantities, unit prices and lines (改单) "
        "until it ships, the buyer notified."
    )
    @mutation_payload(OrderUpdateLinesPayload)
    async def order_update_lines(self, info: strawberry.Info, input: OrderUpdateLinesInput) -> OrderUpdateLinesPayload:
        changes = [
            supplier_edit.LineEdit(
                decode_id(line.order_line_id, "OrderLine", ("input", "lines", str(i), "orderLineId")),
                line.quantity,
                supplier_edit.KEEP if line.unit_price is strawberry.UNSET else line.unit_price,
                line.price_reason,
            )
            for i, line in enumerate(input.lines)
        ]
        additions = [
            supplier_edit.LineAdd(
                decode_id(line.variant_id, "Variant", ("input", "addLines", str(i), "variantId")),
                line.quantity,
                line.unit_price,
                line.price_reason,
            )
            for i, line in enumerate(input.add_lines)
        ]
        order = await supplier_edit.update_lines(
            info.context.principal,
            decode_id(input.order_id, "Order", ("input", "orderId")),
            input.version,
            changes,
            additions,
            input.reason,
        )
        return OrderUpdateLinesPayload(order=(await order_types([order]))[0])

    @strawberry.mutation(
        description="Cancel an order: the buyer before approval and cut-off, the supplier before shipment."
    )
    @mutation_payload(OrderCancelPayload)
    async def order_cancel(self, info: strawberry.Info, input: OrderCancelInput) -> OrderCancelPayload:
        order = await orders.cancel(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.reason
        )
        return OrderCancelPayload(order=(await order_types([order]))[0])
