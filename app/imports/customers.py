"""Customers file (客户导入/导出): one row per customer account, upserted by the supplier's customer code."""

from __future__ import annotations

from decimal import Decimal

from app.accounts.customer_import import CODE_MAX, CustomerRecord, require_customer_importer
from app.accounts.customer_import import import_customers as import_records
from app.accounts.models import CustomerAccount, Role, User, UserRole
from app.accounts.permissions import Principal
from app.accounts.service import CustomerTerms
from app.imports.common import MAX_IMPORT_ROWS, ImportResult, Progress, no_progress
from app.messaging import Transport
from app.tabular import Column, Row, RowProblem, RowReader, read_table

COLUMNS = (
    Column("customerCode", ("客户编码", "customer code"), required=True),
    Column("customerName", ("客户名称", "公司名称", "customer name")),
    Column("contactName", ("联系人",)),
    Column("contactEmail", ("邮箱", "联系人邮箱", "email")),
    Column("contactPhone", ("手机", "电话", "联系电话", "phone")),
    Column("tier", ("客户等级", "等级")),
    Column("customerGroup", ("客户分组", "客户类型", "group")),
    Column("region", ("区域", "地区")),
    Column("creditLimit", ("信用额度",)),
    Column("paymentTermsDays", ("账期", "账期天数")),
    Column("salesRep", ("业务员", "业务员邮箱", "sales rep")),
    Column("note", ("备注",)),
)
# Each column the file fills sets that field of the account's terms; the others keep their value.
TERM_FIELDS = {
    "tier": "tier",
    "customerGroup": "customer_group",
    "region": "region",
    "contactName": "contact_name",
    "contactPhone": "contact_phone",
    "note": "note",
    "creditLimit": "credit_limit",
    "paymentTermsDays": "payment_terms_days",
}


async def import_customers(
    principal: Principal,
    filename: str,
    data: bytes,
    *,
    dry_run: bool,
    transport: Transport,
    progress: Progress = no_progress,
) -> ImportResult:
    require_customer_importer(principal)
    table = read_table(filename, data, COLUMNS, max_rows=MAX_IMPORT_ROWS)
    progress("read", len(table.rows), len(table.rows))
    problems = list(table.problems)
    records = [record for row in table.rows if (record := _record(row, problems)) is not None]
    # A file with bad cells is still planned, so one answer lists every problem, but never written.
    plan = await import_records(principal, records, dry_run=dry_run or bool(problems), transport=transport)
    problems.extend(plan.problems)
    progress("import", len(records), len(records))
    problems.sort(key=lambda p: (p.row, p.column or ""))
    return ImportResult(len(plan.creates), len(plan.updates), problems, dry_run)


def _record(row: Row, problems: list[RowProblem]) -> CustomerRecord | None:
    reader = RowReader(row, problems)
    code = reader.text("customerCode", max_length=CODE_MAX, required=True)
    email = reader.email("contactEmail")
    sales_rep = reader.email("salesRep")
    credit = reader.money("creditLimit")
    days = reader.integer("paymentTermsDays", maximum=100_000)
    if code is None:
        return None
    given = {TERM_FIELDS[c] for c in TERM_FIELDS if c in row.values}
    terms = CustomerTerms(
        tier=row.values.get("tier"),
        customer_group=row.values.get("customerGroup"),
        region=row.values.get("region"),
        contact_name=row.values.get("contactName"),
        contact_phone=row.values.get("contactPhone"),
        note=row.values.get("note"),
        credit_limit=credit if credit is not None else Decimal(0),
        payment_terms_days=days or 0,
        fields_set=frozenset(given),
    )
    return CustomerRecord(
        row=row.number,
        code=code,
        name=row.values.get("customerName"),
        contact_email=email,
        contact_phone=row.values.get("contactPhone"),
        terms=terms,
        sales_rep_email=sales_rep,
    )


async def export_rows(supplier_id: int) -> dict[str, list[tuple]]:
    """The supplier's customer accounts as the import reads them."""
    accounts = await CustomerAccount.filter(supplier_id=supplier_id).select_related("buyer").order_by("id")
    rep_emails = dict(
        await User.filter(id__in={a.sales_rep_id for a in accounts if a.sales_rep_id}).values_list("id", "email")
    )
    contacts = await _first_admin_logins([a.buyer_id for a in accounts])
    rows: list[tuple] = [tuple(c.key for c in COLUMNS)]
    for account in accounts:
        email, phone = contacts.get(account.buyer_id, (None, None))
        rows.append(
            (
                account.code or account.buyer.code,
                account.buyer.name,
                account.contact_name or "",
                email or "",
                account.contact_phone or phone or "",
                account.tier or "",
                account.customer_group or "",
                account.region or "",
                str(account.credit_limit),
                account.payment_terms_days,
                rep_emails.get(account.sales_rep_id, "") if account.sales_rep_id else "",
                account.note or "",
            )
        )
    return {"customers": rows}


async def _first_admin_logins(buyer_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    logins: dict[int, tuple[str | None, str | None]] = {}
    for organization_id, email, phone in (
        await UserRole.filter(role=Role.ADMIN, user__organization_id__in=buyer_ids)
        .order_by("user_id")
        .values_list("user__organization_id", "user__email", "user__phone")
    ):
        logins.setdefault(organization_id, (email, phone))
    return logins


def template_rows() -> dict[str, list[tuple]]:
    return {"customers": [tuple(c.key for c in COLUMNS)]}
