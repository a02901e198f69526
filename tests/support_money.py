"""Builders for approvals, payments and ledger tests: a shop with approvers and a two-step flow."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.accounts.models import CustomerAccount, Role, User
from app.approvals import service as approvals
from app.catalog.models import Variant
from tests.support import Supplier, make_buyer, make_shop, make_user, principal_of


@dataclass
class Shop:
    supplier: Supplier
    variants: dict[str, Variant]
    approver: User
    finance: User
    buyer: User
    account: CustomerAccount


async def make_approval_shop(code: str = "acme", *, stock: int = 10_000, credit_limit: str = "0") -> Shop:
    """make_shop with an approver (level 1), a finance user (approver level 2) and one approved buyer."""
    supplier, _, variants = await make_shop(code, stock=stock)
    approver = await make_user(supplier.org, f"approver@{code}.test", {Role.APPROVER: 1})
    finance = await make_user(supplier.org, f"finance@{code}.test", {Role.FINANCE: None, Role.APPROVER: 2})
    _, buyer, account = await make_buyer(supplier, f"{code}-buyer")
    await CustomerAccount.filter(id=account.id).update(credit_limit=Decimal(credit_limit), payment_terms_days=30)
    return Shop(supplier, variants, approver, finance, buyer, await CustomerAccount.get(id=account.id))


async def two_step_flow(shop: Shop):
    """Sales manager (approver level 1) for every order, then finance (level 2) above ¥50,000."""
    return await approvals.create_flow(
        await principal_of(shop.supplier.admin),
        approvals.FlowInput(
            name="Two steps",
            is_default=True,
            steps=(
                approvals.StepInput(name="Sales manager", role=Role.APPROVER, min_level=1),
                approvals.StepInput(name="Finance", role=Role.APPROVER, min_level=2, min_total="50000"),
            ),
        ),
    )
