"""A sell-through report as a spreadsheet: the columns it reads, the template it offers, and
each row turned into a report line or into (row, column, reason) problems."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.accounts.models import CustomerAccount
from app.accounts.permissions import Principal
from app.catalog.models import Variant
from app.errors import ErrorCode, FieldError, UserInputError
from app.sellthrough.models import SellThroughReport
from app.sellthrough.periods import Period
from app.sellthrough.reports import LineInput, check_begun, reporting_account, sold_variants, write
from app.tabular import FILE_FIELD, Column, Row, RowProblem, RowReader, Table

COLUMNS = (
    Column("sku", ("商品编码", "SKU编码", "编码"), required=True),
    Column("quantitySold", ("销量", "销售数量", "quantity_sold", "sold"), required=True),
    Column("stockOnHand", ("库存", "期末库存", "stock_on_hand", "stock"), required=True),
    # The template names each SKU's product for the person filling it in; the reader ignores it.
    Column("productName", ("商品名称", "product")),
)
TEMPLATE_HEADER = ("商品编码", "商品名称", "销量", "库存")
MAX_ROWS = 5000


@dataclass(frozen=True)
class SheetLine:
    row: int
    sku: str
    variant_id: int | None
    product_name: str | None
    quantity_sold: int | None
    stock_on_hand: int | None

    def as_input(self) -> LineInput | None:
        if self.variant_id is None or self.quantity_sold is None or self.stock_on_hand is None:
            return None
        return LineInput(self.variant_id, self.quantity_sold, self.stock_on_hand)


@dataclass(frozen=True)
class _Cells:
    row: Row
    sku: str | None
    quantity_sold: int | None
    stock_on_hand: int | None


def _read_row(row: Row, problems: list[RowProblem]) -> _Cells:
    reader = RowReader(row, problems)
    return _Cells(
        row,
        reader.text("sku", max_length=64, required=True),
        reader.integer("quantitySold", required=True),
        reader.integer("stockOnHand", required=True),
    )


async def read_lines(account: CustomerAccount, table: Table) -> tuple[list[SheetLine], list[RowProblem]]:
    """The file's rows as report lines, SKUs looked up in the customer's catalog in one query;
    a SKU it does not sell or one already read on an earlier row is a problem of its row."""
    problems = list(table.problems)
    if any(p.row == 1 for p in problems):
        # Until the header names the columns, every row would only repeat the same complaint.
        return [], problems
    cells = [_read_row(row, problems) for row in table.rows]
    skus = {c.sku for c in cells if c.sku}
    query = await sold_variants(account)
    variants: dict[str, Variant] = (
        {v.sku: v for v in await query.filter(sku__in=skus).select_related("product")} if skus else {}
    )
    first_row: dict[str, int] = {}
    lines: list[SheetLine] = []
    for c in cells:
        variant = variants.get(c.sku) if c.sku else None
        if c.sku and variant is None:
            problems.append(
                RowProblem(
                    c.row.number,
                    "sku",
                    ErrorCode.NOT_FOUND,
                    f"SKU '{c.sku}' is not in {account.supplier.name}'s catalog.",
                )
            )
        elif c.sku in first_row:
            problems.append(
                RowProblem(
                    c.row.number, "sku", ErrorCode.DUPLICATE, f"SKU '{c.sku}' is already on row {first_row[c.sku]}."
                )
            )
        if c.sku:
            first_row.setdefault(c.sku, c.row.number)
        lines.append(
            SheetLine(
                c.row.number,
                c.sku or "",
                variant.id if variant else None,
                variant.product.name if variant else None,
                c.quantity_sold,
                c.stock_on_hand,
            )
        )
    problems.sort(key=lambda p: p.row)
    return lines, problems


async def template_rows(principal: Principal, supplier_id: int) -> list[tuple]:
    """The header and one row per SKU the caller may report to the supplier, numbers left blank."""
    account = await reporting_account(principal, supplier_id)
    variants = await (await sold_variants(account)).filter(archived=False).select_related("product").order_by("sku")
    return [TEMPLATE_HEADER, *((v.sku, v.product.name, None, None) for v in variants)]


@dataclass(frozen=True)
class Upload:
    lines: list[SheetLine]
    problems: list[RowProblem]
    report: SellThroughReport | None
    """None on a dry run or when any row has a problem: then nothing was written."""


async def upload(
    principal: Principal, supplier_id: int, period: Period, read: Callable[[], Awaitable[Table]], *, dry_run: bool
) -> Upload:
    """`read` reads the file once the caller is known to report to this supplier for this month."""
    account = await reporting_account(principal, supplier_id)
    check_begun(account, period)
    table = await read()
    if not table.rows and not table.problems:
        raise UserInputError([FieldError(FILE_FIELD, ErrorCode.REQUIRED, "The file has no rows below its header.")])
    lines, problems = await read_lines(account, table)
    inputs = [line.as_input() for line in lines]
    if problems or dry_run:
        return Upload(lines, problems, None)
    report = await write(principal, account, period, [i for i in inputs if i is not None])
    return Upload(lines, problems, report)
