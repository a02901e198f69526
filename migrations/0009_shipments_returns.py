from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.returns.models import RefundMethod, ReturnStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_shipments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Return',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(max_length=32)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='returns', on_delete=OnDelete.RESTRICT)),
                ('supplier', fields.ForeignKeyField('models.Organization', source_field='supplier_id', db_constraint=True, to_field='id', related_name='returns', on_delete=OnDelete.CASCADE)),
                ('customer_account', fields.ForeignKeyField('models.CustomerAccount', source_field='customer_account_id', db_constraint=True, to_field='id', related_name='returns', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=ReturnStatus.REQUESTED, description='REQUESTED: REQUESTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nRECEIVED: RECEIVED\nREFUNDED: REFUNDED', enum_type=ReturnStatus, max_length=16)),
                ('reason', fields.CharField(max_length=1000)),
                ('photos', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('refund_method', fields.CharEnumField(default=RefundMethod.CREDIT, description='CREDIT: CREDIT\nBALANCE: BALANCE', enum_type=RefundMethod, max_length=16)),
                ('amount', fields.DecimalField(description='Value of the returned units', max_digits=18, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('warehouse', fields.ForeignKeyField('models.Warehouse', source_field='warehouse_id', null=True, db_constraint=True, to_field='id', related_name='returns', on_delete=OnDelete.RESTRICT)),
                ('requested_by', fields.ForeignKeyField('models.User', source_field='requested_by_id', null=True, db_constraint=True, to_field='id', related_name='requested_returns', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('refunded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'returns', 'app': 'models', 'unique_together': (('supplier', 'number'),), 'indexes': [Index(fields=['supplier_id', 'status', 'id']), Index(fields=['customer_account_id', 'id']), Index(fields=['order_id', 'id'])], 'pk_attr': 'id', 'table_description': "A buyer's request to send back units it received, and what became of it."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReturnLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('return_request', fields.ForeignKeyField('models.Return', source_field='return_request_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('shipment_line', fields.ForeignKeyField('models.ShipmentLine', source_field='shipment_line_id', db_constraint=True, to_field='id', related_name='return_lines', on_delete=OnDelete.RESTRICT)),
                ('order_line', fields.ForeignKeyField('models.OrderLine', source_field='order_line_id', db_constraint=True, to_field='id', related_name='return_lines', on_delete=OnDelete.RESTRICT)),
                ('quantity', fields.IntField()),
                ('amount', fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={'table': 'return_lines', 'app': 'models', 'indexes': [Index(fields=['shipment_line_id']), Index(fields=['order_line_id'])], 'pk_attr': 'id', 'table_description': 'Units of one received shipment line going back.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReturnSequence',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier', fields.ForeignKeyField('models.Organization', source_field='supplier_id', db_constraint=True, to_field='id', related_name='return_sequences', on_delete=OnDelete.CASCADE)),
                ('year', fields.IntField()),
                ('last_number', fields.IntField(default=0)),
            ],
            options={'table': 'return_sequences', 'app': 'models', 'unique_together': (('supplier', 'year'),), 'pk_attr': 'id', 'table_description': 'The last return number a supplier gave out in a year.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReturnStatusChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('return_request', fields.ForeignKeyField('models.Return', source_field='return_request_id', db_constraint=True, to_field='id', related_name='history', on_delete=OnDelete.CASCADE)),
                ('from_status', fields.CharEnumField(null=True, description='REQUESTED: REQUESTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nRECEIVED: RECEIVED\nREFUNDED: REFUNDED', enum_type=ReturnStatus, max_length=16)),
                ('to_status', fields.CharEnumField(description='REQUESTED: REQUESTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nRECEIVED: RECEIVED\nREFUNDED: REFUNDED', enum_type=ReturnStatus, max_length=16)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='return_changes', on_delete=OnDelete.SET_NULL)),
                ('reason', fields.CharField(null=True, max_length=1000)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'return_status_changes', 'app': 'models', 'indexes': [Index(fields=['return_request_id', 'id'])], 'pk_attr': 'id', 'table_description': 'Who moved a return from one status to another, when and why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShipmentSequence',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier', fields.ForeignKeyField('models.Organization', source_field='supplier_id', db_constraint=True, to_field='id', related_name='shipment_sequences', on_delete=OnDelete.CASCADE)),
                ('year', fields.IntField()),
                ('last_number', fields.IntField(default=0)),
            ],
            options={'table': 'shipment_sequences', 'app': 'models', 'unique_together': (('supplier', 'year'),), 'pk_attr': 'id', 'table_description': 'The last shipment number a supplier gave out in a year.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TrackingEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('shipment', fields.ForeignKeyField('models.Shipment', source_field='shipment_id', db_constraint=True, to_field='id', related_name='tracking_events', on_delete=OnDelete.CASCADE)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('description', fields.CharField(max_length=300)),
                ('location', fields.CharField(null=True, max_length=200)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='tracking_events', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'shipment_tracking_events', 'app': 'models', 'indexes': [Index(fields=['shipment_id', 'occurred_at'])], 'pk_attr': 'id', 'table_description': "A carrier scan or a note on a shipment's way, appended by staff or an app."},
            bases=['Model'],
        ),
        ops.AddIndex(
            model_name='Shipment',
            index=Index(fields=['supplier_id', 'warehouse_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Shipment',
            index=Index(fields=['status', 'shipped_at']),
        ),
        ops.AddField(
            model_name='ShipmentLine',
            name='amount',
            field=fields.DecimalField(default=0, description="Value of the shipped units at the order's prices", max_digits=18, decimal_places=2),
        ),
    ]
