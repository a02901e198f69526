"""The promotion engine: what each kind gives, how promotions stack, who and what they target,
what is still missing for the next reward, and that the money always adds up to the cent."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.promotions.engine import (
    Buyer,
    Gift,
    PricedLine,
    Promotion,
    PromotionKind,
    allocate_pro_rata,
    applicable,
    evaluate,
    round_money,
)

NOW = datetime(2024, 6, 1, 12, 0)
ANYONE = Buyer()
D = Decimal
Kind = PromotionKind


def line(key: str = "a", quantity: int = 1, price: str = "100", **attributes) -> PricedLine:
    return PricedLine(
        key=key,
        variant_id=attributes.get("variant_id", 100 + ord(key[0])),
        product_id=attributes.get("product_id", 1),
        category_ids=frozenset(attributes.get("category_ids", ())),
        brand_id=attributes.get("brand_id"),
        quantity=quantity,
        unit_price=D(price),
        label=attributes.get("label", ""),
    )


def spend(threshold: str, discount: str, **fields) -> Promotion:
    return Promotion(
        id=fields.pop("id", 1),
        name=fields.pop("name", f"满{threshold}减{discount}"),
        kind=Kind.THRESHOLD_DISCOUNT,
        steps=((D(threshold), D(discount)),),
        **fields,
    )


def percent(value: str, **fields) -> Promotion:
    return Promotion(
        fields.pop("id", 1),
        fields.pop("name", f"{value}% off"),
        Kind.PERCENT_OFF,
        percent_off=D(value),
        **fields,
    )


def special(price: str, **fields) -> Promotion:
    return Promotion(fields.pop("id", 1), "特价", Kind.SPECIAL_PRICE, special_price=D(price), **fields)


def line_discounts(outcome) -> dict[str, Decimal]:
    return {result.key: result.discount for result in outcome.lines}


def applied_ids(outcome) -> list[int]:
    return [applied.promotion_id for applied in outcome.applied]


# --- money ---------------------------------------------------------------------------------


def test_money_rounds_half_up_to_the_cent():
    assert round_money(D("2.675")) == D("2.68")
    assert round_money(D("0.005")) == D("0.01")
    assert round_money(D("0.0049")) == D("0.00")
    assert line(quantity=3, price="0.335").amount == D("1.01")


def test_an_empty_cart_costs_nothing_and_only_catalog_wide_thresholds_hint():
    everywhere = spend("1000", "100", id=1)
    one_brand = spend("500", "30", id=2, brand_ids=frozenset({7}))
    outcome = evaluate([], ANYONE, [everywhere, one_brand], NOW)
    assert (outcome.subtotal, outcome.discount_total, outcome.total) == (0, 0, 0)
    assert outcome.lines == () and outcome.applied == ()
    assert [(hint.promotion_id, hint.missing_amount) for hint in outcome.hints] == [(1, D("1000.00"))]


def test_duplicate_line_keys_are_refused():
    with pytest.raises(ValueError, match="unique"):
        evaluate([line("a"), line("a")], ANYONE, [], NOW)


# --- 满减 ----------------------------------------------------------------------------------


STEPPED = Promotion(
    1, "满1000减100, 满2000减250", Kind.THRESHOLD_DISCOUNT, steps=((D(1000), D(100)), (D(2000), D(250)))
)


@pytest.mark.parametrize(
    "amount, discount",
    [("999.99", "0"), ("1000", "100"), ("1250", "100"), ("1999.99", "100"), ("2000", "250"), ("5000", "250")],
)
def test_stepped_threshold_gives_the_step_reached(amount, discount):
    outcome = evaluate([line(price=amount)], ANYONE, [STEPPED], NOW)
    assert outcome.discount_total == D(discount)
    assert outcome.total == D(amount) - D(discount)


def test_threshold_explains_the_step_and_the_amount_it_was_measured_on():
    outcome = evaluate([line(quantity=5, price="250")], ANYONE, [STEPPED], NOW)
    (applied,) = outcome.applied
    assert applied.explanation == "Spend ¥1,000.00, get ¥100.00 off: ¥100.00 off ¥1,250.00"
    assert applied.discount == D("100.00") and applied.line_keys == ("a",)


def test_repeatable_threshold_takes_off_for_every_full_threshold():
    repeatable = spend("1000", "100", repeatable=True)
    outcome = evaluate([line(price="2500")], ANYONE, [repeatable], NOW)
    assert outcome.discount_total == D("200.00")
    assert outcome.applied[0].explanation == "Every ¥1,000.00 spent, get ¥100.00 off (×2): ¥200.00 off ¥2,500.00"


@pytest.mark.parametrize("amount, discount", [("2500", "250"), ("3000", "300"), ("4500", "500")])
def test_repeatable_stepped_threshold_gives_the_best_step_repeated(amount, discount):
    promotion = replace(STEPPED, repeatable=True)
    assert evaluate([line(price=amount)], ANYONE, [promotion], NOW).discount_total == D(discount)


def test_threshold_discount_never_exceeds_what_it_was_measured_on():
    absurd = spend("10", "500")
    outcome = evaluate([line(price="40")], ANYONE, [absurd], NOW)
    assert outcome.discount_total == D("40.00") and outcome.total == 0


# --- hints ---------------------------------------------------------------------------------


def test_threshold_hint_says_how_much_more_to_spend():
    outcome = evaluate([line(price="880")], ANYONE, [spend("1000", "50", name="满1000减50")], NOW)
    (hint,) = outcome.hints
    assert hint.missing_amount == D("120.00") and hint.missing_quantity is None
    assert hint.reward == "¥50.00 off"
    assert hint.message == "Add ¥120.00 more to get ¥50.00 off"


def test_stepped_hint_points_to_the_next_step_and_stops_at_the_last():
    (hint,) = evaluate([line(price="1250")], ANYONE, [STEPPED], NOW).hints
    assert (hint.missing_amount, hint.reward) == (D("750.00"), "¥250.00 off")
    assert evaluate([line(price="2000")], ANYONE, [STEPPED], NOW).hints == ()


def test_repeatable_hint_points_to_the_next_multiple():
    (hint,) = evaluate([line(price="2500")], ANYONE, [spend("1000", "100", repeatable=True)], NOW).hints
    assert hint.message == "Add ¥500.00 more to get ¥300.00 off"


def test_hints_use_the_currency_symbol_given():
    (hint,) = evaluate([line(price="880")], ANYONE, [spend("1000", "50")], NOW, currency_symbol="$").hints
    assert hint.message == "Add $120.00 more to get $50.00 off"


def test_threshold_in_scope_with_no_line_of_its_scope_does_not_hint():
    branded = spend("500", "30", brand_ids=frozenset({7}))
    assert evaluate([line(price="100", brand_id=8)], ANYONE, [branded], NOW).hints == ()
    (hint,) = evaluate([line(price="100", brand_id=7)], ANYONE, [branded], NOW).hints
    assert hint.missing_amount == D("400.00")


# --- 打折, 特价 ------------------------------------------------------------------------------


def test_percent_off_discounts_the_lines_in_scope():
    promotion = percent("10", product_ids=frozenset({1}))
    outcome = evaluate([line("a", 2, "125", product_id=1), line("b", 1, "80", product_id=2)], ANYONE, [promotion], NOW)
    assert line_discounts(outcome) == {"a": D("25.00"), "b": D("0.00")}
    assert outcome.applied[0].explanation == "10% off: ¥25.00 off ¥250.00"
    assert outcome.applied[0].line_keys == ("a",)


def test_percent_off_rounds_each_line_half_up():
    outcome = evaluate([line(quantity=1, price="0.25")], ANYONE, [percent("10")], NOW)
    assert outcome.lines[0].discount == D("0.03")


def test_percent_off_respects_a_minimum_quantity_per_line():
    promotion = percent("12.5", min_quantity=5)
    outcome = evaluate([line("a", 5, "8"), line("b", 4, "8")], ANYONE, [promotion], NOW)
    assert line_discounts(outcome) == {"a": D("5.00"), "b": D("0.00")}
    assert outcome.applied[0].explanation == "12.5% off from 5 units: ¥5.00 off ¥40.00"


def test_percent_off_above_100_cannot_make_a_line_negative():
    outcome = evaluate([line(price="30")], ANYONE, [percent("150")], NOW)
    assert outcome.lines[0].discount == D("30.00") and outcome.total == 0


def test_special_price_applies_only_when_lower_than_the_unit_price():
    outcome = evaluate([line("a", 5, "20"), line("b", 5, "7")], ANYONE, [special("8")], NOW)
    assert line_discounts(outcome) == {"a": D("60.00"), "b": D("0.00")}
    assert outcome.lines[0].total == D("40.00")
    assert outcome.applied[0].explanation == "Special price ¥8.00 per unit: ¥60.00 off ¥100.00"


# --- gifts ---------------------------------------------------------------------------------


def test_threshold_gift_gives_once_or_for_every_threshold_when_repeatable():
    once = Promotion(1, "满500赠", Kind.THRESHOLD_GIFT, threshold=D(500), gift_quantity=2, gift_variant_id=99)
    repeatable = replace(once, id=2, repeatable=True)
    outcome = evaluate([line(price="1250")], ANYONE, [once, repeatable], NOW)
    assert outcome.gifts == (Gift(1, 99, 2), Gift(2, 99, 4))
    assert outcome.discount_total == 0
    assert outcome.applied[0].explanation == "Spend ¥500.00, get 2 × variant 99 free: 2 × variant 99 on ¥1,250.00"
    (hint,) = outcome.hints
    assert (hint.promotion_id, hint.missing_amount, hint.reward) == (2, D("250.00"), "6 × variant 99 free")


def test_threshold_gift_hint_before_the_threshold():
    promotion = Promotion(1, "满500赠", Kind.THRESHOLD_GIFT, threshold=D(500), gift_quantity=1, gift_variant_id=99)
    outcome = evaluate([line(price="420")], ANYONE, [promotion], NOW)
    assert outcome.gifts == ()
    assert outcome.hints[0].message == "Add ¥80.00 more to get 1 × variant 99 free"


def test_buy_x_get_y_gives_the_same_variant_per_full_set_of_each_line():
    promotion = Promotion(1, "买10赠1", Kind.BUY_X_GET_Y, buy_quantity=10, gift_quantity=1)
    outcome = evaluate([line("a", 25, "3", variant_id=11), line("b", 9, "3", variant_id=12)], ANYONE, [promotion], NOW)
    assert outcome.gifts == (Gift(1, 11, 2),)
    assert outcome.discount_total == 0
    assert outcome.applied[0].line_keys == ("a",)
    assert outcome.applied[0].explanation == "Buy 10, get 1 free: 2 × variant 11"


def test_buy_x_get_y_gift_of_another_variant_adds_up_across_lines():
    promotion = Promotion(1, "买6赠杯", Kind.BUY_X_GET_Y, buy_quantity=6, gift_quantity=1, gift_variant_id=99)
    outcome = evaluate([line("a", 12, "3"), line("b", 6, "3")], ANYONE, [promotion], NOW)
    assert outcome.gifts == (Gift(1, 99, 3),)


def test_buy_x_get_y_hints_the_missing_quantity_per_line():
    promotion = Promotion(1, "买10赠1", Kind.BUY_X_GET_Y, buy_quantity=10, gift_quantity=1)
    water = "矿泉水 550ml (SKU W-550)"
    lines = [line("a", 7, "3", variant_id=11, label=water), line("b", 20, "3", variant_id=12)]
    outcome = evaluate(lines, ANYONE, [promotion], NOW)
    assert [(hint.line_key, hint.missing_quantity, hint.missing_amount) for hint in outcome.hints] == [
        ("a", 3, None),
        ("b", 10, None),
    ]
    assert outcome.hints[0].message == "Add 3 more of 矿泉水 550ml (SKU W-550) to get 1 free"
    assert outcome.hints[1].reward == "3 free"


def test_gift_texts_name_the_gift_by_its_label():
    cup = "Tea cup (SKU CUP)"
    gift = Promotion(1, "满500赠", Kind.THRESHOLD_GIFT, threshold=D(500), gift_quantity=1, gift_variant_id=99)
    gift = replace(gift, gift_label=cup)
    assert (
        evaluate([line(price="420")], ANYONE, [gift], NOW).hints[0].message == f"Add ¥80.00 more to get 1 × {cup} free"
    )
    buy = Promotion(2, "买6赠杯", Kind.BUY_X_GET_Y, buy_quantity=6, gift_quantity=1, gift_variant_id=99, gift_label=cup)
    outcome = evaluate([line("a", 8, "3", label="Green tea (SKU TEA-1)")], ANYONE, [buy], NOW)
    assert outcome.applied[0].explanation == f"Buy 6, get 1 × {cup} free: 1 × {cup}"
    assert outcome.hints[0].message == f"Add 4 more of Green tea (SKU TEA-1) to get 2 × {cup} free"
    assert "variant" not in outcome.applied[0].explanation + outcome.hints[0].message


# --- order of evaluation and stacking ----------------------------------------------------------


def test_thresholds_are_measured_after_line_discounts_whatever_their_priority():
    threshold = spend("1000", "100", id=1, priority=100)
    outcome = evaluate([line(price="1100")], ANYONE, [threshold, percent("10", id=2)], NOW)
    assert applied_ids(outcome) == [2]
    assert outcome.total == D("990.00")
    assert outcome.hints[0].missing_amount == D("10.00")


def test_stackable_promotions_each_apply_on_what_is_left():
    outcome = evaluate(
        [line(price="1200")],
        ANYONE,
        [percent("10", id=1), spend("1000", "100", id=2), spend("1000", "50", id=3)],
        NOW,
    )
    # 1200 - 120 = 1080 → 满1000减100 → 980, below the next 满1000.
    assert applied_ids(outcome) == [1, 2]
    assert outcome.total == D("980.00")


def test_a_line_takes_one_stackable_price_change_the_first_by_priority():
    outcome = evaluate([line(price="100")], ANYONE, [percent("10", id=1), special("50", id=2, priority=5)], NOW)
    assert applied_ids(outcome) == [2]
    assert outcome.lines[0].discount == D("50.00")


def test_equal_priorities_go_by_id():
    outcome = evaluate([line(price="100")], ANYONE, [special("50", id=9), percent("10", id=3)], NOW)
    assert applied_ids(outcome) == [3]


def test_buy_x_get_y_stacks_on_a_price_change():
    gift = Promotion(2, "买2赠1", Kind.BUY_X_GET_Y, buy_quantity=2, gift_quantity=1)
    outcome = evaluate([line(quantity=4, price="10", variant_id=5)], ANYONE, [percent("10", id=1), gift], NOW)
    assert applied_ids(outcome) == [1, 2]
    assert outcome.discount_total == D("4.00") and outcome.gifts == (Gift(2, 5, 2),)


def test_an_exclusive_line_promotion_claims_its_lines_and_blocks_thresholds():
    exclusive = special("80", id=1, stackable=False, product_ids=frozenset({1}))
    threshold = spend("1000", "100", id=2)
    lines = [line("a", 10, "100", product_id=1), line("b", 5, "100", product_id=2)]
    outcome = evaluate(lines, ANYONE, [exclusive, threshold], NOW)
    # Only line b (500) counts toward 满1000: not reached.
    assert applied_ids(outcome) == [1]
    assert line_discounts(outcome) == {"a": D("200.00"), "b": D("0.00")}
    assert outcome.hints[0].missing_amount == D("500.00")


def test_an_exclusive_promotion_claims_lines_from_stackable_ones_later_in_order():
    exclusive = percent("20", id=1, stackable=False, priority=9)
    gift = Promotion(2, "买2赠1", Kind.BUY_X_GET_Y, buy_quantity=2, gift_quantity=1)
    outcome = evaluate([line(quantity=4, price="10")], ANYONE, [exclusive, gift], NOW)
    assert applied_ids(outcome) == [1] and outcome.gifts == ()


def test_an_exclusive_promotion_does_not_take_a_line_already_touched():
    stackable = percent("10", id=1, priority=9, product_ids=frozenset({1}))
    exclusive = special("50", id=2, stackable=False)
    outcome = evaluate(
        [line("a", 1, "100", product_id=1), line("b", 1, "100", product_id=2)],
        ANYONE,
        [stackable, exclusive],
        NOW,
    )
    assert line_discounts(outcome) == {"a": D("10.00"), "b": D("50.00")}
    assert [applied.line_keys for applied in outcome.applied] == [("a",), ("b",)]


def test_an_exclusive_threshold_counts_only_untouched_lines_and_then_claims_them():
    discounted = percent("10", id=1, product_ids=frozenset({1}))
    exclusive = spend("500", "50", id=2, stackable=False)
    later = spend("100", "10", id=3)
    lines = [line("a", 1, "400", product_id=1), line("b", 1, "600", product_id=2)]
    outcome = evaluate(lines, ANYONE, [discounted, exclusive, later], NOW)
    # 满500 counts b only (600); 满100 then only has a's 360.
    assert applied_ids(outcome) == [1, 2, 3]
    assert line_discounts(outcome) == {"a": D("50.00"), "b": D("50.00")}
    assert [applied.line_keys for applied in outcome.applied] == [("a",), ("b",), ("a",)]


def test_an_exclusive_threshold_that_is_not_reached_claims_nothing():
    exclusive = spend("5000", "500", id=1, stackable=False, priority=9)
    outcome = evaluate([line(price="1000")], ANYONE, [exclusive, spend("1000", "100", id=2)], NOW)
    assert applied_ids(outcome) == [2]


# --- targeting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "targets, buyer, expected",
    [
        ({}, Buyer(), True),
        ({"target_tiers": frozenset({"gold"})}, Buyer(tier="gold"), True),
        ({"target_tiers": frozenset({"gold"})}, Buyer(tier="silver"), False),
        ({"target_tiers": frozenset({"gold"})}, Buyer(), False),
        ({"target_groups": frozenset({"east"})}, Buyer(group="east"), True),
        ({"target_account_ids": frozenset({42})}, Buyer(account_id=42), True),
        ({"target_account_ids": frozenset({42})}, Buyer(account_id=43), False),
        (
            {"target_tiers": frozenset({"gold"}), "target_account_ids": frozenset({42})},
            Buyer(account_id=42),
            True,
        ),
        (
            {"target_tiers": frozenset({"gold"}), "target_groups": frozenset({"east"})},
            Buyer(1, "silver", "west"),
            False,
        ),
    ],
)
def test_buyer_targeting_matches_any_target(targets, buyer, expected):
    assert applicable(percent("10", **targets), buyer, NOW) is expected


@pytest.mark.parametrize(
    "scope, expected",
    [
        ({}, {"a", "b", "c"}),
        ({"product_ids": frozenset({1})}, {"a"}),
        ({"category_ids": frozenset({10})}, {"a", "b"}),  # 10 is an ancestor category of both
        ({"category_ids": frozenset({12})}, {"b"}),
        ({"brand_ids": frozenset({7})}, {"c"}),
        ({"product_ids": frozenset({1}), "brand_ids": frozenset({7})}, {"a", "c"}),
    ],
)
def test_product_scope_matches_any_product_category_or_brand(scope, expected):
    lines = [
        line("a", product_id=1, category_ids={10, 11}),
        line("b", product_id=2, category_ids={10, 12}, brand_id=8),
        line("c", product_id=3, category_ids={20}, brand_id=7),
    ]
    outcome = evaluate(lines, ANYONE, [percent("10", **scope)], NOW)
    assert {result.key for result in outcome.lines if result.discount} == expected


@pytest.mark.parametrize(
    "moment, expected",
    [
        (NOW - timedelta(microseconds=1), False),
        (NOW, True),
        (NOW + timedelta(days=1), True),
        (NOW + timedelta(days=7) - timedelta(microseconds=1), True),
        (NOW + timedelta(days=7), False),
    ],
)
def test_time_window_includes_its_start_and_excludes_its_end(moment, expected):
    promotion = percent("10", starts_at=NOW, ends_at=NOW + timedelta(days=7))
    assert applicable(promotion, ANYONE, moment) is expected
    assert bool(evaluate([line()], ANYONE, [promotion], moment).applied) is expected


def test_open_ended_windows():
    assert applicable(percent("10", ends_at=NOW + timedelta(days=1)), ANYONE, datetime(2000, 1, 1))
    assert applicable(percent("10", starts_at=NOW), ANYONE, datetime(2100, 1, 1))


def test_usage_limit_per_account():
    promotion = spend("100", "10", id=5, uses_per_account=2)
    assert applicable(promotion, Buyer(account_id=1, uses={5: 1}), NOW)
    assert not applicable(promotion, Buyer(account_id=1, uses={5: 2}), NOW)
    assert applicable(promotion, Buyer(account_id=1, uses={6: 9}), NOW)


def test_promotions_that_do_not_apply_give_nothing_and_hint_nothing():
    expired = spend("1000", "100", ends_at=NOW)
    other_tier = spend("1000", "100", id=2, target_tiers=frozenset({"gold"}))
    outcome = evaluate([line(price="500")], Buyer(tier="silver"), [expired, other_tier], NOW)
    assert outcome.applied == () and outcome.hints == ()


# --- allocation -------------------------------------------------------------------------------


def test_allocation_gives_leftover_cents_to_the_largest_remainders():
    shares = allocate_pro_rata(D("100.00"), {"a": D("10.00"), "b": D("20.00"), "c": D("30.00")})
    assert shares == {"a": D("16.67"), "b": D("33.33"), "c": D("50.00")}
    even = allocate_pro_rata(D("1.00"), {"a": D("1.00"), "b": D("1.00"), "c": D("1.00")})
    assert even == {"a": D("0.34"), "b": D("0.33"), "c": D("0.33")}


def test_order_discount_is_spread_pro_rata_and_adds_up_to_the_cent():
    lines = [line("a", 1, "333.33"), line("b", 1, "333.33"), line("c", 3, "111.13")]
    outcome = evaluate(lines, ANYONE, [spend("1000", "100")], NOW)
    assert line_discounts(outcome) == {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")}
    assert sum(result.total for result in outcome.lines) == outcome.total == D("900.05")


def test_allocation_follows_what_is_left_after_line_discounts():
    lines = [line("a", 1, "1000", product_id=1), line("b", 1, "1000", product_id=2)]
    outcome = evaluate(
        lines, ANYONE, [special("500", id=1, product_ids=frozenset({1})), spend("1500", "150", id=2)], NOW
    )
    assert line_discounts(outcome) == {"a": D("550.00"), "b": D("100.00")}


# --- properties ----------------------------------------------------------------------------------


PRODUCTS, CATEGORIES, BRANDS = (1, 2, 3), (10, 11, 12), (7, 8)

prices = st.decimals(min_value=0, max_value=2000, places=3, allow_nan=False, allow_infinity=False)
amounts = st.decimals(min_value=0, max_value=3000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def carts(draw) -> list[PricedLine]:
    count = draw(st.integers(min_value=0, max_value=6))
    return [
        PricedLine(
            key=f"line-{index}",
            variant_id=draw(st.integers(min_value=1, max_value=4)),
            product_id=draw(st.sampled_from(PRODUCTS)),
            category_ids=draw(st.frozensets(st.sampled_from(CATEGORIES), max_size=2)),
            brand_id=draw(st.none() | st.sampled_from(BRANDS)),
            quantity=draw(st.integers(min_value=1, max_value=40)),
            unit_price=draw(prices),
        )
        for index in range(count)
    ]


@st.composite
def promotions(draw, promotion_id: int) -> Promotion:
    optional_int = st.none() | st.integers(min_value=1, max_value=12)
    return Promotion(
        id=promotion_id,
        name=f"promotion {promotion_id}",
        kind=draw(st.sampled_from(PromotionKind)),
        priority=draw(st.integers(min_value=0, max_value=3)),
        stackable=draw(st.booleans()),
        product_ids=draw(st.frozensets(st.sampled_from(PRODUCTS), max_size=1)),
        category_ids=draw(st.frozensets(st.sampled_from(CATEGORIES), max_size=1)),
        brand_ids=draw(st.frozensets(st.sampled_from(BRANDS), max_size=1)),
        steps=tuple(draw(st.lists(st.tuples(amounts, amounts), max_size=3))),
        repeatable=draw(st.booleans()),
        percent_off=draw(st.none() | st.decimals(min_value=0, max_value=120, places=1)),
        min_quantity=draw(optional_int),
        special_price=draw(st.none() | prices),
        threshold=draw(st.none() | amounts),
        buy_quantity=draw(optional_int),
        gift_quantity=draw(optional_int),
        gift_variant_id=draw(st.none() | st.integers(min_value=90, max_value=92)),
    )


@st.composite
def offers(draw) -> list[Promotion]:
    count = draw(st.integers(min_value=0, max_value=5))
    return [draw(promotions(promotion_id)) for promotion_id in range(1, count + 1)]


@settings(max_examples=200, deadline=None)
@given(lines=carts(), offered=offers())
def test_money_always_adds_up(lines, offered):
    outcome = evaluate(lines, ANYONE, offered, NOW)
    for result, priced in zip(outcome.lines, lines, strict=True):
        assert result.key == priced.key and result.amount == priced.amount
        assert 0 <= result.discount <= result.amount
        assert result.total == result.amount - result.discount >= 0
        assert result.discount == round_money(result.discount)
    assert outcome.total >= 0
    assert sum((result.total for result in outcome.lines), D(0)) == outcome.total
    assert outcome.subtotal - outcome.discount_total == outcome.total
    assert outcome.discount_total == sum((applied.discount for applied in outcome.applied), D(0))
    assert all(applied.discount > 0 or applied.gifts for applied in outcome.applied)


@settings(max_examples=200, deadline=None)
@given(lines=carts(), offered=offers())
def test_exclusive_promotions_share_no_line_and_a_line_changes_price_once(lines, offered):
    outcome = evaluate(lines, ANYONE, offered, NOW)
    stackable = {promotion.id: promotion.stackable for promotion in offered}
    for applied in outcome.applied:
        others = {key for other in outcome.applied if other is not applied for key in other.line_keys}
        if not stackable[applied.promotion_id]:
            assert not others & set(applied.line_keys)
    price_changes = [
        key
        for applied in outcome.applied
        if applied.kind in (Kind.SPECIAL_PRICE, Kind.PERCENT_OFF)
        for key in applied.line_keys
    ]
    assert len(price_changes) == len(set(price_changes))


@settings(max_examples=200, deadline=None)
@given(total=amounts, weights=st.lists(amounts, min_size=1, max_size=8))
def test_allocation_sums_exactly_and_never_exceeds_a_weight(total, weights):
    weighted = {f"k{index}": weight for index, weight in enumerate(weights)}
    assume(sum(weights) > 0)
    total = min(total, sum(weights))
    shares = allocate_pro_rata(total, weighted)
    assert sum(shares.values()) == total
    assert all(D(0) <= shares[key] <= weighted[key] for key in weighted)
