"""Who may call each root field of the API: the role × operation matrix and the scope table.

Plain data, one line per root field (camelCase, as clients write it). The GraphQL layer checks
every root field against its entry before the resolver runs (schema/access.py): an app token
needs the entry's scope, a signed-in user one of the roles listed for the side (selling or
buying) of its organization, an anonymous caller an entry open to visitors. Which rows a caller
then sees or changes stays with the services; this table only opens or shuts the door.
`dinghuo export-access` writes the README's "Roles and scopes" from it, and the tests check
that every root field of the schema has an entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.models import BUYER_ROLES, SUPPLIER_ROLES, Role
from app.accounts.permissions import BUYER_ORDERING_ROLES, SUPPLIER_ON_BEHALF_ROLES, Principal, Scope

NOBODY: frozenset[Role] = frozenset()
ANY_SUPPLIER: frozenset[Role] = SUPPLIER_ROLES
ANY_BUYER: frozenset[Role] = BUYER_ROLES
ADMIN = frozenset({Role.ADMIN})
ADMIN_FINANCE = frozenset({Role.ADMIN, Role.FINANCE})
ADMIN_WAREHOUSE = frozenset({Role.ADMIN, Role.WAREHOUSE})
ADMIN_SERVICE = frozenset({Role.ADMIN, Role.SERVICE})
ADMIN_PURCHASER = frozenset({Role.ADMIN, Role.PURCHASER})
ORDERING = BUYER_ORDERING_ROLES
"""Buyer side: fill carts, place, change and cancel orders."""
ON_BEHALF = SUPPLIER_ON_BEHALF_ROLES
"""Supplier side: order for a customer (代客下单) and edit orders (改单)."""
RECEIVING = frozenset({Role.ADMIN, Role.PURCHASER, Role.RECEIVER})
BUYER_PAYING = frozenset({Role.ADMIN, Role.PURCHASER, Role.FINANCE})
SUPPLIER_CANCELLING = frozenset({Role.ADMIN, Role.SALES, Role.APPROVER})
PRICE_READERS = frozenset({Role.ADMIN, Role.FINANCE, Role.SALES, Role.APPROVER})
FLOW_READERS = frozenset({Role.ADMIN, Role.APPROVER, Role.FINANCE})


@dataclass(frozen=True)
class Access:
    """Who may call one root field.

    scope: the area it reads or writes; an app token must carry it (None: not an area, such
      as signing in, or `node` whose scope follows the type asked for).
    apps: whether app tokens may call it at all (with the scope).
    sells / buys: the roles of a selling / buying organization's users that may call it.
    visitors: whether an anonymous caller may (the resolver then decides what it sees).
    """

    scope: Scope | None
    apps: bool
    sells: frozenset[Role]
    buys: frozenset[Role]
    visitors: bool = False

    def refusal(self, principal: Principal) -> str | None:
        """Why the caller may not call the field, or None. Anonymous callers are answered
        elsewhere (they need to sign in unless the field is open to visitors)."""
        if principal.is_app:
            if not self.apps:
                return "App tokens cannot use this operation."
            if self.scope is not None and self.scope not in principal.scopes:
                return f"This operation needs the {self.scope.value} scope."
            return None
        if principal.can_sell and principal.roles & self.sells:
            return None
        if principal.can_buy and principal.roles & self.buys:
            return None
        return "Your roles do not allow this operation."


def op(
    scope: Scope | None,
    *,
    apps: bool = False,
    sells: frozenset[Role] = NOBODY,
    buys: frozenset[Role] = NOBODY,
    visitors: bool = False,
) -> Access:
    return Access(scope, apps, frozenset(sells), frozenset(buys), visitors)


def read(scope: Scope, *, apps: bool = True, visitors: bool = False) -> Access:
    """A read any user of either side may make (the service narrows the rows)."""
    return op(scope, apps=apps, sells=ANY_SUPPLIER, buys=ANY_BUYER, visitors=visitors)


OPEN = op(None, apps=True, sells=ANY_SUPPLIER, buys=ANY_BUYER, visitors=True)
"""Anyone, signed in or not (signing in, password reset)."""
PERSONAL = op(None, sells=ANY_SUPPLIER, buys=ANY_BUYER)
"""Any signed-in user, about themselves (not app tokens)."""

S = Scope

QUERIES: dict[str, Access] = {
    "node": OPEN,
    "nodes": OPEN,
    "viewer": OPEN,
    "suppliers": read(S.CUSTOMERS_READ, visitors=True),
    "customerAccounts": read(S.CUSTOMERS_READ),
    "customerAccount": read(S.CUSTOMERS_READ),
    "addresses": op(S.CUSTOMERS_READ, buys=ANY_BUYER),
    "products": read(S.CATALOG_READ, visitors=True),
    "product": read(S.CATALOG_READ, visitors=True),
    "categories": read(S.CATALOG_READ, visitors=True),
    "brands": read(S.CATALOG_READ, visitors=True),
    "priceLists": op(S.CATALOG_READ, sells=PRICE_READERS),
    "promotions": op(S.CATALOG_READ, sells=PRICE_READERS),
    "cart": op(S.ORDERS_READ, sells=ON_BEHALF, buys=ORDERING),
    "cartPreview": op(S.CATALOG_READ, apps=True, sells=PRICE_READERS),
    "shortfalls": op(S.ORDERS_READ, sells=ON_BEHALF, buys=ORDERING),
    "allocationQuotas": op(S.ORDERS_READ, sells=ADMIN),
    "favorites": op(S.ORDERS_READ, buys=ORDERING),
    "frequentlyBought": op(S.ORDERS_READ, buys=ORDERING),
    "orders": read(S.ORDERS_READ),
    "order": read(S.ORDERS_READ),
    "approvals": op(S.ORDERS_READ, sells=ANY_SUPPLIER),
    "orderApproval": read(S.ORDERS_READ),
    "approvalFlows": op(S.ORDERS_READ, sells=FLOW_READERS),
    "payments": read(S.PAYMENTS_READ),
    "statement": read(S.STATEMENTS_READ),
    "accountBalance": read(S.STATEMENTS_READ),
    "receivablesAging": op(S.STATEMENTS_READ, apps=True, sells=frozenset({Role.ADMIN, Role.FINANCE, Role.SALES})),
    "salesAnalytics": op(S.ORDERS_READ, sells=frozenset({Role.ADMIN, Role.FINANCE, Role.SALES})),
    "warehouses": op(S.CATALOG_READ, apps=True, sells=ANY_SUPPLIER),
    "shipments": read(S.SHIPMENTS_READ),
    "shipment": read(S.SHIPMENTS_READ),
    "orderFulfilment": read(S.SHIPMENTS_READ),
    "returns": read(S.RETURNS_READ),
    "notifications": read(S.WEBHOOKS_READ, apps=False),
    "unreadNotificationCount": read(S.WEBHOOKS_READ, apps=False),
    "apps": op(S.WEBHOOKS_READ, sells=ADMIN, buys=ADMIN),
    "webhookDeliveries": op(S.WEBHOOKS_READ, sells=ADMIN, buys=ADMIN),
    "appScopes": op(None, sells=ADMIN, buys=ADMIN),
    "webhookEventKinds": read(S.WEBHOOKS_READ),
    "users": op(S.CUSTOMERS_READ, sells=ADMIN, buys=ADMIN),
    "announcements": read(S.SUPPORT_READ),
    "serviceThreads": read(S.SUPPORT_READ),
    "serviceThread": read(S.SUPPORT_READ),
    "sellThroughReports": read(S.SELL_THROUGH_READ),
    "sellThroughAnalysis": op(S.SELL_THROUGH_READ, apps=True, sells=ANY_SUPPLIER),
    "auditLog": op(S.CUSTOMERS_READ, sells=ADMIN),
}

MUTATIONS: dict[str, Access] = {
    # signing in and one's own account
    "login": OPEN,
    "tokenRefresh": OPEN,
    "passwordResetRequest": OPEN,
    "passwordReset": OPEN,
    "logout": PERSONAL,
    "passwordChange": PERSONAL,
    "invitationAccept": OPEN,
    # an organization's users (admins only, never app tokens)
    "userInvite": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    "userResendInvitation": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    "userCreate": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    "userDeactivate": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    "userReactivate": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    "userSetRoles": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    "userAssignCustomerAccounts": op(S.CUSTOMERS_WRITE, sells=ADMIN),
    "userSendPasswordReset": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN),
    # customers
    "buyerRegister": op(S.CUSTOMERS_WRITE, sells=ADMIN, buys=ADMIN, visitors=True),
    "customerAccountApprove": op(S.CUSTOMERS_WRITE, apps=True, sells=ADMIN),
    "customerAccountReject": op(S.CUSTOMERS_WRITE, apps=True, sells=ADMIN),
    "customerAccountSuspend": op(S.CUSTOMERS_WRITE, apps=True, sells=ADMIN),
    "customerAccountUpdate": op(S.CUSTOMERS_WRITE, apps=True, sells=ADMIN_FINANCE),
    "supplierSettingsUpdate": op(S.CUSTOMERS_WRITE, sells=ADMIN),
    "addressCreate": op(S.CUSTOMERS_WRITE, buys=RECEIVING),
    "addressUpdate": op(S.CUSTOMERS_WRITE, buys=RECEIVING),
    "addressArchive": op(S.CUSTOMERS_WRITE, buys=RECEIVING),
    # catalog, stock, prices and promotions
    "productCreate": op(S.CATALOG_WRITE, sells=ADMIN),
    "productUpdate": op(S.CATALOG_WRITE, sells=ADMIN),
    "productPublish": op(S.CATALOG_WRITE, sells=ADMIN),
    "productArchive": op(S.CATALOG_WRITE, sells=ADMIN),
    "variantCreate": op(S.CATALOG_WRITE, sells=ADMIN),
    "variantUpdate": op(S.CATALOG_WRITE, sells=ADMIN),
    "categoryCreate": op(S.CATALOG_WRITE, sells=ADMIN),
    "categoryUpdate": op(S.CATALOG_WRITE, sells=ADMIN),
    "brandCreate": op(S.CATALOG_WRITE, sells=ADMIN),
    "brandUpdate": op(S.CATALOG_WRITE, sells=ADMIN),
    "warehouseCreate": op(S.CATALOG_WRITE, sells=ADMIN),
    "stockAdjust": op(S.CATALOG_WRITE, sells=ADMIN_WAREHOUSE),
    "stockSetThreshold": op(S.CATALOG_WRITE, sells=ADMIN_WAREHOUSE),
    "priceListCreate": op(S.CATALOG_WRITE, sells=ADMIN_FINANCE),
    "priceListUpdate": op(S.CATALOG_WRITE, sells=ADMIN_FINANCE),
    "priceListSetPrices": op(S.CATALOG_WRITE, sells=ADMIN_FINANCE),
    "priceListRemovePrices": op(S.CATALOG_WRITE, sells=ADMIN_FINANCE),
    "priceListArchive": op(S.CATALOG_WRITE, sells=ADMIN_FINANCE),
    "promotionCreate": op(S.CATALOG_WRITE, sells=ADMIN),
    "promotionUpdate": op(S.CATALOG_WRITE, sells=ADMIN),
    "promotionArchive": op(S.CATALOG_WRITE, sells=ADMIN),
    # bulk imports (app/imports): the supplier's admins, or its apps with the area's write scope
    "productsImport": op(S.CATALOG_WRITE, apps=True, sells=ADMIN),
    "customersImport": op(S.CUSTOMERS_WRITE, apps=True, sells=ADMIN),
    # carts and orders
    "cartAddLines": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "cartUpdateLines": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "cartAddBySku": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "cartAddFromOrder": op(S.ORDERS_WRITE, buys=ORDERING),
    "cartRemoveLines": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "cartClear": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "cartAddShortfalls": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "favoriteAdd": op(S.ORDERS_WRITE, buys=ORDERING),
    "favoriteRemove": op(S.ORDERS_WRITE, buys=ORDERING),
    "checkout": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "orderUpdateLines": op(S.ORDERS_WRITE, sells=ON_BEHALF, buys=ORDERING),
    "orderCancel": op(S.ORDERS_WRITE, sells=SUPPLIER_CANCELLING, buys=ORDERING),
    "allocationQuotasSet": op(S.ORDERS_WRITE, sells=ADMIN),
    "orderingWindowsSet": op(S.ORDERS_WRITE, sells=ADMIN),
    "approvalFlowCreate": op(S.ORDERS_WRITE, sells=ADMIN),
    "approvalFlowAssign": op(S.ORDERS_WRITE, sells=ADMIN),
    "approvalFlowDelete": op(S.ORDERS_WRITE, sells=ADMIN),
    "orderApprove": op(S.ORDERS_WRITE, sells=ANY_SUPPLIER),
    "orderReject": op(S.ORDERS_WRITE, sells=ANY_SUPPLIER),
    # money
    "paymentRecord": op(S.PAYMENTS_WRITE, buys=BUYER_PAYING),
    "paymentConfirm": op(S.PAYMENTS_WRITE, sells=ADMIN_FINANCE),
    "paymentReject": op(S.PAYMENTS_WRITE, sells=ADMIN_FINANCE),
    "statementConfirm": op(S.STATEMENTS_WRITE, buys=BUYER_PAYING),
    "statementDispute": op(S.STATEMENTS_WRITE, buys=BUYER_PAYING),
    "statementIssue": op(S.STATEMENTS_WRITE, sells=ADMIN_FINANCE),
    "statementDisputeAnswer": op(S.STATEMENTS_WRITE, sells=ADMIN_FINANCE),
    "ledgerAdjust": op(S.STATEMENTS_WRITE, sells=ADMIN_FINANCE),
    # fulfilment
    "shipmentCreate": op(S.SHIPMENTS_WRITE, sells=ADMIN_WAREHOUSE),
    "shipmentCancel": op(S.SHIPMENTS_WRITE, sells=ADMIN_WAREHOUSE),
    "shipmentAddTrackingEvent": op(S.SHIPMENTS_WRITE, apps=True, sells=ADMIN_WAREHOUSE),
    "shipmentConfirmReceipt": op(S.SHIPMENTS_WRITE, buys=RECEIVING),
    "returnRequest": op(S.RETURNS_WRITE, buys=ADMIN_PURCHASER),
    "returnApprove": op(S.RETURNS_WRITE, sells=ADMIN_SERVICE),
    "returnReject": op(S.RETURNS_WRITE, sells=ADMIN_SERVICE),
    "returnReceive": op(S.RETURNS_WRITE, sells=ADMIN_WAREHOUSE),
    # events: the inbox, apps and webhooks
    "notificationsMarkRead": op(S.WEBHOOKS_WRITE, sells=ANY_SUPPLIER, buys=ANY_BUYER),
    "appCreate": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "webhookSubscriptionCreate": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "webhookRedeliver": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "webhookSubscriptionUpdate": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "webhookSubscriptionDelete": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "appDisable": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "appEnable": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    "appTokenRevoke": op(S.WEBHOOKS_WRITE, sells=ADMIN, buys=ADMIN),
    # support: announcements (written by the supplier's admins) and service threads
    "announcementCreate": op(S.SUPPORT_WRITE, sells=ADMIN),
    "announcementUpdate": op(S.SUPPORT_WRITE, sells=ADMIN),
    "announcementPublish": op(S.SUPPORT_WRITE, sells=ADMIN),
    "announcementUnpublish": op(S.SUPPORT_WRITE, sells=ADMIN),
    "announcementMarkRead": op(S.SUPPORT_WRITE, buys=ANY_BUYER),
    "serviceThreadOpen": op(S.SUPPORT_WRITE, buys=ANY_BUYER),
    "serviceMessagePost": op(S.SUPPORT_WRITE, sells=ADMIN_SERVICE, buys=ANY_BUYER),
    "serviceThreadClose": op(S.SUPPORT_WRITE, sells=ADMIN_SERVICE, buys=ANY_BUYER),
    # sell-through reports (信息上报): a buyer's purchasers report to their supplier, or its ERP app does
    "sellThroughReportSubmit": op(S.SELL_THROUGH_WRITE, apps=True, buys=ADMIN_PURCHASER),
    "sellThroughReportUpload": op(S.SELL_THROUGH_WRITE, apps=True, buys=ADMIN_PURCHASER),
}

UNAUDITED = frozenset({"notificationsMarkRead"})
"""Writes that change nothing of the organization's (one's own inbox)."""


def audited(mutation: str) -> bool:
    """Whether the audit log keeps a mutation (when a supplier's staff or an app makes it): every
    write to an area of the API; signing in and one's own password are the sessions' affair."""
    access = MUTATIONS.get(mutation)
    return (
        access is not None
        and access.scope is not None
        and access.scope.value.endswith(":write")
        and mutation not in UNAUDITED
    )


SUBSCRIPTIONS: dict[str, Access] = {
    "orderUpdated": read(S.ORDERS_READ),
    "approvalRequested": op(S.ORDERS_READ, sells=ANY_SUPPLIER),
    "notificationReceived": read(S.WEBHOOKS_READ, apps=False),
    "serviceThreadUpdated": read(S.SUPPORT_READ, apps=False),
}

NODE_SCOPES: dict[str, Scope] = {
    "Address": S.CUSTOMERS_READ,
    "Announcement": S.SUPPORT_READ,
    "App": S.WEBHOOKS_READ,
    "Brand": S.CATALOG_READ,
    "Category": S.CATALOG_READ,
    "CustomerAccount": S.CUSTOMERS_READ,
    "Notification": S.WEBHOOKS_READ,
    "Order": S.ORDERS_READ,
    "Organization": S.CUSTOMERS_READ,
    "PriceList": S.CATALOG_READ,
    "Product": S.CATALOG_READ,
    "Promotion": S.CATALOG_READ,
    "Return": S.RETURNS_READ,
    "SellThroughReport": S.SELL_THROUGH_READ,
    "ServiceThread": S.SUPPORT_READ,
    "Shipment": S.SHIPMENTS_READ,
    "User": S.CUSTOMERS_READ,
    "Variant": S.CATALOG_READ,
    "Warehouse": S.CATALOG_READ,
    "WebhookDelivery": S.WEBHOOKS_READ,
    "WebhookSubscription": S.WEBHOOKS_READ,
}
"""The scope an app token needs to fetch an object of each Node type through node()/nodes()."""

ROOTS: dict[str, dict[str, Access]] = {"Query": QUERIES, "Mutation": MUTATIONS, "Subscription": SUBSCRIPTIONS}


def allowed_operations(principal: Principal) -> list[str]:
    """The root fields the caller may call, so a client shows only the pages and buttons whose
    operation is open to it (what it may do to one object is that object's business)."""
    return sorted(
        name for table in ROOTS.values() for name, access in table.items() if access.refusal(principal) is None
    )


def operations_by_scope() -> dict[Scope, list[str]]:
    """Every scope an app token can carry, with the root fields it opens to apps."""
    opened: dict[Scope, list[str]] = {scope: [] for scope in Scope}
    for table in ROOTS.values():
        for name, access in table.items():
            if access.apps and access.scope is not None:
                opened[access.scope].append(name)
    return {scope: sorted(names) for scope, names in opened.items()}


def node_refusal(principal: Principal, type_names: set[str]) -> str | None:
    """Why an app token may not fetch objects of these types through node()/nodes(), or None.
    A name that is no Node type is left to the resolver, which answers null for it."""
    if not principal.is_app:
        return None
    for type_name in sorted(type_names):
        scope = NODE_SCOPES.get(type_name)
        if scope is not None and scope not in principal.scopes:
            return f"Fetching {type_name} objects needs the {scope.value} scope."
    return None


# --- the README section -------------------------------------------------------------------

README_HEADING = "## Roles and scopes"
_SUPPLIER_COLUMNS = (Role.ADMIN, Role.SALES, Role.APPROVER, Role.WAREHOUSE, Role.FINANCE, Role.SERVICE)
_BUYER_COLUMNS = (Role.ADMIN, Role.PURCHASER, Role.RECEIVER, Role.FINANCE)
_INTRO = """\
Written by `dinghuo export-access` from `app/accounts/access.py`, which every root field of the
schema is checked against before its resolver runs; a test fails when this section or the table
drifts from the schema. A user may call an operation when one of their roles is ticked on the side
of their organization (S: a selling organization's users, B: a buying organization's; a distributor's
users are on both sides). An app token may call the operations ticked under *app* when it carries the
operation's scope. Anonymous callers get `UNAUTHENTICATED` unless *visitor* is ticked; everyone else
who is not ticked gets `FORBIDDEN` (a top-level error). Which rows a caller then sees or changes
(its own organization's, a sales rep's assigned customers, the approver a step names) is the
services' affair, answered as a missing object."""


def _tick(value: bool) -> str:
    return "✓" if value else ""


def _matrix(title: str, table: dict[str, Access]) -> list[str]:
    columns = [f"S {r.value}" for r in _SUPPLIER_COLUMNS] + [f"B {r.value}" for r in _BUYER_COLUMNS]
    lines = [
        f"#### {title}",
        "",
        "| operation | scope | " + " | ".join(columns) + " | app | visitor |",
        "|---|---|" + "---|" * (len(columns) + 2),
    ]
    for name, access in table.items():
        cells = [_tick(r in access.sells) for r in _SUPPLIER_COLUMNS] + [
            _tick(r in access.buys) for r in _BUYER_COLUMNS
        ]
        scope = f"`{access.scope.value}`" if access.scope else "—"
        lines.append(
            f"| `{name}` | {scope} | " + " | ".join(cells) + f" | {_tick(access.apps)} | {_tick(access.visitors)} |"
        )
    return [*lines, ""]


def readme_section(event_scopes: dict[str, str]) -> str:
    """The README's "Roles and scopes" section; `event_scopes` maps each webhook event kind to
    the scope an app's token needs to receive it."""
    lines = [README_HEADING, "", _INTRO, "", "### Role × operation", ""]
    lines += _matrix("Queries", QUERIES)
    lines += _matrix("Mutations", MUTATIONS)
    lines += _matrix("Subscriptions", SUBSCRIPTIONS)
    lines += [
        "`node(id:)` / `nodes(ids:)` are open to everyone; an app token also needs the scope of each",
        "type it asks for (below). Rows answer null where the caller may not see them.",
        "",
        "### Scopes",
        "",
        "What an app token (`dinghuo create-api-token --scope …`, or `appCreate`) may call with each scope.",
        "",
        "| scope | operations | `node` types | webhook event kinds |",
        "|---|---|---|---|",
    ]
    for scope in Scope:
        operations = [
            name
            for table in (QUERIES, MUTATIONS, SUBSCRIPTIONS)
            for name, access in table.items()
            if access.apps and access.scope is scope
        ]
        types = sorted(t for t, s in NODE_SCOPES.items() if s is scope)
        kinds = sorted(k for k, s in event_scopes.items() if s == scope.value)
        lines.append(
            f"| `{scope.value}` | {', '.join(f'`{o}`' for o in operations) or '—'} | "
            f"{', '.join(types) or '—'} | {', '.join(f'`{k}`' for k in kinds) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def replace_readme_section(readme: str, section: str) -> str:
    """The README with its "Roles and scopes" section replaced (or added before "## Benchmarks")."""
    start = readme.find(README_HEADING + "\n")
    if start < 0:
        anchor = readme.find("\n## Benchmarks\n")
        if anchor < 0:
            return readme.rstrip("\n") + "\n\n" + section
        return readme[: anchor + 1] + section + "\n" + readme[anchor + 1 :]
    end = readme.find("\n## ", start + len(README_HEADING))
    tail = readme[end + 1 :] if end >= 0 else ""
    return readme[:start] + section + ("\n" + tail if tail else "")
