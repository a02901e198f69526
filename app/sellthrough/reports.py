"""Submitting sell-through reports and reading them back.

A buyer's ADMIN or PURCHASER (or its app with the sellthrough:write scope) reports, for one
approved customer account and one month, per SKU the units sold and the stock held at the month's
end. One report per account and month: submitting the month again replaces its lines (all or
nothing) and counts up its revision. Who reads a report is who sees its customer account: the
buyer's users, the supplier's staff, a sales rep only their own customers'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import CustomerAccount, CustomerAccountStatus, Role
from app.accounts.permissions import Principal, customer_account_scope, require_authenticated
from app.catalog.models import Variant
from app.catalog.service import customer_access, visible_products
from app.clock import utc_now
from app.errors import ErrorCode, FieldError, PermissionDenied, UserInputError
from app.sellthrough.events import SellThroughReportSubmitted
from app.sellthrough.models import SellThroughLine, SellThroughReport
from app.sellthrough.periods import Period
from app.validation import MAX_QUANTITY, Checker

REPORTERS = frozenset({Role.ADMIN, Role.PURCHASER})
MAX_LINES = 5000


@dataclass(frozen=True)
class LineInput:
    variant_id: int
    quantity_sold: int
    stock_on_hand: int


@dataclass(frozen=True)
class ReportFilter:
    period: Period | None = None
    supplier_id: int | None = None
    customer_account_id: int | None = None
    region: str | None = None
    product_id: int | None = None


def require_reporter(principal: Principal) -> None:
    require_authenticated(principal)
    if not principal.can_buy or not (principal.is_app or principal.roles & REPORTERS):
        raise PermissionDenied("Only a buyer's ADMIN or PURCHASER reports sell-through.")


async def reporting_account(principal: Principal, supplier_id: int) -> CustomerAccount:
    """The caller's approved account with the supplier, with supplier and buyer loaded."""
    require_reporter(principal)
    account = await CustomerAccount.get_or_none(
        supplier_id=supplier_id, buyer_id=principal.organization_id, status=CustomerAccountStatus.APPROVED
    ).select_related("supplier", "buyer")
    if account is None:
        raise UserInputError.single(("input", "supplierId"), ErrorCode.NOT_FOUND, "No such supplier.")
    return account


def check_begun(account: CustomerAccount, period: Period) -> None:
    """A month is reported once it has begun where the supplier is."""
    today = utc_now().astimezone(ZoneInfo(account.supplier.timezone)).date()
    if period.start > today:
        raise UserInputError.single(
            ("input", "period"),
            ErrorCode.OUT_OF_RANGE,
            f"{period.label} has not begun; report a past or current month.",
        )


async def sold_variants(account: CustomerAccount) -> QuerySet[Variant]:
    """The variants this customer may report: those of the supplier's catalog it sees (the
    account comes with its supplier loaded, so this asks nothing of the database)."""
    products = visible_products(await customer_access(account, account.supplier))
    return Variant.filter(supplier_id=account.supplier_id, product_id__in=Subquery(products.values("id")))


def check_lines(lines: Sequence[LineInput]) -> None:
    """Every number whole and in range, no variant twice; all problems at once, on their line's path."""
    checker = Checker()
    if not lines:
        checker.add("lines", ErrorCode.REQUIRED, "Report at least one SKU.")
    elif len(lines) > MAX_LINES:
        checker.add("lines", ErrorCode.OUT_OF_RANGE, f"At most {MAX_LINES} lines per report.")
    seen: dict[int, int] = {}
    for index, line in enumerate(lines):
        checker.integer(f"lines.{index}.quantitySold", line.quantity_sold, minimum=0, maximum=MAX_QUANTITY)
        checker.integer(f"lines.{index}.stockOnHand", line.stock_on_hand, minimum=0, maximum=MAX_QUANTITY)
        if line.variant_id in seen:
            checker.add(
                f"lines.{index}.variantId", ErrorCode.DUPLICATE, f"The same SKU is on line {seen[line.variant_id]}."
            )
        seen.setdefault(line.variant_id, index)
    checker.raise_if_any()


async def submit(
    principal: Principal, supplier_id: int, period: Period, lines: Sequence[LineInput]
) -> SellThroughReport:
    account = await reporting_account(principal, supplier_id)
    check_begun(account, period)
    check_lines(lines)
    known = set(
        await (await sold_variants(account))
        .filter(id__in=[line.variant_id for line in lines])
        .values_list("id", flat=True)
    )
    missing = [
        FieldError(
            ("input", "lines", str(index), "variantId"), ErrorCode.NOT_FOUND, "No such SKU in this supplier's catalog."
        )
        for index, line in enumerate(lines)
        if line.variant_id not in known
    ]
    if missing:
        raise UserInputError(missing)
    return await write(principal, account, period, lines)


async def write(
    principal: Principal, account: CustomerAccount, period: Period, lines: Sequence[LineInput]
) -> SellThroughReport:
    """The month's report as these lines, replacing any earlier ones, and the supplier told: one transaction."""
    try:
        return await _write(principal, account, period, lines)
    except IntegrityError:
        # Two first submissions of the month raced and the other created the report: replace it.
        return await _write(principal, account, period, lines)


async def _write(
    principal: Principal, account: CustomerAccount, period: Period, lines: Sequence[LineInput]
) -> SellThroughReport:
    async with in_transaction():
        now = utc_now()
        report = await SellThroughReport.select_for_update().get_or_none(
            customer_account_id=account.id, period_start=period.start
        )
        if report is None:
            report = await SellThroughReport.create(
                supplier_id=account.supplier_id,
                customer_account_id=account.id,
                period_start=period.start,
                period_end=period.end,
                submitted_by_id=principal.user_id,
                submitted_at=now,
            )
        else:
            await SellThroughLine.filter(report_id=report.id).delete()
            report.revision += 1
            report.submitted_by_id = principal.user_id
            report.submitted_at = now
            await report.save(update_fields=["revision", "submitted_by_id", "submitted_at"])
        await SellThroughLine.bulk_create(
            [
                SellThroughLine(
                    report_id=report.id,
                    variant_id=line.variant_id,
                    quantity_sold=line.quantity_sold,
                    stock_on_hand=line.stock_on_hand,
                )
                for line in lines
            ]
        )
        await outbox.record(
            SellThroughReportSubmitted(
                subject_id=report.id,
                supplier_id=account.supplier_id,
                buyer_id=account.buyer_id,
                customer_account_id=account.id,
                actor_id=principal.user_id,
                period=period.label,
                revision=report.revision,
                line_count=len(lines),
                buyer_name=account.buyer.name,
            )
        )
    return report


def visible_reports(principal: Principal) -> QuerySet[SellThroughReport]:
    scope = customer_account_scope(principal)
    if scope is None:
        return SellThroughReport.filter(id__in=[])
    return SellThroughReport.filter(customer_account_id__in=Subquery(CustomerAccount.filter(scope).values("id")))


def filter_reports(query: QuerySet[SellThroughReport], wanted: ReportFilter) -> QuerySet[SellThroughReport]:
    if wanted.period is not None:
        query = query.filter(period_start=wanted.period.start)
    if wanted.supplier_id is not None:
        query = query.filter(supplier_id=wanted.supplier_id)
    if wanted.customer_account_id is not None:
        query = query.filter(customer_account_id=wanted.customer_account_id)
    if wanted.region is not None:
        query = query.filter(
            customer_account_id__in=Subquery(CustomerAccount.filter(region=wanted.region).values("id"))
        )
    if wanted.product_id is not None:
        lines = SellThroughLine.filter(variant__product_id=wanted.product_id)
        query = query.filter(id__in=Subquery(lines.values("report_id")))
    return query


@dataclass(frozen=True)
class LineView:
    line: SellThroughLine
    sku: str
    product_id: int
    product_name: str


async def lines_of(report_ids: list[int]) -> dict[int, list[LineView]]:
    """Each report's lines with SKU and product, in SKU order: one query for a page."""
    found: dict[int, list[LineView]] = defaultdict(list)
    rows = (
        await SellThroughLine.filter(report_id__in=report_ids)
        .select_related("variant__product")
        .order_by("variant__sku")
    )
    for row in rows:
        found[row.report_id].append(LineView(row, row.variant.sku, row.variant.product_id, row.variant.product.name))
    return found
