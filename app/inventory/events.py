"""Stock worth telling about, as the outbox records it."""

from __future__ import annotations

from dataclasses import dataclass

from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class StockLow(Event, kind="stock.low", subject_type="Variant", scope="catalog:read"):
    """A warehouse's available units of a variant fell to its low-stock threshold or under."""

    variant_id: int
    sku: str
    warehouse_id: int
    warehouse_code: str | None = None
    available: int
    threshold: int
