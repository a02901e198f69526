import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.accounts.models import Role
from app.approvals.models import ApprovalDecisionKind, ApprovalStatus
from app.ledger.models import StatementDecision
from app.notifications.models import NotificationKind
from app.orders.models import PaymentMethod
from app.payments.models import PaymentRecordStatus
from app.returns.models import RefundMethod, ReturnStatus
from app.webhooks.models import DeliveryStatus


class Migration(migrations.Migration):
    dependencies = [("models", "0010_drop_supplier_carts")]

    initial = False

    operations = [
        ops.CreateModel(
            name="App",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "organization",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="organization_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="apps",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                (
                    "token",
                    fields.OneToOneField(
                        "models.ApiToken",
                        source_field="token_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="app",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "apps",
                "app": "models",
                "indexes": [Index(fields=["organization_id", "id"])],
                "pk_attr": "id",
                "table_description": "A third-party app of an organization. Its credential is its ApiToken, scopes included.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApprovalFlow",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="approval_flows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("is_default", fields.BooleanField(default=False)),
                (
                    "customer_group",
                    fields.CharField(null=True, description="Applies to this customer group", max_length=64),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "approval_flows",
                "app": "models",
                "indexes": [
                    Index(fields=["supplier_id", "is_default"]),
                    Index(fields=["supplier_id", "customer_group"]),
                ],
                "pk_attr": "id",
                "table_description": "An ordered list of steps. It applies to the accounts assigned to it, to a customer group,",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApprovalFlowAccount",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "flow",
                    fields.ForeignKeyField(
                        "models.ApprovalFlow",
                        source_field="flow_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="accounts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "customer_account",
                    fields.OneToOneField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="approval_flow_assignment",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "approval_flow_accounts",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A customer account assigned to a flow: it wins over the group and the default flow.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApprovalStep",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "flow",
                    fields.ForeignKeyField(
                        "models.ApprovalFlow",
                        source_field="flow_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="steps",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("position", fields.IntField()),
                ("name", fields.CharField(max_length=100)),
                (
                    "role",
                    fields.CharEnumField(
                        null=True,
                        description="ADMIN: ADMIN\nSALES: SALES\nAPPROVER: APPROVER\nWAREHOUSE: WAREHOUSE\nFINANCE: FINANCE\nSERVICE: SERVICE\nPURCHASER: PURCHASER\nRECEIVER: RECEIVER",
                        enum_type=Role,
                        max_length=16,
                    ),
                ),
                ("min_level", fields.IntField(null=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="approval_steps",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "min_total",
                    fields.DecimalField(
                        null=True,
                        description="Applies only to orders above this total",
                        max_digits=18,
                        decimal_places=2,
                    ),
                ),
                (
                    "customer_group",
                    fields.CharField(null=True, description="Applies only to this customer group", max_length=64),
                ),
            ],
            options={
                "table": "approval_steps",
                "app": "models",
                "unique_together": (("flow", "position"),),
                "pk_attr": "id",
                "table_description": "Who decides (a role with a minimum approval level, or one user) and when the step applies.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Notification",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.OutboxEvent",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="ORDER_APPROVED: ORDER_APPROVED\nORDER_SHIPPED: ORDER_SHIPPED\nPAYMENT_CONFIRMED: PAYMENT_CONFIRMED\nSTATEMENT_READY: STATEMENT_READY\nAPPROVAL_REQUESTED: APPROVAL_REQUESTED",
                        enum_type=NotificationKind,
                        max_length=32,
                    ),
                ),
                ("title", fields.CharField(max_length=200)),
                ("body", fields.CharField(max_length=1000)),
                ("subject_type", fields.CharField(max_length=32)),
                ("subject_id", fields.IntField()),
                ("read_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "notifications",
                "app": "models",
                "unique_together": (("user", "event"),),
                "indexes": [Index(fields=["user_id", "read_at", "id"]), Index(fields=["user_id", "id"])],
                "pk_attr": "id",
                "table_description": "One entry of a user's inbox, made from an outbox event by the relay (once per user and event).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrderApproval",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.OneToOneField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="approval",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="order_approvals",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "flow",
                    fields.ForeignKeyField(
                        "models.ApprovalFlow",
                        source_field="flow_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="order_approvals",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "steps",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ApprovalStatus.PENDING,
                        description="PENDING: PENDING\nAPPROVED: APPROVED\nREJECTED: REJECTED\nCANCELLED: CANCELLED",
                        enum_type=ApprovalStatus,
                        max_length=16,
                    ),
                ),
                ("step_index", fields.IntField(default=0)),
                (
                    "current_role",
                    fields.CharEnumField(
                        null=True,
                        description="ADMIN: ADMIN\nSALES: SALES\nAPPROVER: APPROVER\nWAREHOUSE: WAREHOUSE\nFINANCE: FINANCE\nSERVICE: SERVICE\nPURCHASER: PURCHASER\nRECEIVER: RECEIVER",
                        enum_type=Role,
                        max_length=16,
                    ),
                ),
                ("current_min_level", fields.IntField(null=True)),
                (
                    "current_user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="current_user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="awaited_approvals",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "order_approvals",
                "app": "models",
                "indexes": [
                    Index(fields=["supplier_id", "status", "current_role"]),
                    Index(fields=["supplier_id", "status", "current_user_id"]),
                ],
                "pk_attr": "id",
                "table_description": "An order's walk: the steps that applied when it was placed (kept as they were) and where it",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApprovalDecision",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "approval",
                    fields.ForeignKeyField(
                        "models.OrderApproval",
                        source_field="approval_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="decisions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="approval_decisions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("step_index", fields.IntField()),
                ("step_name", fields.CharField(max_length=100)),
                (
                    "decision",
                    fields.CharEnumField(
                        description="APPROVED: APPROVED\nREJECTED: REJECTED",
                        enum_type=ApprovalDecisionKind,
                        max_length=16,
                    ),
                ),
                ("comment", fields.CharField(null=True, max_length=500)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="approval_decisions",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "approval_decisions",
                "app": "models",
                "indexes": [Index(fields=["order_id", "id"])],
                "pk_attr": "id",
                "table_description": "One approver's decision on one step, kept for the history.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Payment",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="received_payments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "buyer",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="buyer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="made_payments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="payments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "method",
                    fields.CharEnumField(
                        description="BANK_TRANSFER: BANK_TRANSFER\nONLINE: ONLINE\nPREPAID_BALANCE: PREPAID_BALANCE\nON_ACCOUNT: ON_ACCOUNT",
                        enum_type=PaymentMethod,
                        max_length=16,
                    ),
                ),
                ("amount", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("currency", fields.CharField(max_length=3)),
                ("reference", fields.CharField(null=True, max_length=100)),
                (
                    "status",
                    fields.CharEnumField(
                        default=PaymentRecordStatus.RECORDED,
                        description="RECORDED: RECORDED\nCONFIRMED: CONFIRMED\nREJECTED: REJECTED",
                        enum_type=PaymentRecordStatus,
                        max_length=16,
                    ),
                ),
                ("idempotency_key", fields.CharField(max_length=100)),
                (
                    "recorded_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="recorded_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="recorded_payments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "decided_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="decided_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="decided_payments",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("decision_note", fields.CharField(null=True, max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "payments",
                "app": "models",
                "unique_together": (("recorded_by", "idempotency_key"),),
                "indexes": [
                    Index(fields=["supplier_id", "status", "id"]),
                    Index(fields=["customer_account_id", "id"]),
                    Index(fields=["buyer_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "Money the buyer says it paid. The part not allocated to orders is a prepayment (预付款).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PaymentAllocation",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "payment",
                    fields.ForeignKeyField(
                        "models.Payment",
                        source_field="payment_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="allocations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="payment_allocations",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("amount", fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={
                "table": "payment_allocations",
                "app": "models",
                "indexes": [Index(fields=["order_id"]), Index(fields=["payment_id"])],
                "pk_attr": "id",
                "table_description": "The part of a payment that pays one order.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Return",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("number", fields.CharField(max_length=32)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="returns",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="returns",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="returns",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ReturnStatus.REQUESTED,
                        description="REQUESTED: REQUESTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nRECEIVED: RECEIVED\nREFUNDED: REFUNDED",
                        enum_type=ReturnStatus,
                        max_length=16,
                    ),
                ),
                ("reason", fields.CharField(max_length=1000)),
                (
                    "photos",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "refund_method",
                    fields.CharEnumField(
                        default=RefundMethod.CREDIT,
                        description="CREDIT: CREDIT\nBALANCE: BALANCE",
                        enum_type=RefundMethod,
                        max_length=16,
                    ),
                ),
                (
                    "amount",
                    fields.DecimalField(description="Value of the returned units", max_digits=18, decimal_places=2),
                ),
                ("currency", fields.CharField(max_length=3)),
                (
                    "warehouse",
                    fields.ForeignKeyField(
                        "models.Warehouse",
                        source_field="warehouse_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="returns",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "requested_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="requested_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="requested_returns",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("refunded_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("version", fields.IntField(default=1)),
            ],
            options={
                "table": "returns",
                "app": "models",
                "unique_together": (("supplier", "number"),),
                "indexes": [
                    Index(fields=["supplier_id", "status", "id"]),
                    Index(fields=["customer_account_id", "id"]),
                    Index(fields=["order_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "A buyer's request to send back units it received, and what became of it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReturnLine",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "return_request",
                    fields.ForeignKeyField(
                        "models.Return",
                        source_field="return_request_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "shipment_line",
                    fields.ForeignKeyField(
                        "models.ShipmentLine",
                        source_field="shipment_line_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="return_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "order_line",
                    fields.ForeignKeyField(
                        "models.OrderLine",
                        source_field="order_line_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="return_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("quantity", fields.IntField()),
                ("amount", fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={
                "table": "return_lines",
                "app": "models",
                "indexes": [Index(fields=["shipment_line_id"]), Index(fields=["order_line_id"])],
                "pk_attr": "id",
                "table_description": "Units of one received shipment line going back.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReturnSequence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="return_sequences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("year", fields.IntField()),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "return_sequences",
                "app": "models",
                "unique_together": (("supplier", "year"),),
                "pk_attr": "id",
                "table_description": "The last return number a supplier gave out in a year.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReturnStatusChange",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "return_request",
                    fields.ForeignKeyField(
                        "models.Return",
                        source_field="return_request_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="history",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "from_status",
                    fields.CharEnumField(
                        null=True,
                        description="REQUESTED: REQUESTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nRECEIVED: RECEIVED\nREFUNDED: REFUNDED",
                        enum_type=ReturnStatus,
                        max_length=16,
                    ),
                ),
                (
                    "to_status",
                    fields.CharEnumField(
                        description="REQUESTED: REQUESTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nRECEIVED: RECEIVED\nREFUNDED: REFUNDED",
                        enum_type=ReturnStatus,
                        max_length=16,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="return_changes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("reason", fields.CharField(null=True, max_length=1000)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "return_status_changes",
                "app": "models",
                "indexes": [Index(fields=["return_request_id", "id"])],
                "pk_attr": "id",
                "table_description": "Who moved a return from one status to another, when and why.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ShipmentSequence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="shipment_sequences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("year", fields.IntField()),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "shipment_sequences",
                "app": "models",
                "unique_together": (("supplier", "year"),),
                "pk_attr": "id",
                "table_description": "The last shipment number a supplier gave out in a year.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StatementResponse",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="statement_responses",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("period_from", fields.DateField()),
                ("period_to", fields.DateField()),
                (
                    "decision",
                    fields.CharEnumField(
                        description="CONFIRMED: CONFIRMED\nDISPUTED: DISPUTED",
                        enum_type=StatementDecision,
                        max_length=16,
                    ),
                ),
                ("comment", fields.CharField(null=True, max_length=1000)),
                ("closing_balance", fields.DecimalField(max_digits=18, decimal_places=2)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="statement_responses",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "statement_responses",
                "app": "models",
                "unique_together": (("customer_account", "period_from", "period_to"),),
                "pk_attr": "id",
                "table_description": "The buyer's answer to a statement period: confirmed, or disputed with a comment.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TrackingEvent",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "shipment",
                    fields.ForeignKeyField(
                        "models.Shipment",
                        source_field="shipment_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tracking_events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("occurred_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("description", fields.CharField(max_length=300)),
                ("location", fields.CharField(null=True, max_length=200)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="tracking_events",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "shipment_tracking_events",
                "app": "models",
                "indexes": [Index(fields=["shipment_id", "occurred_at"])],
                "pk_attr": "id",
                "table_description": "A carrier scan or a note on a shipment's way, appended by staff or an app.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WebhookSubscription",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "app",
                    fields.ForeignKeyField(
                        "models.App",
                        source_field="app_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="webhook_subscriptions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("event_kind", fields.CharField(max_length=64)),
                ("target_url", fields.CharField(max_length=500)),
                ("secret", fields.CharField(max_length=100)),
                ("active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "webhook_subscriptions",
                "app": "models",
                "indexes": [Index(fields=["event_kind", "active"]), Index(fields=["app_id", "id"])],
                "pk_attr": "id",
                "table_description": "An app's wish to receive one kind of event at a URL, signed with the secret.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WebhookDelivery",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "subscription",
                    fields.ForeignKeyField(
                        "models.WebhookSubscription",
                        source_field="subscription_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.OutboxEvent",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="webhook_deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=DeliveryStatus.PENDING,
                        description="PENDING: PENDING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED",
                        enum_type=DeliveryStatus,
                        max_length=16,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("response_code", fields.IntField(null=True)),
                ("last_error", fields.CharField(null=True, max_length=500)),
                ("next_attempt_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("delivered_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "webhook_deliveries",
                "app": "models",
                "unique_together": (("subscription", "event"),),
                "indexes": [Index(fields=["status", "next_attempt_at"]), Index(fields=["subscription_id", "id"])],
                "pk_attr": "id",
                "table_description": "One event owed to one subscription: made once by the relay, attempted until it succeeds or gives up.",
            },
            bases=["Model"],
        ),
        ops.AddIndex(
            model_name="LedgerEntry",
            index=Index(fields=["order_id", "occurred_at"]),
        ),
        ops.AddIndex(
            model_name="Shipment",
            index=Index(fields=["supplier_id", "warehouse_id", "id"]),
        ),
        ops.AddIndex(
            model_name="Shipment",
            index=Index(fields=["status", "shipped_at"]),
        ),
        ops.AddField(
            model_name="ShipmentLine",
            name="amount",
            field=fields.DecimalField(
                default=0,
                description="Value of the shipped units at the order's prices",
                max_digits=18,
                decimal_places=2,
            ),
        ),
    ]
