"""Helpers shared by the tests: a GraphQL client, a SQL query counter and data builders that
go through the same services as the API."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from app.accounts import service
from app.accounts.auth import principal_for_user
from app.accounts.models import CustomerAccount, Organization, Role, User
from app.accounts.permissions import ANONYMOUS
from app.carts import checkout
from app.carts import service as carts
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.inventory import service as inventory
from app.orders.models import Order, PaymentMethod
from schema.ids import encode_id

PASSWORD = "correct-horse-9"

LOGIN = """
mutation Login($login: String!, $password: String!) {
  login(input: {login: $login, password: $password}) {
    token refreshToken tokenExpiresAt user { id email }
    userErrors { field code message }
  }
}
"""


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient):
        self.http = http

    async def post(self, query: str, variables: dict | None = None, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["authorization"] = f"Bearer {token}"
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers, **kwargs
        )

    async def execute(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        response = await self.post(query, variables, token)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        body = await self.execute(query, variables, token)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def login(self, login: str, password: str = PASSWORD) -> dict:
        result = (await self.data(LOGIN, {"login": login, "password": password}))["login"]
        assert result["userErrors"] == [], result["userErrors"]
        return result

    async def token(self, login: str, password: str = PASSWORD) -> str:
        return (await self.login(login, password))["token"]


class QueryCounter(logging.Handler):
    """Counts the SQL statements tortoise sends while attached."""

    SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        query = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        if isinstance(query, str) and query.lstrip().upper().startswith(self.SQL_VERBS):
            self.statements.append(query)

    def reset(self) -> None:
        self.statements.clear()

    @property
    def count(self) -> int:
        return len(self.statements)


def gid(type_name: str, pk: int) -> str:
    return encode_id(type_name, pk)


@dataclass
class Supplier:
    org: Organization
    admin: User


async def make_user(org: Organization, email: str, roles: dict[Role, int | None]) -> User:
    return await service.create_user(
        org, service.NewUser(name=email.split("@")[0], password=PASSWORD, email=email), roles
    )


async def make_supplier(code: str = "acme", *, also_buys: bool = False) -> Supplier:
    org = await service.create_organization(
        code=code, name=f"{code.title()} Supplies", can_sell=True, can_buy=also_buys
    )
    admin = await make_user(org, f"admin@{code}.test", {Role.ADMIN: None})
    return Supplier(org, admin)


async def make_buyer(
    supplier: Supplier,
    code: str,
    *,
    approve: bool = True,
    tier: str | None = "A",
    sales_rep: User | None = None,
    address: bool = True,
) -> tuple[Organization, User, CustomerAccount]:
    """A buyer registered with the supplier (and approved by its admin unless told not to)."""
    account, user = await service.register_buyer(
        ANONYMOUS,
        service.Registration(
            supplier_id=supplier.org.id,
            company_name=f"{code.title()} Trading",
            contact_name="Buyer",
            user=service.NewUser(name=f"buyer {code}", password=PASSWORD, email=f"buyer@{code}.test"),
        ),
    )
    if approve:
        terms = {"tier": tier, "sales_rep_id": sales_rep.id if sales_rep else None}
        account = await service.approve_customer_account(
            await principal_of(supplier.admin),
            account.id,
            service.CustomerTerms(**terms, fields_set=frozenset(terms)),
        )
    org = await Organization.get(id=account.buyer_id)
    if not address:
        return org, user, account
    await give_default_address(user, code)
    return org, user, account


async def give_default_address(user: User, code: str) -> None:
    """Checkout ships to the buyer's default address when given none."""
    await service.save_address(
        await principal_of(user),
        service.AddressInput(
            recipient="Buyer", phone="13800000000", region="上海", street=f"{code} street 1", is_default=True
        ),
    )


async def principal_of(user: User):
    return await principal_for_user(await User.get(id=user.id).select_related("organization"))


async def make_shop(code: str = "acme", stock: int = 100):
    """A supplier with one warehouse (SH) and a published product of two variants, each with
    `stock` units: TEA-6 (¥50, min 6, multiples of 6, at most 60) and TEA-1 (¥10)."""
    supplier = await make_supplier(code)
    admin = await principal_of(supplier.admin)
    warehouse = await inventory.create_warehouse(admin, "SH", "Shanghai")
    product = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="Green tea",
            published=True,
            variants=(
                catalog.VariantInput(
                    sku="TEA-6", base_price="50.00", min_order_quantity=6, order_multiple=6, max_per_order=60
                ),
                catalog.VariantInput(sku="TEA-1", base_price="10.00"),
            ),
        ),
    )
    for variant in await Variant.filter(product_id=product.id):
        await inventory.adjust_stock(admin, variant.id, warehouse.id, stock, "count")
    return supplier, admin, {v.sku: v for v in await Variant.filter(product_id=product.id)}


async def place_order(
    buyer: User,
    supplier_id: int,
    quantities: dict[Variant, int],
    key: str = "order-1",
    payment_method: PaymentMethod = PaymentMethod.BANK_TRANSFER,
) -> Order:
    """Fills the buyer's cart and checks it out through the order service."""
    principal = await principal_of(buyer)
    await carts.add_lines(principal, supplier_id, [carts.LineInput(v.id, q) for v, q in quantities.items()])
    return await checkout.checkout(
        principal, checkout.CheckoutInput(supplier_id=supplier_id, idempotency_key=key, payment_method=payment_method)
    )
