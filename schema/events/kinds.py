"""The event kinds a webhook can subscribe to, as one enum, each with what it tells and the scope
an app's token needs for it. A test checks this list against the outbox's registered kinds."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from app import outbox
from app.accounts.access import operations_by_scope
from app.webhooks.service import required_scope


class WebhookEventKind(StrEnum):
    ANNOUNCEMENT_PUBLISHED = "announcement.published"
    APPROVAL_DECIDED = "approval.decided"
    APPROVAL_REQUESTED = "approval.requested"
    CUSTOMER_ACCOUNT_APPROVED = "customer_account.approved"
    CUSTOMER_ACCOUNT_REGISTERED = "customer_account.registered"
    CUSTOMER_ACCOUNT_REJECTED = "customer_account.rejected"
    CUSTOMER_ACCOUNT_SUSPENDED = "customer_account.suspended"
    CUSTOMER_ACCOUNT_UPDATED = "customer_account.updated"
    ORDER_FULFILMENT_STATUS_CHANGED = "order.fulfilment_status_changed"
    ORDER_PAYMENT_STATUS_CHANGED = "order.payment_status_changed"
    ORDER_PLACED = "order.placed"
    ORDER_STATUS_CHANGED = "order.status_changed"
    ORDER_UPDATED = "order.updated"
    PAYMENT_CONFIRMED = "payment.confirmed"
    PAYMENT_RECORDED = "payment.recorded"
    PAYMENT_REJECTED = "payment.rejected"
    RETURN_APPROVED = "return.approved"
    RETURN_RECEIVED = "return.received"
    RETURN_REFUNDED = "return.refunded"
    RETURN_REJECTED = "return.rejected"
    RETURN_REQUESTED = "return.requested"
    SELL_THROUGH_REPORT_SUBMITTED = "sell_through_report.submitted"
    SERVICE_THREAD_CLOSED = "service_thread.closed"
    SERVICE_THREAD_MESSAGE_POSTED = "service_thread.message_posted"
    SERVICE_THREAD_OPENED = "service_thread.opened"
    SHIPMENT_CANCELLED = "shipment.cancelled"
    SHIPMENT_CREATED = "shipment.created"
    SHIPMENT_RECEIVED = "shipment.received"
    SHIPMENT_TRACKING_ADDED = "shipment.tracking_added"
    STATEMENT_CONFIRMED = "statement.confirmed"
    STATEMENT_DISPUTE_ANSWERED = "statement.dispute_answered"
    STATEMENT_DISPUTED = "statement.disputed"
    STATEMENT_ISSUED = "statement.issued"
    STOCK_LOW = "stock.low"


DESCRIPTIONS: dict[WebhookEventKind, str] = {
    WebhookEventKind.ANNOUNCEMENT_PUBLISHED: "The supplier published a notice that reaches this customer account.",
    WebhookEventKind.APPROVAL_DECIDED: "An approval step of an order was approved or rejected.",
    WebhookEventKind.APPROVAL_REQUESTED: "An order waits at an approval step.",
    WebhookEventKind.CUSTOMER_ACCOUNT_APPROVED: "The supplier approved a customer account.",
    WebhookEventKind.CUSTOMER_ACCOUNT_REGISTERED: "A buyer registered with the supplier and waits for a decision.",
    WebhookEventKind.CUSTOMER_ACCOUNT_REJECTED: "The supplier rejected a registration.",
    WebhookEventKind.CUSTOMER_ACCOUNT_SUSPENDED: "The supplier suspended a customer account.",
    WebhookEventKind.CUSTOMER_ACCOUNT_UPDATED: "A customer account's terms changed (tier, group, region, credit...).",
    WebhookEventKind.ORDER_FULFILMENT_STATUS_CHANGED: "An order's fulfilment status changed.",
    WebhookEventKind.ORDER_PAYMENT_STATUS_CHANGED: "An order's payment status changed.",
    WebhookEventKind.ORDER_PLACED: "A new order was placed (by the buyer, or on its behalf).",
    WebhookEventKind.ORDER_STATUS_CHANGED: "An order's status changed (approved, shipped, cancelled...).",
    WebhookEventKind.ORDER_UPDATED: "An order's lines were changed (改单).",
    WebhookEventKind.PAYMENT_CONFIRMED: "The supplier confirmed a payment's receipt.",
    WebhookEventKind.PAYMENT_RECORDED: "A payment was recorded and waits for confirmation.",
    WebhookEventKind.PAYMENT_REJECTED: "The supplier rejected a recorded payment.",
    WebhookEventKind.RETURN_APPROVED: "The supplier approved a return.",
    WebhookEventKind.RETURN_RECEIVED: "The supplier received a return's goods.",
    WebhookEventKind.RETURN_REFUNDED: "A return was refunded or credited.",
    WebhookEventKind.RETURN_REJECTED: "The supplier rejected a return.",
    WebhookEventKind.RETURN_REQUESTED: "The buyer asked to return goods.",
    WebhookEventKind.SELL_THROUGH_REPORT_SUBMITTED: "A dealer reported (or re-reported) a month's sell-through.",
    WebhookEventKind.SERVICE_THREAD_CLOSED: "A service thread was closed by either side.",
    WebhookEventKind.SERVICE_THREAD_MESSAGE_POSTED: "A message was posted to a service thread.",
    WebhookEventKind.SERVICE_THREAD_OPENED: "A buyer opened a service thread with the supplier.",
    WebhookEventKind.SHIPMENT_CANCELLED: "A shipment was called back.",
    WebhookEventKind.SHIPMENT_CREATED: "Goods of an order were shipped.",
    WebhookEventKind.SHIPMENT_RECEIVED: "The buyer confirmed a shipment's receipt.",
    WebhookEventKind.SHIPMENT_TRACKING_ADDED: "A shipment got its carrier and tracking number.",
    WebhookEventKind.STATEMENT_CONFIRMED: "The buyer confirmed a statement period.",
    WebhookEventKind.STATEMENT_DISPUTE_ANSWERED: "The supplier answered the buyer's dispute of a statement.",
    WebhookEventKind.STATEMENT_DISPUTED: "The buyer disputed a statement period.",
    WebhookEventKind.STATEMENT_ISSUED: "The supplier sent a statement period to the customer.",
    WebhookEventKind.STOCK_LOW: "A variant's available stock in a warehouse fell to its low-stock threshold.",
}

strawberry.enum(WebhookEventKind, name="WebhookEventKind", description="An event a webhook can deliver.")
WebhookEventKindEnum = WebhookEventKind


@strawberry.type(name="WebhookEventKindInfo", description="An event kind, what it tells, and what receiving it takes.")
class WebhookEventKindInfo:
    kind: WebhookEventKindEnum
    description: str
    subject_type: str = strawberry.field(description="The type of the object the event is about, e.g. Order.")
    required_scope: str = strawberry.field(description="The scope an app's token needs to subscribe to it.")


@strawberry.type(description="A scope an app's token can carry.")
class AppScopeInfo:
    scope: str = strawberry.field(description="As appCreate takes it, e.g. orders:read.")
    operations: list[str] = strawberry.field(description="The queries, mutations and subscriptions it opens to apps.")


def app_scope_infos() -> list[AppScopeInfo]:
    return [AppScopeInfo(scope=scope.value, operations=names) for scope, names in operations_by_scope().items()]


def event_kind_infos() -> list[WebhookEventKindInfo]:
    return [
        WebhookEventKindInfo(
            kind=kind,
            description=DESCRIPTIONS[kind],
            subject_type=outbox.event_class(kind.value).subject_type,
            required_scope=required_scope(kind.value).value,
        )
        for kind in WebhookEventKind
    ]
