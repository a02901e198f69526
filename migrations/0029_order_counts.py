from tortoise import migrations
from tortoise.migrations import operations as ops
from app.orders.models import OrderStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0028_sellthrough_imports_analytics')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OrderCount',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer_account', fields.ForeignKeyField('models.CustomerAccount', source_field='customer_account_id', db_constraint=True, to_field='id', related_name='order_counts', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(description='PENDING_APPROVAL: PENDING_APPROVAL\nAPPROVED: APPROVED\nPARTIALLY_SHIPPED: PARTIALLY_SHIPPED\nSHIPPED: SHIPPED\nCOMPLETED: COMPLETED\nREJECTED: REJECTED\nCANCELLED: CANCELLED', enum_type=OrderStatus, max_length=20)),
                ('orders', fields.IntField(default=0)),
            ],
            options={'table': 'order_counts', 'app': 'models', 'unique_together': (('customer_account', 'status'),), 'pk_attr': 'id', 'table_description': "How many of one customer account's orders are in one status, kept by the order process in the"},
            bases=['Model'],
        ),
    ]
