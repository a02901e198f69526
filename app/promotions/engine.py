"""The promotion engine: a pure function from priced cart lines, a buyer and the promotions on
offer to what each promotion gives, per line and in total, and what is still missing to reach
the next reward. No database, no I/O: the cart, the order and the catalog all call the same
`evaluate`, so what the buyer is shown is what the order charges.

Rules, in the order they are applied:

1. Only applicable promotions count (`applicable`): inside their time window (start
   inclusive, end exclusive), targeting the buyer (no tier, group or account targets means
   every buyer, otherwise matching any one of them is enough) and not used up by this
   account. A line is in a promotion's scope when the promotion names no product, category
   or brand, or when the line matches any one of those named (a line's categories include the
   ancestors of its own).
2. Line-level kinds (SPECIAL_PRICE, PERCENT_OFF, BUY_X_GET_Y) are evaluated first, then
   order-level kinds (THRESHOLD_DISCOUNT, THRESHOLD_GIFT), each phase by priority (higher
   first), then id. A threshold is measured on the in-scope lines' amounts left after every
   earlier discount, line-level and order-level alike.
3. Stacking. A promotion takes effect on a line when it discounts it, earns a gift from it,
   or counts it toward a threshold it reached. An exclusive promotion (stackable=False)
   claims the lines it takes effect on: no later promotion may discount them, earn gifts
   from them or count them toward a threshold. An exclusive promotion also never takes a
   line an earlier promotion already took effect on. Among stackable promotions, a line gets
   at most one price change (SPECIAL_PRICE or PERCENT_OFF, the first in order); gifts
   (BUY_X_GET_Y) and order-level promotions stack on top of it.
4. Money is Decimal, rounded half-up to the cent. A line's discount never exceeds its
   amount. An order-level discount never exceeds the amount it was measured on and is
   allocated to its lines pro rata to what is left of them, in cents, the leftover cents
   going to the largest remainders, so that line totals always add up to the order total.
5. A stepped THRESHOLD_DISCOUNT gives the best step reached. A repeatable one takes each step
   as many times as its threshold fits into the amount and gives the best of those.
6. Hints: each applicable threshold promotion not at its last reward says how much more
   to spend for the next step or multiple, and each BUY_X_GET_Y says, per line in scope, how
   many more units earn the next gift. A threshold promotion with no line of its scope in
   the cart only hints when its scope is the whole catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import partial

from app.money import round_money

ZERO = Decimal("0.00")

MoneyFormat = Callable[[Decimal], str]


class PromotionKind(StrEnum):
    THRESHOLD_DISCOUNT = "THRESHOLD_DISCOUNT"  # 满减
    PERCENT_OFF = "PERCENT_OFF"  # 打折
    SPECIAL_PRICE = "SPECIAL_PRICE"  # 特价
    THRESHOLD_GIFT = "THRESHOLD_GIFT"  # 满赠
    BUY_X_GET_Y = "BUY_X_GET_Y"  # 买赠


LINE_LEVEL_KINDS = frozenset({PromotionKind.SPECIAL_PRICE, PromotionKind.PERCENT_OFF, PromotionKind.BUY_X_GET_Y})
PRICE_CHANGING_KINDS = frozenset({PromotionKind.SPECIAL_PRICE, PromotionKind.PERCENT_OFF})


@dataclass(frozen=True)
class PricedLine:
    key: str
    variant_id: int
    product_id: int
    category_ids: frozenset[int]
    brand_id: int | None
    quantity: int
    unit_price: Decimal
    label: str = ""  # what people call it, e.g. "矿泉水 550ml (SKU W-550)"; texts fall back to the id

    @property
    def amount(self) -> Decimal:
        return round_money(self.unit_price * self.quantity)


@dataclass(frozen=True)
class Buyer:
    account_id: int | None = None
    tier: str | None = None
    group: str | None = None
    region: str | None = None
    uses: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Promotion:
    id: int
    name: str
    kind: PromotionKind
    priority: int = 0
    stackable: bool = True
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    target_tiers: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    target_account_ids: frozenset[int] = frozenset()
    target_regions: frozenset[str] = frozenset()
    product_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    brand_ids: frozenset[int] = frozenset()
    steps: tuple[tuple[Decimal, Decimal], ...] = ()
    repeatable: bool = False
    percent_off: Decimal | None = None
    min_quantity: int | None = None
    special_price: Decimal | None = None
    threshold: Decimal | None = None
    buy_quantity: int | None = None
    gift_quantity: int | None = None
    gift_variant_id: int | None = None
    gift_label: str = ""  # what people call the gift variant
    uses_per_account: int | None = None


@dataclass(frozen=True)
class LineResult:
    key: str
    amount: Decimal
    discount: Decimal
    total: Decimal


@dataclass(frozen=True)
class Gift:
    promotion_id: int
    variant_id: int
    quantity: int


@dataclass(frozen=True)
class Applied:
    promotion_id: int
    name: str
    kind: PromotionKind
    discount: Decimal
    gifts: tuple[Gift, ...]
    line_keys: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Hint:
    promotion_id: int
    name: str
    missing_amount: Decimal | None
    missing_quantity: int | None
    reward: str
    message: str
    line_key: str | None = None  # set when the hint is about one line (BUY_X_GET_Y)


@dataclass(frozen=True)
class Outcome:
    lines: tuple[LineResult, ...]
    applied: tuple[Applied, ...]
    gifts: tuple[Gift, ...]
    hints: tuple[Hint, ...]
    subtotal: Decimal
    discount_total: Decimal
    total: Decimal


def applicable(promotion: Promotion, buyer: Buyer, now: datetime) -> bool:
    return within_window(promotion, now) and _targets_buyer(promotion, buyer) and _has_uses_left(promotion, buyer)


def evaluate(
    lines: Sequence[PricedLine],
    buyer: Buyer,
    promotions: Sequence[Promotion],
    now: datetime,
    currency_symbol: str = "¥",
) -> Outcome:
    _require_unique_keys(lines)
    money = partial(_format_money, currency_symbol)
    cart = _Cart(remaining={line.key: line.amount for line in lines})
    applied: list[Applied] = []
    hints: list[Hint] = []
    for promotion in _in_evaluation_order(promotions, buyer, now):
        evaluator = _EVALUATORS[promotion.kind]
        effect = evaluator(promotion, _eligible_lines(promotion, lines, cart), cart.remaining, money)
        hints.extend(effect.hints)
        if effect.applied is not None:
            applied.append(effect.applied)
            cart = _record(cart, promotion, effect.applied, effect.line_discounts)
    return _outcome(lines, cart, applied, hints)


def allocate_pro_rata(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Split `total` over `weights` in whole cents, summing exactly to `total`.

    The weights must add up to more than zero; callers pass a total no larger than their sum,
    so no share exceeds its weight.
    """
    total_cents = _to_cents(total)
    weight_cents = {key: _to_cents(weight) for key, weight in weights.items()}
    weight_sum = sum(weight_cents.values())
    shares = {key: total_cents * weight // weight_sum for key, weight in weight_cents.items()}
    leftover = total_cents - sum(shares.values())
    # sorted() is stable, so equal remainders go to the earlier line.
    by_remainder = sorted(weight_cents, key=lambda key: -(total_cents * weight_cents[key] % weight_sum))
    for key in by_remainder[:leftover]:
        shares[key] += 1
    return {key: Decimal(cents).scaleb(-2) for key, cents in shares.items()}


# --- applicability ---------------------------------------------------------------------------


def within_window(promotion: Promotion, now: datetime) -> bool:
    started = promotion.starts_at is None or promotion.starts_at <= now
    not_ended = promotion.ends_at is None or now < promotion.ends_at
    return started and not_ended


def _targets_buyer(promotion: Promotion, buyer: Buyer) -> bool:
    """No targets: everyone. Otherwise the buyer matches any one of them: its account, tier,
    group or region."""
    if not (
        promotion.target_tiers or promotion.target_groups or promotion.target_account_ids or promotion.target_regions
    ):
        return True
    return (
        buyer.tier in promotion.target_tiers
        or buyer.group in promotion.target_groups
        or buyer.account_id in promotion.target_account_ids
        or buyer.region in promotion.target_regions
    )


def _has_uses_left(promotion: Promotion, buyer: Buyer) -> bool:
    limit = promotion.uses_per_account
    return limit is None or buyer.uses.get(promotion.id, 0) < limit


def _covers_whole_catalog(promotion: Promotion) -> bool:
    return not (promotion.product_ids or promotion.category_ids or promotion.brand_ids)


def covers(promotion: Promotion, product_id: int, category_ids: frozenset[int], brand_id: int | None) -> bool:
    """Whether a product (with its category and that category's ancestors) is in scope."""
    return (
        _covers_whole_catalog(promotion)
        or product_id in promotion.product_ids
        or bool(category_ids & promotion.category_ids)
        or brand_id in promotion.brand_ids
    )


def _in_scope(promotion: Promotion, line: PricedLine) -> bool:
    return covers(promotion, line.product_id, line.category_ids, line.brand_id)


def _in_evaluation_order(promotions: Sequence[Promotion], buyer: Buyer, now: datetime) -> list[Promotion]:
    return sorted(
        (promotion for promotion in promotions if applicable(promotion, buyer, now)),
        key=lambda promotion: (promotion.kind not in LINE_LEVEL_KINDS, -promotion.priority, promotion.id),
    )


def _require_unique_keys(lines: Sequence[PricedLine]) -> None:
    if len({line.key for line in lines}) != len(lines):
        raise ValueError("cart line keys must be unique")


# --- the cart as promotions take effect ----------------------------------------------------------


@dataclass(frozen=True)
class _Cart:
    remaining: Mapping[str, Decimal]
    touched: frozenset[str] = frozenset()
    claimed: frozenset[str] = frozenset()
    price_changed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Effect:
    applied: Applied | None
    line_discounts: Mapping[str, Decimal] = field(default_factory=dict)
    hints: tuple[Hint, ...] = ()


_NO_EFFECT = _Effect(applied=None)


def _eligible_lines(promotion: Promotion, lines: Sequence[PricedLine], cart: _Cart) -> tuple[PricedLine, ...]:
    unavailable = cart.claimed
    if not promotion.stackable:
        unavailable |= cart.touched
    if promotion.kind in PRICE_CHANGING_KINDS:
        unavailable |= cart.price_changed
    return tuple(line for line in lines if line.key not in unavailable and _in_scope(promotion, line))


def _record(cart: _Cart, promotion: Promotion, applied: Applied, line_discounts: Mapping[str, Decimal]) -> _Cart:
    keys = frozenset(applied.line_keys)
    changes_price = promotion.kind in PRICE_CHANGING_KINDS
    return _Cart(
        remaining={key: left - line_discounts.get(key, ZERO) for key, left in cart.remaining.items()},
        touched=cart.touched | keys,
        claimed=cart.claimed if promotion.stackable else cart.claimed | keys,
        price_changed=cart.price_changed | keys if changes_price else cart.price_changed,
    )


def _outcome(lines: Sequence[PricedLine], cart: _Cart, applied: list[Applied], hints: list[Hint]) -> Outcome:
    results = tuple(
        LineResult(line.key, line.amount, line.amount - cart.remaining[line.key], cart.remaining[line.key])
        for line in lines
    )
    subtotal = sum((line.amount for line in lines), ZERO)
    discount_total = sum((promotion.discount for promotion in applied), ZERO)
    return Outcome(
        lines=results,
        applied=tuple(applied),
        gifts=tuple(gift for promotion in applied for gift in promotion.gifts),
        hints=tuple(hints),
        subtotal=subtotal,
        discount_total=discount_total,
        total=subtotal - discount_total,
    )


# --- line-level kinds ------------------------------------------------------------------------------


def _special_price(
    promotion: Promotion, lines: tuple[PricedLine, ...], remaining: Mapping[str, Decimal], money: MoneyFormat
) -> _Effect:
    price = promotion.special_price
    if price is None:
        return _NO_EFFECT
    discounts = {
        line.key: _clamp(line.amount - round_money(price * line.quantity), remaining[line.key]) for line in lines
    }
    return _price_change(promotion, discounts, remaining, f"Special price {money(price)} per unit", money)


def _percent_off(
    promotion: Promotion, lines: tuple[PricedLine, ...], remaining: Mapping[str, Decimal], money: MoneyFormat
) -> _Effect:
    percent = promotion.percent_off
    if percent is None:
        return _NO_EFFECT
    minimum = promotion.min_quantity or 0
    discounts = {
        line.key: _clamp(round_money(remaining[line.key] * percent / 100), remaining[line.key])
        for line in lines
        if line.quantity >= minimum
    }
    offer = f"{_format_number(percent)}% off"
    if promotion.min_quantity:
        offer += f" from {promotion.min_quantity} units"
    return _price_change(promotion, discounts, remaining, offer, money)


def _price_change(
    promotion: Promotion,
    discounts: Mapping[str, Decimal],
    remaining: Mapping[str, Decimal],
    offer: str,
    money: MoneyFormat,
) -> _Effect:
    effective = {key: discount for key, discount in discounts.items() if discount > 0}
    if not effective:
        return _NO_EFFECT
    discount = sum(effective.values(), ZERO)
    before = sum((remaining[key] for key in effective), ZERO)
    explanation = f"{offer}: {money(discount)} off {money(before)}"
    return _Effect(_applied(promotion, discount, (), tuple(effective), explanation), effective)


def _buy_x_get_y(
    promotion: Promotion, lines: tuple[PricedLine, ...], remaining: Mapping[str, Decimal], money: MoneyFormat
) -> _Effect:
    buy, get = promotion.buy_quantity, promotion.gift_quantity
    if buy is None or get is None or buy <= 0 or get <= 0:
        return _NO_EFFECT
    hints = tuple(_quantity_hint(promotion, line, buy, get) for line in lines)
    earning = tuple(line for line in lines if line.quantity >= buy)
    if not earning:
        return _Effect(None, hints=hints)
    gifts = _gifts_by_variant(promotion, earning, buy, get)
    offer = f"Buy {buy}, get {get} free"
    if promotion.gift_variant_id is not None:
        offer = f"Buy {buy}, get {_gift_text(promotion.gift_variant_id, promotion.gift_label, get)} free"
    labels = {line.variant_id: line.label for line in lines} | _own_gift_label(promotion)
    explanation = f"{offer}: " + ", ".join(
        _gift_text(gift.variant_id, labels.get(gift.variant_id, ""), gift.quantity) for gift in gifts
    )
    keys = tuple(line.key for line in earning)
    return _Effect(_applied(promotion, ZERO, gifts, keys, explanation), hints=hints)


def _gift_variant(promotion: Promotion, line: PricedLine) -> int:
    return line.variant_id if promotion.gift_variant_id is None else promotion.gift_variant_id


def _own_gift_label(promotion: Promotion) -> dict[int, str]:
    return {} if promotion.gift_variant_id is None else {promotion.gift_variant_id: promotion.gift_label}


def _gifts_by_variant(promotion: Promotion, earning: Iterable[PricedLine], buy: int, get: int) -> tuple[Gift, ...]:
    quantities: dict[int, int] = {}
    for line in earning:
        variant_id = _gift_variant(promotion, line)
        quantities[variant_id] = quantities.get(variant_id, 0) + line.quantity // buy * get
    return tuple(Gift(promotion.id, variant_id, quantity) for variant_id, quantity in quantities.items())


def _quantity_hint(promotion: Promotion, line: PricedLine, buy: int, get: int) -> Hint:
    missing = buy - line.quantity % buy
    quantity = (line.quantity // buy + 1) * get
    if promotion.gift_variant_id is None or promotion.gift_variant_id == line.variant_id:
        reward = f"{quantity} free"  # more of the same
    else:
        reward = f"{_gift_text(promotion.gift_variant_id, promotion.gift_label, quantity)} free"
    message = f"Add {missing} more of {_name(line.variant_id, line.label)} to get {reward}"
    return Hint(promotion.id, promotion.name, None, missing, reward, message, line.key)


# --- order-level kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StepReached:
    threshold: Decimal
    step_discount: Decimal
    times: int

    @property
    def discount(self) -> Decimal:
        return self.step_discount * self.times


def _threshold_discount(
    promotion: Promotion, lines: tuple[PricedLine, ...], remaining: Mapping[str, Decimal], money: MoneyFormat
) -> _Effect:
    base = _base(lines, remaining)
    hints = _spend_hint(promotion, lines, base, money)
    best = _best_step(promotion, base)
    discount = _discount_for(promotion, base)
    if best is None or discount == 0:
        return _Effect(None, hints=hints)
    offer = f"Spend {money(best.threshold)}, get {money(best.step_discount)} off"
    if promotion.repeatable:
        offer = f"Every {money(best.threshold)} spent, get {money(best.step_discount)} off (×{best.times})"
    shares = allocate_pro_rata(discount, {line.key: remaining[line.key] for line in lines})
    explanation = f"{offer}: {money(discount)} off {money(base)}"
    keys = tuple(line.key for line in lines)
    return _Effect(_applied(promotion, discount, (), keys, explanation), shares, hints)


def _best_step(promotion: Promotion, base: Decimal) -> _StepReached | None:
    reached = (
        _StepReached(threshold, step_discount, _times_reached(base, threshold, promotion.repeatable))
        for threshold, step_discount in promotion.steps
    )
    return max((step for step in reached if step.times), key=lambda step: step.discount, default=None)


def _discount_for(promotion: Promotion, base: Decimal) -> Decimal:
    best = _best_step(promotion, base)
    return ZERO if best is None else _clamp(round_money(best.discount), base)


def _next_spend(promotion: Promotion, base: Decimal) -> Decimal | None:
    """The smallest amount above `base` at which the discount grows, if any."""
    current = _discount_for(promotion, base)
    candidates = []
    for threshold, step_discount in promotion.steps:
        if threshold <= 0 or step_discount <= 0:
            continue
        # The first multiple of this step that is both above the base and worth more than now.
        times = max(int(base // threshold) + 1, int(current // step_discount) + 1)
        if times == 1 or promotion.repeatable:
            candidates.append(threshold * times)
    return min(candidates, default=None)


def _spend_hint(
    promotion: Promotion, lines: tuple[PricedLine, ...], base: Decimal, money: MoneyFormat
) -> tuple[Hint, ...]:
    target = _next_spend(promotion, base)
    if target is None or not _worth_hinting(promotion, lines):
        return ()
    return (_amount_hint(promotion, target - base, f"{money(_discount_for(promotion, target))} off", money),)


@dataclass(frozen=True)
class _GiftOffer:
    threshold: Decimal
    variant_id: int
    label: str
    quantity: int


def _threshold_gift(
    promotion: Promotion, lines: tuple[PricedLine, ...], remaining: Mapping[str, Decimal], money: MoneyFormat
) -> _Effect:
    threshold, get, variant_id = promotion.threshold, promotion.gift_quantity, promotion.gift_variant_id
    if threshold is None or get is None or variant_id is None or get <= 0:
        return _NO_EFFECT
    offer = _GiftOffer(threshold, variant_id, promotion.gift_label, get)
    base = _base(lines, remaining)
    times = _times_reached(base, threshold, promotion.repeatable)
    hints = _gift_hint(promotion, lines, base, offer, times, money)
    if times == 0:
        return _Effect(None, hints=hints)
    gift = Gift(promotion.id, variant_id, get * times)
    explanation = (
        f"Spend {money(threshold)}, get {_gift_text(variant_id, offer.label, get)} free: "
        f"{_gift_text(variant_id, offer.label, gift.quantity)} on {money(base)}"
    )
    keys = tuple(line.key for line in lines)
    return _Effect(_applied(promotion, ZERO, (gift,), keys, explanation), hints=hints)


def _gift_hint(
    promotion: Promotion,
    lines: tuple[PricedLine, ...],
    base: Decimal,
    offer: _GiftOffer,
    times: int,
    money: MoneyFormat,
) -> tuple[Hint, ...]:
    at_last_reward = times > 0 and not promotion.repeatable
    if offer.threshold <= 0 or at_last_reward or not _worth_hinting(promotion, lines):
        return ()
    reward = f"{_gift_text(offer.variant_id, offer.label, offer.quantity * (times + 1))} free"
    return (_amount_hint(promotion, offer.threshold * (times + 1) - base, reward, money),)


def _times_reached(base: Decimal, threshold: Decimal, repeatable: bool) -> int:
    # An empty (or all-free) scope reaches nothing, even a threshold of zero.
    if base <= 0 or base < threshold:
        return 0
    if not repeatable or threshold <= 0:
        return 1
    return int(base // threshold)


def _base(lines: tuple[PricedLine, ...], remaining: Mapping[str, Decimal]) -> Decimal:
    return sum((remaining[line.key] for line in lines), ZERO)


def _worth_hinting(promotion: Promotion, lines: tuple[PricedLine, ...]) -> bool:
    return bool(lines) or _covers_whole_catalog(promotion)


def _amount_hint(promotion: Promotion, missing: Decimal, reward: str, money: MoneyFormat) -> Hint:
    missing = round_money(missing)
    message = f"Add {money(missing)} more to get {reward}"
    return Hint(promotion.id, promotion.name, missing, None, reward, message)


# --- shared helpers ---------------------------------------------------------------------------------


_Evaluator = Callable[[Promotion, tuple[PricedLine, ...], Mapping[str, Decimal], MoneyFormat], _Effect]

_EVALUATORS: Mapping[PromotionKind, _Evaluator] = {
    PromotionKind.SPECIAL_PRICE: _special_price,
    PromotionKind.PERCENT_OFF: _percent_off,
    PromotionKind.BUY_X_GET_Y: _buy_x_get_y,
    PromotionKind.THRESHOLD_DISCOUNT: _threshold_discount,
    PromotionKind.THRESHOLD_GIFT: _threshold_gift,
}


def _applied(
    promotion: Promotion,
    discount: Decimal,
    gifts: tuple[Gift, ...],
    line_keys: tuple[str, ...],
    explanation: str,
) -> Applied:
    return Applied(promotion.id, promotion.name, promotion.kind, discount, gifts, line_keys, explanation)


def _clamp(discount: Decimal, limit: Decimal) -> Decimal:
    return min(max(discount, ZERO), limit)


def _to_cents(amount: Decimal) -> int:
    return int(round_money(amount).scaleb(2))


def _format_money(symbol: str, amount: Decimal) -> str:
    return f"{symbol}{round_money(amount):,.2f}"


def _format_number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _name(variant_id: int, label: str) -> str:
    return label or f"variant {variant_id}"


def _gift_text(variant_id: int, label: str, quantity: int) -> str:
    return f"{quantity} × {_name(variant_id, label)}"
