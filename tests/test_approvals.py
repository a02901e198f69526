"""多级审核: flows by account, group or default; steps by role and level or by user; amount and
group conditions; approve, reject with reason, wrong approvers refused; the approver's checks."""

from __future__ import annotations

from decimal import Decimal

from app.accounts.models import ChargeMoment, CustomerAccount, Organization, Role
from app.approvals import service as approvals
from app.carts import checkout
from app.inventory.models import Stock
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import Order, OrderStatus, PaymentMethod
from app.outbox import OutboxEvent
from tests.support import gid, make_buyer, make_user, place_order, principal_of
from tests.support_money import make_approval_shop, two_step_flow

APPROVALS = """{ approvals { totalCount nodes { stepIndex currentStep { name role minLevel }
  order { number status total { amount } }
  checks { stockSufficient creditHeadroom { amount } prepaidBalance { amount } termsProblem cutoffPassed
           lines { sku quantity held available } }
  decisions { stepName decision comment userName } } } }"""
APPROVE = """mutation A($input: OrderApproveInput!) { orderApprove(input: $input) {
  order { status } userErrors { field code message } } }"""
REJECT = """mutation R($input: OrderRejectInput!) { orderReject(input: $input) {
  order { status } userErrors { field code message } } }"""


async def test_two_step_flow_small_order_one_step_large_order_two(client):
    shop = await make_approval_shop()
    await two_step_flow(shop)
    await Organization.filter(id=shop.supplier.org.id).update(charge_orders_on=ChargeMoment.APPROVAL)
    small = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 10}, key="small")
    large = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 5100}, key="large")
    assert (small.total, large.total) == (Decimal("100.00"), Decimal("51000.00"))
    approver = await client.token(shop.approver.email)
    finance = await client.token(shop.finance.email)

    waiting = (await client.data(APPROVALS, token=approver))["approvals"]
    assert waiting["totalCount"] == 2
    assert {n["order"]["number"]: n["currentStep"] for n in waiting["nodes"]} == {
        small.number: {"name": "Sales manager", "role": "APPROVER", "minLevel": 1},
        large.number: {"name": "Sales manager", "role": "APPROVER", "minLevel": 1},
    }
    assert waiting["nodes"][0]["checks"]["lines"] == [{"sku": "TEA-1", "quantity": 10, "held": 10, "available": 4890}]
    assert waiting["nodes"][0]["checks"]["stockSufficient"] is True

    done = await client.data(APPROVE, {"input": {"orderId": gid("Order", small.id), "comment": "ok"}}, token=approver)
    assert done["orderApprove"] == {"order": {"status": "APPROVED"}, "userErrors": []}

    first = await client.data(APPROVE, {"input": {"orderId": gid("Order", large.id)}}, token=approver)
    assert first["orderApprove"] == {"order": {"status": "PENDING_APPROVAL"}, "userErrors": []}
    again = (await client.data(APPROVE, {"input": {"orderId": gid("Order", large.id)}}, token=approver))["orderApprove"]
    assert again["userErrors"] == [
        {
            "field": ["input", "orderId"],
            "code": "NOT_CURRENT_APPROVER",
            "message": f"Order {large.number} waits for step 2 (Finance), which is not yours.",
        }
    ]
    assert (await client.data(APPROVALS, token=approver))["approvals"]["totalCount"] == 0
    for_finance = (await client.data(APPROVALS, token=finance))["approvals"]["nodes"]
    assert [(n["order"]["number"], n["stepIndex"]) for n in for_finance] == [(large.number, 1)]
    assert [(d["stepName"], d["decision"], d["userName"]) for d in for_finance[0]["decisions"]] == [
        ("Sales manager", "APPROVED", "approver")
    ]
    final = await client.data(APPROVE, {"input": {"orderId": gid("Order", large.id)}}, token=finance)
    assert final["orderApprove"] == {"order": {"status": "APPROVED"}, "userErrors": []}

    requested = await OutboxEvent.filter(kind="approval.requested", subject_id=large.id).order_by("id")
    assert [e.payload for e in requested] == [
        {
            "orderId": large.id,
            "number": large.number,
            "stepIndex": i,
            "stepName": name,
            "role": "APPROVER",
            "userId": None,
            "minLevel": level,
            "total": "51000.00",
            "orAdmin": False,
        }
        for i, name, level in ((0, "Sales manager", 1), (1, "Finance", 2))
    ]
    assert await OutboxEvent.filter(kind="approval.decided", subject_id=large.id).count() == 2
    charges = (
        await LedgerEntry.filter(kind=LedgerEntryKind.ORDER_CHARGE).order_by("id").values_list("order_id", "amount")
    )
    assert charges == [(small.id, Decimal("100.00")), (large.id, Decimal("51000.00"))]


async def test_rejection_needs_a_reason_returns_stock_and_notifies(client):
    shop = await make_approval_shop()
    await two_step_flow(shop)
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 30})
    assert await Stock.filter(variant_id=shop.variants["TEA-1"].id).values_list("reserved", flat=True) == [30]
    token = await client.token(shop.approver.email)
    blank = (await client.data(REJECT, {"input": {"orderId": gid("Order", order.id), "reason": " "}}, token=token))[
        "orderReject"
    ]
    assert blank["userErrors"][0]["code"] == "REQUIRED" and blank["userErrors"][0]["field"] == ["input", "reason"]

    rejected = await client.data(
        REJECT, {"input": {"orderId": gid("Order", order.id), "reason": "price wrong"}}, token=token
    )
    assert rejected["orderReject"] == {"order": {"status": "REJECTED"}, "userErrors": []}
    assert await Stock.filter(variant_id=shop.variants["TEA-1"].id).values_list("reserved", flat=True) == [0]
    decided = await OutboxEvent.get(kind="approval.decided", subject_id=order.id)
    assert (decided.payload["decision"], decided.payload["comment"], decided.payload["final"]) == (
        "REJECTED",
        "price wrong",
        True,
    )
    changed = await OutboxEvent.get(kind="order.status_changed", subject_id=order.id)
    assert (changed.payload["status"], changed.payload["reason"], changed.actor_id) == (
        "REJECTED",
        "price wrong",
        shop.approver.id,
    )
    late = (await client.data(APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=token))["orderApprove"]
    assert late["userErrors"][0]["code"] == "INVALID_STATE"


async def test_wrong_approvers_are_refused_and_nothing_changes(client):
    shop = await make_approval_shop()
    await two_step_flow(shop)
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 5100})
    warehouse = await make_user(shop.supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    refused = await client.data(
        APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=await client.token(warehouse.email)
    )
    assert refused["orderApprove"]["userErrors"][0]["code"] == "NOT_CURRENT_APPROVER"
    by_buyer = await client.execute(
        APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=await client.token(shop.buyer.email)
    )
    assert by_buyer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = await make_approval_shop("other")
    foreign = await client.data(
        APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=await client.token(other.approver.email)
    )
    assert foreign["orderApprove"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await Order.get(id=order.id)).status is OrderStatus.PENDING_APPROVAL
    assert await OutboxEvent.filter(kind="approval.decided").count() == 0


async def test_no_applicable_step_approves_at_once_and_no_flow_waits_for_an_approver():
    shop = await make_approval_shop()
    unflowed = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2}, key="a")
    assert unflowed.status is OrderStatus.PENDING_APPROVAL
    await approvals.create_flow(
        await principal_of(shop.supplier.admin),
        approvals.FlowInput(
            name="Big only",
            is_default=True,
            steps=(approvals.StepInput(name="Finance", role=Role.FINANCE, min_total="50000"),),
        ),
    )
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2}, key="b")
    assert order.status is OrderStatus.APPROVED
    assert (await Order.get(id=order.id)).status is OrderStatus.APPROVED
    assert await OutboxEvent.filter(kind="approval.requested", subject_id=order.id).count() == 0
    assert await LedgerEntry.all().count() == 0


async def test_account_flow_beats_group_flow_beats_default_and_user_steps(client):
    shop = await make_approval_shop()
    admin = await principal_of(shop.supplier.admin)
    await two_step_flow(shop)
    _, chain_buyer, chain = await make_buyer(shop.supplier, "chain")
    await CustomerAccount.filter(id=chain.id).update(customer_group="chain")
    _, vip_buyer, vip = await make_buyer(shop.supplier, "vip")
    await CustomerAccount.filter(id=vip.id).update(customer_group="chain")
    await approvals.create_flow(
        admin,
        approvals.FlowInput(
            name="Chain", customer_group="chain", steps=(approvals.StepInput(name="Finance", role=Role.FINANCE),)
        ),
    )
    await approvals.create_flow(
        admin,
        approvals.FlowInput(
            name="VIP",
            customer_account_ids=(vip.id,),
            steps=(approvals.StepInput(name="Boss", user_id=shop.supplier.admin.id),),
        ),
    )
    chain_order = await place_order(chain_buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2})
    vip_order = await place_order(vip_buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2})
    steps = dict(await OutboxEvent.filter(kind="approval.requested").values_list("subject_id", "payload"))
    assert (steps[chain_order.id]["stepName"], steps[chain_order.id]["role"]) == ("Finance", "FINANCE")
    assert (steps[vip_order.id]["stepName"], steps[vip_order.id]["userId"]) == ("Boss", shop.supplier.admin.id)
    approver = await client.token(shop.approver.email)
    assert (await client.data(APPROVE, {"input": {"orderId": gid("Order", vip_order.id)}}, token=approver))[
        "orderApprove"
    ]["userErrors"][0]["code"] == "NOT_CURRENT_APPROVER"
    boss = await client.token(shop.supplier.admin.email)
    assert (await client.data(APPROVALS, token=boss))["approvals"]["totalCount"] == 1
    assert (await client.data(APPROVE, {"input": {"orderId": gid("Order", vip_order.id)}}, token=boss))["orderApprove"][
        "order"
    ] == {"status": "APPROVED"}


async def test_approval_shows_credit_and_refuses_an_order_over_the_limit(client):
    shop = await make_approval_shop(credit_limit="1000")
    await two_step_flow(shop)
    order = await place_order(
        shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 80}, payment_method=PaymentMethod.ON_ACCOUNT
    )
    await LedgerEntry.create(
        customer_account_id=shop.account.id,
        kind=LedgerEntryKind.ADJUSTMENT,
        amount=Decimal("500.00"),
        currency="CNY",
        note="old debt",
        occurred_at=order.created_at,
    )
    token = await client.token(shop.approver.email)
    checks = (await client.data(APPROVALS, token=token))["approvals"]["nodes"][0]["checks"]
    assert checks["creditHeadroom"] == {"amount": "500.00"}
    assert checks["termsProblem"] == "This order exceeds your credit limit by ¥300.00."
    refused = (await client.data(APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=token))["orderApprove"]
    assert refused["userErrors"] == [
        {
            "field": ["input", "orderId"],
            "code": "CREDIT_LIMIT_EXCEEDED",
            "message": "This order exceeds your credit limit by ¥300.00.",
        }
    ]
    assert await OutboxEvent.filter(kind="approval.decided").count() == 0


async def test_approvals_list_is_a_constant_number_of_queries(client, query_counter):
    shop = await make_approval_shop()
    await two_step_flow(shop)
    token = await client.token(shop.approver.email)
    counts = []
    for key in ("a", "b", "c"):
        await place_order(
            shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2, shop.variants["TEA-6"]: 6}, key=key
        )
        query_counter.reset()
        body = await client.data(APPROVALS, token=token)
        counts.append(query_counter.count)
    assert body["approvals"]["totalCount"] == 3
    assert counts[0] == counts[1] == counts[2], counts


async def test_demo_flow_is_seeded_once():
    from app.approvals.models import ApprovalFlow, ApprovalStep
    from app.demo.seed import seed_demo

    await seed_demo()
    await seed_demo()
    flow = await ApprovalFlow.get(supplier__code="huaxin", is_default=True)
    steps = (
        await ApprovalStep.filter(flow_id=flow.id).order_by("position").values_list("role", "min_level", "min_total")
    )
    assert steps == [(Role.APPROVER, 1, None), (Role.APPROVER, 2, Decimal("50000.00"))]
    assert await ApprovalFlow.all().count() == 1


async def test_an_edit_restarts_the_walk_with_the_steps_the_new_total_needs():
    from app.orders.models import OrderLine

    shop = await make_approval_shop()
    await two_step_flow(shop)
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 10})
    line = await OrderLine.get(order_id=order.id)
    await checkout.edit_order(
        await principal_of(shop.buyer), order.id, order.version, [checkout.LineChange(line.id, 5100)]
    )
    approved_once = await approvals.approve(await principal_of(shop.approver), order.id, None)
    assert approved_once.status is OrderStatus.PENDING_APPROVAL
    requested = (
        await OutboxEvent.filter(kind="approval.requested", subject_id=order.id)
        .order_by("id")
        .values_list("payload", flat=True)
    )
    assert [(p["stepName"], p["total"]) for p in requested] == [
        ("Sales manager", "100.00"),
        ("Sales manager", "51000.00"),
        ("Finance", "51000.00"),
    ]


async def test_two_approvers_at_once_never_decide_one_step_twice():
    import asyncio

    from app.approvals.models import ApprovalDecision
    from app.errors import UserInputError

    shop = await make_approval_shop()
    await two_step_flow(shop)
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 5100})
    outcomes = await asyncio.gather(
        approvals.approve(await principal_of(shop.approver), order.id, None),
        approvals.approve(await principal_of(shop.finance), order.id, None),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, UserInputError)]
    assert all(e.errors[0].code.value in {"INVALID_STATE", "NOT_CURRENT_APPROVER"} for e in refused), outcomes
    steps = await ApprovalDecision.filter(order_id=order.id).order_by("id").values_list("step_index", flat=True)
    assert steps == list(range(len(steps))) and len(steps) == 2 - len(refused)
    expected = OrderStatus.APPROVED if not refused else OrderStatus.PENDING_APPROVAL
    assert (await Order.get(id=order.id)).status is expected


FLOW_CREATE = """mutation F($input: ApprovalFlowCreateInput!) { approvalFlowCreate(input: $input) {
  approvalFlow { id name isDefault customerGroup steps { position name role minLevel userId minTotal customerGroup } }
  userErrors { field code message } } }"""


async def test_flows_are_created_checked_and_listed_over_graphql(client):
    shop = await make_approval_shop()
    admin = await client.token(shop.supplier.admin.email)
    bad = {
        "name": "x",
        "steps": [
            {"name": "both", "role": "APPROVER", "userId": gid("User", shop.approver.id)},
            {"name": "level", "role": "APPROVER", "minLevel": 0, "minTotal": "-1"},
        ],
    }
    errors = (await client.data(FLOW_CREATE, {"input": bad}, token=admin))["approvalFlowCreate"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["input", "steps", "0"], "INVALID"),
        (["input", "steps", "1", "minLevel"], "OUT_OF_RANGE"),
        (["input", "steps", "1", "minTotal"], "OUT_OF_RANGE"),
    ]
    empty = (await client.data(FLOW_CREATE, {"input": {"name": "none", "steps": []}}, token=admin))[
        "approvalFlowCreate"
    ]
    assert empty["userErrors"][0]["code"] == "OUT_OF_RANGE"
    refused = await client.execute(
        FLOW_CREATE,
        {"input": {"name": "f", "steps": [{"name": "s", "role": "FINANCE"}]}},
        token=await client.token(shop.approver.email),
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    good = {
        "name": "Chain",
        "customerGroup": "chain",
        "steps": [
            {"name": "Rep", "role": "APPROVER", "minLevel": 1, "customerGroup": "chain"},
            {"name": "Boss", "userId": gid("User", shop.supplier.admin.id), "minTotal": "10000"},
        ],
    }
    made = (await client.data(FLOW_CREATE, {"input": good}, token=admin))["approvalFlowCreate"]
    assert made["userErrors"] == []
    flow_id = made["approvalFlow"].pop("id")
    assert made["approvalFlow"] == {
        "name": "Chain",
        "isDefault": False,
        "customerGroup": "chain",
        "steps": [
            {
                "position": 0,
                "name": "Rep",
                "role": "APPROVER",
                "minLevel": 1,
                "userId": None,
                "minTotal": None,
                "customerGroup": "chain",
            },
            {
                "position": 1,
                "name": "Boss",
                "role": None,
                "minLevel": None,
                "userId": gid("User", shop.supplier.admin.id),
                "minTotal": "10000.00",
                "customerGroup": None,
            },
        ],
    }
    listed = await client.data(
        "{ approvalFlows { name steps { name } } }", token=await client.token(shop.finance.email)
    )
    assert listed["approvalFlows"] == [{"name": "Chain", "steps": [{"name": "Rep"}, {"name": "Boss"}]}]

    delete = """mutation D($id: ID!) { approvalFlowDelete(input: {approvalFlowId: $id}) {
      deletedApprovalFlowId userErrors { code } } }"""
    stranger = await make_approval_shop("other")
    foreign = await client.data(delete, {"id": flow_id}, token=await client.token(stranger.supplier.admin.email))
    assert foreign["approvalFlowDelete"]["userErrors"] == [{"code": "NOT_FOUND"}]
    deleted = (await client.data(delete, {"id": flow_id}, token=admin))["approvalFlowDelete"]
    assert deleted == {"deletedApprovalFlowId": flow_id, "userErrors": []}
    assert (await client.data("{ approvalFlows { name } }", token=admin))["approvalFlows"] == []


async def test_order_approval_shows_the_walk_to_those_who_see_the_order(client):
    shop = await make_approval_shop()
    await two_step_flow(shop)
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 5100})
    await approvals.approve(await principal_of(shop.approver), order.id, "fine by sales")
    query = """query W($id: ID!) { orderApproval(orderId: $id) { status stepIndex currentStep { name }
      steps { name } decisions { stepName decision comment } } }"""
    seen = (await client.data(query, {"id": gid("Order", order.id)}, token=await client.token(shop.buyer.email)))[
        "orderApproval"
    ]
    assert seen == {
        "status": "PENDING",
        "stepIndex": 1,
        "currentStep": {"name": "Finance"},
        "steps": [{"name": "Sales manager"}, {"name": "Finance"}],
        "decisions": [{"stepName": "Sales manager", "decision": "APPROVED", "comment": "fine by sales"}],
    }
    other = await make_approval_shop("other")
    for login in (other.buyer.email, other.approver.email):
        assert (await client.data(query, {"id": gid("Order", order.id)}, token=await client.token(login)))[
            "orderApproval"
        ] is None


async def test_a_sales_step_is_decided_only_by_the_customers_own_rep(client):
    shop = await make_approval_shop()
    rep = await make_user(shop.supplier.org, "rep@acme.test", {Role.SALES: None})
    other_rep = await make_user(shop.supplier.org, "rep2@acme.test", {Role.SALES: None})
    await CustomerAccount.filter(id=shop.account.id).update(sales_rep_id=rep.id)
    await approvals.create_flow(
        await principal_of(shop.supplier.admin),
        approvals.FlowInput(name="Reps", is_default=True, steps=(approvals.StepInput(name="Rep", role=Role.SALES),)),
    )
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2})
    outsider = await client.token(other_rep.email)
    assert (await client.data(APPROVALS, token=outsider))["approvals"]["totalCount"] == 0
    refused = (await client.data(APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=outsider))[
        "orderApprove"
    ]
    assert refused["userErrors"][0]["code"] == "NOT_FOUND"
    own = await client.token(rep.email)
    assert (await client.data(APPROVALS, token=own))["approvals"]["totalCount"] == 1
    assert (await client.data(APPROVE, {"input": {"orderId": gid("Order", order.id)}}, token=own))["orderApprove"][
        "order"
    ] == {"status": "APPROVED"}


async def test_a_flow_created_assigned_or_deleted_applies_to_the_next_order(client):
    """A supplier's flows are kept while its flows counter stands (the client's server keeps them):
    each change applies from the next order on."""
    shop = await make_approval_shop()
    admin = await principal_of(shop.supplier.admin)

    async def first_step(key: str) -> str:
        order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2}, key=key)
        (payload,) = await OutboxEvent.filter(kind="approval.requested", subject_id=order.id).values_list(
            "payload", flat=True
        )
        return payload["stepName"]

    assert await first_step("no-flow") == approvals.DEFAULT_STEP["name"]
    default = await two_step_flow(shop)
    assert await first_step("default") == "Sales manager"
    await approvals.create_flow(
        admin,
        approvals.FlowInput(
            name="Own",
            customer_account_ids=(shop.account.id,),
            steps=(approvals.StepInput(name="Boss", user_id=shop.supplier.admin.id),),
        ),
    )
    assert await first_step("own") == "Boss"
    await approvals.assign_flow(admin, None, [shop.account.id])
    assert await first_step("unassigned") == "Sales manager"
    await approvals.delete_flow(admin, default.id)
    assert await first_step("deleted") == approvals.DEFAULT_STEP["name"]
