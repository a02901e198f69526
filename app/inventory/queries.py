"""Reads of stock for the API: a stock row's warehouse and its available and low-stock figures."""

from __future__ import annotations

from app.inventory.models import Stock, Warehouse
from app.inventory.service import is_low


async def warehouse_of(stock: Stock) -> Warehouse:
    return await Warehouse.get(id=stock.warehouse_id)


def stock_available(stock: Stock) -> int:
    return stock.on_hand - stock.reserved


def stock_is_low(stock: Stock) -> bool:
    """Available units are at or below the low-stock threshold (库存预警)."""
    return is_low(stock_available(stock), stock.low_stock_threshold)
