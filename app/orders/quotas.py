"""Allocation quotas (货源分配): how many units of a variant a customer may order per ordering
cycle, and the cycle itself.

The cycle is the customer's ordering window open now (or, while ordering is closed, the next one
to open); a customer without ordering windows orders in calendar weeks, Monday 00:00 to Monday
00:00 in the supplier's timezone. Units of orders placed in the cycle count against the quota,
except those of cancelled and rejected orders.

A quota applies to one customer account, a customer group, a customer tier or every customer of
the supplier; for a given customer the most specific one wins, in that order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from tortoise.functions import Sum
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount, Role
from app.accounts.permissions import Principal, require_supplier_role
from app.catalog.models import Variant
from app.clock import utc_now
from app.errors import ErrorCode
from app.orders import calendar
from app.orders.models import AllocationQuota, OrderingWindow, OrderLine, OrderStatus
from app.read_versions import Change, Kept, announce, ordering_rules_key
from app.tenancy import ensure_own
from app.validation import MAX_QUANTITY, Checker

NOT_COUNTED = (OrderStatus.CANCELLED, OrderStatus.REJECTED)
MANAGERS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Cycle:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Allowance:
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)


@dataclass(frozen=True)
class OrderingRules:
    """A supplier's ordering windows by customer account and its quotas by (variant, scope key)."""

    windows: dict[int, list[calendar.Window]]
    quotas: dict[tuple[int, str], int]


_kept_rules: Kept[OrderingRules] = Kept()
"""Each supplier's ordering rules, kept while its rules counter stands (windows and quotas set move it)."""


async def _ordering_rules(supplier_id: int) -> OrderingRules:
    return await _kept_rules.get(
        supplier_id, (ordering_rules_key(supplier_id),), partial(_load_ordering_rules, supplier_id)
    )


async def _load_ordering_rules(supplier_id: int) -> OrderingRules:
    windows: dict[int, list[calendar.Window]] = defaultdict(list)
    for w in await OrderingWindow.filter(customer_account__supplier_id=supplier_id).order_by("id"):
        windows[w.customer_account_id].append(_window(w))
    quotas = {
        (variant_id, key): quantity
        for variant_id, key, quantity in await AllocationQuota.filter(supplier_id=supplier_id).values_list(
            "variant_id", "scope_key", "quantity"
        )
    }
    return OrderingRules(dict(windows), quotas)


def _window(row: OrderingWindow) -> calendar.Window:
    return calendar.Window(
        row.opens_weekday, calendar.clock(row.opens_minute), row.closes_weekday, calendar.clock(row.closes_minute)
    )


async def windows_of(account: CustomerAccount) -> list[calendar.Window]:
    """The account's ordering windows in the order they were set."""
    return list((await _ordering_rules(account.supplier_id)).windows.get(account.id, ()))


async def windows_by_account(account_ids: list[int]) -> dict[int, list[calendar.Window]]:
    """The ordering windows of these accounts, in one query, in the order they were set."""
    found: dict[int, list[calendar.Window]] = {pk: [] for pk in account_ids}
    for w in await OrderingWindow.filter(customer_account_id__in=account_ids).order_by("id"):
        found[w.customer_account_id].append(_window(w))
    return found


def cycle_at(windows: list[calendar.Window], now: datetime, timezone: str) -> Cycle:
    """In UTC: SQLite compares instants as text, so every bound must share one offset."""
    if not windows:
        start, end = calendar.calendar_week(now, timezone)
    else:
        start, end = calendar.open_window(windows, now, timezone) or calendar.next_window(windows, now, timezone)
    return Cycle(start.astimezone(UTC), end.astimezone(UTC))


async def current_cycle(account: CustomerAccount, timezone: str) -> Cycle:
    """The ordering cycle the account's quotas count in now."""
    return cycle_at(await windows_of(account), utc_now(), timezone)


async def allowances_now(
    account: CustomerAccount, timezone: str, variant_ids: list[int], excluding_order_id: int | None = None
) -> tuple[Cycle, dict[int, Allowance]]:
    """The current cycle and, in it, the allowance of each quota-limited variant."""
    cycle = await current_cycle(account, timezone)
    return cycle, await allowances(account, cycle, variant_ids, excluding_order_id)


def scope_key(account_id: int | None = None, tier: str | None = None, group: str | None = None) -> str:
    if account_id is not None:
        return f"account:{account_id}"
    if group is not None:
        return f"group:{group}"
    if tier is not None:
        return f"tier:{tier}"
    return "all"


def _keys_by_precedence(account: CustomerAccount) -> list[str]:
    keys = [scope_key(account_id=account.id)]
    if account.customer_group:
        keys.append(scope_key(group=account.customer_group))
    if account.tier:
        keys.append(scope_key(tier=account.tier))
    return keys + [scope_key()]


async def allowances(
    account: CustomerAccount, cycle: Cycle, variant_ids: list[int], excluding_order_id: int | None = None
) -> dict[int, Allowance]:
    """The quota and the units already ordered in the cycle of each quota-limited variant: one
    query whatever the number of variants, none when none is limited."""
    keys = _keys_by_precedence(account)
    quotas = (await _ordering_rules(account.supplier_id)).quotas
    chosen = {
        variant_id: next(quotas[variant_id, key] for key in keys if (variant_id, key) in quotas)
        for variant_id in set(variant_ids)
        if any((variant_id, key) in quotas for key in keys)
    }
    if not chosen:
        return {}
    ordered = OrderLine.filter(
        order__customer_account_id=account.id,
        order__created_at__gte=cycle.start,
        order__created_at__lt=cycle.end,
        variant_id__in=list(chosen),
        is_gift=False,
    ).exclude(order__status__in=NOT_COUNTED)
    if excluding_order_id is not None:
        ordered = ordered.exclude(order_id=excluding_order_id)
    used = dict(await ordered.annotate(units=Sum("quantity")).group_by("variant_id").values_list("variant_id", "units"))
    return {variant_id: Allowance(quota, int(used.get(variant_id) or 0)) for variant_id, quota in chosen.items()}


@dataclass(frozen=True)
class QuotaInput:
    variant_id: int
    quantity: int | None
    customer_account_id: int | None = None
    tier: str | None = None
    customer_group: str | None = None


async def set_quotas(principal: Principal, quotas: list[QuotaInput]) -> list[AllocationQuota]:
    """Sets (or, with no quantity, removes) quotas; each targets at most one of an account, a
    tier or a group, none meaning every customer."""
    require_supplier_role(principal, MANAGERS)
    supplier_id = principal.require_organization_id()
    checker = Checker()
    if not quotas:
        checker.add("quotas", ErrorCode.REQUIRED, "Give at least one quota.")
    for index, quota in enumerate(quotas):
        targets = [t for t in (quota.customer_account_id, quota.tier, quota.customer_group) if t is not None]
        if len(targets) > 1:
            checker.add(f"quotas.{index}", ErrorCode.INVALID, "Give one of customerAccountId, tier or customerGroup.")
        checker.text(f"quotas.{index}.tier", quota.tier, max_length=32)
        checker.text(f"quotas.{index}.customerGroup", quota.customer_group, max_length=64)
        if quota.quantity is not None:
            checker.integer(f"quotas.{index}.quantity", quota.quantity, minimum=0, maximum=MAX_QUANTITY)
    checker.raise_if_any()
    await ensure_own(Variant, [q.variant_id for q in quotas], supplier_id, "quotas", "variant")
    await ensure_own(
        CustomerAccount,
        [q.customer_account_id for q in quotas if q.customer_account_id is not None],
        supplier_id,
        "quotas",
        "customer account",
    )
    kept = []
    async with in_transaction():
        for quota in quotas:
            key = scope_key(quota.customer_account_id, quota.tier, quota.customer_group)
            if quota.quantity is None:
                await AllocationQuota.filter(variant_id=quota.variant_id, scope_key=key).delete()
                continue
            row, _ = await AllocationQuota.update_or_create(
                defaults={"quantity": quota.quantity},
                variant_id=quota.variant_id,
                scope_key=key,
                supplier_id=supplier_id,
                customer_account_id=quota.customer_account_id,
                tier=quota.tier if quota.customer_account_id is None else None,
                customer_group=quota.customer_group if quota.customer_account_id is None else None,
            )
            kept.append(row)
    await announce(Change.ordering_rules(supplier_id))
    return kept


@dataclass(frozen=True)
class QuotaFilter:
    variant_id: int | None = None
    customer_account_id: int | None = None


def quotas_of(principal: Principal, wanted: QuotaFilter) -> QuerySet[AllocationQuota]:
    require_supplier_role(principal, MANAGERS)
    query = AllocationQuota.filter(supplier_id=principal.organization_id)
    if wanted.variant_id is not None:
        query = query.filter(variant_id=wanted.variant_id)
    if wanted.customer_account_id is not None:
        query = query.filter(customer_account_id=wanted.customer_account_id)
    return query
