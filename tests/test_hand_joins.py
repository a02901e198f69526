"""Hand-written joins (app.db.fetch_models) build the same instances tortoise's own queries build, and
hand-written inserts (app.db.insert_all) write the rows tortoise's `create` writes, on either database:
enums, decimals, timestamps, nullable keys and the related instance set."""

from __future__ import annotations

from decimal import Decimal

from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount
from app.carts.models import CustomerCart
from app.db import columns_of, fetch_models, fetch_with_related, insert_all, locked_rows
from app.inventory.models import Stock, Warehouse
from app.notifications.models import Notification, NotificationKind
from app.orders.models import OrderLine, OrderStatus, OrderStatusChange
from app.outbox import OutboxEvent
from tests.support import make_buyer, make_shop, place_order


def fields_of(instance) -> dict:
    return {name: getattr(instance, name) for name in instance._meta.db_fields}


async def test_a_join_reads_both_instances_as_the_orm_does():
    supplier, _, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
    orm_cart = await CustomerCart.get(customer_account_id=account.id).select_related("customer_account")

    (cart, read_account), *others = await fetch_models(
        f"SELECT {columns_of(CustomerCart, 'c')}, {columns_of(CustomerAccount, 'a')} FROM customer_carts c"
        " JOIN customer_accounts a ON a.id = c.customer_account_id WHERE c.id = $1",
        [orm_cart.id],
        (CustomerCart, "c"),
        (CustomerAccount, "a"),
    )

    assert others == []
    assert fields_of(cart) == fields_of(orm_cart)
    assert fields_of(read_account) == fields_of(orm_cart.customer_account)
    assert read_account.status is orm_cart.customer_account.status  # the enum, not its text
    assert read_account.credit_limit == orm_cart.customer_account.credit_limit
    assert read_account.sales_rep_id is None


async def test_locked_rows_read_inside_a_transaction():
    _, _, variants = await make_shop()
    async with in_transaction():
        found = await fetch_models(
            f"SELECT {columns_of(Stock, 's')}, {columns_of(Warehouse, 'w')} FROM stock s"
            f" JOIN warehouses w ON w.id = s.warehouse_id WHERE s.variant_id = $1 ORDER BY s.id{locked_rows('s')}",
            [variants["TEA-1"].id],
            (Stock, "s"),
            (Warehouse, "w"),
        )
    [(stock, warehouse)] = found
    assert fields_of(stock) == fields_of(await Stock.get(id=stock.id))
    assert warehouse.code == "SH"


async def test_related_instances_are_set_on_their_relations():
    _, _, variants = await make_shop()
    [stock] = await fetch_with_related(
        f"SELECT {columns_of(Stock, 's')}, {columns_of(Warehouse, 'w')} FROM stock s"
        " JOIN warehouses w ON w.id = s.warehouse_id WHERE s.variant_id = $1",
        [variants["TEA-1"].id],
        (Stock, "s"),
        warehouse=(Warehouse, "w"),
    )
    assert stock.variant_id == variants["TEA-1"].id
    assert fields_of(stock.warehouse) == fields_of(await Warehouse.get(id=stock.warehouse_id))


async def test_insert_all_writes_what_create_writes_and_gives_each_its_id():
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
    values = {"order_id": order.id, "user_id": buyer.id, "to_status": OrderStatus.APPROVED, "to_value": "APPROVED"}
    created = await OrderStatusChange.create(**values, reason="by create")
    written = [OrderStatusChange(**values, reason=f"by insert_all {n}") for n in range(3)]

    assert await insert_all(written) == written

    assert [change.id for change in written] == [created.id + 1, created.id + 2, created.id + 3]
    for change in written:
        read = await OrderStatusChange.get(id=change.id)
        assert fields_of(read) == fields_of(change)
        assert {**fields_of(read), "id": None, "reason": None, "created_at": None} == {
            **fields_of(created),
            "id": None,
            "reason": None,
            "created_at": None,
        }
        assert read.to_status is OrderStatus.APPROVED and read.created_at.tzinfo is not None


async def test_insert_all_leaves_decimals_as_a_read_answers_them():
    """The checkout's payload shows the lines it wrote without reading them back: their amounts must be what a
    read would answer ("10.00", not "10" or "9.999")."""
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
    line = OrderLine(
        order_id=order.id,
        variant_id=variants["TEA-1"].id,
        sku="TEA-1",
        name="Green tea",
        unit="pc",
        quantity=1,
        unit_price=Decimal("10"),
        discount=Decimal("0.004"),
        line_total=Decimal("9.996"),
        price_explanation="as written",
    )

    await insert_all([line])

    read = await OrderLine.get(id=line.id)
    assert fields_of(line) == fields_of(read)
    assert (str(line.unit_price), str(line.discount), str(line.line_total)) == ("10.00", "0.00", "10.00")


async def test_insert_all_skips_instances_whose_key_is_taken():
    supplier, _, _ = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    [event] = await OutboxEvent.filter(buyer_id=buyer.organization_id).limit(1)

    def entry(user_id: int) -> Notification:
        return Notification(
            user_id=user_id,
            event=event,
            kind=NotificationKind.ANNOUNCEMENT,
            title="t",
            body="b",
            subject_type="X",
            subject_id=1,
        )

    [first] = await insert_all([entry(buyer.id)], unless_taken=("user_id", "event_id"))
    again, other = entry(buyer.id), entry(supplier.admin.id)

    assert await insert_all([again, other], unless_taken=("user_id", "event_id")) == [other]

    assert again.id is None and other.id is not None
    assert await Notification.filter(event_id=event.id).order_by("id").values_list("id", flat=True) == [
        first.id,
        other.id,
    ]
