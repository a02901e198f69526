"""Who is calling and what they may do: the one permission layer every resolver goes through.

A caller is a Principal: anonymous, a signed-in user (organization + roles), or a third-party
app acting for its organization within its token's scopes. Visibility rules return query
filters, so a foreign object is filtered out exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q

from app.accounts.models import Role
from app.errors import NotAuthenticated, PermissionDenied


class Scope(StrEnum):
    """What an app token may touch: one read and one write scope per area of the API."""

    CATALOG_READ = "catalog:read"
    CATALOG_WRITE = "catalog:write"
    CUSTOMERS_READ = "customers:read"
    CUSTOMERS_WRITE = "customers:write"
    ORDERS_READ = "orders:read"
    ORDERS_WRITE = "orders:write"
    PAYMENTS_READ = "payments:read"
    PAYMENTS_WRITE = "payments:write"
    STATEMENTS_READ = "statements:read"
    STATEMENTS_WRITE = "statements:write"
    SHIPMENTS_READ = "shipments:read"
    SHIPMENTS_WRITE = "shipments:write"
    RETURNS_READ = "returns:read"
    RETURNS_WRITE = "returns:write"
    WEBHOOKS_READ = "webhooks:read"
    WEBHOOKS_WRITE = "webhooks:write"
    SUPPORT_READ = "support:read"
    SUPPORT_WRITE = "support:write"
    SELL_THROUGH_READ = "sellthrough:read"
    SELL_THROUGH_WRITE = "sellthrough:write"


BUYER_ORDERING_ROLES = frozenset({Role.ADMIN, Role.PURCHASER})
"""A buyer's users who fill carts, place, change and cancel orders (RECEIVER and FINANCE do not)."""

SUPPLIER_ON_BEHALF_ROLES = frozenset({Role.ADMIN, Role.SALES})
"""A supplier's users who order on a customer's behalf (代客下单) and edit orders (改单)."""


class Action(StrEnum):
    """Supplier-side actions on the supplier's own data."""

    READ_ALL_CUSTOMER_ACCOUNTS = "customer_accounts.read_all"
    DECIDE_CUSTOMER_ACCOUNT = "customer_accounts.decide"
    UPDATE_CUSTOMER_ACCOUNT = "customer_accounts.update"
    UPDATE_CUSTOMER_CREDIT = "customer_accounts.update_credit"


_ACTION_RULES: dict[Action, tuple[frozenset[Role], Scope]] = {
    Action.READ_ALL_CUSTOMER_ACCOUNTS: (
        frozenset({Role.ADMIN, Role.APPROVER, Role.FINANCE, Role.WAREHOUSE, Role.SERVICE}),
        Scope.CUSTOMERS_READ,
    ),
    Action.DECIDE_CUSTOMER_ACCOUNT: (frozenset({Role.ADMIN}), Scope.CUSTOMERS_WRITE),
    Action.UPDATE_CUSTOMER_ACCOUNT: (frozenset({Role.ADMIN}), Scope.CUSTOMERS_WRITE),
    Action.UPDATE_CUSTOMER_CREDIT: (frozenset({Role.ADMIN, Role.FINANCE}), Scope.CUSTOMERS_WRITE),
}


@dataclass(frozen=True)
class Principal:
    kind: str = "anonymous"
    user_id: int | None = None
    organization_id: int | None = None
    can_sell: bool = False
    can_buy: bool = False
    roles: frozenset[Role] = frozenset()
    approval_level: int | None = None
    scopes: frozenset[Scope] = frozenset()
    session_id: int | None = None
    api_token_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def is_app(self) -> bool:
        return self.kind == "app"

    def require_organization_id(self) -> int:
        """The caller's organization, for operations only a user or app of an organization makes."""
        if self.organization_id is None:
            raise PermissionDenied("This operation needs a caller that belongs to an organization.")
        return self.organization_id


ANONYMOUS = Principal()


def require_authenticated(principal: Principal) -> Principal:
    if not principal.is_authenticated:
        raise NotAuthenticated()
    return principal


def require_user(principal: Principal) -> Principal:
    """Operations about a person (password, logout) make no sense for an app token."""
    require_authenticated(principal)
    if principal.kind != "user":
        raise PermissionDenied("This operation needs a signed-in user, not an app token.")
    return principal


def allows(principal: Principal, action: Action) -> bool:
    """Supplier-side permission of the caller within its own organization."""
    if not principal.can_sell:
        return False
    roles, scope = _ACTION_RULES[action]
    if principal.is_app:
        return scope in principal.scopes
    return bool(principal.roles & roles)


def require(principal: Principal, action: Action) -> None:
    require_authenticated(principal)
    if not allows(principal, action):
        raise PermissionDenied()


def require_supplier_role(principal: Principal, roles: frozenset[Role]) -> None:
    """A signed-in user of a selling organization holding one of the roles."""
    require_authenticated(principal)
    if not principal.can_sell or principal.is_app or not principal.roles & roles:
        raise PermissionDenied()


class OrderingSide(StrEnum):
    """Whose ordering a caller does: its own organization's purchases, or a customer's on its
    behalf (代客下单) as the supplier's staff."""

    BUYER = "BUYER"
    SUPPLIER = "SUPPLIER"


def may_order(principal: Principal, side: OrderingSide) -> bool:
    """The one rule of who orders: fills a cart, checks it out, edits or cancels its own orders.
    A buyer's ADMIN and PURCHASER for their organization; a supplier's ADMIN and SALES on a
    customer's behalf; never an app token, a RECEIVER or FINANCE."""
    if principal.kind != "user":
        return False
    if side is OrderingSide.BUYER:
        return principal.can_buy and bool(principal.roles & BUYER_ORDERING_ROLES)
    return principal.can_sell and bool(principal.roles & SUPPLIER_ON_BEHALF_ROLES)


def require_may_order(principal: Principal, side: OrderingSide) -> None:
    """`may_order` or FORBIDDEN (UNAUTHENTICATED for nobody)."""
    require_authenticated(principal)
    if may_order(principal, side):
        return
    if principal.is_app:
        raise PermissionDenied("App tokens do not order; a signed-in user does.")
    if side is OrderingSide.BUYER:
        raise PermissionDenied("Only a buyer's ADMIN or PURCHASER orders for its organization.")
    raise PermissionDenied("Only a supplier's ADMIN or SALES orders on a customer's behalf.")


@dataclass(frozen=True)
class _Reach:
    """Which customer accounts a caller reaches: the one rule behind the query filter and the
    in-memory check. Suppliers' staff reach their organization's customers (a sales rep only
    those assigned to them); a buyer's users the accounts their organization holds."""

    all_sold: bool
    assigned_sold: bool
    bought: bool


def _reach(principal: Principal) -> _Reach:
    if principal.is_app:
        # Every root field checks the app's scope for its area first (app/accounts/access.py):
        # past that door an app reaches its organization's customer accounts on either side.
        return _Reach(all_sold=principal.can_sell, assigned_sold=False, bought=principal.can_buy)
    all_sold = allows(principal, Action.READ_ALL_CUSTOMER_ACCOUNTS)
    return _Reach(
        all_sold=all_sold,
        assigned_sold=not all_sold and principal.can_sell and Role.SALES in principal.roles,
        bought=principal.can_buy,
    )


def sees_customer_account(principal: Principal, supplier_id: int, buyer_id: int, sales_rep_id: int | None) -> bool:
    """customer_account_scope for one account already in memory (live events check it per event)."""
    if not principal.is_authenticated:
        return False
    reach, org = _reach(principal), principal.organization_id
    if supplier_id == org and (reach.all_sold or (reach.assigned_sold and sales_rep_id == principal.user_id)):
        return True
    return reach.bought and buyer_id == org


def customer_account_scope(principal: Principal, sales_rep_field: str = "sales_rep_id") -> Q | None:
    """The customer accounts the caller may see as a query filter, or None for none at all. It filters
    any model with the account's `supplier_id` and `buyer_id` (an order carries both), reaching the
    sales rep through `sales_rep_field`."""
    require_authenticated(principal)
    reach, org = _reach(principal), principal.organization_id
    visible: list[Q] = []
    if reach.all_sold:
        visible.append(Q(supplier_id=org))
    elif reach.assigned_sold:
        assigned: dict[str, Any] = {"supplier_id": org, sales_rep_field: principal.user_id}
        visible.append(Q(**assigned))
    if reach.bought:
        visible.append(Q(buyer_id=org))
    if not visible:
        return None
    combined = visible[0]
    for condition in visible[1:]:
        combined |= condition
    return combined
