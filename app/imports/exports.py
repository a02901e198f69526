"""Which file each export kind writes and who may ask for it; the HTTP route and the CLI both call here."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from app.accounts.permissions import Principal, Scope, require_authenticated
from app.errors import PermissionDenied
from app.imports import customers, orders, products
from app.imports.common import require_importer
from app.orders.models import OrderStatus
from app.tabular import Tables


class ExportKind(StrEnum):
    PRODUCTS = "products"
    CUSTOMERS = "customers"
    ORDERS = "orders"


async def export_tables(
    principal: Principal,
    kind: ExportKind,
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    statuses: tuple[OrderStatus, ...] = (),
) -> Tables:
    if kind is ExportKind.PRODUCTS:
        return await products.export_rows(require_importer(principal, Scope.CATALOG_READ))
    if kind is ExportKind.CUSTOMERS:
        return await customers.export_rows(require_importer(principal, Scope.CUSTOMERS_READ))
    _require_order_reader(principal)
    return await orders.export_rows(principal, period_from=period_from, period_to=period_to, statuses=statuses)


def _require_order_reader(principal: Principal) -> None:
    """Any of the supplier's staff (the orders they may see), or its app with orders:read."""
    require_authenticated(principal)
    if not principal.can_sell or (principal.is_app and Scope.ORDERS_READ not in principal.scopes):
        raise PermissionDenied("Only the supplier's staff (or an app with orders:read) export its orders.")


async def template_tables(principal: Principal, kind: ExportKind) -> Tables:
    """An empty file with the import's header row (products: a stock column per warehouse)."""
    if kind is ExportKind.PRODUCTS:
        columns, _ = await products.columns_of(require_importer(principal, Scope.CATALOG_WRITE))
        return products.template_rows(columns)
    if kind is ExportKind.CUSTOMERS:
        require_importer(principal, Scope.CUSTOMERS_WRITE)
        return customers.template_rows()
    raise PermissionDenied("Orders are exported, not imported.")
