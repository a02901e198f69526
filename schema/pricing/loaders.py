"""Price lists and promotions over GraphQL: the node fetchers."""

from __future__ import annotations

from app.pricing import service
from app.promotions import service as promotions
from schema.node import one_by_one, register_visible_node
from schema.pricing.types import PromotionType, price_list_types

fetch_price_lists = register_visible_node("PriceList", service.visible_price_lists, price_list_types)
fetch_promotions = register_visible_node("Promotion", promotions.visible_promotions, one_by_one(PromotionType.of))
