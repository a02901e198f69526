"""Customers in bulk (客户导入): the batch path of the customer-account rules for a supplier's import.

Every record is checked before anything is written, with the same checks `customerAccountUpdate` makes
(app.accounts.service.check_terms) and the same login rules invitations follow; the existing accounts,
logins and sales reps are loaded once, not per record. A record upserts by the supplier's own customer
code: a known code updates that account's terms, a new one creates the buyer organization, its first
user (ADMIN, INVITED: it sets its password through the invitation link, as `userInvite` does) and an
APPROVED account. Problems come back as (row, column, reason) with columns named as the import names them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from app import read_versions
from app.accounts import events, service, users
from app.accounts.models import CustomerAccount, CustomerAccountStatus, Organization, Role, User, UserRole
from app.accounts.permissions import Action, Principal, require
from app.changes import diff, note_changes
from app.clock import utc_now
from app.errors import ErrorCode
from app.messaging import Transport
from app.tabular import RowProblem, row_problems
from app.validation import Checker

CODE_MAX = 64


@dataclass(frozen=True)
class CustomerRecord:
    """One row of a customers file; `terms.fields_set` names the columns the row fills."""

    row: int
    code: str
    name: str | None
    contact_email: str | None
    contact_phone: str | None
    terms: service.CustomerTerms
    sales_rep_email: str | None = None


@dataclass
class CustomerPlan:
    supplier_id: int
    creates: list[tuple[CustomerRecord, dict]] = field(default_factory=list)
    updates: list[tuple[CustomerAccount, dict]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def require_customer_importer(principal: Principal) -> int:
    """Creating approved customers with credit terms: what approving and updating an account need."""
    for action in (Action.DECIDE_CUSTOMER_ACCOUNT, Action.UPDATE_CUSTOMER_ACCOUNT, Action.UPDATE_CUSTOMER_CREDIT):
        require(principal, action)
    return principal.require_organization_id()


async def plan_customers(principal: Principal, records: list[CustomerRecord]) -> CustomerPlan:
    supplier_id = require_customer_importer(principal)
    plan = CustomerPlan(supplier_id)
    existing = await _accounts_by_code(supplier_id, [r.code for r in records])
    reps = await _sales_reps_by_email(supplier_id, [r.sales_rep_email for r in records if r.sales_rep_email])
    taken = await _taken_logins(records)
    seen_codes: set[str] = set()
    for record in records:
        if record.code in seen_codes:
            plan.problems.append(
                RowProblem(record.row, "customerCode", ErrorCode.DUPLICATE, f"Customer {record.code} appears twice.")
            )
            continue
        seen_codes.add(record.code)
        changes = _checked_terms(record, reps, plan.problems)
        account = existing.get(record.code)
        if account is None:
            _plan_create(record, changes, taken, plan)
        else:
            plan.updates.append((account, {**changes, "code": record.code}))
    return plan


async def _accounts_by_code(supplier_id: int, codes: list[str]) -> dict[str, CustomerAccount]:
    """Accounts by the supplier's customer code; one without a code (it registered online) answers to its
    buyer organization's code, as the export writes it, and takes the code on import."""
    found = {str(a.code): a for a in await CustomerAccount.filter(supplier_id=supplier_id, code__in=codes)}
    for account in await CustomerAccount.filter(
        supplier_id=supplier_id, code=None, buyer__code__in=codes
    ).select_related("buyer"):
        found.setdefault(account.buyer.code, account)
    return found


def _checked_terms(record: CustomerRecord, reps: dict[str, int], problems: list[RowProblem]) -> dict:
    checker = Checker(prefix=())
    changes = service.check_terms(checker, record.terms)
    if record.sales_rep_email:
        rep = reps.get(record.sales_rep_email.casefold())
        if rep is None:
            checker.add("salesRep", ErrorCode.NOT_FOUND, f"No active sales rep {record.sales_rep_email} here.")
        changes["sales_rep_id"] = rep
    problems.extend(row_problems(record.row, checker.errors))
    return changes


def _plan_create(record: CustomerRecord, changes: dict, taken: set[str], plan: CustomerPlan) -> None:
    checker = Checker(prefix=())
    name = checker.text("customerName", record.name, max_length=service.NAME_MAX, required=True)
    if not (record.contact_email or record.contact_phone):
        checker.add("contactEmail", ErrorCode.REQUIRED, "A new customer needs an email or phone to be invited.")
    for column, login in (("contactEmail", record.contact_email), ("contactPhone", record.contact_phone)):
        if login and login.casefold() in taken:
            checker.add(column, ErrorCode.ALREADY_EXISTS, f"{login} is already registered.")
        elif login:
            taken.add(login.casefold())
    plan.problems.extend(row_problems(record.row, checker.errors))
    plan.creates.append((record, {**changes, "name": name}))


async def _sales_reps_by_email(supplier_id: int, emails: list[str]) -> dict[str, int]:
    if not emails:
        return {}
    rows = await service.sales_reps_of(supplier_id).values_list("user__email", "user_id")
    return {email.casefold(): user_id for email, user_id in rows if email}


async def _taken_logins(records: list[CustomerRecord]) -> set[str]:
    """The emails and phones of new customers' contacts that some user already signs in with."""
    emails = [r.contact_email for r in records if r.contact_email]
    phones = [r.contact_phone for r in records if r.contact_phone]
    found = await User.filter(email__in=emails).values_list("email", flat=True) if emails else []
    found += await User.filter(phone__in=phones).values_list("phone", flat=True) if phones else []
    return {str(login).casefold() for login in found}


async def apply_customers(principal: Principal, plan: CustomerPlan) -> list[tuple[User, str]]:
    """Writes a plan without problems; call inside the import's transaction. Returns the invitations to
    send once it commits."""
    invited = await _create_customers(principal, plan)
    for account, changes in plan.updates:
        await _update_account(principal, account, changes)
    return invited


async def _create_customers(principal: Principal, plan: CustomerPlan) -> list[tuple[User, str]]:
    if not plan.creates:
        return []
    org_codes = {record.code: f"org-{secrets.token_hex(5)}" for record, _ in plan.creates}
    await Organization.bulk_create(
        [
            Organization(code=org_codes[r.code], name=values["name"], can_buy=True, contact_phone=r.contact_phone)
            for r, values in plan.creates
        ]
    )
    org_ids = dict(await Organization.filter(code__in=list(org_codes.values())).values_list("code", "id"))
    buyer_of = {code: org_ids[org_code] for code, org_code in org_codes.items()}
    await User.bulk_create(
        [
            User(
                organization_id=buyer_of[r.code],
                name=r.terms.contact_name or values["name"],
                email=r.contact_email,
                phone=r.contact_phone,
                password_hash="",
                is_active=False,
            )
            for r, values in plan.creates
        ]
    )
    created_users = await User.filter(organization_id__in=list(buyer_of.values()))
    await UserRole.bulk_create([UserRole(user_id=u.id, role=Role.ADMIN) for u in created_users])
    now = utc_now()
    await CustomerAccount.bulk_create(
        [
            CustomerAccount(
                supplier_id=plan.supplier_id,
                buyer_id=buyer_of[r.code],
                code=r.code,
                status=CustomerAccountStatus.APPROVED,
                decided_at=now,
                decided_by_id=principal.user_id,
                **{k: v for k, v in values.items() if k != "name"},
            )
            for r, values in plan.creates
        ]
    )
    for account in await CustomerAccount.filter(supplier_id=plan.supplier_id, code__in=list(buyer_of)):
        # Created approved: to its listeners it is a registration approved at once.
        await service.record_account_event(
            account, events.CustomerAccountApproved, principal.user_id, previous_status="PENDING", reason="import"
        )
    return await users.issue_invitations(created_users, principal.user_id)


async def _update_account(principal: Principal, account: CustomerAccount, changes: dict) -> None:
    before = {name: getattr(account, name) for name in changes}
    changed = diff(before, changes)
    if not changed:
        return
    account.update_from_dict(changes)
    await account.save(update_fields=list(changes))
    await note_changes("CustomerAccount", account.id, changed)
    await service.record_account_event(
        account, events.CustomerAccountUpdated, principal.user_id, changed=sorted(changes)
    )


async def announce_customers(plan: CustomerPlan, invited: list[tuple[User, str]], transport: Transport) -> None:
    """After the import commits: buyers' cached views change, invitations go out."""
    buyers = {account.buyer_id for account, _ in plan.updates} | {user.organization_id for user, _ in invited}
    for buyer_id in buyers:
        await read_versions.announce(read_versions.Change.buyer(buyer_id))
    await users.send_invitations(invited, transport)


async def import_customers(
    principal: Principal, records: list[CustomerRecord], *, dry_run: bool, transport: Transport
) -> CustomerPlan:
    """The plan, written all-or-nothing unless it has problems or this is a dry run."""
    plan = await plan_customers(principal, records)
    if plan.problems or dry_run:
        return plan
    async with in_transaction():
        invited = await apply_customers(principal, plan)
    await announce_customers(plan, invited, transport)
    return plan
