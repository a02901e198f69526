"""Huaxin's announcements and service threads in the demo: a pinned notice for everyone, one
for tier A only, a new-product notice, dealer-a's answered question about its completed order
and dealer-b's open complaint. Built by the services, once."""

from __future__ import annotations

from app.accounts.auth import principal_for_user
from app.accounts.models import Organization, User
from app.demo.history import COMPLETED, SUPPLIER_CODE
from app.orders.models import Order
from app.support import announcements, threads
from app.support.models import Announcement, AnnouncementKind, ThreadKind

NOTICES = (
    announcements.AnnouncementInput(
        kind=AnnouncementKind.POLICY,
        title="春节放假及发货安排 Spring Festival holidays and shipping",
        body="1月25日至2月5日仓库停止发货，1月20日前下单的订单节前发出。"
        "The warehouses ship nothing from Jan 25 to Feb 5; orders placed before Jan 20 leave before the break.",
        pinned=True,
    ),
    announcements.AnnouncementInput(
        kind=AnnouncementKind.PROMOTION,
        title="A级客户专享：满3000减300 Tier A: 300 off every 3000",
        body="A级客户本月订货满3000元减300元，满5000元减600元。"
        "Tier-A customers take 300 off orders of 3,000 and 600 off orders of 5,000 this month.",
        target_tiers=("A",),
    ),
    announcements.AnnouncementInput(
        kind=AnnouncementKind.NEW_PRODUCT,
        title="新品上市：坚果礼盒 New: nut gift boxes",
        body="坚果礼盒系列已上架，欢迎订货。The nut gift box range is in the catalog now.",
    ),
)


async def _principal(email: str):
    return await principal_for_user(await User.get(email=email).select_related("organization"))


async def seed_support() -> None:
    supplier = await Organization.get(code=SUPPLIER_CODE)
    if await Announcement.exists(supplier_id=supplier.id):
        return
    admin = await _principal("admin@huaxin.demo")
    for notice in NOTICES:
        await announcements.publish(admin, (await announcements.create(admin, notice)).id)
    dealer_a = await _principal(COMPLETED.placed_by)
    completed = await Order.get(placed_by_id=dealer_a.user_id, idempotency_key=COMPLETED.idempotency_key)
    question = await threads.open_thread(
        dealer_a,
        threads.ThreadInput(
            supplier_id=supplier.id,
            kind=ThreadKind.QUESTION,
            subject="发票什么时候开？ When is the invoice issued?",
            body=f"订单 {completed.number} 已经收货，请问增值税发票什么时候寄出？ "
            f"Order {completed.number} is received; when will the VAT invoice be sent?",
            order_id=completed.id,
        ),
    )
    await threads.post(
        await _principal("service@huaxin.demo"),
        question.id,
        "您好，发票将在3个工作日内寄出。Hello, the invoice leaves within 3 working days.",
    )
    await threads.open_thread(
        await _principal("buyer@dealer-b.demo"),
        threads.ThreadInput(
            supplier_id=supplier.id,
            kind=ThreadKind.COMPLAINT,
            subject="物流太慢 Delivery is slow",
            body="上一批货路上走了6天。The last shipment took six days on the road.",
        ),
    )
