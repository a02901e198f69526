"""多级审核: which flow applies to an order, who decides each step, and what a decision does.

An order placed by checkout starts its walk in the checkout transaction. Each step names a role
(with a minimum approval level) or one user; a step applies when the order's total is above its
amount and the customer is in its group (when it names those). An order no step applies to is
approved at once. A supplier with no flow at all has every order approved by one APPROVER or by
one of its ADMINs (a small seller has no approver); a supplier whose orders need no approval
(`Organization.orders_need_approval` false) has every order approved at placement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Protocol

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import CustomerAccount, Organization, Role, User
from app.accounts.permissions import ANONYMOUS, Principal, require_supplier_role
from app.approvals.events import ApprovalDecided, ApprovalRequested, approver_notice
from app.approvals.models import (
    ApprovalDecision,
    ApprovalDecisionKind,
    ApprovalFlow,
    ApprovalFlowAccount,
    ApprovalStatus,
    ApprovalStep,
    OrderApproval,
)
from app.clock import utc_now
from app.db import fetch
from app.errors import ErrorCode, UserInputError
from app.inventory import service as inventory
from app.ledger import credit
from app.notifications import inbox
from app.orders import process
from app.orders import service as orders
from app.orders.models import Order, OrderLine, OrderStatus, OrderTrack
from app.orders.process import OrderAction
from app.read_versions import EVERYTHING, Change, Kept, announce, flows_key
from app.tenancy import ensure_own, own
from app.validation import Checker

ADMIN_ROLES = frozenset({Role.ADMIN})
DEFAULT_STEP = {"name": "审核 approval", "role": Role.APPROVER.value, "minLevel": None, "userId": None}
"""The one step of a supplier with no flow: an APPROVER decides it, or the supplier's ADMIN (an
approval walking no flow, `flow_id` null, is always at this step)."""
MAX_STEPS = 10


@dataclass(frozen=True)
class StepInput:
    name: str
    role: Role | None = None
    min_level: int | None = None
    user_id: int | None = None
    min_total: Decimal | str | None = None
    customer_group: str | None = None


@dataclass(frozen=True)
class FlowInput:
    name: str
    steps: tuple[StepInput, ...]
    is_default: bool = False
    customer_group: str | None = None
    customer_account_ids: tuple[int, ...] = ()


async def create_flow(principal: Principal, data: FlowInput) -> ApprovalFlow:
    """A new flow; making it the default, or assigning accounts to it, takes them from the old one."""
    require_supplier_role(principal, ADMIN_ROLES)
    supplier_id = principal.require_organization_id()
    checker = Checker()
    name = checker.text("name", data.name, max_length=100, required=True)
    group = checker.text("customerGroup", data.customer_group, max_length=64)
    if not 1 <= len(data.steps) <= MAX_STEPS:
        checker.add("steps", ErrorCode.OUT_OF_RANGE, f"A flow has 1 to {MAX_STEPS} steps.")
    steps = [await _check_step(checker, f"steps.{i}", step, supplier_id) for i, step in enumerate(data.steps)]
    checker.raise_if_any()
    for account_id in data.customer_account_ids:
        await own(CustomerAccount, account_id, supplier_id, "customerAccountIds", "customer account")
    async with in_transaction():
        if data.is_default:
            await ApprovalFlow.filter(supplier_id=supplier_id, is_default=True).update(is_default=False)
        if group:
            await ApprovalFlow.filter(supplier_id=supplier_id, customer_group=group).update(customer_group=None)
        flow = await ApprovalFlow.create(
            supplier_id=supplier_id, name=name, is_default=data.is_default, customer_group=group
        )
        await ApprovalStep.bulk_create(
            [ApprovalStep(flow=flow, position=i, **values) for i, values in enumerate(steps)]
        )
        await ApprovalFlowAccount.filter(customer_account_id__in=list(data.customer_account_ids)).delete()
        await ApprovalFlowAccount.bulk_create(
            [ApprovalFlowAccount(flow=flow, customer_account_id=pk) for pk in sorted(set(data.customer_account_ids))]
        )
        await announce(Change.flows(supplier_id))
    return flow


async def delete_flow(principal: Principal, flow_id: int) -> None:
    """Orders already waiting keep the steps they were given; new orders take the next flow that applies."""
    require_supplier_role(principal, ADMIN_ROLES)
    flow = await own(ApprovalFlow, flow_id, principal.require_organization_id(), "approvalFlowId", "approval flow")
    await flow.delete()
    await announce(Change.flows(flow.supplier_id))


async def _check_step(checker: Checker, field: str, step: StepInput, supplier_id: int) -> dict:
    values = {
        "name": checker.text(f"{field}.name", step.name, max_length=100, required=True),
        "role": step.role,
        "min_level": checker.integer(f"{field}.minLevel", step.min_level, minimum=1, maximum=9),
        "user_id": step.user_id,
        "min_total": checker.money(f"{field}.minTotal", step.min_total),
        "customer_group": checker.text(f"{field}.customerGroup", step.customer_group, max_length=64),
    }
    if (step.role is None) == (step.user_id is None):
        checker.add(field, ErrorCode.INVALID, "A step names either a role or a user.")
    if step.user_id is not None and not await User.exists(id=step.user_id, organization_id=supplier_id):
        checker.add(f"{field}.userId", ErrorCode.NOT_FOUND, "No such user.")
    return values


class FlowSubject(Protocol):
    """What picks an account's flow: the account itself, its supplier and its group."""

    @property
    def id(self) -> int: ...

    @property
    def supplier_id(self) -> int: ...

    @property
    def customer_group(self) -> str | None: ...


@dataclass(frozen=True)
class _Orderer:
    id: int
    supplier_id: int
    customer_group: str | None


async def flow_for(account: FlowSubject) -> ApprovalFlow | None:
    return (await flows_for([account]))[account.id].flow


@dataclass(frozen=True)
class AppliedFlow:
    flow: ApprovalFlow | None
    assigned: bool
    """The account's own assignment, rather than its group's or the default flow."""


@dataclass(frozen=True)
class SupplierFlows:
    """A supplier's flows as orders pick them (a supplier has a handful), each with its steps in order,
    and whether its orders wait for approval at all (its setting)."""

    assigned: dict[int, ApprovalFlow]
    by_group: dict[str, ApprovalFlow]
    default: ApprovalFlow | None
    steps: dict[int, list[ApprovalStep]]
    orders_need_approval: bool = True

    @property
    def ask_group(self) -> bool:
        """Whether an order's customer group may change its flow or steps."""
        return bool(self.by_group) or any(step.customer_group for steps in self.steps.values() for step in steps)

    def applied(self, account: FlowSubject) -> AppliedFlow:
        """The account's own flow, else its group's, else the default."""
        if account.id in self.assigned:
            return AppliedFlow(self.assigned[account.id], True)
        group = self.by_group.get(account.customer_group) if account.customer_group else None
        return AppliedFlow(group or self.default, False)


_kept_flows: Kept[SupplierFlows] = Kept()
"""Each supplier's flows, kept while its flows counter stands (every flow change moves it) and its settings
(`EVERYTHING` moves with them). Read only."""


async def supplier_flows(supplier_id: int) -> SupplierFlows:
    return await _kept_flows.get(supplier_id, (flows_key(supplier_id), EVERYTHING), partial(_load_flows, supplier_id))


async def _load_flows(supplier_id: int) -> SupplierFlows:
    flows = {flow.id: flow for flow in await ApprovalFlow.filter(supplier_id=supplier_id)}
    steps: dict[int, list[ApprovalStep]] = {flow_id: [] for flow_id in flows}
    for step in await ApprovalStep.filter(flow__supplier_id=supplier_id).order_by("flow_id", "position"):
        steps.setdefault(step.flow_id, []).append(step)
    assignments = await ApprovalFlowAccount.filter(flow__supplier_id=supplier_id).values_list(
        "customer_account_id", "flow_id"
    )
    return SupplierFlows(
        assigned={account_id: flows[flow_id] for account_id, flow_id in assignments if flow_id in flows},
        by_group={flow.customer_group: flow for flow in flows.values() if flow.customer_group},
        default=next((flow for flow in flows.values() if flow.is_default), None),
        steps=steps,
        orders_need_approval=(
            await Organization.get(id=supplier_id).only("id", "orders_need_approval")
        ).orders_need_approval,
    )


async def flows_for(accounts: Sequence[FlowSubject]) -> dict[int, AppliedFlow]:
    """Each account's own flow, else its group's, else its supplier's default: no query while each
    supplier's flows are kept."""
    applied = {}
    for supplier_id in sorted({a.supplier_id for a in accounts}):
        flows = await supplier_flows(supplier_id)
        applied.update({a.id: flows.applied(a) for a in accounts if a.supplier_id == supplier_id})
    return applied


async def assign_flow(principal: Principal, flow_id: int | None, account_ids: list[int]) -> ApprovalFlow | None:
    """Gives the accounts their own flow, or with none takes their own away (their group's or
    the default flow applies again). Orders already waiting keep their steps."""
    require_supplier_role(principal, ADMIN_ROLES)
    supplier_id = principal.require_organization_id()
    if not account_ids:
        raise UserInputError.single(("input", "customerAccountIds"), ErrorCode.REQUIRED, "Give at least one account.")
    flow = (
        await own(ApprovalFlow, flow_id, supplier_id, "approvalFlowId", "approval flow")
        if flow_id is not None
        else None
    )
    await ensure_own(CustomerAccount, account_ids, supplier_id, "customerAccountIds", "customer account")
    async with in_transaction():
        await ApprovalFlowAccount.filter(customer_account_id__in=account_ids).delete()
        if flow is not None:
            await ApprovalFlowAccount.bulk_create(
                [ApprovalFlowAccount(flow=flow, customer_account_id=pk) for pk in sorted(set(account_ids))]
            )
        await announce(Change.flows(supplier_id))
    return flow


def _applies(step: ApprovalStep, order: Order, account: FlowSubject) -> bool:
    if step.min_total is not None and not order.total > step.min_total:
        return False
    return step.customer_group is None or step.customer_group == account.customer_group


async def _applicable_steps(order: Order) -> tuple[ApprovalFlow | None, list[dict]]:
    flows = await supplier_flows(order.supplier_id)
    if not flows.orders_need_approval:
        return None, []
    account = _Orderer(
        order.customer_account_id, order.supplier_id, await _group_of(order) if flows.ask_group else None
    )
    flow = flows.applied(account).flow
    if flow is None:
        return None, [DEFAULT_STEP]
    steps = [
        {"name": s.name, "role": s.role.value if s.role else None, "minLevel": s.min_level, "userId": s.user_id}
        for s in flows.steps.get(flow.id, [])
        if _applies(s, order, account)
    ]
    return flow, steps


async def _group_of(order: Order) -> str | None:
    # Hand-written: a checkout asks whenever its supplier's flows look at groups.
    (row,) = await fetch("SELECT customer_group FROM customer_accounts WHERE id = $1", [order.customer_account_id])
    return row["customer_group"]


async def start_approval(order: Order) -> OrderApproval:
    """Call inside the checkout transaction: the order waits at its first step or is approved now
    (by nobody in particular: no step asked anyone)."""
    flow, steps = await _applicable_steps(order)
    approval = OrderApproval(
        order=order, supplier_id=order.supplier_id, flow=flow, steps=steps, status=ApprovalStatus.PENDING
    )
    await _enter_step(approval, order, 0, ANONYMOUS)  # its first save inserts it
    return approval


async def withdraw_approval(change: process.Change) -> None:
    """Runs inside the cancellation's transaction: a cancelled order waits for nobody."""
    await OrderApproval.filter(order_id=change.order.id, status=ApprovalStatus.PENDING).update(
        status=ApprovalStatus.CANCELLED
    )


async def restart_approval(order: Order) -> None:
    """After the buyer edits an order its total changed, so earlier approvals no longer hold: the
    walk starts again at the first step that now applies. Call inside the edit's transaction."""
    approval = await OrderApproval.get_or_none(order_id=order.id)
    if approval is None:
        await start_approval(order)
        return
    approval.flow, approval.steps = await _applicable_steps(order)
    approval.status = ApprovalStatus.PENDING
    await _enter_step(approval, order, 0, ANONYMOUS)


async def _enter_step(approval: OrderApproval, order: Order, index: int, actor: Principal) -> None:
    if index >= len(approval.steps):
        approval.status, approval.step_index = ApprovalStatus.APPROVED, index
        approval.current_role = approval.current_min_level = approval.current_user_id = None
        await approval.save()
        await process.move(order, OrderTrack.STATUS, OrderStatus.APPROVED, actor, "approved")
        return
    step = approval.steps[index]
    approval.step_index = index
    approval.current_role = Role(step["role"]) if step["role"] else None
    approval.current_min_level = step["minLevel"]
    approval.current_user_id = step["userId"]
    await approval.save()
    await outbox.record(
        ApprovalRequested(
            subject_id=order.id,
            supplier_id=order.supplier_id,
            buyer_id=order.buyer_id,
            customer_account_id=order.customer_account_id,
            actor_id=actor.user_id,
            order_id=order.id,
            number=order.number,
            step_index=index,
            step_name=step["name"],
            role=step["role"],
            user_id=step["userId"],
            min_level=step["minLevel"],
            total=str(order.total),
            or_admin=approval.flow_id is None,
        )
    )


def may_decide(principal: Principal, approval: OrderApproval) -> bool:
    if approval.flow_id is None and Role.ADMIN in principal.roles:
        return True
    if approval.current_user_id is not None:
        return principal.user_id == approval.current_user_id
    if approval.current_role is None or approval.current_role not in principal.roles:
        return False
    minimum = approval.current_min_level
    return minimum is None or (principal.approval_level or 0) >= minimum


async def _pending(principal: Principal, order_id: int) -> tuple[Order, OrderApproval]:
    require_supplier_role(principal, frozenset(Role))
    order = await orders.visible_orders(principal).filter(id=order_id, supplier_id=principal.organization_id).first()
    approval = await OrderApproval.get_or_none(order_id=order_id) if order else None
    if order is None or approval is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    if order.status is not OrderStatus.PENDING_APPROVAL or approval.status is not ApprovalStatus.PENDING:
        raise UserInputError.single(
            ("input", "orderId"),
            ErrorCode.INVALID_STATE,
            f"Order {order.number} is {order.status.value}; nothing to decide.",
        )
    if not may_decide(principal, approval):
        step = approval.steps[approval.step_index]
        raise UserInputError.single(
            ("input", "orderId"),
            ErrorCode.NOT_CURRENT_APPROVER,
            f"Order {order.number} waits for step {approval.step_index + 1} ({step['name']}), which is not yours.",
        )
    return order, approval


async def _decide(approval: OrderApproval, order: Order, principal: Principal, kind: ApprovalDecisionKind, comment):
    step = approval.steps[approval.step_index]
    await ApprovalDecision.create(
        approval=approval,
        order=order,
        step_index=approval.step_index,
        step_name=step["name"],
        decision=kind,
        comment=comment,
        user_id=principal.user_id,
    )
    await outbox.record(
        ApprovalDecided(
            subject_id=order.id,
            supplier_id=order.supplier_id,
            buyer_id=order.buyer_id,
            customer_account_id=order.customer_account_id,
            actor_id=principal.user_id,
            order_id=order.id,
            number=order.number,
            step_index=approval.step_index,
            step_name=step["name"],
            decision=kind.value,
            comment=comment,
            final=kind is ApprovalDecisionKind.REJECTED or approval.step_index + 1 == len(approval.steps),
        )
    )


async def approve(principal: Principal, order_id: int, comment: str | None) -> Order:
    """The current step's approver passes the order on; after the last step it is APPROVED
    (charged to the ledger then, if the supplier charges on approval)."""
    checker = Checker()
    comment = checker.text("comment", comment, max_length=500)
    checker.raise_if_any()
    order, approval = await _pending(principal, order_id)
    account = await CustomerAccount.get(id=order.customer_account_id)
    await credit.require_terms(
        account, order.payment_method, order.total, order_id=order.id, field=("input", "orderId")
    )
    async with in_transaction():
        await _claim(approval, step_index=approval.step_index + 1)
        await _decide(approval, order, principal, ApprovalDecisionKind.APPROVED, comment)
        await _enter_step(approval, order, approval.step_index + 1, principal)
    return order


async def _claim(approval: OrderApproval, **change) -> None:
    """Moves the walk on only if nobody decided this step meanwhile (two approvers at once)."""
    moved = await OrderApproval.filter(
        id=approval.id, status=ApprovalStatus.PENDING, step_index=approval.step_index
    ).update(**change)
    if not moved:
        raise UserInputError.single(
            ("input", "orderId"), ErrorCode.INVALID_STATE, "This step was decided meanwhile; reload."
        )


async def reject(principal: Principal, order_id: int, reason: str | None) -> Order:
    """Any step may reject with a reason: the order is REJECTED and its stock released."""
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500, required=True)
    checker.raise_if_any()
    order, approval = await _pending(principal, order_id)
    async with in_transaction():
        await _claim(approval, status=ApprovalStatus.REJECTED)
        await _decide(approval, order, principal, ApprovalDecisionKind.REJECTED, reason)
        approval.status = ApprovalStatus.REJECTED
        approval.current_role = approval.current_min_level = approval.current_user_id = None
        await approval.save()
        await process.move(order, OrderTrack.STATUS, OrderStatus.REJECTED, principal, reason)
    return order


def awaiting(principal: Principal):
    """The approvals waiting for the caller (its user, or its role at its level) on orders it may
    see: a sales rep named by a step decides only for its own customers."""
    require_supplier_role(principal, frozenset(Role))
    mine = Q(current_user_id=principal.user_id)
    if principal.roles:
        by_role = Q(current_role__in=list(principal.roles), current_user_id=None)
        level = principal.approval_level or 0
        mine |= by_role & (Q(current_min_level__isnull=True) | Q(current_min_level__lte=level))
    if Role.ADMIN in principal.roles:
        mine |= Q(flow_id=None)
    visible = orders.visible_orders(principal).filter(status=OrderStatus.PENDING_APPROVAL).values("id")
    return OrderApproval.filter(
        mine, supplier_id=principal.organization_id, status=ApprovalStatus.PENDING, order_id__in=Subquery(visible)
    )


@dataclass(frozen=True)
class LineCheck:
    sku: str
    name: str
    quantity: int
    held: int
    available: int


@dataclass(frozen=True)
class Checks:
    """What the approver weighs: stock, credit headroom, prepaid balance and the cut-off."""

    order: Order
    lines: list[LineCheck]
    credit_limit: Decimal
    credit_headroom: Decimal
    prepaid_balance: Decimal
    terms_problem: str | None
    cutoff_at: datetime | None
    cutoff_passed: bool


async def checks_for(approvals: list[OrderApproval]) -> dict[int, Checks]:
    """The checks of many orders in a fixed number of queries."""
    order_ids = [a.order_id for a in approvals]
    orders_by_id = {o.id: o for o in await Order.filter(id__in=order_ids)}
    accounts = await CustomerAccount.filter(id__in=list({o.customer_account_id for o in orders_by_id.values()}))
    positions = await credit.positions(accounts)
    lines = await OrderLine.filter(order_id__in=order_ids).order_by("id")
    available = await inventory.available_by_variant(list({line.variant_id for line in lines}))
    held = await inventory.held_by_line(order_ids)
    by_order: dict[int, list[LineCheck]] = {pk: [] for pk in order_ids}
    for line in lines:
        by_order[line.order_id].append(
            LineCheck(
                line.sku,
                line.name,
                line.quantity,
                int(held.get(line.id) or 0),
                int(available.get(line.variant_id) or 0),
            )
        )
    now = utc_now()
    result = {}
    for order in orders_by_id.values():
        position = positions[order.customer_account_id]
        problem = credit.terms_problem(position, order.payment_method, order.total, order.id)
        result[order.id] = Checks(
            order=order,
            lines=by_order[order.id],
            credit_limit=position.credit_limit,
            credit_headroom=position.credit_headroom(excluding=order.id),
            prepaid_balance=position.prepaid_balance(excluding=order.id),
            terms_problem=problem[1] if problem else None,
            cutoff_at=order.cutoff_at,
            cutoff_passed=order.cutoff_at is not None and now >= order.cutoff_at,
        )
    return result


async def _offer_decisions(principal: Principal, orders_: list[Order]) -> dict[int, set[OrderAction]]:
    """APPROVE and REJECT on the orders whose current step waits for the caller."""
    waiting = [
        o.id for o in orders_ if o.status is OrderStatus.PENDING_APPROVAL and o.supplier_id == principal.organization_id
    ]
    if not waiting or not principal.can_sell:
        return {}
    pending = await OrderApproval.filter(order_id__in=waiting, status=ApprovalStatus.PENDING)
    return {a.order_id: {OrderAction.APPROVE, OrderAction.REJECT} for a in pending if may_decide(principal, a)}


async def _start_on_placement(placing: process.Placing) -> None:
    await start_approval(placing.order)


async def _restart_on_edit(order: Order, edited_by: Principal) -> None:
    await restart_approval(order)


async def _restart_on_amend(amendment: process.Amendment) -> None:
    """The supplier's staff changed a pending order: its walk starts again (an approved one stays approved)."""
    if amendment.order.status is OrderStatus.PENDING_APPROVAL:
        await restart_approval(amendment.order)


def install() -> None:
    """Approvals' part of the order process: a placed order starts its walk, an edited one starts
    again, a cancelled one is withdrawn; the approver's buttons come from here."""
    process.on_placed(_start_on_placement)
    process.on_edited(_restart_on_edit)
    process.on_amended(_restart_on_amend)
    process.on_enter(OrderTrack.STATUS, OrderStatus.CANCELLED, withdraw_approval)
    process.offer_actions(_offer_decisions)
    inbox.plan_for(ApprovalRequested, approver_notice)
