"""Builds the demo data through the same services the API uses, so it obeys every rule.

Safe to run again: what exists already is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.accounts import service
from app.accounts.auth import principal_for_user
from app.accounts.models import Address, CustomerAccount, Organization, Role, User
from app.approvals import service as approvals
from app.approvals.models import ApprovalFlow
from app.demo.catalog import seed_catalog
from app.demo.history import seed_history
from app.demo.sellthrough import seed_sell_through
from app.demo.support import seed_support

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    roles: dict[Role, int | None]


@dataclass(frozen=True)
class DemoBuyer:
    code: str
    name: str
    users: tuple[DemoUser, ...]
    tier: str | None
    sales_rep: str | None
    credit_limit: Decimal = Decimal(0)
    payment_terms_days: int = 0
    region: str | None = None
    customer_group: str | None = None
    approved: bool = True


HUAXIN_STAFF = (
    DemoUser("admin@huaxin.demo", "王建国 (admin)", {Role.ADMIN: None}),
    DemoUser("sales1@huaxin.demo", "李娜 (sales)", {Role.SALES: None}),
    DemoUser("sales2@huaxin.demo", "张伟 (sales)", {Role.SALES: None}),
    DemoUser("approver@huaxin.demo", "刘洋 (approver)", {Role.APPROVER: 1}),
    DemoUser("finance@huaxin.demo", "陈静 (finance)", {Role.FINANCE: None, Role.APPROVER: 2}),
    DemoUser("warehouse@huaxin.demo", "赵磊 (warehouse)", {Role.WAREHOUSE: None}),
    DemoUser("service@huaxin.demo", "孙丽 (service)", {Role.SERVICE: None}),
)

HUAXIN_BUYERS = (
    DemoBuyer(
        "dealer-a",
        "A区经销商 Dealer A",
        (
            DemoUser("buyer@dealer-a.demo", "周强 (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),
            DemoUser("receiver@dealer-a.demo", "吴敏 (receiver)", {Role.RECEIVER: None}),
        ),
        tier="A",
        sales_rep="sales1@huaxin.demo",
        credit_limit=Decimal("200000.00"),
        payment_terms_days=30,
        region="华东/上海",
    ),
    DemoBuyer(
        "dealer-b",
        "B区经销商 Dealer B",
        (DemoUser("buyer@dealer-b.demo", "郑华 (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),),
        tier="B",
        sales_rep="sales2@huaxin.demo",
        credit_limit=Decimal("50000.00"),
        payment_terms_days=15,
        region="华北/北京",
    ),
    DemoBuyer(
        "dealer-c",
        "C区便利店连锁 Dealer C",
        (DemoUser("buyer@dealer-c.demo", "冯军 (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),),
        tier="A",
        sales_rep="sales1@huaxin.demo",
        credit_limit=Decimal("80000.00"),
        payment_terms_days=30,
        region="华东/杭州",
        customer_group="chain",
    ),
    DemoBuyer(
        "dealer-d",
        "D区批发部 Dealer D",
        (DemoUser("buyer@dealer-d.demo", "何平 (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),),
        tier="B",
        sales_rep="sales2@huaxin.demo",
        region="华南/广州",
    ),
    DemoBuyer(
        "dealer-e",
        "E区新零售 Dealer E (pending)",
        (DemoUser("buyer@dealer-e.demo", "许可 (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),),
        tier=None,
        sales_rep=None,
        region="西南/成都",
        approved=False,
    ),
)

RETAIL_BUYERS = (
    DemoBuyer(
        "retail-1",
        "东方便利 Retail 1",
        (DemoUser("buyer@retail-1.demo", "马丽 (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),),
        tier="A",
        sales_rep=None,
        credit_limit=Decimal("10000.00"),
        payment_terms_days=7,
        region="华东/苏州",
    ),
)


async def _organization(code: str, name: str, *, can_sell: bool, can_buy: bool) -> Organization:
    existing = await Organization.get_or_none(code=code)
    if existing is not None:
        return existing
    return await service.create_organization(code=code, name=name, can_sell=can_sell, can_buy=can_buy)


async def _user(org: Organization, demo: DemoUser) -> User:
    existing = await User.get_or_none(email=demo.email)
    if existing is not None:
        return existing
    return await service.create_user(
        org, service.NewUser(name=demo.name, password=DEMO_PASSWORD, email=demo.email), demo.roles
    )


async def _principal(email: str):
    return await principal_for_user(await User.get(email=email).select_related("organization"))


async def _customer(supplier: Organization, supplier_admin: str, buyer: DemoBuyer) -> None:
    buyer_org = await _organization(buyer.code, buyer.name, can_sell=False, can_buy=True)
    for demo_user in buyer.users:
        await _user(buyer_org, demo_user)
    await _default_address(buyer_org, buyer.users[0], buyer.region)
    await _account(supplier, supplier_admin, buyer_org, buyer, applicant=buyer.users[0].email)


async def _account(
    supplier: Organization, supplier_admin: str, buyer_org: Organization, buyer: DemoBuyer, applicant: str
) -> None:
    if await CustomerAccount.exists(supplier=supplier, buyer=buyer_org):
        return
    account, _ = await service.register_buyer(
        await _principal(applicant),
        service.Registration(
            supplier_id=supplier.id,
            company_name=None,
            contact_name=None,
            user=None,
            region=buyer.region,
        ),
    )
    if not buyer.approved:
        return
    sales_rep = await User.get(email=buyer.sales_rep) if buyer.sales_rep else None
    terms: dict[str, Any] = {
        "tier": buyer.tier,
        "sales_rep_id": sales_rep.id if sales_rep else None,
        "credit_limit": buyer.credit_limit,
        "payment_terms_days": buyer.payment_terms_days,
        "customer_group": buyer.customer_group,
    }
    await service.approve_customer_account(
        await _principal(supplier_admin),
        account.id,
        service.CustomerTerms(**terms, fields_set=frozenset(terms)),
    )


async def _default_address(org: Organization, admin: DemoUser, region: str | None) -> None:
    """A default delivery address, so that checkout can fall back to it."""
    if await Address.exists(organization=org, archived=False):
        return
    await service.save_address(
        await _principal(admin.email),
        service.AddressInput(
            recipient=admin.name.split(" ")[0],
            phone="13800000000",
            region=region or "华东/上海",
            street=f"{org.name} 仓库 1 号门",
            label="仓库",
            is_default=True,
        ),
    )


async def _approval_flow(supplier: Organization) -> None:
    """Huaxin: the approver (level 1) checks every order, finance (level 2) those above ¥50,000."""
    if await ApprovalFlow.exists(supplier=supplier, is_default=True):
        return
    await approvals.create_flow(
        await _principal("admin@huaxin.demo"),
        approvals.FlowInput(
            name="华鑫两级审核",
            is_default=True,
            steps=(
                approvals.StepInput(name="业务审核 sales approval", role=Role.APPROVER, min_level=1),
                approvals.StepInput(
                    name="财务审核 finance approval", role=Role.APPROVER, min_level=2, min_total=Decimal("50000")
                ),
            ),
        ),
    )


async def seed_demo() -> None:
    huaxin = await _organization("huaxin", "华鑫食品 Huaxin Foods", can_sell=True, can_buy=False)
    for staff in HUAXIN_STAFF:
        await _user(huaxin, staff)
    for buyer in HUAXIN_BUYERS:
        await _customer(huaxin, "admin@huaxin.demo", buyer)
    await _approval_flow(huaxin)

    dongfang = await _organization("dongfang", "东方商贸 Dongfang Trading", can_sell=True, can_buy=True)
    await _user(dongfang, DemoUser("admin@dongfang.demo", "高峰 (admin)", {Role.ADMIN: None}))
    await _account(
        huaxin,
        "admin@huaxin.demo",
        dongfang,
        DemoBuyer(
            "dongfang",
            dongfang.name,
            (),
            tier="A",
            sales_rep="sales1@huaxin.demo",
            credit_limit=Decimal("500000.00"),
            payment_terms_days=45,
            region="华东/南京",
        ),
        applicant="admin@dongfang.demo",
    )
    await _default_address(dongfang, DemoUser("admin@dongfang.demo", "高峰 (admin)", {}), "华东/南京")
    for buyer in RETAIL_BUYERS:
        await _customer(dongfang, "admin@dongfang.demo", buyer)
    await seed_catalog()
    await seed_history()
    await seed_support()
    await seed_sell_through()


async def seed_bench_buyers(count: int) -> list[str]:
    """`count` more approved tier-A buyers of Huaxin (bench-01, bench-02, ...), each with a purchaser
    `buyer@bench-NN.demo` and a default address, for loads with many buyers at once. Returns the
    purchasers' logins; safe to run again."""
    logins = []
    for n in range(1, count + 1):
        code = f"bench-{n:02d}"
        login = f"buyer@{code}.demo"
        await _customer(
            await Organization.get(code="huaxin"),
            "admin@huaxin.demo",
            DemoBuyer(
                code,
                f"压测经销商 Bench buyer {n}",
                (DemoUser(login, f"压测 {n} (purchaser)", {Role.ADMIN: None, Role.PURCHASER: None}),),
                tier="A",
                sales_rep="sales1@huaxin.demo",
                credit_limit=Decimal("100000000.00"),
                payment_terms_days=30,
                region="华东/上海",
            ),
        )
        logins.append(login)
    return logins
