from tortoise import migrations
from tortoise.migrations import operations as ops
from app.reports.models import ItemKind, Span
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0030_fill_order_counts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountSalesMonth',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier_id', fields.IntField()),
                ('customer_account_id', fields.IntField()),
                ('month', fields.DateField(description="The month's first day.")),
                ('orders', fields.IntField(default=0)),
                ('sales', fields.DecimalField(default=0, max_digits=16, decimal_places=2)),
                ('quantity', fields.IntField(default=0)),
                ('first_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_sales_months', 'app': 'models', 'unique_together': (('customer_account_id', 'month'),), 'indexes': [Index(fields=['supplier_id', 'month'])], 'pk_attr': 'id', 'table_description': "A customer account's sales of one month: its orders, their totals, their units, and its first"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ItemSales',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier_id', fields.IntField()),
                ('kind', fields.CharEnumField(description='PRODUCT: P\nCATEGORY: C\nBRAND: B', enum_type=ItemKind, max_length=1)),
                ('span', fields.CharEnumField(description='DAY: D\nMONTH: M', enum_type=Span, max_length=1)),
                ('starts_on', fields.DateField()),
                ('item_id', fields.IntField()),
                ('orders', fields.IntField(default=0)),
                ('sales', fields.DecimalField(default=0, max_digits=16, decimal_places=2)),
                ('quantity', fields.IntField(default=0)),
            ],
            options={'table': 'item_sales', 'app': 'models', 'unique_together': (('supplier_id', 'kind', 'span', 'starts_on', 'item_id'),), 'pk_attr': 'id', 'table_description': 'The sales of one product, category or brand (`kind`, `item_id`) over one day or month (`span`,'},
            bases=['Model'],
        ),
    ]
