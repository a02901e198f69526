"""Orders, checkout, allocation quotas, ordering windows and favourites over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.carts import checkout
from app.carts import service as carts
from app.db import plans_per_value
from app.orders import queries as order_reads
from app.orders import quotas
from app.orders import service as orders
from app.pagination import PageRequest
from schema.carts.inputs import customer_account_id_of
from schema.catalog.types import VariantType
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id, decode_optional_id
from schema.orders.inputs import AllocationQuotaFilter, OrderFilter, OrderSort
from schema.orders.loaders import fetch_orders, order_types, priced_variants, quota_types, shortfall_types
from schema.orders.types import AllocationQuotaType, OrderType, ShortfallType


@strawberry.type
class OrdersQuery:
    @strawberry.field(description="What the customer asked for and was not allotted (缺货登记), oldest first.")
    @paginated
    async def shortfalls(
        self,
        info: strawberry.Info,
        supplier_id: strawberry.ID,
        customer_account_id: strawberry.ID | None = None,
        *,
        page: PageRequest,
    ) -> Connection[ShortfallType]:
        account = await carts.ordering_account(
            info.context.principal,
            decode_id(supplier_id, "Organization", "supplierId"),
            customer_account_id_of(customer_account_id, ("customerAccountId",)),
        )
        return await connection_of(
            carts.open_shortfalls(account),
            ("id",),
            page,
            shortfall_types,
        )

    @strawberry.field(description="The supplier's allocation quotas (货源分配); for its admins.")
    @paginated
    async def allocation_quotas(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
        filter: AllocationQuotaFilter | None = None,
    ) -> Connection[AllocationQuotaType]:
        wanted = quotas.QuotaFilter()
        if filter is not None:
            wanted = quotas.QuotaFilter(
                variant_id=decode_optional_id(filter.variant_id, "Variant", ("filter", "variantId")),
                customer_account_id=customer_account_id_of(filter.customer_account_id, ("filter", "customerAccountId")),
            )
        return await connection_of(
            quotas.quotas_of(info.context.principal, wanted),
            ("id",),
            page,
            quota_types,
        )

    @strawberry.field(description="The caller's favourite variants (常购清单) with a supplier, priced for it.")
    async def favorites(self, info: strawberry.Info, supplier_id: strawberry.ID) -> list[VariantType]:
        supplier = decode_id(supplier_id, "Organization", "supplierId")
        ids = await carts.favorite_variant_ids(info.context.principal, supplier)
        return await priced_variants(info, supplier, ids)

    @strawberry.field(description="What the caller's organization orders most from a supplier.")
    async def frequently_bought(
        self, info: strawberry.Info, supplier_id: strawberry.ID, first: int = 20
    ) -> list[VariantType]:
        order_reads.check_frequently_bought_size(first)
        supplier = decode_id(supplier_id, "Organization", "supplierId")
        ids = await checkout.frequently_bought(info.context.principal, supplier, first)
        return await priced_variants(info, supplier, ids)

    @strawberry.field(description="Orders the caller may see, newest first.")
    @paginated
    async def orders(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
        filter: OrderFilter | None = None,
        sort: OrderSort = OrderSort.NEWEST,
    ) -> Connection[OrderType]:
        wanted = orders.OrderFilter()
        if filter is not None:
            wanted = orders.OrderFilter(
                statuses=tuple(filter.status or ()),
                created_from=filter.created_from,
                created_to=filter.created_to,
                search=filter.search,
                buyer_id=decode_optional_id(filter.buyer_id, "Organization", ("filter", "buyerId")),
                side=filter.side,
                customer_account_id=customer_account_id_of(filter.customer_account_id, ("filter", "customerAccountId")),
                sales_rep_id=decode_optional_id(filter.sales_rep_id, "User", ("filter", "salesRepId")),
            )
        principal = info.context.principal
        query = orders.filter_orders(orders.visible_orders(principal), wanted, principal.organization_id)
        async with plans_per_value(bool(wanted.search)):
            return await connection_of(
                query,
                ("-id",) if sort is OrderSort.NEWEST else ("id",),
                page,
                order_types,
                lambda: orders.count_orders(principal, wanted, query),
            )

    @strawberry.field
    async def order(self, info: strawberry.Info, id: strawberry.ID) -> OrderType | None:
        return (await fetch_orders(info, [decode_id(id, "Order", "id")]))[0]
