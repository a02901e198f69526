"""Promotions as the supplier sets them up, turned into the engine's rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from app.accounts.models import CustomerAccount, Role
from app.accounts.permissions import Principal, require_supplier_role
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.errors import ErrorCode
from app.promotions import engine
from app.promotions.models import Promotion
from app.read_versions import Change, Kept, announce, catalog_key
from app.tenancy import ensure_own, own
from app.validation import MAX_QUANTITY, Checker

PROMOTION_MANAGERS = frozenset({Role.ADMIN})


def to_rule(promotion: Promotion, gift_label: str = "") -> engine.Promotion:
    return engine.Promotion(
        id=promotion.id,
        name=promotion.name,
        kind=engine.PromotionKind(promotion.kind),
        priority=promotion.priority,
        stackable=promotion.stackable,
        starts_at=promotion.starts_at,
        ends_at=promotion.ends_at,
        target_tiers=frozenset(promotion.target_tiers),
        target_groups=frozenset(promotion.target_groups),
        target_account_ids=frozenset(promotion.target_account_ids),
        target_regions=frozenset(promotion.target_regions),
        product_ids=frozenset(promotion.product_ids),
        category_ids=frozenset(promotion.category_ids),
        brand_ids=frozenset(promotion.brand_ids),
        steps=tuple((Decimal(t), Decimal(d)) for t, d in promotion.steps),
        repeatable=promotion.repeatable,
        percent_off=promotion.percent_off,
        min_quantity=promotion.min_quantity,
        special_price=promotion.special_price,
        threshold=promotion.threshold,
        buy_quantity=promotion.buy_quantity,
        gift_quantity=promotion.gift_quantity,
        gift_variant_id=promotion.gift_variant_id,
        gift_label=gift_label,
        uses_per_account=promotion.uses_per_account,
    )


_live_promotions: Kept[list[engine.Promotion]] = Kept()
"""Each supplier's promotions not archived or ended when read, with their gifts' labels, kept while
its catalog counter stands (every promotion, product and variant change moves it)."""


async def active_promotions(supplier_id: int, now: datetime) -> list[engine.Promotion]:
    """The supplier's promotions running at `now`, highest priority first."""
    kept = await _live_promotions.get(
        supplier_id, (catalog_key(supplier_id),), partial(_unended_promotions, supplier_id, now)
    )
    return [promotion for promotion in kept if engine.within_window(promotion, now)]


async def _unended_promotions(supplier_id: int, now: datetime) -> list[engine.Promotion]:
    rows = await Promotion.filter(
        Q(ends_at=None) | Q(ends_at__gt=now), supplier_id=supplier_id, archived=False
    ).order_by("-priority", "id")
    gifts = {row.gift_variant_id for row in rows if row.gift_variant_id is not None}
    labels = await catalog.variant_labels(gifts) if gifts else {}
    return [to_rule(row, labels.get(row.gift_variant_id, "") if row.gift_variant_id else "") for row in rows]


def buyer_of(account: CustomerAccount | None) -> engine.Buyer:
    """Promotion uses are counted once orders record them; until then none are used up."""
    if account is None:
        return engine.Buyer(account_id=None, tier=None, group=None, region=None, uses={})
    return engine.Buyer(
        account_id=account.id, tier=account.tier, group=account.customer_group, region=account.region, uses={}
    )


@dataclass(frozen=True)
class PromotionInput:
    name: str | None
    kind: engine.PromotionKind
    priority: int = 0
    stackable: bool = True
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    target_tiers: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    target_account_ids: tuple[int, ...] = ()
    target_regions: tuple[str, ...] = ()
    product_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    brand_ids: tuple[int, ...] = ()
    steps: tuple[tuple[Decimal | str, Decimal | str], ...] = ()
    repeatable: bool = False
    percent_off: Decimal | None = None
    min_quantity: int | None = None
    special_price: Decimal | None = None
    threshold: Decimal | None = None
    buy_quantity: int | None = None
    gift_quantity: int | None = None
    gift_variant_id: int | None = None
    uses_per_account: int | None = None


_REQUIRED_BY_KIND = {
    engine.PromotionKind.THRESHOLD_DISCOUNT: ("steps",),
    engine.PromotionKind.PERCENT_OFF: ("percent_off",),
    engine.PromotionKind.SPECIAL_PRICE: ("special_price",),
    engine.PromotionKind.THRESHOLD_GIFT: ("threshold", "gift_quantity", "gift_variant_id"),
    engine.PromotionKind.BUY_X_GET_Y: ("buy_quantity", "gift_quantity"),
}

_FIELD_NAMES = {
    "steps": "steps",
    "percent_off": "percentOff",
    "special_price": "specialPrice",
    "threshold": "threshold",
    "gift_quantity": "giftQuantity",
    "gift_variant_id": "giftVariantId",
    "buy_quantity": "buyQuantity",
}


def _check_steps(checker: Checker, steps) -> list[list[str]]:
    checked = []
    previous = None
    for index, (threshold, discount) in enumerate(steps):
        spend = checker.money(f"steps.{index}.threshold", threshold)
        off = checker.money(f"steps.{index}.discount", discount)
        if spend is None or off is None:
            continue
        if spend <= 0 or off <= 0:
            checker.add(f"steps.{index}", ErrorCode.OUT_OF_RANGE, "A step spends and takes off more than zero.")
        elif off >= spend:
            checker.add(
                f"steps.{index}.discount", ErrorCode.OUT_OF_RANGE, "A step takes off less than it asks to spend."
            )
        elif previous is not None and spend <= previous:
            checker.add(f"steps.{index}.threshold", ErrorCode.OVERLAPPING, "Steps go up by threshold, each once.")
        previous = spend
        checked.append([str(spend), str(off)])
    return checked


def _check_promotion(checker: Checker, data: PromotionInput) -> dict:
    values = {
        "name": checker.text("name", data.name, max_length=100, required=True),
        "priority": checker.integer("priority", data.priority, minimum=-1000, maximum=1000),
        "percent_off": checker.money("percentOff", data.percent_off),
        "special_price": checker.money("specialPrice", data.special_price),
        "threshold": checker.money("threshold", data.threshold),
        "min_quantity": checker.integer("minQuantity", data.min_quantity, minimum=1, maximum=MAX_QUANTITY),
        "buy_quantity": checker.integer("buyQuantity", data.buy_quantity, minimum=1, maximum=MAX_QUANTITY),
        "gift_quantity": checker.integer("giftQuantity", data.gift_quantity, minimum=1, maximum=MAX_QUANTITY),
        "uses_per_account": checker.integer("usesPerAccount", data.uses_per_account, minimum=1, maximum=MAX_QUANTITY),
        "steps": _check_steps(checker, data.steps),
    }
    for region in data.target_regions:
        checker.text("targetRegions", region, max_length=128, required=True)
    if values["percent_off"] is not None and not Decimal(0) < values["percent_off"] < Decimal(100):
        checker.add("percentOff", ErrorCode.OUT_OF_RANGE, "percentOff is between 0 and 100 (10 = 10% off).")
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        checker.add("endsAt", ErrorCode.OUT_OF_RANGE, "A promotion must end after it starts.")
    for field in _REQUIRED_BY_KIND[data.kind]:
        if not getattr(data, field):
            checker.add(
                _FIELD_NAMES[field], ErrorCode.REQUIRED, f"A {data.kind} promotion needs {_FIELD_NAMES[field]}."
            )
    return values


async def create_promotion(principal: Principal, data: PromotionInput) -> Promotion:
    return await _save_promotion(principal, data, None)


async def update_promotion(principal: Principal, promotion_id: int, data: PromotionInput) -> Promotion:
    """Replaces every rule of a promotion that has not been archived."""
    return await _save_promotion(principal, data, promotion_id)


async def _save_promotion(principal: Principal, data: PromotionInput, promotion_id: int | None) -> Promotion:
    require_supplier_role(principal, PROMOTION_MANAGERS)
    checker = Checker()
    values = _check_promotion(checker, data)
    checker.raise_if_any()
    supplier_id = principal.require_organization_id()
    promotion = None
    if promotion_id is not None:
        promotion = await own(Promotion, promotion_id, supplier_id, "promotionId", "promotion", archived=False)
    if data.gift_variant_id is not None:
        await own(Variant, data.gift_variant_id, supplier_id, "giftVariantId", "variant")
    accounts = sorted(set(data.target_account_ids))
    await ensure_own(CustomerAccount, accounts, supplier_id, "targetAccountIds", "customer account")
    rules = {
        "kind": data.kind.value,
        "stackable": data.stackable,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "target_tiers": sorted(set(data.target_tiers)),
        "target_groups": sorted(set(data.target_groups)),
        "target_account_ids": accounts,
        "target_regions": sorted({r.strip() for r in data.target_regions}),
        "product_ids": sorted(set(data.product_ids)),
        "category_ids": sorted(set(data.category_ids)),
        "brand_ids": sorted(set(data.brand_ids)),
        "repeatable": data.repeatable,
        "gift_variant_id": data.gift_variant_id,
        **values,
    }
    if promotion is None:
        promotion = await Promotion.create(supplier_id=supplier_id, **rules)
    else:
        promotion.update_from_dict(rules)
        await promotion.save()
    await announce(Change.catalog(supplier_id))
    return promotion


def visible_promotions(principal: Principal) -> QuerySet[Promotion]:
    """The promotions the caller may read with their rules: its own organization's, for its staff."""
    require_supplier_role(principal, PROMOTION_MANAGERS | {Role.SALES, Role.APPROVER, Role.FINANCE})
    return Promotion.filter(supplier_id=principal.organization_id, archived=False)


async def own_promotions(principal: Principal) -> list[Promotion]:
    return await visible_promotions(principal).order_by("-priority", "id")


async def archive_promotion(principal: Principal, promotion_id: int) -> Promotion:
    """Ends a promotion for good; carts stop applying it at once."""
    require_supplier_role(principal, PROMOTION_MANAGERS)
    promotion = await own(Promotion, promotion_id, principal.require_organization_id(), "promotionId", "promotion")
    promotion.archived = True
    await promotion.save(update_fields=["archived"])
    await announce(Change.catalog(promotion.supplier_id))
    return promotion
