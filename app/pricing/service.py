"""The one pricing function. For a buyer, a variant and a quantity:

1. the price lists assigned to the buyer's own customer account, then those of its tier or
   customer group, then those of its region, each level by priority (higher first), valid now
   and not archived;
2. the first list that prices the variant wins: a FIXED list by its own volume breaks (the item
   with the largest min_quantity not above the quantity), a RATE list as the base price at that
   quantity times its rate;
3. else the base price with the variant's base volume breaks.

Catalog, cart and order all price through PriceBook, loaded once per page of variants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount, Role
from app.accounts.permissions import Principal, require_supplier_role
from app.catalog.models import Variant
from app.changes import diff, note_changes
from app.db import decimal_of, fetch, marks
from app.errors import ErrorCode, UserInputError
from app.global_ids import encode_id
from app.money import round_money
from app.pricing.models import (
    PriceList,
    PriceListAssignment,
    PriceListItem,
    PriceListKind,
)
from app.read_versions import Change, Kept, announce, catalog_key
from app.tenancy import ensure_own, own
from app.validation import MAX_QUANTITY, Checker

PRICE_MANAGERS = frozenset({Role.ADMIN, Role.FINANCE})

ACCOUNT_LEVEL = 0
SEGMENT_LEVEL = 1
REGION_LEVEL = 2


@dataclass(frozen=True)
class ApplicableList:
    id: int
    name: str
    kind: PriceListKind
    rate: Decimal | None
    level: int
    priority: int


@dataclass(frozen=True)
class Price:
    unit_price: Decimal
    base_unit_price: Decimal
    min_quantity: int
    price_list_id: int | None
    price_list_name: str | None
    explanation: str


@dataclass(frozen=True)
class PriceBreak:
    min_quantity: int
    unit_price: Decimal


@dataclass
class PriceBook:
    """Prices of a set of variants for one buyer, with every row it needs already loaded."""

    lists: tuple[ApplicableList, ...]
    base_breaks: dict[int, list[tuple[int, Decimal]]] = field(default_factory=dict)
    fixed_items: dict[tuple[int, int], list[tuple[int, Decimal]]] = field(default_factory=dict)

    def base_price(self, variant: Variant, quantity: int) -> tuple[Decimal, int]:
        return _step_at(self.base_breaks.get(variant.id, []), quantity) or (variant.base_price, 1)

    def price(self, variant: Variant, quantity: int) -> Price:
        base, base_step = self.base_price(variant, quantity)
        for price_list in self.lists:
            if price_list.kind is PriceListKind.FIXED:
                step = _step_at(self.fixed_items.get((price_list.id, variant.id), []), quantity)
                if step is None:
                    continue
                unit_price, min_quantity = step
                explanation = f"{price_list.name}: fixed price" + (
                    f" from {min_quantity} units" if min_quantity > 1 else ""
                )
            elif price_list.rate is None:
                raise ValueError(f"Price list {price_list.id} is a rate list without a rate.")
            else:
                unit_price, min_quantity = round_money(base * price_list.rate), base_step
                explanation = f"{price_list.name}: {(price_list.rate * 100).normalize():f}% of the base price"
            return Price(unit_price, base, min_quantity, price_list.id, price_list.name, explanation)
        explanation = "Base price" + (f" from {base_step} units" if base_step > 1 else "")
        return Price(base, base, base_step, None, None, explanation)

    def breaks(self, variant: Variant) -> list[PriceBreak]:
        """The buyer's own price ladder: its unit price at every quantity where it changes."""
        quantities = {1} | {q for q, _ in self.base_breaks.get(variant.id, [])}
        for price_list in self.lists:
            quantities |= {q for q, _ in self.fixed_items.get((price_list.id, variant.id), [])}
        ladder: list[PriceBreak] = []
        for quantity in sorted(quantities):
            unit_price = self.price(variant, quantity).unit_price
            if not ladder or ladder[-1].unit_price != unit_price:
                ladder.append(PriceBreak(quantity, unit_price))
        return ladder


def _step_at(steps: list[tuple[int, Decimal]], quantity: int) -> tuple[Decimal, int] | None:
    """The price of the highest step whose min_quantity is not above the quantity."""
    best = None
    for min_quantity, price in steps:
        if min_quantity <= quantity and (best is None or min_quantity > best[1]):
            best = (price, min_quantity)
    return best


Audience = tuple[str, int | str]
"""Whom an assignment reaches: ("account", id), ("tier", …), ("group", …) or ("region", …)."""

_live_assignments: Kept[dict[Audience, list[PriceListAssignment]]] = Kept()
"""Each supplier's assignments of lists not archived, with their lists, by whom they reach: kept while
its catalog counter stands (every change of a list or its assignments moves it). Read only here."""


async def applicable_lists(account: CustomerAccount | None, now: datetime) -> tuple[ApplicableList, ...]:
    """The lists that price for this customer account, in the order they are tried."""
    if account is None:
        return ()
    supplier_id = account.supplier_id
    by_audience = await _live_assignments.get(
        supplier_id, (catalog_key(supplier_id),), partial(_assignments_by_audience, supplier_id)
    )
    levels: dict[int, ApplicableList] = {}
    for audience in _audiences_of(account):
        for assignment in by_audience.get(audience, ()):
            price_list = assignment.price_list
            if not _valid_at(price_list, now):
                continue
            level = _level(assignment)
            known = levels.get(price_list.id)
            if known is None or level < known.level:
                levels[price_list.id] = ApplicableList(
                    price_list.id, price_list.name, price_list.kind, price_list.rate, level, price_list.priority
                )
    return tuple(sorted(levels.values(), key=lambda p: (p.level, -p.priority, p.id)))


def _audiences_of(account: CustomerAccount) -> list[Audience]:
    """Whom of the assignments' audiences the account is: itself, and its tier, group and region when set."""
    audiences: list[Audience] = [("account", account.id)]
    for kind, value in (("tier", account.tier), ("group", account.customer_group), ("region", account.region)):
        if value:
            audiences.append((kind, value))
    return audiences


async def _assignments_by_audience(supplier_id: int) -> dict[Audience, list[PriceListAssignment]]:
    by_audience: dict[Audience, list[PriceListAssignment]] = defaultdict(list)
    for assignment in await PriceListAssignment.filter(
        price_list__supplier_id=supplier_id, price_list__archived=False
    ).select_related("price_list"):
        whom: tuple[tuple[str, int | str | None], ...] = (
            ("account", assignment.customer_account_id),
            ("tier", assignment.tier),
            ("group", assignment.customer_group),
            ("region", assignment.region),
        )
        for kind, value in whom:
            if value is not None:
                by_audience[(kind, value)].append(assignment)
    return dict(by_audience)


def _level(assignment: PriceListAssignment) -> int:
    if assignment.customer_account_id is not None:
        return ACCOUNT_LEVEL
    return REGION_LEVEL if assignment.region is not None else SEGMENT_LEVEL


def _valid_at(price_list: PriceList, now: datetime) -> bool:
    if price_list.valid_from is not None and now < price_list.valid_from:
        return False
    return price_list.valid_until is None or now < price_list.valid_until


async def price_book(lists: tuple[ApplicableList, ...], variant_ids: Iterable[int]) -> PriceBook:
    """Loads the base breaks and the fixed items of these lists for these variants: one query, written by
    hand (every cart and checkout prices, and tortoise took longer to build the two reads than to run them)."""
    ids = sorted(set(variant_ids))
    book = PriceBook(lists)
    if not ids:
        return book
    fixed_ids = [p.id for p in lists if p.kind is PriceListKind.FIXED]
    sql = f"SELECT NULL AS price_list_id, variant_id, min_quantity, price FROM volume_breaks WHERE variant_id IN ({marks(len(ids))})"
    if fixed_ids:
        sql += (
            f" UNION ALL SELECT price_list_id, variant_id, min_quantity, price FROM price_list_items"
            f" WHERE price_list_id IN ({marks(len(fixed_ids), len(ids) + 1)})"
            f" AND variant_id IN ({marks(len(ids), len(ids) + len(fixed_ids) + 1)})"
        )
    base_breaks: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    fixed: dict[tuple[int, int], list[tuple[int, Decimal]]] = defaultdict(list)
    for row in await fetch(sql, [*ids, *fixed_ids, *ids] if fixed_ids else ids):
        entry = (row["min_quantity"], decimal_of(row["price"]))
        if row["price_list_id"] is None:
            base_breaks[row["variant_id"]].append(entry)
        else:
            fixed[(row["price_list_id"], row["variant_id"])].append(entry)
    book.base_breaks = dict(base_breaks)
    if fixed_ids:
        book.fixed_items = dict(fixed)
    return book


MAX_RATE = Decimal(10)


@dataclass(frozen=True)
class PriceListInput:
    name: str | None
    kind: PriceListKind
    rate: Decimal | None = None
    priority: int = 0
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    account_ids: tuple[int, ...] = ()
    tiers: tuple[str, ...] = ()
    customer_groups: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PriceInput:
    variant_id: int
    price: Decimal | str | None
    min_quantity: int = 1


def _check_price_list(checker: Checker, data: PriceListInput) -> str | None:
    name = checker.text("name", data.name, max_length=100, required=True)
    if data.kind is PriceListKind.RATE:
        if data.rate is None:
            checker.add("rate", ErrorCode.REQUIRED, "A rate list needs a rate, e.g. 0.92 for 92% of base.")
        # Past the range check the rate is finite, so its exponent is an int (typeshed also allows 'n', 'N', 'F').
        elif not Decimal(0) < data.rate <= MAX_RATE or data.rate.as_tuple().exponent < -4:  # type: ignore[operator]
            checker.add("rate", ErrorCode.OUT_OF_RANGE, "rate must be above 0 and at most 10, with 4 decimals at most.")
    elif data.rate is not None:
        checker.add("rate", ErrorCode.INVALID, "A fixed-price list takes prices, not a rate.")
    checker.integer("priority", data.priority, minimum=-1000, maximum=1000)
    if data.valid_from and data.valid_until and data.valid_until <= data.valid_from:
        checker.add("validUntil", ErrorCode.OUT_OF_RANGE, "validUntil must come after validFrom.")
    for label, values, limit in (
        ("tiers", data.tiers, 32),
        ("customerGroups", data.customer_groups, 64),
        ("regions", data.regions, 128),
    ):
        for value in values:
            checker.text(label, value, max_length=limit, required=True)
    if not (data.account_ids or data.tiers or data.customer_groups or data.regions):
        checker.add(
            "customerAccountIds", ErrorCode.REQUIRED, "Assign the list to accounts, tiers, customer groups or regions."
        )
    return name


async def create_price_list(principal: Principal, data: PriceListInput) -> PriceList:
    return await _save_price_list(principal, data, None)


async def update_price_list(principal: Principal, price_list_id: int, data: PriceListInput) -> PriceList:
    """Replaces the list's terms and assignments; its fixed prices stay."""
    return await _save_price_list(principal, data, price_list_id)


async def _save_price_list(principal: Principal, data: PriceListInput, price_list_id: int | None) -> PriceList:
    require_supplier_role(principal, PRICE_MANAGERS)
    checker = Checker()
    name = _check_price_list(checker, data)
    checker.raise_if_any()
    supplier_id = principal.require_organization_id()
    price_list = None
    if price_list_id is not None:
        price_list = await own(PriceList, price_list_id, supplier_id, "priceListId", "price list", archived=False)
        if price_list.kind is not data.kind:
            raise UserInputError.single(
                ("input", "kind"), ErrorCode.INVALID, "A list keeps its kind; create a new one."
            )
    account_ids = sorted(set(data.account_ids))
    await ensure_own(CustomerAccount, account_ids, supplier_id, "customerAccountIds", "customer account")
    terms: dict[str, Any] = {
        "name": name,
        "kind": data.kind,
        "rate": data.rate,
        "priority": data.priority,
        "valid_from": data.valid_from,
        "valid_until": data.valid_until,
    }
    before = {name: getattr(price_list, name) for name in terms} if price_list is not None else {}
    async with in_transaction():
        if price_list is None:
            price_list = await PriceList.create(supplier_id=supplier_id, **terms)
        else:
            price_list.update_from_dict(terms)
            await price_list.save()
            await PriceListAssignment.filter(price_list_id=price_list.id).delete()
        await note_changes("PriceList", price_list.id, diff(before, terms))
        await PriceListAssignment.bulk_create(
            [PriceListAssignment(price_list=price_list, customer_account_id=a) for a in account_ids]
            + [PriceListAssignment(price_list=price_list, tier=t.strip()) for t in set(data.tiers)]
            + [PriceListAssignment(price_list=price_list, customer_group=g.strip()) for g in set(data.customer_groups)]
            + [PriceListAssignment(price_list=price_list, region=r) for r in {r.strip() for r in data.regions}]
        )
    await announce(Change.catalog(supplier_id))
    return price_list


async def set_prices(principal: Principal, price_list_id: int, prices: list[PriceInput]) -> PriceList:
    """Sets (or replaces) fixed prices and their volume breaks; the list keeps its other variants."""
    require_supplier_role(principal, PRICE_MANAGERS)
    price_list = await own(PriceList, price_list_id, principal.require_organization_id(), "priceListId", "price list")
    if price_list.kind is not PriceListKind.FIXED:
        raise UserInputError.single(
            ("input", "priceListId"),
            ErrorCode.INVALID,
            "Only a fixed-price list takes prices; change a rate list's rate.",
        )
    checker = Checker()
    seen: set[tuple[int, int]] = set()
    checked: list[tuple[int, int, Decimal]] = []
    for index, item in enumerate(prices):
        field = f"prices.{index}"
        if item.price is None:
            checker.add(f"{field}.price", ErrorCode.REQUIRED, "price is required.")
        amount = checker.money(f"{field}.price", item.price)
        checker.integer(f"{field}.minQuantity", item.min_quantity, minimum=1, maximum=MAX_QUANTITY)
        if (item.variant_id, item.min_quantity) in seen:
            checker.add(
                f"{field}.minQuantity",
                ErrorCode.OVERLAPPING,
                f"Two prices of the same variant start at {item.min_quantity} units.",
            )
        seen.add((item.variant_id, item.min_quantity))
        if amount is not None:
            checked.append((item.variant_id, item.min_quantity, amount))
    checker.raise_if_any()
    variant_ids = sorted({v for v, _, _ in checked})
    await ensure_own(Variant, variant_ids, principal.require_organization_id(), "prices", "variant")
    async with in_transaction():
        before = await _prices_by_key(price_list.id, variant_ids)
        await PriceListItem.filter(price_list_id=price_list.id, variant_id__in=variant_ids).delete()
        await PriceListItem.bulk_create(
            [PriceListItem(price_list=price_list, variant_id=v, min_quantity=q, price=p) for v, q, p in checked]
        )
        await note_changes(
            "PriceList", price_list.id, diff(before, {_price_key(v, q): round_money(p) for v, q, p in checked})
        )
    await announce(Change.catalog(price_list.supplier_id))
    return price_list


def _price_key(variant_id: int, min_quantity: int) -> str:
    """How the audit log names one fixed price: the variant and the quantity it starts at."""
    return f"price[{encode_id('Variant', variant_id)}, from {min_quantity}]"


async def _prices_by_key(price_list_id: int, variant_ids: list[int]) -> dict[str, Decimal]:
    rows = await PriceListItem.filter(price_list_id=price_list_id, variant_id__in=variant_ids).values_list(
        "variant_id", "min_quantity", "price"
    )
    return {_price_key(v, q): p for v, q, p in rows}


async def remove_prices(principal: Principal, price_list_id: int, variant_ids: list[int]) -> PriceList:
    """Takes variants (with all their volume breaks) out of a fixed-price list: they fall back to
    the next list that prices them, or the base price."""
    require_supplier_role(principal, PRICE_MANAGERS)
    price_list = await own(PriceList, price_list_id, principal.require_organization_id(), "priceListId", "price list")
    if not variant_ids:
        raise UserInputError.single(("input", "variantIds"), ErrorCode.REQUIRED, "Give at least one variant.")
    async with in_transaction():
        before = await _prices_by_key(price_list.id, variant_ids)
        await PriceListItem.filter(price_list_id=price_list.id, variant_id__in=variant_ids).delete()
        await note_changes("PriceList", price_list.id, diff(before, {}))
    await announce(Change.catalog(price_list.supplier_id))
    return price_list


@dataclass(frozen=True)
class Targets:
    """Who a list prices for, as priceListCreate takes it."""

    customer_account_ids: list[int] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    customer_groups: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


async def targets_of(price_list_ids: list[int]) -> dict[int, Targets]:
    """Each list's assignments, in one query."""
    found = {pk: Targets() for pk in price_list_ids}
    for assignment in await PriceListAssignment.filter(price_list_id__in=price_list_ids).order_by("id"):
        targets = found[assignment.price_list_id]
        if assignment.customer_account_id is not None:
            targets.customer_account_ids.append(assignment.customer_account_id)
        for values, value in (
            (targets.tiers, assignment.tier),
            (targets.customer_groups, assignment.customer_group),
            (targets.regions, assignment.region),
        ):
            if value is not None:
                values.append(value)
    return found


def prices_of(price_list_id: int) -> QuerySet[PriceListItem]:
    """A list's fixed prices with their variants and products; page them by id."""
    return PriceListItem.filter(price_list_id=price_list_id).select_related("variant__product")


def visible_price_lists(principal: Principal) -> QuerySet[PriceList]:
    """The price lists the caller may read: its own organization's, for its pricing staff."""
    require_supplier_role(principal, PRICE_MANAGERS | {Role.SALES, Role.APPROVER})
    return PriceList.filter(supplier_id=principal.organization_id, archived=False)


async def own_price_lists(principal: Principal) -> list[PriceList]:
    return await visible_price_lists(principal).order_by("-priority", "id")


async def archive_price_list(principal: Principal, price_list_id: int) -> PriceList:
    require_supplier_role(principal, PRICE_MANAGERS)
    price_list = await own(PriceList, price_list_id, principal.require_organization_id(), "priceListId", "price list")
    price_list.archived = True
    await price_list.save(update_fields=["archived"])
    await announce(Change.catalog(price_list.supplier_id))
    return price_list
