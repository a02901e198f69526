"""Units per order and order line for the statement (对账单): ordered, shipped, received,
returned. Money never reads shipment code: Fulfilment provides the count (`provide`), installed
by the wiring, and the statement asks `quantities_by_order`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class Quantities:
    """Units of an order line (or a whole order): ordered, shipped (not cancelled), still on
    the way, counted on arrival, and returned into stock. `short` is what the buyer found
    missing or damaged on the shipments it received."""

    ordered: int = 0
    shipped: int = 0
    in_transit: int = 0
    received: int = 0
    returned: int = 0

    @property
    def short(self) -> int:
        return self.shipped - self.in_transit - self.received

    def add(self, other: Quantities) -> None:
        self.ordered += other.ordered
        self.shipped += other.shipped
        self.in_transit += other.in_transit
        self.received += other.received
        self.returned += other.returned


@dataclass
class OrderQuantities(Quantities):
    lines: dict[int, Quantities] = field(default_factory=dict)


QuantitiesProvider = Callable[[list[int]], Awaitable[dict[int, OrderQuantities]]]
_provider: list[QuantitiesProvider] = []


def provide(provider: QuantitiesProvider) -> None:
    _provider[:] = [provider]


async def quantities_by_order(order_ids: list[int]) -> dict[int, OrderQuantities]:
    if not _provider:
        raise RuntimeError("No quantities provider; call app.wiring.install() at start-up.")
    return await _provider[0](order_ids)
